from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from projects.sheets.pdf import BASE_URL, SheetURLFetcher
from tests.factories import BudgetLineFactory, MissionFactory, OrganisationFactory
from tests.pages import pdf_pages

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def seminar():
    """A seminar budget in the layout of the report of the 2009 preparatory seminar,
    with a line a spreadsheet would read as a formula."""
    mission = MissionFactory(
        title="Séminaire de Varna",
        organiser=OrganisationFactory(name="Municipalité de Varna"),
    )
    BudgetLineFactory(
        mission=mission,
        side="expense",
        label="Frais d'hébergement",
        cash_amount=D("1250.50"),
        in_kind_amount=D("0"),
        note="Hébergement pour 40/50 personnes",
    )
    BudgetLineFactory(
        mission=mission,
        side="expense",
        label='=HYPERLINK("http://exemple.invalid")',
        cash_amount=D("0"),
        in_kind_amount=D("300"),
    )
    BudgetLineFactory(
        mission=mission,
        side="income",
        label="Financements du MAEE",
        cash_amount=D("1000"),
        in_kind_amount=D("300"),
        note="-sur 24 mois",
    )
    return mission


def download(client, user, mission, fmt):
    client.force_login(user)
    url = reverse("missions:mission-budget-export", args=[mission.pk, fmt])
    return client.get(url)


def test_the_xlsx_budget_has_french_headers_and_numbers_as_numbers(
    client, director, seminar
):
    response = download(client, director, seminar, "xlsx")

    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = rows.index(["Poste", "Dépenses", None, "Recettes", None, "Précisions"])
    assert rows[header + 1][1:5] == ["Numéraire", "Valorisation"] * 2
    lodging = next(row for row in rows if row[0] == "Frais d'hébergement")
    assert lodging[1:5] == [D("1250.5"), 0, None, None]
    assert isinstance(lodging[1], int | float | Decimal)
    total = next(row for row in rows if row[0] == "Total")
    assert total[1:5] == [D("1250.5"), 300, 1000, 300]
    balance = next(row for row in rows if row[0] and row[0].startswith("Solde en num"))
    assert balance[1] == D("-250.5")
    cell = sheet.cell(row=rows.index(lodging) + 1, column=2)
    assert "€" in cell.number_format
    assert response["Content-Disposition"].startswith("attachment;")


def test_xlsx_text_cells_that_look_like_formulas_are_escaped(client, director, seminar):
    response = download(client, director, seminar, "xlsx")

    sheet = load_workbook(BytesIO(response.content)).active
    texts = [c.value for row in sheet.iter_rows() for c in row if c.data_type == "s"]
    formulas = [c.value for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert '\'=HYPERLINK("http://exemple.invalid")' in texts
    assert "'-sur 24 mois" in texts
    assert formulas == []


def test_the_pdf_budget_is_one_page_with_the_layout_of_the_2009_seminar_report(
    client, director, seminar
):
    response = download(client, director, seminar, "pdf")

    assert response["Content-Type"] == "application/pdf"
    pages = pdf_pages(response.content)
    assert len(pages) == 1
    text = pages[0]
    assert "Séminaire de Varna" in text
    assert "Dépenses de Municipalité de Varna" in text
    assert "Numéraire Valorisation Numéraire Valorisation" in text
    assert "1 250,50 €" in text
    assert "Budget déséquilibré" in text


def test_long_notes_are_shortened_to_keep_the_pdf_on_one_page(
    client, director, seminar
):
    for n in range(12):
        BudgetLineFactory(
            mission=seminar,
            side="expense",
            label=f"Poste {n}",
            note=f"Note {n} : " + "une précision très détaillée " * 30,
        )

    response = download(client, director, seminar, "pdf")

    assert len(pdf_pages(response.content)) == 1


def test_the_pdf_fetcher_serves_our_static_files_and_refuses_everything_else():
    fetcher = SheetURLFetcher()  # the one the budget PDF uses

    css = fetcher.fetch(f"{BASE_URL}static/css/budget-pdf.css")

    assert b"@page" in css.read()
    for url in [
        "http://127.0.0.1:8000/static/css/budget-pdf.css",
        "file:///etc/passwd",
        f"{BASE_URL}media/secret.pdf",
        f"{BASE_URL}static/../../config/settings/base.py",
        "data:text/css,body{}",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_a_partner_cannot_download_the_budget_of_another_mission(
    client, partner_user, membership_factory, seminar
):
    membership_factory(user=partner_user, organisation=OrganisationFactory())

    response = download(client, partner_user, seminar, "xlsx")

    assert response.status_code == 404


def test_the_xlsx_budget_has_the_financial_report_once_lines_are_reported(
    client, director, seminar
):
    response = download(client, director, seminar, "xlsx")
    assert load_workbook(BytesIO(response.content)).sheetnames == [
        "Budget prévisionnel"
    ]

    lodging = seminar.budget_lines.get(label="Frais d'hébergement")
    lodging.actual_cash_amount = D("1400")
    lodging.actual_source = "Municipalité de Varna"
    lodging.save()
    grant = seminar.budget_lines.get(label="Financements du MAEE")
    grant.actual_cash_amount, grant.actual_in_kind_amount = D("1000"), D("0")
    grant.save()

    response = download(client, director, seminar, "xlsx")
    sheet = load_workbook(BytesIO(response.content))["Rapport financier"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Rapport financier : Séminaire de Varna", *[None] * 7]
    line = next(row for row in rows if row[0] == "Frais d'hébergement")
    assert line == [
        "Frais d'hébergement",
        "Dépense",
        D("1250.5"),
        0,
        1400,
        0,
        D("149.5"),
        "Municipalité de Varna",
    ]
    unreported = next(
        row for row in rows if row[0] == '\'=HYPERLINK("http://exemple.invalid")'
    )
    assert unreported[4:7] == ["non déclaré", None, None]
    expenses = next(row for row in rows if row[0] == "Total des dépenses")
    # the unreported line counts for nothing in the actual totals
    assert expenses[2:7] == [D("1250.5"), 300, 1400, 0, D("-150.5")]
    income = next(row for row in rows if row[0] == "Total des recettes")
    assert income[2:7] == [1000, 300, 1000, 0, -300]
    balance = next(row for row in rows if row[0] == "Solde (recettes − dépenses)")
    assert [balance[2], balance[4], balance[6]] == [D("-250.5"), -400, D("-149.5")]
    assert "€" in sheet.cell(row=rows.index(line) + 1, column=5).number_format
