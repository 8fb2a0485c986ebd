"""The import of funding lines, through the service: files built in the tests (xlsx,
ods, csv in each encoding and separator), headers, amounts, matching, writing, whole
files refused, query counts."""

import gc
import io
import math
import zipfile
from decimal import Decimal

import openpyxl
import openpyxl.xml
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.spreadsheets import read_spreadsheet
from imports.services import (
    Outcome,
    SpreadsheetError,
)
from imports.writing import BATCH_SIZE
from partnerships.models import Organisation
from projects.models import FundingLine
from tests.factories import (
    FundingLineFactory,
    OrganisationFactory,
    ProjectFactory,
)
from tests.spreadsheets import (
    HEADERS,
    csv_bytes,
    import_sheet,
    ods_bytes,
    written,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

pytestmark = pytest.mark.django_db


# -- files, headers, amounts -----------------------------------------------------------


def test_a_preview_says_what_would_change_and_writes_nothing(project, savoie):
    data = xlsx_bytes(
        [
            HEADERS,
            [project.title, savoie.name, "22 124,13 €", "", "sur 24 mois"],
            [project.title, "Fondation Nouvelle", "30 000", "", ""],
        ]
    )
    before = written()

    report = import_sheet(data, dry_run=True)

    assert report.counts[Outcome.CREATED] == 2
    assert not report.committed
    assert report.new_references == ["Fondation Nouvelle"]
    assert report.rows[1].new == ["financeur nouveau"]
    assert written() == before


def test_english_headers_are_read_whatever_their_case_accents_or_spaces(
    project, savoie
):
    data = csv_bytes(
        [
            ["  PROJECT ", "funder", "AMOUNT (€)", " Currency", "Remarque"],
            [project.title, savoie.name, "1 000", "XOF", "tranche 1"],
        ],
        delimiter=",",
    )

    import_sheet(data)

    line = FundingLine.objects.get()
    assert (line.funder, line.amount, line.currency, line.note) == (
        savoie,
        Decimal("1000.00"),
        "XOF",
        "tranche 1",
    )


@pytest.mark.parametrize("delimiter", [",", ";"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_files_are_read_in_each_encoding_and_separator(
    project, delimiter, encoding
):
    data = csv_bytes(
        [
            ["Projet", "Financeur", "Montant", "Remarque"],
            [project.title, "Métropole de Lyon", "12 500,50 €", "première tranche"],
        ],
        delimiter=delimiter,
        encoding=encoding,
    )

    report = import_sheet(data)

    assert report.committed, report.errors
    line = FundingLine.objects.get()
    assert line.funder.name == "Métropole de Lyon"
    assert line.amount == Decimal("12500.50")
    assert line.note == "première tranche"


@pytest.mark.parametrize("first_line", ["Financements 2024", "sep=;"])
def test_a_csv_separator_is_found_under_a_title_or_excel_hint(
    project, savoie, first_line
):
    data = f"{first_line}\r\n".encode() + csv_bytes(
        [HEADERS, [project.title, savoie.name, "1 000,50", "", "a, b"]]
    )

    report = import_sheet(data, dry_run=True)

    assert report.errors == []
    assert report.rows[0].cells["note"] == "a, b"
    assert report.rows[0].line == (3 if first_line == "Financements 2024" else 2)


def test_an_ods_file_is_read_with_its_number_cells(project, savoie):
    data = ods_bytes(
        [HEADERS, [project.title, savoie.name, 22124.13, "EUR", "sur 24 mois"]]
    )

    import_sheet(data)

    assert FundingLine.objects.get().amount == Decimal("22124.13")


@pytest.mark.parametrize(
    ("written_amount", "expected"),
    [
        ("22 124,13 €", "22124.13"),
        ("22\u00a0124,13\u00a0€", "22124.13"),
        ("22\u202f124,13\u202f€", "22124.13"),
        ("30 000", "30000"),
        ("30 000 euros", "30000"),
        ("1 690 650,00 EUR", "1690650"),
        ("22,124.13", "22124.13"),
        (22124.13, "22124.13"),
        (30000, "30000"),
    ],
)
def test_amounts_are_read_as_people_write_them(
    project, savoie, written_amount, expected
):
    data = xlsx_bytes([HEADERS, [project.title, savoie.name, written_amount, "", ""]])

    import_sheet(data)

    line = FundingLine.objects.get()
    assert line.amount == Decimal(expected)
    assert line.currency == "EUR"


def test_a_currency_written_beside_the_amount_is_kept(project, savoie):
    import_sheet(
        xlsx_bytes([HEADERS, [project.title, savoie.name, "12 000 FCFA", "", ""]])
    )

    assert FundingLine.objects.get().currency == "XOF"


def test_a_title_row_above_the_headers_and_blank_rows_are_skipped(project, savoie):
    data = xlsx_bytes(
        [HEADERS, [project.title, savoie.name, "douze mille", "", ""], [], []],
        title_rows=[["Financements 2024"], []],
    )

    report = import_sheet(data, dry_run=True)

    assert [str(error) for error in report.errors] == [
        "Ligne 4 : montant « douze mille » illisible"
    ]


def test_an_xlsx_table_away_from_a1_keeps_the_line_numbers_people_see(project, savoie):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for offset, row in enumerate(
        [HEADERS, [project.title, savoie.name, 12000, "", ""], [project.title]]
    ):
        for column, value in enumerate(row, start=2):  # from B3 on, A stays empty
            sheet.cell(row=3 + offset, column=column, value=value)
    output = io.BytesIO()
    workbook.save(output)

    report = import_sheet(output.getvalue(), dry_run=True)

    assert [str(error) for error in report.errors] == [
        "Ligne 5 : financeur manquant"
        " (ou un libellé, pour une ligne qui n'est pas un financeur)"
    ]
    assert report.counts[Outcome.CREATED] == 1
    assert report.rows[0].cells["amount"].amount == Decimal("12000.00")


# -- matching --------------------------------------------------------------------------


def test_funders_and_projects_are_matched_ignoring_case_accents_and_spaces(
    project, savoie
):
    data = xlsx_bytes(
        [
            HEADERS,
            [
                "  l’ACTION sociale   de l'autre ",
                "departement DE LA  savoie",
                10,
                "",
                "",
            ],
            ["action-sociale", "DÉPARTEMENT de la Savoie", 20, "", "solde"],
        ]
    )
    organisations = Organisation.objects.count()

    report = import_sheet(data)

    assert report.new_references == []
    assert Organisation.objects.count() == organisations
    assert set(FundingLine.objects.values_list("project", "funder")) == {
        (project.pk, savoie.pk)
    }


def test_a_project_is_found_by_its_aliases_whatever_its_quotes(savoie):
    project = ProjectFactory(
        title="Programme concerté pluri-acteurs France-Tunisie « Soyons Actifs »",
        aliases="Le programme concerté pluri-acteurs France-Tunisie « Soyons Actifs »",
    )
    data = xlsx_bytes(
        [
            HEADERS,
            [
                'LE PROGRAMME CONCERTÉ pluri-acteurs France-Tunisie "Soyons Actifs"',
                savoie.name,
                10,
                "",
                "",
            ],
        ]
    )

    report = import_sheet(data)

    assert not report.has_errors
    assert FundingLine.objects.get().project == project


def test_an_unknown_project_is_a_row_error_and_never_a_new_project(savoie):
    ProjectFactory(title="Un projet")
    data = xlsx_bytes([HEADERS, ["Projet inconnu", savoie.name, "1 000", "", ""]])

    report = import_sheet(data)

    assert not report.committed
    assert [str(error) for error in report.errors] == [
        "Ligne 2 : projet « Projet inconnu » introuvable"
    ]
    assert report.errors[0].column == "Projet"
    assert FundingLine.objects.count() == 0


def test_a_row_error_names_its_line_column_and_value(project, savoie):
    rows = [[project.title, savoie.name, f"{n} 000", "", ""] for n in range(1, 6)]
    rows.append([project.title, savoie.name, "douze mille", "", ""])
    report = import_sheet(xlsx_bytes([HEADERS, *rows]), dry_run=True)

    (error,) = report.errors
    assert str(error) == "Ligne 7 : montant « douze mille » illisible"
    assert error.column == "Montant"
    assert report.counts[Outcome.REFUSED] == 1


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (["", "X", "10", "", ""], "Ligne 2 : projet manquant"),
        (
            ["{project}", "", "10", "", ""],
            "Ligne 2 : financeur manquant (ou un libellé, pour une ligne qui n'est "
            "pas un financeur)",
        ),
        (["{project}", "X", "-5", "", ""], "Ligne 2 : montant « -5 » négatif"),
        (
            ["{project}", "X", "1,2345", "", ""],
            "Ligne 2 : montant « 1,2345 » : deux décimales au plus",
        ),
        (
            ["{project}", "X", "10", "euro s", ""],
            "Ligne 2 : devise « euro s » inconnue : indiquez un code à trois lettres, "
            "comme EUR",
        ),
        (
            ["{project}", "X", "10", "", "x" * 121],
            "Ligne 2 : note : 120 caractères au plus (121 écrits)",
        ),
    ],
)
def test_a_refused_row_says_why_and_nothing_is_written(project, savoie, cells, message):
    cells = [cell.format(project=project.title) for cell in cells]
    valid = [project.title, savoie.name, "10", "", "valide"]
    before = written()

    report = import_sheet(xlsx_bytes([HEADERS, cells, valid]))

    assert [str(error) for error in report.errors] == [message]
    assert not report.committed
    assert written() == before


def test_an_ambiguous_project_title_asks_for_its_slug(savoie):
    ProjectFactory(title="Jeunesse", slug="jeunesse-1")
    second = ProjectFactory(title="Jeunesse", slug="jeunesse-2")
    data = xlsx_bytes(
        [
            ["Projet", "Identifiant du projet", "Financeur", "Montant"],
            ["Jeunesse", "", savoie.name, 10],
            ["Jeunesse", "jeunesse-2", savoie.name, 10],
        ]
    )

    report = import_sheet(data, dry_run=True)

    assert "ambigu" in str(report.errors[0])
    assert report.rows[1].outcome == Outcome.CREATED
    assert report.rows[1].cells["project"] == second.title


def test_a_non_funder_line_is_read_from_the_label_column(project):
    data = xlsx_bytes(
        [
            ["Projet", "Financeur", "Libellé", "Montant"],
            [project.title, "", "Montant à mobiliser", "8 000"],
        ]
    )

    import_sheet(data)

    line = FundingLine.objects.get()
    assert (line.funder, line.label) == (None, "Montant à mobiliser")


def test_a_label_written_as_a_funder_designates_the_existing_line(project):
    FundingLineFactory(
        project=project, funder=None, label="Montant à mobiliser", amount=8000
    )
    organisations = Organisation.objects.count()

    report = import_sheet(
        xlsx_bytes([HEADERS, [project.title, "montant a mobiliser", 9000]])
    )

    assert report.counts[Outcome.UPDATED] == 1
    assert Organisation.objects.count() == organisations
    assert FundingLine.objects.get().amount == Decimal("9000")


# -- writing ---------------------------------------------------------------------------


def test_importing_the_same_file_twice_changes_nothing_the_second_time(
    project, savoie, administrator
):
    data = xlsx_bytes(
        [
            HEADERS,
            [project.title, savoie.name, "22 124,13 €", "", "sur 24 mois"],
            [project.title, savoie.name, "5 000", "", "sur 24 mois"],
            [project.title, "Fondation Nouvelle", "30 000", "", ""],
        ]
    )
    first = import_sheet(data, user=administrator)
    after_first = written()

    second = import_sheet(data, user=administrator)

    assert first.counts[Outcome.CREATED] == 3
    assert second.counts == {
        Outcome.CREATED: 0,
        Outcome.UPDATED: 0,
        Outcome.UNCHANGED: 3,
        Outcome.REFUSED: 0,
        Outcome.TOTAL: 0,
    }
    assert written() == after_first


def test_an_import_updates_matched_lines_and_keeps_their_history(
    project, savoie, administrator
):
    line = FundingLineFactory(project=project, funder=savoie, amount=Decimal("5000"))

    report = import_sheet(
        xlsx_bytes([HEADERS, [project.title, savoie.name, "5 500", "", ""]]),
        user=administrator,
    )

    assert report.rows[0].changes == ["montant : 5\u00a0000\u00a0€ → 5\u00a0500\u00a0€"]
    line.refresh_from_db()
    assert line.amount == Decimal("5500")
    newest = line.history.first()
    assert newest.history_user == administrator
    assert newest.history_change_reason == "Import du fichier fichier.xlsx"


def test_imported_lines_and_new_funders_have_their_history(project, administrator):
    import_sheet(
        xlsx_bytes([HEADERS, [project.title, "Fondation Nouvelle", "1 000", "", ""]]),
        user=administrator,
    )

    line = FundingLine.objects.get()
    assert line.history.get().history_user == administrator
    assert line.funder.history.get().history_type == "+"
    assert line.order == 0


def test_imported_records_pass_the_models_validation(project, savoie):
    data = xlsx_bytes(
        [
            ["Projet", "Financeur", "Libellé", "Montant", "Devise", "Note"],
            [project.title, savoie.name, "", "22 124,13 €", "", "x" * 120],
            [project.title, "F" * 255, "", 999_999_999_999.99, "XOF", ""],
            [project.title, "", "Montant à mobiliser", "", "", ""],
        ]
    )

    report = import_sheet(data)

    assert report.committed, report.errors
    for line in FundingLine.objects.select_related("funder"):
        line.full_clean()
        if line.funder:
            line.funder.full_clean()


# -- whole files refused ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Le fichier est vide."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "n'est pas un tableur"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x00\x01", "n'est pas un tableur"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "Les fichiers .xls"),
        (b"PK\x03\x04 not really a zip", "n'est pas un tableur"),
        (b"Projet;Financeur\r\n", "Colonnes obligatoires absentes : Montant."),
        (b"Projet;Financeur;Montant\r\n", "ne contient que des en-têtes"),
    ],
)
def test_a_file_that_cannot_be_imported_is_refused_whole(data, message):
    before = written()

    with pytest.raises(SpreadsheetError) as error:
        import_sheet(data)

    assert message in str(error.value)
    assert written() == before


