"""A funding line's nature, status, period and split by year, as people type them on
the project's form and the page of the split, and as the project page, its summary
and the dashboard add them up: a line "non évaluable" is counted in no total, money
"à mobiliser" is in the total but no funder, the years add up to the line."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from core import roles
from portal.selectors import dashboard
from projects.models import FundingLine, FundingLineYear, Project
from tests.factories import (
    FundingLineFactory,
    OrganisationFactory,
    ProjectFactory,
    UserFactory,
)
from tests.pages import form_data, page_text, plain_spaces

pytestmark = pytest.mark.django_db

D = Decimal


def project_page(client, project: Project) -> str:
    return plain_spaces(page_text(client.get(project.get_absolute_url())))


def edit_data(project: Project, **changes) -> dict:
    reader = Client()
    reader.force_login(UserFactory(username="relectrice", role=roles.COORDINATOR))
    page = reader.get(reverse("projects:project-update", args=[project.slug]))
    return form_data(page) | changes


@pytest.fixture
def tunisia():
    """The Solidarité Laïque table of the guide: two funders and money to raise."""
    project = ProjectFactory(
        title="Soyons Actifs / Actives", funding_printed_total=D("3711303")
    )
    FundingLineFactory(
        project=project,
        funder=OrganisationFactory(name="Agence française de développement"),
        amount=D("2594653"),
        order=1,
    )
    FundingLineFactory(
        project=project,
        funder=OrganisationFactory(name="Solidarité Laïque"),
        amount=D("398726"),
        order=2,
    )
    FundingLineFactory(
        project=project,
        funder=None,
        label="Montant à mobiliser",
        amount=D("717924"),
        status=FundingLine.Status.TO_RAISE,
        order=3,
    )
    return project


# -- the summary and the pages ---------------------------------------------------------


def test_a_not_assessable_line_is_counted_in_no_total(client, director):
    project = ProjectFactory(funding_printed_total=D("67437"))
    FundingLineFactory(project=project, amount=D("47437"))
    FundingLineFactory(project=project, amount=D("20000"))
    FundingLineFactory(
        project=project,
        funder=OrganisationFactory(name="Formation Conseil Communication"),
        amount=None,
    )
    client.force_login(director)

    page = project_page(client, project)
    figures = dashboard(user=director)

    assert "Total 67 437 €" in page
    assert "Formation Conseil Communication non évalué numéraire · non évaluable" in (
        page
    )
    assert "1 contribution non évaluable, comptée dans aucun total." in page
    assert "Par statut Acquis 67 437 €" in page
    assert [(row.label, row.total) for row in figures["funding_by_funder"]] == [
        (line.funder.name, line.amount)
        for line in project.funding_lines.order_by("-amount")
        if line.amount is not None
    ]


def test_money_to_raise_is_in_the_total_but_never_a_funder(client, director, tunisia):
    client.force_login(director)

    page = project_page(client, tunisia)
    funders = [row.label for row in dashboard(user=director)["funding_by_funder"]]
    home = plain_spaces(page_text(client.get(reverse("home"))))

    assert "Total 3 711 303 €" in page  # as the guide prints it
    assert "Par statut Acquis 2 993 379 € À mobiliser 717 924 €" in page
    assert funders == ["Agence française de développement", "Solidarité Laïque"]
    assert "Montant à mobiliser" not in home
    assert "3 711 303 €" in home  # still in the total of the projects


def test_the_summary_adds_up_per_nature_and_per_year(director):
    project = ProjectFactory()
    line = FundingLineFactory(project=project, amount=D("51621"))
    FundingLineYear.objects.create(line=line, year=2016, amount=D("25000"))
    FundingLineYear.objects.create(line=line, year=2017, amount=D("26621"))
    FundingLineFactory(
        project=project,
        amount=D("1200"),
        nature=FundingLine.Nature.IN_KIND,
        period_start=datetime.date(2016, 3, 1),
        period_end=datetime.date(2016, 6, 30),
    )
    FundingLineFactory(project=project, amount=D("300"))

    funding = Project.objects.get(pk=project.pk).funding

    assert [(row.label, row.total) for row in funding.by_nature] == [
        ("numéraire", D("51921")),
        ("valorisation", D("1200")),
    ]
    assert [(row.key, row.total) for row in funding.by_year] == [
        (2016, D("26200")),  # its share of the split, and the line of 2016
        (2017, D("26621")),
        (None, D("300")),  # no year known
    ]


def test_the_list_of_lines_filters_the_money_still_to_raise(client, director, tunisia):
    client.force_login(director)

    page = plain_spaces(
        page_text(
            client.get(reverse("projects:fundingline-list"), {"status": "to_raise"})
        )
    )

    assert "Montant à mobiliser 717 924 € numéraire · à mobiliser" in page
    assert "Total en EUR (1 ligne) 717 924 €" in page
    assert "Solidarité Laïque 398 726" not in page


# -- the project's form ----------------------------------------------------------------


def test_a_coordinator_types_the_nature_status_and_period_of_a_line(
    client, coordinator
):
    line = FundingLineFactory(amount=D("51621"))
    client.force_login(coordinator)
    data = edit_data(
        line.project,
        **{
            "funding_lines-0-nature": "in_kind",
            "funding_lines-0-status": "requested",
            "funding_lines-0-period_start": "2016-01-01",
            "funding_lines-0-period_end": "2017-12-31",
        },
    )

    response = client.post(
        reverse("projects:project-update", args=[line.project.slug]), data
    )

    assert response.status_code == 302
    line.refresh_from_db()
    assert 'type="date" name="funding_lines-0-period_start"' in (
        client.get(
            reverse("projects:project-update", args=[line.project.slug])
        ).content.decode()
    )
    assert (line.nature, line.status) == ("in_kind", "requested")
    assert (line.period_start, line.period_end) == (
        datetime.date(2016, 1, 1),
        datetime.date(2017, 12, 31),
    )
    page = project_page(client, line.project)
    assert "valorisation · demandé du 01/01/2016 au 31/12/2017" in page


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        (
            {"funding_lines-0-status": "not_assessable"},
            "Une ligne « non évaluable » n'a pas de montant : videz-le.",
        ),
        (
            {"funding_lines-0-amount": ""},
            "Indiquez le montant, ou choisissez le statut « non évaluable ».",
        ),
        (
            {
                "funding_lines-0-period_start": "2017-01-01",
                "funding_lines-0-period_end": "2016-12-31",
            },
            "La fin de la période ne peut précéder son début.",
        ),
    ],
)
def test_a_line_that_contradicts_itself_is_refused_in_french_and_nothing_is_saved(
    client, coordinator, changes, error
):
    line = FundingLineFactory(amount=D("1000"))
    client.force_login(coordinator)
    data = edit_data(line.project, **changes)

    response = client.post(
        reverse("projects:project-update", args=[line.project.slug]), data
    )

    assert response.status_code == 200
    assert error in plain_spaces(page_text(response))
    line.refresh_from_db()
    assert (line.amount, line.status, line.period_start) == (D("1000"), "secured", None)


def test_a_not_assessable_line_is_typed_without_an_amount(client, coordinator):
    line = FundingLineFactory(amount=D("1000"))
    client.force_login(coordinator)
    data = edit_data(
        line.project,
        **{"funding_lines-0-amount": "", "funding_lines-0-status": "not_assessable"},
    )

    response = client.post(
        reverse("projects:project-update", args=[line.project.slug]), data
    )

    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.amount, line.status) == (None, "not_assessable")


def test_the_database_refuses_an_amount_on_a_not_assessable_line():
    line = FundingLineFactory.build(
        project=ProjectFactory(),
        funder=OrganisationFactory(),
        amount=D("10"),
        status=FundingLine.Status.NOT_ASSESSABLE,
    )

    with pytest.raises(ValidationError, match="n'a pas de montant"):
        line.full_clean()


# -- the split by year -----------------------------------------------------------------


def years_url(line: FundingLine) -> str:
    return reverse("projects:fundingline-years", args=[line.pk])


def years_post(client, line: FundingLine, parts: list[tuple[str, str]]):
    data = form_data(client.get(years_url(line))) | {"years-TOTAL_FORMS": len(parts)}
    for number, (year, amount) in enumerate(parts):
        data[f"years-{number}-year"] = year
        data[f"years-{number}-amount"] = amount
    return client.post(years_url(line), data)


def test_a_line_split_over_2016_and_2017_adds_up(client, coordinator):
    line = FundingLineFactory(amount=D("51621"), note="sur 24 mois")
    client.force_login(coordinator)

    opened = plain_spaces(page_text(client.get(years_url(line))))
    response = years_post(client, line, [("2016", "25 810,50"), ("2017", "25 810,50")])

    assert "de 51 621 € : les montants par année totalisent ce montant." in opened

    assert response.status_code == 302
    assert [(part.year, part.amount) for part in line.years.all()] == [
        (2016, D("25810.50")),
        (2017, D("25810.50")),
    ]
    page = project_page(client, line.project)
    assert "2016 : 25 810,50 € ; 2017 : 25 810,50 €" in page
    assert "Par année 2016 25 810,50 € 2017 25 810,50 €" in page


def test_years_that_do_not_add_up_to_the_line_are_refused(client, coordinator):
    line = FundingLineFactory(amount=D("51621"))
    client.force_login(coordinator)

    response = years_post(client, line, [("2016", "25 000"), ("2017", "25 000")])

    assert response.status_code == 200
    assert (
        "Les montants par année totalisent 50 000 € au lieu du montant de la "
        "ligne, 51 621 €."
    ) in plain_spaces(page_text(response))
    assert not FundingLineYear.objects.exists()


def test_a_year_outside_the_line_s_period_is_refused(client, coordinator):
    line = FundingLineFactory(
        amount=D("100"),
        period_start=datetime.date(2016, 1, 1),
        period_end=datetime.date(2017, 12, 31),
    )
    client.force_login(coordinator)

    response = years_post(client, line, [("2016", "50"), ("2018", "50")])

    assert "Année 2018 hors de la période de la ligne." in plain_spaces(
        page_text(response)
    )
    assert not FundingLineYear.objects.exists()


def test_the_amount_of_a_split_line_is_not_changed_without_its_split(
    client, coordinator
):
    line = FundingLineFactory(amount=D("100"))
    FundingLineYear.objects.create(line=line, year=2016, amount=D("100"))
    client.force_login(coordinator)
    data = edit_data(line.project, **{"funding_lines-0-amount": "150"})

    response = client.post(
        reverse("projects:project-update", args=[line.project.slug]), data
    )

    assert "Cette ligne est répartie par année" in plain_spaces(page_text(response))
    line.refresh_from_db()
    assert line.amount == D("100")


def test_a_period_that_leaves_out_a_year_of_the_split_is_refused(client, coordinator):
    line = FundingLineFactory(amount=D("100"))
    FundingLineYear.objects.create(line=line, year=2016, amount=D("40"))
    FundingLineYear.objects.create(line=line, year=2017, amount=D("60"))
    client.force_login(coordinator)
    data = edit_data(
        line.project,
        **{
            "funding_lines-0-period_start": "2017-01-01",
            "funding_lines-0-period_end": "2017-12-31",
        },
    )

    response = client.post(
        reverse("projects:project-update", args=[line.project.slug]), data
    )

    assert "Année 2016 hors de la période de la ligne." in plain_spaces(
        page_text(response)
    )
    line.refresh_from_db()
    assert line.period_start is None


def test_the_project_page_links_to_the_split_for_a_coordinator_only(
    client, coordinator, director
):
    line = FundingLineFactory(amount=D("100"))

    client.force_login(coordinator)
    as_coordinator = client.get(line.project.get_absolute_url()).content.decode()
    client.force_login(director)
    as_director = client.get(line.project.get_absolute_url()).content.decode()

    assert years_url(line) in as_coordinator
    assert "Répartir par année" not in as_director
