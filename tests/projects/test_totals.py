"""The funding totals of the dashboard (projects.totals): after each way of writing
what they add up, the table equals a recomputation from the lines, in the same
transaction; and the command that compares them says so."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse

from projects.models import (
    FundingLine,
    FundingLineYear,
    FundingTotal,
    Payment,
    Project,
    ProjectFundingParts,
)
from projects.totals import (
    ALL,
    funding_totals_deferred,
    projects_refresh,
    totals_check,
)
from tests.factories import (
    FundingLineFactory,
    OrganisationFactory,
    PartnershipFactory,
    ProjectFactory,
)
from tests.pages import form_data
from tests.spreadsheets import HEADERS, import_sheet, xlsx_bytes

pytestmark = pytest.mark.django_db

D = Decimal


def total(dimension="total", item="", scope=ALL, currency="EUR") -> Decimal:
    row = FundingTotal.objects.filter(
        scope=scope, dimension=dimension, item=item, currency=currency
    ).first()
    return row.amount if row else D(0)


def assert_matches_the_lines():
    assert totals_check() == {}


def money_to_raise(project, amount, **fields) -> FundingLine:
    """A line of money still to raise: in the totals, never a funder."""
    return FundingLineFactory(
        project=project,
        funder=None,
        label="Montant à mobiliser",
        amount=amount,
        status=FundingLine.Status.TO_RAISE,
        **fields,
    )


@pytest.fixture
def anima():
    """A project of three partnerships of one authority, in three countries."""
    savoie = OrganisationFactory(name="Département de la Savoie", country="FR")
    partnerships = [
        PartnershipFactory(french_authority=savoie, partner__country=country)
        for country in ("BJ", "HT", "RO")
    ]
    project = ProjectFactory(partnership=partnerships[0])
    project.partnerships.set(partnerships)
    return project


def test_a_line_saved_is_in_the_totals_of_its_scopes_and_dimensions(anima):
    savoie = anima.partnerships.first().french_authority
    FundingLineFactory(project=anima, amount=D("1000"))
    money_to_raise(anima, D("300"))
    FundingLineFactory(
        project=anima, amount=None, status=FundingLine.Status.NOT_ASSESSABLE
    )

    assert total() == D("1300")  # once overall
    assert total(scope=f"a:{savoie.pk}") == D("1300")  # once for its authority
    for partnership in anima.partnerships.all():
        assert total("partnership", str(partnership.pk)) == D("1300")
    assert total("country", "HT") == D("1300")
    assert total("status", "to_raise") == D("300")
    assert not FundingTotal.objects.filter(item="not_assessable").exists()
    assert not FundingTotal.objects.filter(item="l:Montant à mobiliser").exists()
    assert_matches_the_lines()


def test_the_totals_summed_by_the_database_follow_the_rules_of_the_project_page(
    anima,
):
    """A refresh sums the lines in SQL; `totals_check` recomputes each project from
    its summary (the rules of its page, line by line): lines of every kind, then
    changed, and the two agree to the cent."""
    arges = PartnershipFactory(partner__country="")  # another authority, no country
    anima.partnerships.add(arges)
    split = FundingLineFactory(project=anima, amount=D("1000.10"))
    rest = FundingLineFactory(project=anima, amount=D("999.99"))
    for line, year, amount in (
        (split, 2023, "500.05"),
        (split, 2024, "500.05"),
        (rest, 2023, "333.33"),
    ):
        FundingLineYear.objects.create(line=line, year=year, amount=D(amount))
    FundingLineFactory(
        project=anima,
        amount=D("0.10"),
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    FundingLineFactory(
        project=anima,
        amount=D("0.20"),
        period_start=datetime.date(2024, 6, 1),
        period_end=datetime.date(2026, 5, 31),
    )
    FundingLineFactory(project=anima, amount=D("0.30"))
    money_to_raise(anima, D("1000000"), currency="XOF", nature="in_kind")
    FundingLineFactory(
        project=anima, funder=None, label="Mécénat", amount=D("1000"), currency="XOF"
    )
    unvalued = FundingLineFactory(
        project=anima, amount=None, status=FundingLine.Status.NOT_ASSESSABLE
    )
    Payment.objects.create(line=split, paid_on=datetime.date(2024, 2, 1), amount=1)
    Payment.objects.create(line=unvalued, paid_on=datetime.date(2025, 3, 1), amount=2)
    FundingLineFactory(  # a project of no partnership
        amount=D("12.34"),
        period_start=datetime.date(2019, 1, 1),
        period_end=datetime.date(2019, 6, 30),
    )
    ProjectFactory()  # and one of no line

    assert_matches_the_lines()
    assert total("year", "2023") == D("833.38")
    assert total("year", "") == D("667.16")  # 999.99 - 333.33, 0.20 and 0.30
    assert total("year", "2025") == D("0.10")
    assert total("paid", "2025") == D("2")
    arges_scope = f"a:{arges.french_authority_id}"
    assert total("country", "", arges_scope) == D("2000.69")
    assert total("partnership", str(arges.pk)) == D("2000.69")
    assert total("status", "to_raise", currency="XOF") == D("1000000")
    assert total("funder", "l:Mécénat", currency="XOF") == D("1000")

    rest.years.get().delete()
    split.years.filter(year=2024).update(amount=D("400"))  # no signal: refreshed below
    projects_refresh([anima.pk])
    rest.currency = "XOF"
    rest.save()

    assert_matches_the_lines()
    assert total("year", "") == D("100.55")  # 1000.10 - 500.05 - 400, 0.20, 0.30
    assert total("year", "", currency="XOF") == D("1001999.99")  # 1000000, 1000


def test_the_project_form_keeps_the_totals(client, coordinator):
    carrier = OrganisationFactory(name="Département du Val-de-Marne")
    client.force_login(coordinator)
    url = reverse("projects:project-create")
    data = form_data(client.get(url)) | {
        "title": "Promotion de la citoyenneté des migrants",
        "slug": "citoyennete-migrants",
        "status": Project.Status.ONGOING,
        "carrier": carrier.pk,
        "funding_lines-TOTAL_FORMS": 1,
        "funding_lines-0-funder": carrier.pk,
        "funding_lines-0-amount": "22 124,13",
        "funding_lines-0-currency": "EUR",
    }

    assert client.post(url, data).status_code == 302

    assert total() == D("22124.13")
    assert total("funder", f"o:{carrier.pk}") == D("22124.13")
    assert_matches_the_lines()


def test_the_year_split_and_the_payments_pages_keep_the_totals(client, coordinator):
    line = FundingLineFactory(amount=D("51621"))
    client.force_login(coordinator)
    url = reverse("projects:fundingline-years", args=[line.pk])
    data = form_data(client.get(url)) | {
        "years-TOTAL_FORMS": 2,
        "years-0-year": "2016",
        "years-0-amount": "25 810,50",
        "years-1-year": "2017",
        "years-1-amount": "25 810,50",
    }
    assert client.post(url, data).status_code == 302
    url = reverse("projects:fundingline-payments", args=[line.pk])
    data = form_data(client.get(url)) | {
        "payments-TOTAL_FORMS": 1,
        "payments-0-paid_on": "2016-03-15",
        "payments-0-amount": "20 000",
    }
    assert client.post(url, data).status_code == 302

    assert total("year", "2016") == total("year", "2017") == D("25810.50")
    assert total("year", "") == D(0)
    assert total("paid", "2016") == D("20000")
    assert_matches_the_lines()


def test_the_admin_keeps_the_totals_when_it_deletes_a_line(client, administrator):
    kept = FundingLineFactory(amount=D("100"))
    gone = FundingLineFactory(project=kept.project, amount=D("40"))
    client.force_login(administrator)

    response = client.post(
        reverse("admin:projects_fundingline_delete", args=[gone.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert total() == D("100")
    assert_matches_the_lines()


def test_an_import_keeps_the_totals(administrator):
    project = ProjectFactory(title="Démarche pilote")
    funder = OrganisationFactory(name="Union européenne")
    data = xlsx_bytes(
        [
            HEADERS,
            [project.title, funder.name, "22 124,13 €", "", ""],
            [project.title, "Fondation Nouvelle", "30 000", "", ""],
        ]
    )

    import_sheet(data, user=administrator)

    assert total() == D("52124.13")
    assert_matches_the_lines()


def test_deleting_a_project_or_a_partnership_and_moving_a_partner_keep_the_totals(
    anima,
):
    before = total()
    FundingLineFactory(project=anima, amount=D("1000"))
    Payment.objects.create(
        line=FundingLineFactory(project=anima, amount=D("10")),
        paid_on=datetime.date(2024, 5, 1),
        amount=D("10"),
    )
    other = FundingLineFactory(amount=D("7")).project
    first, second, _third = anima.partnerships.order_by("pk")

    first.delete()
    partner = second.partner
    partner.country = "ML"
    partner.save()
    assert_matches_the_lines()
    assert total("country", "ML") == D("1010")
    assert total("country", "BJ") == D(0)

    anima.partnerships.clear()
    assert_matches_the_lines()
    anima.delete()
    other.delete()

    assert_matches_the_lines()
    assert total() == before and total("paid", "2024") == D(0)


def test_a_deferred_block_writes_the_totals_once_at_its_end_in_its_transaction():
    project = ProjectFactory()
    with funding_totals_deferred():
        FundingLineFactory(project=project, amount=D("3"))
        FundingLineFactory(project=project, amount=D("4"))
        assert total() == D(0)  # not yet
    assert total() == D("7")

    with pytest.raises(RuntimeError), transaction.atomic():
        FundingLineFactory(project=project, amount=D("100"))
        raise RuntimeError  # the line and its total are rolled back together
    assert total() == D("7")
    assert_matches_the_lines()


def test_the_command_finds_a_total_that_differs_and_rebuilds_it(capsys):
    FundingLineFactory(amount=D("10"))
    FundingTotal.objects.filter(dimension="total").update(amount=D("11"))

    with pytest.raises(CommandError, match="1 funding totals differ"):
        call_command("funding_totals")
    call_command("funding_totals", "--rebuild")

    assert "Funding totals match the lines." in capsys.readouterr().out
    assert total() == D("10")


# last: the demo data stays for the rest of the module
def test_the_demo_loader_keeps_the_totals(demo):
    assert total() > 0
    assert_matches_the_lines()


def test_an_import_of_a_year_split_keeps_the_totals_by_year(administrator):
    project = ProjectFactory(title="Projet réparti")
    funder = OrganisationFactory(name="Département de la Savoie")
    data = xlsx_bytes(
        [
            ["Projet", "Financeur", "Montant", "2016", "2017"],
            [project.title, funder.name, "300", "100", "200"],
        ]
    )

    def by_year():
        totals = FundingTotal.objects.filter(scope=ALL, dimension="year")
        return {year: totals.filter(item=year).first() for year in ("2016", "2017")}

    before = {year: t.amount if t else D(0) for year, t in by_year().items()}
    report = import_sheet(data, user=administrator)

    assert report.committed, report.errors
    assert totals_check() == {}
    after = {year: t.amount for year, t in by_year().items()}
    assert after["2016"] - before["2016"] == D("100")
    assert after["2017"] - before["2017"] == D("200")


def test_a_database_whose_lines_predate_the_totals_gets_them_at_migrate():
    FundingLineFactory(amount=Decimal("1200"))
    FundingTotal.objects.all().delete()
    ProjectFundingParts.objects.all().delete()
    assert totals_check() != {}

    call_command("migrate", verbosity=0)

    assert totals_check() == {}
    assert FundingTotal.objects.exists()


def test_deleting_a_partnership_through_the_portal_takes_it_out_of_the_totals(
    client, administrator
):
    partnership = PartnershipFactory()
    project = ProjectFactory(partnership=partnership)
    FundingLineFactory(project=project, amount=D("1000"))
    client.force_login(administrator)

    response = client.post(
        reverse("partnerships:partnership-delete", args=[partnership.pk])
    )

    assert response.status_code == 302
    assert totals_check() == {}
    assert not FundingTotal.objects.filter(
        dimension="partnership", item=str(partnership.pk)
    ).exclude(amount=0)
