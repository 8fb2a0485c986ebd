"""The REST API reads through the pages' selectors and writes through their services:
a partner's token sees what the partner sees, a stale write is a 409 that changes
nothing, and the history names who wrote."""

import datetime
import json
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from core import roles
from evaluations.models import Measurement
from portal.services import api_token_create
from projects.models import FundingLine, SustainableDevelopmentGoal
from tests.factories import (
    EvaluationFactory,
    EvaluativeQuestionFactory,
    FundingLineFactory,
    IndicatorFactory,
    KeyFigureFactory,
    MembershipFactory,
    MissionFactory,
    OrganisationFactory,
    PartnershipFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def token_client(user) -> Client:
    _token, secret = api_token_create(user=user, name="script")
    return Client(headers={"Authorization": f"Bearer {secret}"})


@pytest.fixture
def bignona():
    """The partnership of a partner account of Bignona, and another one."""
    bignona = OrganisationFactory(name="Commune de Bignona", country="SN")
    own = PartnershipFactory(partner=bignona)
    other = PartnershipFactory(partner=OrganisationFactory(name="Județul Argeș"))
    partner = UserFactory(username="bignona", role=roles.PARTNER)
    MembershipFactory(user=partner, organisation=bignona)
    return {
        "partner": partner,
        "own": own,
        "other": other,
        "own_project": ProjectFactory(partnership=own, title="Jardins de Bignona"),
        "other_project": ProjectFactory(partnership=other, title="Écoles d'Argeș"),
    }


def test_a_partner_token_lists_only_the_projects_of_its_partnership(bignona):
    response = token_client(bignona["partner"]).get(reverse("api:project-list"))

    assert response.status_code == 200
    body = response.json()
    assert [row["title"] for row in body["results"]] == ["Jardins de Bignona"]
    assert body["count"] == 1


def test_a_director_token_lists_every_project(bignona):
    director = UserFactory(role=roles.DIRECTOR)

    body = token_client(director).get(reverse("api:project-list")).json()

    assert {row["title"] for row in body["results"]} == {
        "Jardins de Bignona",
        "Écoles d'Argeș",
    }


def test_a_partner_token_on_another_partnerships_project_gets_404_in_french(bignona):
    client = token_client(bignona["partner"])

    other = client.get(
        reverse("api:project-detail", args=[bignona["other_project"].pk])
    )
    own = client.get(reverse("api:project-detail", args=[bignona["own_project"].pk]))

    assert other.status_code == 404
    assert other.json()["detail"] == (
        "Cet enregistrement n'existe pas, ou vous ne pouvez pas le lire."
    )
    assert own.status_code == 200
    assert own.json()["title"] == "Jardins de Bignona"


def test_a_partner_token_sees_only_its_partnerships_missions_and_evaluations(bignona):
    MissionFactory(partnership=bignona["own"], title="Mission à Bignona")
    MissionFactory(partnership=bignona["other"], title="Mission à Pitești")
    EvaluationFactory(project=bignona["own_project"], title="Évaluation Bignona")
    EvaluationFactory(project=bignona["other_project"], title="Évaluation Argeș")
    client = token_client(bignona["partner"])

    missions = client.get(reverse("api:mission-list")).json()["results"]
    evaluations = client.get(reverse("api:evaluation-list")).json()["results"]
    partnerships = client.get(reverse("api:partnership-list")).json()["results"]

    assert [m["title"] for m in missions] == ["Mission à Bignona"]
    assert [e["title"] for e in evaluations] == ["Évaluation Bignona"]
    assert [p["partner"]["name"] for p in partnerships] == ["Commune de Bignona"]


def test_a_partner_token_may_not_read_the_directory_of_organisations(bignona):
    response = token_client(bignona["partner"]).get(reverse("api:organisation-list"))

    assert response.status_code == 403
    assert response.json()["detail"] == "Vous n'avez pas le droit de faire cela."


def test_the_project_detail_has_its_funding_key_figures_themes_and_sdgs(bignona):
    project = bignona["own_project"]
    FundingLineFactory(project=project, amount=Decimal("22124.13"))
    KeyFigureFactory(project=project, value="1 200", label="élèves")
    project.sdgs.set([SustainableDevelopmentGoal.objects.get(number=4)])
    coordinator = UserFactory(role=roles.COORDINATOR)

    body = (
        token_client(coordinator)
        .get(reverse("api:project-detail", args=[project.pk]))
        .json()
    )

    assert [line["amount"] for line in body["funding_lines"]] == ["22124.13"]
    assert body["key_figures"] == [{"value": "1 200", "label": "élèves", "order": 0}]
    assert [goal["number"] for goal in body["sdgs"]] == [4]
    assert "themes" in body


def test_the_list_filters_are_those_of_the_list_page(bignona):
    coordinator = UserFactory(role=roles.COORDINATOR)
    client = token_client(coordinator)

    by_partnership = client.get(
        reverse("api:project-list"), {"partnership": bignona["other"].pk}
    ).json()
    by_text = client.get(reverse("api:project-list"), {"q": "jardins"}).json()
    wrong = client.get(reverse("api:project-list"), {"partnership": "abc"})

    assert [row["title"] for row in by_partnership["results"]] == ["Écoles d'Argeș"]
    assert [row["title"] for row in by_text["results"]] == ["Jardins de Bignona"]
    assert wrong.status_code == 400
    assert "partnership" in wrong.json()["errors"]


def test_lists_are_paginated(bignona):
    for _n in range(3):
        ProjectFactory(partnership=bignona["own"])
    client = token_client(bignona["partner"])

    body = client.get(reverse("api:project-list"), {"taille": 2}).json()

    assert body["count"] == 4
    assert len(body["results"]) == 2
    assert "page=2" in body["next"]


# Writes


def test_a_mission_report_with_the_version_read_is_written_with_its_history():
    coordinator = UserFactory(role=roles.COORDINATOR)
    mission = MissionFactory()
    client = token_client(coordinator)

    response = client.post(
        reverse("api:mission-report", args=[mission.pk]),
        {"report": "Trois écoles visitées.", "version": mission.version},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["report"] == "Trois écoles visitées."
    mission.refresh_from_db()
    assert mission.report == "Trois écoles visitées."
    assert mission.history.first().history_user == coordinator


def test_a_stale_mission_report_gets_409_in_french_and_changes_nothing():
    coordinator = UserFactory(role=roles.COORDINATOR)
    mission = MissionFactory(report="Le compte rendu d'origine.")
    read_version = mission.version
    mission.title = "Changée entre-temps"
    mission.version += 1
    mission.save()

    response = token_client(coordinator).post(
        reverse("api:mission-report", args=[mission.pk]),
        {"report": "Écrase tout.", "version": read_version},
        content_type="application/json",
    )

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "stale_version"
    assert "modifié par quelqu'un d'autre" in body["detail"]
    assert body["version"] == read_version + 1
    mission.refresh_from_db()
    assert mission.report == "Le compte rendu d'origine."


def test_a_partner_may_not_report_on_another_partnerships_mission(bignona):
    other = MissionFactory(partnership=bignona["other"])

    response = token_client(bignona["partner"]).post(
        reverse("api:mission-report", args=[other.pk]),
        {"report": "x", "version": other.version},
        content_type="application/json",
    )

    assert response.status_code == 404


def test_a_measurement_is_recorded_under_the_evaluations_version():
    coordinator = UserFactory(role=roles.COORDINATOR)
    indicator = IndicatorFactory()
    evaluation = indicator.question.evaluation
    client = token_client(coordinator)
    url = reverse("api:indicator-measurements", args=[indicator.pk])
    sent = {"date": "2026-03-01", "side": "french", "value": "12.5"}

    done = client.post(
        url, {**sent, "version": evaluation.version}, content_type="application/json"
    )
    stale = client.post(
        url, {**sent, "version": evaluation.version}, content_type="application/json"
    )

    assert done.status_code == 201
    measurement = Measurement.objects.get(indicator=indicator)
    assert measurement.value == Decimal("12.5")
    assert measurement.date == datetime.date(2026, 3, 1)
    assert measurement.history.first().history_user == coordinator
    assert stale.status_code == 409
    assert Measurement.objects.filter(indicator=indicator).count() == 1


def test_a_director_may_not_record_a_measurement():
    indicator = IndicatorFactory()
    director = UserFactory(role=roles.DIRECTOR)

    response = token_client(director).post(
        reverse("api:indicator-measurements", args=[indicator.pk]),
        {"date": "2026-03-01", "side": "french", "value": "1", "version": 1},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert not Measurement.objects.exists()


def test_a_funding_line_is_added_and_changed_under_the_projects_version():
    coordinator = UserFactory(role=roles.COORDINATOR)
    project = ProjectFactory()
    funder = OrganisationFactory(name="Ministère de l'Europe")
    client = token_client(coordinator)

    created = client.post(
        reverse("api:fundingline-list"),
        {
            "project": project.pk,
            "version": project.version,
            "funder": funder.pk,
            "amount": "22124.13",
        },
        content_type="application/json",
    )
    project.refresh_from_db()
    line = FundingLine.objects.get(project=project)
    changed = client.patch(
        reverse("api:fundingline-detail", args=[line.pk]),
        {"amount": "100.00", "version": project.version},
        content_type="application/json",
    )

    assert created.status_code == 201, created.content
    assert created.json()["funder"]["name"] == "Ministère de l'Europe"
    assert changed.status_code == 200, changed.content
    line.refresh_from_db()
    assert line.amount == Decimal("100.00")
    assert line.funder == funder
    assert line.history.first().history_user == coordinator


def test_a_stale_funding_line_write_gets_409_and_changes_nothing():
    coordinator = UserFactory(role=roles.COORDINATOR)
    line = FundingLineFactory(amount=Decimal("500.00"))
    project = line.project

    response = token_client(coordinator).patch(
        reverse("api:fundingline-detail", args=[line.pk]),
        {"amount": "1.00", "version": project.version - 1},
        content_type="application/json",
    )

    assert response.status_code == 409
    assert "modifié par quelqu'un d'autre" in response.json()["detail"]
    line.refresh_from_db()
    assert line.amount == Decimal("500.00")


def test_a_funding_line_refused_by_the_project_form_is_a_400_in_french():
    coordinator = UserFactory(role=roles.COORDINATOR)
    project = ProjectFactory()

    response = token_client(coordinator).post(
        reverse("api:fundingline-list"),
        {"project": project.pk, "version": project.version, "amount": "5"},
        content_type="application/json",
    )

    assert response.status_code == 400
    body = response.json()
    assert body["detail"].startswith("La requête contient des erreurs")
    assert "Indiquez un financeur ou un libellé." in json.dumps(
        body["errors"], ensure_ascii=False
    )
    assert not FundingLine.objects.exists()


def test_a_partner_may_not_write_a_funding_line(bignona):
    project = bignona["own_project"]

    response = token_client(bignona["partner"]).post(
        reverse("api:fundingline-list"),
        {"project": project.pk, "version": project.version, "label": "x"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert not FundingLine.objects.exists()


# Errors


def test_without_credentials_the_api_answers_401_in_french():
    response = Client().get(reverse("api:project-list"))

    assert response.status_code == 401
    assert response.json()["detail"].startswith("Authentification requise")
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_session_write_without_its_csrf_token_is_refused_in_french():
    coordinator = UserFactory(role=roles.COORDINATOR)
    mission = MissionFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)

    response = client.post(
        reverse("api:mission-report", args=[mission.pk]),
        {"report": "x", "version": mission.version},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert response.json()["detail"].startswith("Vérification CSRF refusée")


def test_the_session_of_the_browser_reads_the_api():
    coordinator = UserFactory(role=roles.COORDINATOR)
    ProjectFactory(title="Lue par la session")
    client = Client()
    client.force_login(coordinator)

    body = client.get(reverse("api:project-list")).json()

    assert [row["title"] for row in body["results"]] == ["Lue par la session"]


def test_questions_and_indicators_are_nested_in_the_evaluation():
    coordinator = UserFactory(role=roles.COORDINATOR)
    question = EvaluativeQuestionFactory(text="Le diagnostic est-il partagé ?")
    IndicatorFactory(question=question, name="Réunions tenues")

    body = (
        token_client(coordinator)
        .get(reverse("api:evaluation-detail", args=[question.evaluation.pk]))
        .json()
    )

    assert body["questions"][0]["text"] == "Le diagnostic est-il partagé ?"
    assert body["questions"][0]["indicators"][0]["name"] == "Réunions tenues"
