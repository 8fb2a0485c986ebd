"""The mission dossier (one PDF for the journey) and the documents each step starts
from (.odt filled with the mission's data)."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse

from missions.models import MissionStep
from tests.factories import (
    BudgetLineFactory,
    ContactFactory,
    MembershipFactory,
    MissionDayFactory,
    MissionFactory,
    MissionStepFactory,
    OrganisationFactory,
    ParticipantFactory,
    PartnershipFactory,
)
from tests.pages import pdf_text, plain_spaces

pytestmark = pytest.mark.django_db


@pytest.fixture
def mission():
    bignona = OrganisationFactory(name="Département de Bignona")
    savoie = OrganisationFactory(name="Département de la Savoie")
    mission = MissionFactory(
        title="Échange de jeunes à Bignona",
        partnership=PartnershipFactory(french_authority=savoie, partner=bignona),
        origin=savoie,
        destination=bignona,
        start_date=datetime.date(2027, 4, 12),
        end_date=datetime.date(2027, 4, 24),
        objectives="Découvrir l'action sociale de l'autre.",
    )
    ParticipantFactory(mission=mission, full_name="Léa Martin", organisation=savoie)
    MissionDayFactory(
        mission=mission,
        date=datetime.date(2027, 4, 13),
        title="Rencontre avec le conseil départemental",
    )
    MissionStepFactory(
        mission=mission,
        kind=MissionStep.Kind.OBJECTIVES_SHEET,
        due_date=datetime.date(2027, 3, 1),
    )
    BudgetLineFactory(mission=mission)
    ContactFactory(
        full_name="Moussa Sané", organisation=bignona, phone="+221 33 000 00 00"
    )
    return mission


def test_the_dossier_holds_what_the_journey_needs(client, coordinator, mission):
    client.force_login(coordinator)

    response = client.get(reverse("missions:mission-dossier", args=[mission.pk]))

    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (
        "Échange de jeunes à Bignona",
        "Découvrir l'action sociale de l'autre.",
        "Rencontre avec le conseil départemental",
        "Léa Martin",
        "Moussa Sané",  # a contact of the partner's side
        "+221 33 000 00 00",
        "Fiche d'objectifs",
        "Budget prévisionnel",
    ):
        assert expected in text, expected
    assert "Rapport financier" not in text  # nothing reported yet


def test_the_dossier_holds_the_financial_report_once_a_line_is_reported(
    client, coordinator, mission
):
    line = mission.budget_lines.get()
    line.label = "Billets d'avion"
    line.cash_amount = Decimal("4200")
    line.actual_cash_amount = Decimal("4350.50")
    line.actual_source = "Département de Bignona"
    line.save()
    client.force_login(coordinator)

    response = client.get(reverse("missions:mission-dossier", args=[mission.pk]))

    text = plain_spaces(pdf_text(response.content))
    assert "Rapport financier : prévu et réalisé" in text
    assert "Réalisé déclaré par Département de Bignona" in text
    assert "4 350,50 €" in text
    assert "150,50 €" in text  # the difference, actual minus provisional


def test_a_partner_gets_the_dossier_of_its_mission_without_the_contacts(
    client, partner_user, mission
):
    MembershipFactory(user=partner_user, organisation=mission.destination)
    client.force_login(partner_user)

    text = pdf_text(
        client.get(reverse("missions:mission-dossier", args=[mission.pk])).content
    )

    assert "Léa Martin" in text and "Moussa Sané" not in text


def test_each_step_offers_a_document_filled_with_the_mission(
    client, coordinator, mission
):
    step = mission.steps.get()
    client.force_login(coordinator)

    response = client.get(reverse("missions:step-template", args=[step.pk]))

    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    with zipfile.ZipFile(io.BytesIO(response.content)) as odt:
        content = odt.read("content.xml").decode()
    assert "Échange de jeunes à Bignona" in content
    assert "Léa Martin (Département de la Savoie)" in content
    assert "Ce que j&apos;attends de la mission" in content or (
        "Ce que j'attends de la mission" in content
    )


def test_the_mission_page_links_the_dossier_and_the_step_documents(
    client, coordinator, mission
):
    client.force_login(coordinator)

    page = client.get(mission.get_absolute_url()).content.decode()

    assert reverse("missions:mission-dossier", args=[mission.pk]) in page
    assert reverse("missions:step-template", args=[mission.steps.get().pk]) in page
