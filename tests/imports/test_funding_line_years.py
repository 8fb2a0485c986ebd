"""The year-split layout of the funding-lines import: a column per calendar year,
headed by its year, holds the line's part in that year. The parts add up to the
amount or the row is refused; an exported file carries the same columns and imports
back unchanged."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from core.spreadsheets import year_column
from imports.services import Outcome
from projects.models import FundingLine, FundingLineYear
from tests.factories import FundingLineFactory
from tests.spreadsheets import import_sheet, xlsx_bytes

pytestmark = pytest.mark.django_db

D = Decimal
BY_YEAR = ["Projet", "Financeur", "Montant", "Début", "Fin", "2016", "Montant 2017"]


def spaced(text) -> str:
    """A message as read: its no-break spaces (within amounts) as spaces."""
    return str(text).replace("\xa0", " ")


def split_of(line) -> list[tuple[int, Decimal]]:
    return list(line.years.values_list("year", "amount"))


def test_a_line_over_two_years_is_split_as_the_file_says(project, savoie):
    data = xlsx_bytes(
        [
            BY_YEAR,
            [project.title, savoie.name, "51 621", "01/01/2016", "31/12/2017"]
            + ["20 000", 31621],
            # no amount: the years add up to it
            [project.title, "Mairie de Bignona", "", "", "", "1 000", "500,50"],
        ]
    )

    report = import_sheet(data)

    assert report.committed, report.errors
    savoie_line = FundingLine.objects.get(funder=savoie)
    assert savoie_line.amount == D("51621")
    assert split_of(savoie_line) == [(2016, D("20000")), (2017, D("31621"))]
    bignona_line = FundingLine.objects.get(funder__name="Mairie de Bignona")
    assert bignona_line.amount == D("1500.50")
    assert split_of(bignona_line) == [(2016, D("1000")), (2017, D("500.50"))]
    part = FundingLineYear.history.filter(year=2016, amount=D("20000")).get()
    assert part.history_change_reason == "Import du fichier fichier.xlsx"
    assert report.rows[0].cells["year_2016"].amount == D("20000")


def test_years_that_do_not_add_up_refuse_the_row_and_nothing_is_written(
    project, savoie
):
    data = xlsx_bytes(
        [BY_YEAR, [project.title, savoie.name, "51 621", "", "", "20 000", "30 000"]]
    )

    report = import_sheet(data)

    assert not report.committed
    assert [spaced(error) for error in report.errors] == [
        "Ligne 2 : Les montants par année totalisent 50 000 € au lieu du montant de "
        "la ligne, 51 621 €."
    ]
    assert not FundingLine.objects.exists()
    assert not FundingLineYear.objects.exists()


def test_a_year_outside_the_period_of_the_line_is_refused(project, savoie):
    data = xlsx_bytes(
        [
            BY_YEAR,
            [project.title, savoie.name, "300", "01/01/2017", "31/12/2017"]
            + ["100", "200"],
        ]
    )

    report = import_sheet(data)

    assert [str(error) for error in report.errors] == [
        "Ligne 2 : Année 2016 hors de la période de la ligne."
    ]


def test_an_unreadable_year_cell_is_refused_naming_its_year(project, savoie):
    data = xlsx_bytes(
        [BY_YEAR, [project.title, savoie.name, "300", "", "", "cent", "200"]]
    )

    report = import_sheet(data)

    assert [str(error) for error in report.errors] == [
        "Ligne 2 : montant « cent » illisible"
    ]
    assert report.errors[0].column == "2016"


def test_a_new_amount_comes_with_its_new_split_which_replaces_the_old(project, savoie):
    line = FundingLineFactory(project=project, funder=savoie, amount=D("100"))
    old = FundingLineYear.objects.create(line=line, year=2016, amount=D("100"))
    data = xlsx_bytes(
        [BY_YEAR, [project.title, savoie.name, "150", "", "", "50", "100"]]
    )

    preview = import_sheet(data, dry_run=True)
    report = import_sheet(data)

    assert [spaced(change) for change in preview.rows[0].changes] == [
        "montant : 100 € → 150 €",
        "répartition : 2016 : 100 € → 2016 : 50 €, 2017 : 100 €",
    ]
    assert report.committed, report.errors
    line.refresh_from_db()
    assert line.amount == D("150")
    assert split_of(line) == [(2016, D("50")), (2017, D("100"))]
    deleted = FundingLineYear.history.get(id=old.pk, history_type="-")
    assert deleted.history_change_reason == "Import du fichier fichier.xlsx"


def test_the_same_file_twice_changes_nothing_the_second_time(project, savoie):
    data = xlsx_bytes(
        [BY_YEAR, [project.title, savoie.name, "300", "", "", "100", "200"]]
    )
    import_sheet(data)
    history = FundingLineYear.history.count()

    again = import_sheet(data)

    assert again.counts[Outcome.UNCHANGED] == 1, again.errors
    assert FundingLineYear.history.count() == history


def test_a_file_without_year_columns_keeps_the_split(project, savoie):
    line = FundingLineFactory(
        project=project, funder=savoie, amount=D("100"), note="ancienne"
    )
    FundingLineYear.objects.create(line=line, year=2016, amount=D("100"))
    data = xlsx_bytes(
        [["Projet", "Financeur", "Montant", "Note"], [project.title, savoie.name, 100]]
    )

    report = import_sheet(data)

    assert report.committed, report.errors
    assert split_of(line) == [(2016, D("100"))]


def test_the_export_writes_a_column_per_year_and_imports_back_unchanged(
    client, director, project, savoie
):
    line = FundingLineFactory(
        project=project,
        funder=savoie,
        amount=D("51621"),
        period_start=datetime.date(2016, 1, 1),
        period_end=datetime.date(2017, 12, 31),
    )
    FundingLineYear.objects.create(line=line, year=2016, amount=D("20000"))
    FundingLineYear.objects.create(line=line, year=2017, amount=D("31621"))
    FundingLineFactory(project=project, funder=None, label="F2C", amount=None)
    client.force_login(director)

    exported = client.get(
        reverse("projects:fundingline-list"), {"export": "xlsx"}
    ).content
    rows = [
        list(row)
        for row in openpyxl.load_workbook(io.BytesIO(exported)).active.iter_rows(
            values_only=True
        )
    ]
    report = import_sheet(exported)

    assert rows[0][-3:] == ["Note", "2016", "2017"]
    assert rows[1][-2:] == [20000, 31621]
    assert report.counts[Outcome.UNCHANGED] == 2, report.errors


@given(st.integers(min_value=1900, max_value=2199))
def test_a_header_that_is_a_year_is_that_year_s_column(year):
    for header in [str(year), f"Montant {year}", f"montant {year} (€)", year]:
        column = year_column(header)
        assert column is not None and column.key == f"year_{year}"


@given(st.text(max_size=12))
def test_a_header_that_is_not_a_year_is_no_year_column(header):
    column = year_column(header)
    if column is not None:
        assert column.label.isdigit() and column.label in header
