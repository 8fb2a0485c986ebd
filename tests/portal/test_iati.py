"""The IATI 2.03 activity file of the public projects: valid against the vendored
schema, exactly the public projects, the roles, budgets, transactions and results."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from lxml import etree

from portal.iati import iati_activities_xml, iati_errors
from projects.models import FundingLine, FundingLineYear, Payment, Project
from tests.factories import (
    EvaluationFactory,
    EvaluativeQuestionFactory,
    FundingLineFactory,
    IndicatorFactory,
    MeasurementFactory,
    OrganisationFactory,
    PartnershipFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

PUBLIC_DEMO = [
    "action-sociale-de-l-autre",
    "ameliorer-les-politiques-jeunesse",
    "suresnes-cap-haitien",
]


def identifiers(content: bytes) -> set[str]:
    root = etree.fromstring(content)
    return {
        element.findtext("iati-identifier") for element in root.iter("iati-activity")
    }


@pytest.fixture
def public_demo(demo):
    Project.objects.update(is_public=False)  # whatever the demo publishes
    Project.objects.filter(slug__in=PUBLIC_DEMO).update(is_public=True)
    project = Project.objects.get(slug="action-sociale-de-l-autre")
    line = project.funding_lines.filter(amount__isnull=False).first()
    Payment.objects.create(
        line=line, paid_on=datetime.date(2016, 4, 1), amount=Decimal("1000.00")
    )


def test_the_demo_file_validates_against_the_iati_203_schema(public_demo, settings):
    content = iati_activities_xml()

    assert iati_errors(content) == []
    assert identifiers(content) == {
        f"{settings.IATI_REPORTING_ORG['ref']}-{slug}" for slug in PUBLIC_DEMO
    }


def test_the_file_lists_exactly_the_public_projects_to_anyone(public_demo, settings):
    response = Client().get(reverse("iati-activities"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    slugs = {
        i.removeprefix(settings.IATI_REPORTING_ORG["ref"] + "-")
        for i in identifiers(response.content)
    }
    assert slugs == set(PUBLIC_DEMO)
    assert not Project.objects.filter(is_public=False, slug__in=slugs).exists()


@pytest.fixture
def bignona_project():
    Project.objects.update(is_public=False)  # the demo's, when it is loaded
    savoie = OrganisationFactory(name="Département de l'Ain")
    bignona = OrganisationFactory(name="Commune de Ziguinchor", country="SN")
    ministry = OrganisationFactory(name="Ministère de l'essai", kind="ministere")
    project = ProjectFactory(
        title="L'action sociale de l'Autre",
        slug="action-sociale",
        lead="Un regard croisé.",
        objectives="Mieux **accompagner** & former.",
        carrier=savoie,
        start_year=2015,
        end_year=2017,
        sector_code="16010",
        is_public=True,
        partnership=PartnershipFactory(french_authority=savoie, partner=bignona),
    )
    own = FundingLineFactory(
        project=project,
        funder=savoie,
        amount=Decimal("51621.00"),
        period_start=datetime.date(2016, 1, 1),
        period_end=datetime.date(2017, 12, 31),
    )
    FundingLineYear.objects.create(line=own, year=2016, amount=Decimal("30000.00"))
    FundingLineYear.objects.create(line=own, year=2017, amount=Decimal("21621.00"))
    FundingLineFactory(
        project=project,
        funder=ministry,
        amount=Decimal("5000.00"),
        status=FundingLine.Status.REQUESTED,
    )
    Payment.objects.create(
        line=own,
        paid_on=datetime.date(2016, 3, 1),
        amount=Decimal("12000.00"),
        payee=bignona,
        purpose="Première tranche",
    )
    evaluation = EvaluationFactory(
        project=project,
        title="Évaluation croisée",
        start_date=datetime.date(2016, 1, 1),
    )
    indicator = IndicatorFactory(
        question=EvaluativeQuestionFactory(evaluation=evaluation),
        name="Professionnels formés",
        baseline=Decimal("0"),
        target=Decimal("40"),
    )
    MeasurementFactory(indicator=indicator, date=datetime.date(2016, 6, 1), value=12)
    ProjectFactory(title="Projet interne", is_public=False)
    return project


def test_an_activity_carries_roles_budgets_transactions_and_results(bignona_project):
    content = iati_activities_xml()
    [activity] = etree.fromstring(content).iter("iati-activity")
    text = lambda path: [e.text for e in activity.xpath(path)]  # noqa: E731

    assert iati_errors(content) == []
    assert activity.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert text("title/narrative") == ["L'action sociale de l'Autre"]
    assert text("description[@type='2']/narrative") == ["Mieux accompagner & former."]
    roles = {
        (e.get("role"), e.findtext("narrative"))
        for e in activity.iter("participating-org")
    }
    assert roles == {
        ("1", "Département de l'Ain"),
        ("1", "Ministère de l'essai"),
        ("2", "Département de l'Ain"),
        ("3", "Département de l'Ain"),
        ("4", "Commune de Ziguinchor"),
    }
    assert activity.find("recipient-country").get("code") == "SN"
    assert activity.find("sector").attrib == {"vocabulary": "1", "code": "16010"}
    assert [
        (b.find("period-start").get("iso-date"), b.findtext("value"))
        for b in activity.iter("budget")
    ] == [("2016-01-01", "30000.00"), ("2017-01-01", "21621.00")]
    transactions = [
        (t.find("transaction-type").get("code"), t.findtext("value"))
        for t in activity.iter("transaction")
    ]
    # the requested line is no commitment
    assert transactions == [("2", "51621.00"), ("3", "12000.00")]
    assert text("result/title/narrative") == ["Évaluation croisée"]
    assert text("result/indicator/title/narrative") == [
        "Professionnels formés (personnes)"
    ]
    assert activity.find("result/indicator/period/actual").get("value") == "12.00"
    assert activity.find("result/indicator/period/target").get("value") == "40.00"


def test_the_command_writes_the_file_served(bignona_project, tmp_path, settings):
    target = tmp_path / "activities.xml"

    call_command("iati_export", output=str(target), stdout=io.StringIO())
    served = Client().get(reverse("iati-activities")).content

    ref = settings.IATI_REPORTING_ORG["ref"]
    assert (
        identifiers(target.read_bytes())
        == identifiers(served)
        == {f"{ref}-action-sociale"}
    )
    assert iati_errors(target.read_bytes()) == []


def test_every_demo_project_made_public_still_validates(demo):
    Project.objects.update(is_public=True)

    content = iati_activities_xml()

    assert iati_errors(content) == []
    assert len(identifiers(content)) == Project.objects.count()
