import datetime

import pytest
from django.urls import reverse

from core import roles
from partnerships.models import PartnershipEvent
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PartnershipEventFactory,
    PartnershipFactory,
    ProjectFactory,
    UserFactory,
)
from tests.pages import count_queries, form_data, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def savoie_partnerships(db):
    savoie = OrganisationFactory(name="Département de la Savoie", short_name="Savoie")
    return {
        name: PartnershipFactory(
            french_authority=savoie,
            partner=OrganisationFactory(name=name, short_name=name, country=country),
        )
        for name, country in [("Bignona", "SN"), ("Argeș", "RO"), ("Dessalines", "HT")]
    }


def test_the_partnership_list_filters_by_country(client, director, savoie_partnerships):
    client.force_login(director)

    page = page_text(
        client.get(reverse("partnerships:partnership-list"), {"country": "RO"})
    )

    assert "Savoie – Argeș" in page
    assert "Bignona" not in page
    assert "1 résultat" in page


def test_the_partnership_page_shows_its_timeline_and_start_year_source(
    client, director
):
    partnership = PartnershipFactory(
        start_year=1993,
        start_year_note=(
            "Guide TERRINCLUS de l'ADF (2017) : « en 1992 » ; "
            "présentation de Pays de Savoie solidaires : 1993"
        ),
    )
    PartnershipEventFactory(
        partnership=partnership, year=1990, title="Premiers contacts"
    )
    client.force_login(director)

    page = page_text(client.get(partnership.get_absolute_url()))

    assert "Premiers contacts" in page
    assert "« en 1992 »" in page


def test_the_partnership_list_costs_the_same_queries_for_5_or_200(client, director):
    url = reverse("partnerships:partnership-list")
    client.force_login(director)
    PartnershipFactory.create_batch(5)
    with_5 = count_queries(client, url)
    PartnershipFactory.create_batch(195)
    with_200 = count_queries(client, url)

    assert with_200 == with_5


def test_a_coordinator_adds_timeline_events_in_the_partnership_form(
    client, coordinator
):
    partnership = PartnershipFactory()
    client.force_login(coordinator)
    url = reverse("partnerships:partnership-update", args=[partnership.pk])
    data = form_data(client.get(url)) | {
        "events-TOTAL_FORMS": 2,
        "events-0-year": 2013,
        "events-0-title": "Réforme territoriale au Sénégal",
        "events-1-year": 2015,
        "events-1-date": "2015-06-15",
        "events-1-title": "Échange sur le bien vieillir",
        "agreements-TOTAL_FORMS": 1,
        "agreements-0-title": "Convention 2016-2018",
        "agreements-0-start": "2018-01-01",
        "agreements-0-end": "2016-01-01",
    }

    refused = client.post(url, data)
    data["agreements-0-start"], data["agreements-0-end"] = "2016-01-01", "2018-12-31"
    saved = client.post(url, data)

    assert "La fin ne peut précéder le début." in page_text(refused)
    assert saved.status_code == 302
    assert list(
        PartnershipEvent.objects.filter(partnership=partnership).values_list(
            "year", "date"
        )
    ) == [(2013, None), (2015, datetime.date(2015, 6, 15))]


def test_an_organisation_still_used_cannot_be_deleted(client, administrator):
    partnership = PartnershipFactory()
    client.force_login(administrator)
    url = reverse(
        "partnerships:organisation-delete", args=[partnership.french_authority_id]
    )

    confirmation = page_text(client.get(url))

    assert "Suppression impossible" in confirmation
    assert str(partnership) in confirmation


def test_a_partner_reads_its_partnership_only(client, savoie_partnerships):
    user = UserFactory(username="bignona", role=roles.PARTNER)
    MembershipFactory(user=user, organisation=savoie_partnerships["Bignona"].partner)
    client.force_login(user)

    listing = page_text(client.get(reverse("partnerships:partnership-list")))
    other = client.get(savoie_partnerships["Argeș"].get_absolute_url())
    directory = client.get(reverse("partnerships:organisation-list"))

    assert "Savoie – Bignona" in listing
    assert "Argeș" not in listing and "Dessalines" not in listing
    assert other.status_code == 404  # out of its scope: as if it did not exist
    assert directory.status_code == 403  # a page it has no permission for


PAGES = {
    "list": lambda p: reverse("partnerships:partnership-list"),
    "detail": lambda p: p.get_absolute_url(),
    "create": lambda p: reverse("partnerships:partnership-create"),
    "update": lambda p: reverse("partnerships:partnership-update", args=[p.pk]),
    "delete": lambda p: reverse("partnerships:partnership-delete", args=[p.pk]),
    "project-create": lambda p: reverse("projects:project-create"),
    "organisation-list": lambda p: reverse("partnerships:organisation-list"),
    "contact-create": lambda p: reverse("partnerships:contact-create"),
}

# role -> the pages it may open (every other one is a 403)
ALLOWED = {
    roles.COORDINATOR: set(PAGES),
    roles.ADMINISTRATOR: set(PAGES),
    roles.DIRECTOR: {"list", "detail", "organisation-list"},
    roles.PARTNER: {"list", "detail"},
}


@pytest.mark.parametrize("role", sorted(ALLOWED))
@pytest.mark.parametrize("page", sorted(PAGES))
def test_each_role_opens_its_pages_and_gets_403_elsewhere(client, role, page):
    user = UserFactory(username=f"user-{role}", role=role)
    partnership = PartnershipFactory()
    ProjectFactory(partnership=partnership)
    MembershipFactory(user=user, organisation=partnership.partner)
    client.force_login(user)

    response = client.get(PAGES[page](partnership))

    if page in ALLOWED[role]:
        assert response.status_code == 200
        assert "Accès refusé" not in page_text(response)
    else:
        assert response.status_code == 403
        assert "Accès refusé" in page_text(response)


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(reverse("projects:project-list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_agreement_document_goes_only_to_who_may_read_the_partnership(
    client, director, savoie_partnerships, settings, tmp_path
):
    from django.core.files.base import ContentFile

    from tests.factories import AgreementFactory

    settings.MEDIA_ROOT = tmp_path
    agreement = AgreementFactory(partnership=savoie_partnerships["Argeș"])
    agreement.file.save("convention.pdf", ContentFile(b"%PDF-1.4 convention"))
    partner = UserFactory(username="bignona", role=roles.PARTNER)
    MembershipFactory(user=partner, organisation=savoie_partnerships["Bignona"].partner)
    url = reverse("partnerships:agreement-file", args=[agreement.pk])

    client.force_login(director)
    allowed = client.get(url)
    client.force_login(partner)
    refused = client.get(url)

    assert allowed.status_code == 200
    assert b"".join(allowed.streaming_content) == b"%PDF-1.4 convention"
    assert "attachment" in allowed["Content-Disposition"]
    assert refused.status_code == 404