def test_an_import_gives_the_garbage_collector_back_as_it_found_it(project, savoie):
    """The collector is paused while a file is read and matched, never left off."""
    assert gc.isenabled()
    import_sheet(csv_bytes([HEADERS, [project.title, savoie.name, "12 000", "", ""]]))
    assert gc.isenabled()
    with pytest.raises(SpreadsheetError):
        import_sheet(b"Projet;Financeur\r\n")
    assert gc.isenabled()

    gc.disable()
    try:
        import_sheet(
            csv_bytes([HEADERS, [project.title, savoie.name, "13 000", "", ""]])
        )
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()
    assert FundingLine.objects.get(project=project, amount=13_000)


def test_a_file_over_the_size_limit_is_refused(settings, project, savoie):
    settings.IMPORT_MAX_FILE_SIZE = 1024
    rows = [[project.title, savoie.name, n, "", "x" * 40] for n in range(100)]

    with pytest.raises(SpreadsheetError, match="taille maximale de 1,0"):
        import_sheet(csv_bytes([HEADERS, *rows]))


def test_a_file_over_the_row_limit_is_refused(settings, project, savoie):
    settings.IMPORT_MAX_ROWS = 5
    rows = [[project.title, savoie.name, n, "", ""] for n in range(6)]

    with pytest.raises(SpreadsheetError, match="plus de 5 lignes"):
        import_sheet(xlsx_bytes([HEADERS, *rows]))
    assert FundingLine.objects.count() == 0


