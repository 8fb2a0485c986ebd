"""The main pages cost the same number of queries for 10 records or 200 (and so for
10,000: bench/pages.py prints the figures on a filled PostgreSQL database)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from portal.selectors import dashboard
from projects.models import Theme
from tests.factories import (
    EvaluationFactory,
    EvaluativeQuestionFactory,
    FundingLineFactory,
    MissionFactory,
    MissionStepFactory,
    OrganisationFactory,
    PartnershipFactory,
    ProjectFactory,
)
from tests.pages import count_queries, page_queries, page_text, queries_compared

PAGES = [
    "home",
    "projects:project-list",
    "partnerships:partnership-list",
    "missions:mission-list",
    "evaluations:evaluation-list",
]


def add_records(count: int, *, funder, theme) -> None:
    """`count` partnerships, each with a project and its funding, a mission to come
    with a step, and an evaluation with a question: a row of every main list."""
    next_month = datetime.date.today() + datetime.timedelta(days=30)
    for _ in range(count):
        partnership = PartnershipFactory()
        project = ProjectFactory(partnership=partnership, start_year=2020)
        project.themes.add(theme)
        project.partners.add(partnership.partner)
        FundingLineFactory(project=project, funder=funder, amount=Decimal(1000))
        FundingLineFactory(
            project=project, funder=None, label="À mobiliser", amount=Decimal(5)
        )
        mission = MissionFactory(
            partnership=partnership, project=project, start_date=next_month
        )
        MissionStepFactory(mission=mission)
        EvaluativeQuestionFactory(evaluation=EvaluationFactory(project=project))


@pytest.mark.parametrize("page", PAGES)
def test_a_main_page_costs_the_same_queries_for_10_or_200_records(
    client, director, page
):
    funder, theme = OrganisationFactory(), Theme.objects.first()
    client.force_login(director)
    url = reverse(page)
    add_records(10, funder=funder, theme=theme)
    with_10 = page_queries(client, url)

    add_records(190, funder=funder, theme=theme)
    with_200 = page_queries(client, url)

    assert len(with_200) == len(with_10), queries_compared(with_10, with_200)


def test_a_partners_dashboard_costs_the_same_queries_for_10_or_200_records(
    client, partner_user, membership_factory
):
    funder, theme = OrganisationFactory(), Theme.objects.first()
    own = PartnershipFactory()
    membership_factory(user=partner_user, organisation=own.partner)
    FundingLineFactory(project=ProjectFactory(partnership=own), funder=funder)
    client.force_login(partner_user)
    add_records(10, funder=funder, theme=theme)
    with_10 = count_queries(client, reverse("home"))

    add_records(190, funder=funder, theme=theme)
    with_200 = count_queries(client, reverse("home"))

    assert with_200 == with_10


def test_the_dashboard_sums_funding_by_partnership_year_and_funder_per_currency(
    director,
):
    union = OrganisationFactory(name="Union européenne")
    bignona = PartnershipFactory(
        french_authority__short_name="Savoie", partner__short_name="Bignona"
    )
    older = ProjectFactory(partnership=bignona, start_year=2009)
    newer = ProjectFactory(partnership=bignona, start_year=2012)
    FundingLineFactory(project=older, funder=union, amount=Decimal("51621"))
    FundingLineFactory(project=newer, funder=union, amount=Decimal("22124.13"))
    FundingLineFactory(project=newer, funder=None, label="Apport local", amount=1000)
    FundingLineFactory(project=newer, funder=union, currency="XOF", amount=500_000)
    FundingLineFactory(project=ProjectFactory(), funder=union, amount=Decimal(10))

    figures = dashboard(user=director)

    def rows(name):
        return [(row.label, row.currency, row.total) for row in figures[name]]

    assert rows("funding_by_partnership") == [
        ("Savoie – Bignona", "XOF", 500_000),
        ("Savoie – Bignona", "EUR", Decimal("74745.13")),
        ("", "EUR", 10),
    ]
    # by the year of the lines (their split or period): none here
    assert rows("funding_by_year") == [
        ("", "EUR", Decimal("74755.13")),
        ("", "XOF", 500_000),
    ]
    assert rows("funding_by_funder") == [
        ("Union européenne", "XOF", 500_000),
        ("Union européenne", "EUR", Decimal("73755.13")),
        ("Apport local", "EUR", 1000),
    ]


def test_the_dashboard_lists_the_next_missions_and_the_latest_changes(
    client, coordinator
):
    today = datetime.date.today()
    MissionFactory(title="Mission passée", start_date=today.replace(year=2015))
    MissionFactory(title="Mission à venir", start_date=today + datetime.timedelta(9))
    client.force_login(coordinator)

    page = page_text(client.get(reverse("home")))

    next_missions = page.split("Prochaines missions")[1].split("Dernières")[0]
    assert "Mission à venir" in next_missions
    assert "Mission passée" not in next_missions
    assert "création mission Mission passée" in page
