"""A project's funding summary, and the pages that read it: what counts in a total
(lines with an amount, per currency), the total printed in the source and how far
the lines are from it, the cost tables; the project page, its sheet, the lists, the
exports and the dashboard show the same figures."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.cache import caches
from django.urls import reverse
from django.utils import translation

from projects.models import Project
from projects.sheets import sheet_prefetch
from tests.factories import (
    CostLineFactory,
    CostTableFactory,
    FundingLineFactory,
    OrganisationFactory,
    PartnershipFactory,
    ProjectFactory,
)
from tests.pages import framed_text, page_text, plain_spaces
from tests.projects.test_sheets import pdf_text
from tests.spreadsheets import read_xlsx

pytestmark = pytest.mark.django_db

D = Decimal

# The funding tables of two demo projects, as the TERRINCLUS guide prints them: the
# lines add up to less than the total printed beneath them.
AUDE = (["21170", "21100", "9125", "6280", "8484"], "67159")  # lines: 66 159
LOIRE_ATLANTIQUE = (["120000", "73300", "15000", "26600", "9240"], "244540")  # 244 140


def funded_project(amounts, printed_total=None, **fields) -> Project:
    project = ProjectFactory(
        funding_printed_total=D(printed_total) if printed_total else None, **fields
    )
    for order, amount in enumerate(amounts):
        FundingLineFactory(project=project, amount=D(amount), order=order)
    return project


def summary(project: Project):
    """The summary as the pages get it: from the project with its rows prefetched."""
    return sheet_prefetch(Project.objects.filter(pk=project.pk)).get().funding


def sheet_reads(response) -> str:
    """The PDF's text, with a word the layout broke at its hyphen ("ci- dessus") whole
    again."""
    return re.sub(r"(\w)- (\w)", r"\1-\2", pdf_text(response.content))


@pytest.fixture(autouse=True)
def empty_sheet_cache():
    caches["default"].clear()


# --- The summary ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amounts", "printed", "total", "difference"),
    [(*AUDE, "66159", "1000"), (*LOIRE_ATLANTIQUE, "244140", "400")],
    ids=["aude", "loire-atlantique"],
)
def test_a_printed_total_the_lines_do_not_add_up_to_gives_its_difference(
    amounts, printed, total, difference
):
    funding = summary(funded_project(amounts, printed))

    assert funding.total == D(total)  # the total is the sum of the lines
    assert funding.currency == "EUR"
    assert funding.printed_total == D(printed)
    assert funding.discrepancy.printed == D(printed)
    assert funding.discrepancy.difference == D(difference)


def test_a_printed_total_below_the_lines_still_differs_by_a_positive_amount():
    funding = summary(funded_project(["30000", "5000"], "30000"))

    assert funding.total == D("35000")
    assert funding.discrepancy.difference == D("5000")


def test_matching_totals_have_no_discrepancy():
    funding = summary(funded_project(["20000", "5000", "5000"], "30000"))

    assert funding.total == D("30000")
    assert funding.discrepancy is None


def test_two_currencies_are_summed_apart_and_a_line_without_amount_left_out():
    project = funded_project(["51621", "22124.13"], printed_total="73745.13")
    FundingLineFactory(project=project, amount=D("500000"), currency="XOF", order=5)
    FundingLineFactory(project=project, amount=None, note="Non évaluable", order=6)
    FundingLineFactory(project=project, amount=None, currency="USD", order=7)

    funding = summary(project)

    assert len(funding.lines) == 5  # every line is shown
    assert funding.totals == {"EUR": D("73745.13"), "XOF": D("500000")}
    assert funding.total is None  # euros are never added to FCFA
    assert funding.discrepancy is None  # a euro total cannot be compared with both


def test_a_cost_table_adds_the_lines_with_a_cost_and_compares_the_printed_total():
    project = ProjectFactory()
    table = CostTableFactory(project=project, printed_total=D("100000"))
    CostLineFactory(table=table, label="Dépenses de personnel", amount=D("65580"))
    CostLineFactory(table=table, label="Transport", amount=D("34364"))
    CostLineFactory(table=table, label="Formation", amount=None)
    agreeing = CostTableFactory(project=project, caption="Deuxième", order=1)
    CostLineFactory(table=agreeing, amount=D("125309"))

    first, second = summary(project).cost_tables

    assert [line.label for line in first.lines] == [
        "Dépenses de personnel",
        "Transport",
        "Formation",
    ]
    assert first.total == D("99944")
    assert (first.discrepancy.printed, first.discrepancy.difference) == (
        D("100000"),
        D("56"),
    )
    assert second.total == D("125309")
    assert second.discrepancy is None


def test_the_summary_reads_only_the_prefetched_rows(django_assert_num_queries):
    project = funded_project(*AUDE)
    CostLineFactory(table=CostTableFactory(project=project))
    project = sheet_prefetch(Project.objects.filter(pk=project.pk)).get()

    with django_assert_num_queries(0):
        funding = project.funding
        assert funding.total == D("66159")
        assert funding.discrepancy.difference == D("1000")
        assert funding.cost_tables[0].total == D("7200")


# --- What people see --------------------------------------------------------------

WARNING = (
    "Le document source indique un total de 67 159 €, qui diffère de 1 000 € "
    "de la somme des lignes ci-dessus."
)


@pytest.fixture
def aude(db):
    partnership = PartnershipFactory(
        french_authority=OrganisationFactory(name="Département de l'Aude"),
        partner=OrganisationFactory(name="Gouvernorat de Sousse", country="TN"),
    )
    return funded_project(*AUDE, partnership=partnership, start_year=2015)


def test_the_project_page_shows_the_sum_of_the_lines_and_the_printed_total(
    client, director, aude
):
    client.force_login(director)

    page = page_text(client.get(aude.get_absolute_url()))

    assert "Total 66 159 €" in plain_spaces(page)
    assert WARNING in plain_spaces(page)


def test_the_sheet_and_its_preview_give_the_page_s_total_and_leave_the_staff_note(
    client, director, aude
):
    client.force_login(director)

    pdf = sheet_reads(client.get(reverse("projects:sheet-pdf", args=[aude.slug])))
    preview = framed_text(client.get(reverse("projects:sheet", args=[aude.slug])))

    assert "TOTAL 66 159 €" in pdf
    assert "Total 66 159 €" in plain_spaces(preview)
    # the note on the source's total is for staff: the page has it, not the sheet
    assert WARNING not in pdf
    assert WARNING not in plain_spaces(preview)


def test_the_dashboard_the_list_and_the_export_give_the_same_total(
    client, director, aude
):
    client.force_login(director)

    dashboard = plain_spaces(page_text(client.get(reverse("home"))))
    listed = plain_spaces(page_text(client.get(reverse("projects:project-list"))))
    exported = read_xlsx(
        client.get(reverse("projects:project-list"), {"export": "xlsx"}).content
    )

    assert "Aude – Sousse 66 159 €" in dashboard
    # the lines have no year split nor period: by year, the year is unknown
    assert "Année inconnue 66 159 €" in dashboard
    assert f"{aude.title} " in listed and " 66 159 €" in listed
    headers, row = exported[0], exported[1]
    assert row[headers.index("Total des financements")] == 66159
    assert row[headers.index("Devise")] == "EUR"


def test_two_currencies_are_shown_apart_on_every_page(client, director):
    project = funded_project(["1000"], partnership=PartnershipFactory())
    FundingLineFactory(project=project, amount=D("500000"), currency="XOF")
    FundingLineFactory(project=project, amount=None, note="Non évaluable")
    client.force_login(director)

    page = plain_spaces(page_text(client.get(project.get_absolute_url())))
    pdf = sheet_reads(client.get(reverse("projects:sheet-pdf", args=[project.slug])))
    dashboard = plain_spaces(page_text(client.get(reverse("home"))))

    assert "Total EUR 1 000 €" in page
    assert "Total XOF 500 000 FCFA" in page
    assert "non évalué" in page
    assert "TOTAL 1 000 € TOTAL 500 000 FCFA" in pdf
    assert "501 000" not in page + pdf + dashboard
    assert re.search(r"500 000 FCFA .* 1 000 €", dashboard)


def test_a_cost_table_warns_on_the_page_and_the_sheet_prints_its_total(
    client, director
):
    project = ProjectFactory()
    table = CostTableFactory(project=project, printed_total=D("100000"))
    CostLineFactory(table=table, label="Dépenses de personnel", amount=D("65580"))
    CostLineFactory(table=table, label="Transport", amount=D("34364"))
    client.force_login(director)
    warning = (
        "Le document source indique un total de 100 000 €, qui diffère de 56 € "
        "de la somme des lignes ci-dessus."
    )

    page = plain_spaces(page_text(client.get(project.get_absolute_url())))
    pdf = sheet_reads(client.get(reverse("projects:sheet-pdf", args=[project.slug])))

    assert "Total 99 944 €" in page and warning in page
    assert "TOTAL 99 944 €" in pdf and warning not in pdf


def test_the_funding_lines_list_counts_the_lines_its_total_adds_up(client, director):
    project = funded_project(["1000", "2500.50"])
    FundingLineFactory(project=project, amount=None, note="Non évaluable")
    client.force_login(director)

    page = plain_spaces(page_text(client.get(reverse("projects:fundingline-list"))))

    assert "3 lignes de financement" in page  # every line is listed
    assert "Total en EUR (2 lignes) 3 500,50 €" in page  # two of them are counted


@pytest.fixture
def in_english(client, director):
    """The director's pages in English; the tests after it in French again (the
    middleware leaves the last request's language active in the thread)."""
    client.force_login(director)
    with translation.override(settings.LANGUAGE_CODE):
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        yield client


def test_the_warning_is_translated_on_the_page_and_the_sheet_is_in_english_too(
    in_english, aude
):
    warning = (
        "The source document gives a total of €67,159, which differs by €1,000 "
        "from the sum of the lines above."
    )

    page = page_text(in_english.get(aude.get_absolute_url()))
    preview = framed_text(in_english.get(reverse("projects:sheet", args=[aude.slug])))

    assert warning in page
    assert "Total €66,159" in plain_spaces(preview) and warning not in preview