def test_xlsx_parsing_refuses_an_xml_bomb():
    assert openpyxl.xml.DEFUSEDXML  # openpyxl parses with defusedxml
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c>'
        "</row></sheetData></worksheet>"
    )
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([HEADERS])))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for name in source.namelist():
            content = source.read(name)
            archive.writestr(
                name, bomb if name == "xl/worksheets/sheet1.xml" else content
            )

    with pytest.raises(SpreadsheetError, match="n'est pas un tableur"):
        import_sheet(output.getvalue())


def test_a_stray_cell_far_away_does_not_stretch_the_xlsx_read(project, savoie):
    """A 5 KB file with one cell at column 16,000, row 200,000 took 96 s to read
    (every row stretched to that column); now at most 200 columns are read and the
    blank run under the table ends the sheet."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet.append([project.title, savoie.name, "12 000", "", ""])
    sheet.cell(row=200_000, column=16_000, value="loin")
    output = io.BytesIO()
    workbook.save(output)

    rows = read_spreadsheet(output.getvalue()).rows

    assert [line for line, _cells in rows] == [1, 2]
    assert {len(cells) for _line, cells in rows} == {200}
    assert rows[1][1][:3] == [project.title, savoie.name, "12 000"]
    assert import_sheet(output.getvalue()).counts[Outcome.CREATED] == 1


# -- query counts ----------------------------------------------------------------------


def funding_file(row_count: int) -> bytes:
    projects = [ProjectFactory() for _ in range(5)]
    funders = [OrganisationFactory() for _ in range(5)]
    rows = [
        [projects[n % 5].title, funders[n % 5].name, f"{n + 1} 000", "", f"tranche {n}"]
        for n in range(row_count)
    ]
    return xlsx_bytes([HEADERS, *rows])


def insert_statements(model, rows: int) -> int:
    """The INSERTs bulk_create needs for `rows` rows: one on PostgreSQL; on SQLite,
    one per 999 query parameters (Django's cap), the only growth allowed."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    batch = min(BATCH_SIZE, connection.ops.bulk_batch_size(fields, range(rows)))
    return math.ceil(rows / batch)


@pytest.mark.parametrize("dry_run", [True, False])
def test_the_queries_of_an_import_do_not_grow_with_its_rows(
    dry_run, administrator, django_assert_max_num_queries
):
    small, large = funding_file(10), funding_file(500)
    with CaptureQueriesContext(connection) as queries:
        import_sheet(small, dry_run=dry_run, user=administrator)
    FundingLine.objects.all().delete()
    batches = (
        0
        if dry_run
        else sum(
            insert_statements(model, 500) - insert_statements(model, 10)
            for model in (FundingLine, FundingLine.history.model)
        )
    )

    with django_assert_max_num_queries(len(queries.captured_queries) + batches):
        report = import_sheet(large, dry_run=dry_run, user=administrator)

    assert report.counts[Outcome.CREATED] == 500
