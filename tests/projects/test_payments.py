"""What was actually paid under a funding line, beside what it planned: recorded on
the line's page of payments, shown on the project's page per funder and per year."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Payment
from tests.factories import (
    FundingLineFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    ProjectFactory,
)
from tests.pages import form_data, page_text, plain_spaces

pytestmark = pytest.mark.django_db

D = Decimal


def payments_url(line) -> str:
    return reverse("projects:fundingline-payments", args=[line.pk])


def payments_post(client, line, rows, *, files=None, data=None):
    data = data or form_data(client.get(payments_url(line)))
    data |= {"payments-TOTAL_FORMS": len(rows)}
    for number, (paid_on, amount, purpose) in enumerate(rows):
        data[f"payments-{number}-paid_on"] = paid_on
        data[f"payments-{number}-amount"] = amount
        data[f"payments-{number}-purpose"] = purpose
    for name, upload in (files or {}).items():
        data[name] = upload
    return client.post(payments_url(line), data)


@pytest.fixture
def line():
    funder = OrganisationFactory(name="Ministère des Affaires étrangères")
    return FundingLineFactory(funder=funder, amount=D("51621"), note="sur 24 mois")


def test_a_coordinator_records_payments_and_the_project_page_shows_the_gap(
    client, coordinator, line
):
    client.force_login(coordinator)

    response = payments_post(
        client,
        line,
        [("2016-03-15", "20 000", "première tranche"), ("2017-02-01", "15 000,50", "")],
    )

    assert response.status_code == 302
    assert [(p.paid_on.year, p.amount) for p in line.payments.all()] == [
        (2016, D("20000")),
        (2017, D("15000.50")),
    ]
    page = plain_spaces(page_text(client.get(line.project.get_absolute_url())))
    assert (
        "Prévu et versé, par financeur Prévu Versé Écart "
        "Ministère des Affaires étrangères 51 621 € 35 000,50 € 16 620,50 €"
    ) in page
    assert (
        "Prévu et versé, par année Prévu Versé Écart "
        "2016 — 20 000 € — 2017 — 15 000,50 € — "
        "Non réparti par année 51 621 € 0 € 51 621 €"
    ) in page


def test_a_payment_without_a_positive_amount_is_refused(client, coordinator, line):
    client.force_login(coordinator)

    response = payments_post(client, line, [("2016-03-15", "0", "")])

    assert response.status_code == 200
    assert "Un versement a un montant positif." in plain_spaces(page_text(response))
    assert not Payment.objects.exists()


def test_a_stale_page_of_payments_is_refused(client, coordinator, line):
    client.force_login(coordinator)
    data = form_data(client.get(payments_url(line)))
    line.project.title = "Changé entre-temps"
    line.project.version += 1
    line.project.save()

    response = payments_post(client, line, [("2016-03-15", "100", "")], data=data)

    assert response.status_code == 409
    assert "Changé entre-temps" in page_text(response)
    assert not Payment.objects.exists()


def test_a_receipt_is_read_by_the_partnership_s_readers_only(
    client, coordinator, partner_user
):
    partnership = PartnershipFactory()
    line = FundingLineFactory(project=ProjectFactory(partnerships=[partnership]))
    client.force_login(coordinator)
    receipt = SimpleUploadedFile("recu.pdf", b"%PDF-1.4 recu de paiement")
    payments_post(
        client,
        line,
        [("2016-03-15", "100", "")],
        files={"payments-0-receipt": receipt},
    )
    payment = line.payments.get()
    url = reverse("projects:payment-receipt", args=[payment.pk])

    assert b"".join(client.get(url).streaming_content) == b"%PDF-1.4 recu de paiement"

    MembershipFactory(user=partner_user, organisation=PartnershipFactory().partner)
    client.force_login(partner_user)
    assert client.get(url).status_code == 404


def test_a_receipt_that_is_not_what_it_says_is_refused(client, coordinator, line):
    client.force_login(coordinator)
    fake = SimpleUploadedFile("recu.pdf", b"MZ\x90\x00 not a pdf")

    response = payments_post(
        client, line, [("2016-03-15", "100", "")], files={"payments-0-receipt": fake}
    )

    assert response.status_code == 200
    assert not Payment.objects.exists()


def test_the_project_page_reads_payments_in_one_query(client, director):
    project = ProjectFactory()
    for _ in range(3):
        line = FundingLineFactory(project=project)
        Payment.objects.create(
            line=line, paid_on=datetime.date(2016, 1, 1), amount=D("10")
        )
    client.force_login(director)
    client.get(project.get_absolute_url())  # sessions, permissions cached

    with CaptureQueriesContext(connection) as queries:
        client.get(project.get_absolute_url())

    payment_queries = [q for q in queries if "projects_payment" in q["sql"]]
    assert len(payment_queries) == 1
