"""Spreadsheets crafted to hurt, or written carelessly: refused fast, with a short
French message, within bounds of memory; an upload is read once."""

import io
import tracemalloc
import zipfile

import pytest
from django.urls import reverse

import imports.records
from core.spreadsheets import SpreadsheetError, read_spreadsheet
from imports.models import ImportRecord
from imports.records import MAX_RECORD_MESSAGE
from imports.services import import_upload
from projects.models import FundingLine
from tests.spreadsheets import (
    HEADERS,
    csv_bytes,
    import_sheet,
    upload,
    written,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def rewritten(data: bytes, name: str, content: bytes) -> bytes:
    """`data`, a zip, with the member `name` replaced by `content`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info.filename))
        target.writestr(name, content)
    return output.getvalue()


def refused_within(data: bytes, *, megabytes: int) -> str:
    """The message refusing `data`, asserting the reading stayed under `megabytes`."""
    tracemalloc.start()
    try:
        with pytest.raises(SpreadsheetError) as refusal:
            read_spreadsheet(data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < megabytes * MB
    return str(refusal.value)


def test_an_xlsx_with_millions_of_shared_strings_is_refused_before_it_is_read():
    strings = b"<si><t>a</t></si>" * 2_000_000
    data = rewritten(
        xlsx_bytes([HEADERS, ["Projet", "Savoie", 1, "", ""]]),
        "xl/sharedStrings.xml",
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + strings
        + b"</sst>",
    )
    del strings
    assert len(data) < MB

    message = refused_within(data, megabytes=20)

    assert message.startswith("Le fichier se déplie en plus de 1")


def test_an_xlsx_with_more_cells_than_allowed_is_refused(settings):
    settings.IMPORT_MAX_CELLS = 100
    data = xlsx_bytes([HEADERS, *[["Projet", "Savoie", n, "", ""] for n in range(30)]])

    assert "se déplie en plus de 100 cellules" in refused_within(data, megabytes=20)


def ods_file(rows: list[bytes]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            b"application/vnd.oasis.opendocument.spreadsheet",
        )
        archive.writestr(
            "content.xml",
            b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:'
            b'xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:'
            b'table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
            b"<office:body><office:spreadsheet><table:table>"
            + b"".join(rows)
            + b"</table:table></office:spreadsheet></office:body>"
            b"</office:document-content>",
        )
    return output.getvalue()


def ods_row(*texts: str, repeated: int = 1) -> bytes:
    cells = b"".join(
        b'<table:table-cell office:value-type="string" '
        b'table:number-columns-repeated="%d"><text:p>%s</text:p></table:table-cell>'
        % (repeated, text.encode())
        for text in texts
    )
    return b"<table:table-row>" + cells + b"</table:table-row>"


def test_an_ods_whose_cells_are_repeated_a_thousand_times_is_refused_in_bounds():
    data = ods_file(
        [ods_row(*HEADERS), *[ods_row("x", "y", "z", repeated=1_000)] * 2_000]
    )
    assert len(data) < MB

    message = refused_within(data, megabytes=20)

    assert message == "Une ligne du fichier compte plus de 200 cellules remplies."


def test_an_ods_unfolding_into_too_many_cells_is_refused(settings):
    settings.IMPORT_MAX_CELLS = 1_000
    data = ods_file([ods_row(*HEADERS), *[ods_row("x", "y", repeated=50)] * 100])

    assert "se déplie en plus de" in refused_within(data, megabytes=20)


def test_a_spreadsheet_program_s_blank_edges_are_not_refused():
    edge = (
        b'<table:table-row table:number-rows-repeated="1048000">'
        b'<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    data = ods_file([ods_row(*HEADERS), ods_row("Projet", "Savoie", "5", "", ""), edge])

    assert len(read_spreadsheet(data).rows) == 2


# -- read once ------------------------------------------------------------------------


def test_the_pages_of_a_preview_do_not_read_the_file_again(
    client, administrator, project, savoie, monkeypatch
):
    reads = []

    def counted(data):
        reads.append(len(data))
        return read_spreadsheet(data)

    monkeypatch.setattr(imports.records, "read_spreadsheet", counted)
    monkeypatch.setattr("imports.views.ROWS_PER_PAGE", 10)
    rows = [[project.title, savoie.name, n + 1, "", f"tranche {n}"] for n in range(25)]
    client.force_login(administrator)
    client.post(
        reverse("imports:import-upload"),
        {"kind": "funding_lines", "file": upload(xlsx_bytes([HEADERS, *rows]))},
    )
    record = ImportRecord.objects.get()
    url = reverse("imports:import-preview", args=[record.pk])

    pages = [client.get(url, {"voir": "all", "page": page}) for page in (1, 2, 3)]

    assert len(reads) == 1
    assert all(page.status_code == 200 for page in pages)
    assert "tranche 24" in pages[2].content.decode()
    assert "tranche 24" not in pages[0].content.decode()

    client.post(reverse("imports:import-confirm", args=[record.pk]))
    assert FundingLine.objects.count() == 25


# -- careless files -------------------------------------------------------------------


def test_a_csv_row_cut_by_a_decimal_comma_is_refused_with_its_line(project, savoie):
    data = csv_bytes(
        [
            HEADERS,
            [project.title, savoie.name, "1234", "EUR", "a"],
            [project.title, savoie.name, "1234", "56", "EUR", "note"],
            [project.title, savoie.name, "20", "EUR", "b"],
        ],
        delimiter=",",
    )
    before = written()

    report = import_sheet(data)

    assert [error.line for error in report.errors] == [3]
    assert "6 cellules pour 5 colonnes" in report.errors[0].message
    assert written() == before


def test_a_csv_whose_separator_collides_with_decimal_commas_says_so(project, savoie):
    data = (
        "Projet,Financeur,Montant,Note\r\n"
        + "".join(f"{project.title},{savoie.name},1234,{n},note\r\n" for n in range(5))
    ).encode()

    with pytest.raises(SpreadsheetError) as refusal:
        import_sheet(data)

    assert "la virgule, est aussi la virgule décimale" in str(refusal.value)


def nul_file(project, savoie) -> bytes:
    padding = [[project.title, savoie.name, n + 1, "", "x" * 100] for n in range(250)]
    return csv_bytes(
        [
            HEADERS,
            *padding,
            [project.title, savoie.name, "5", "", "avant\x00après"],
            [project.title, savoie.name, "5\x00", "", ""],
        ]
    )


def test_a_nul_character_anywhere_is_refused_at_preview(project, savoie):
    data = nul_file(project, savoie)
    assert data.index(b"\x00") > 20_000

    report = import_sheet(data, dry_run=True)

    assert [str(error) for error in report.errors][:2] == [
        "Ligne 252 : caractère nul (\\0) dans une cellule",
        "Ligne 253 : caractère nul (\\0) dans une cellule",
    ]


def test_a_file_with_a_nul_character_is_never_confirmed(
    client, administrator, project, savoie
):
    client.force_login(administrator)
    client.post(
        reverse("imports:import-upload"),
        {"kind": "funding_lines", "file": upload(nul_file(project, savoie), "f.csv")},
    )
    record = ImportRecord.objects.get()

    preview = client.get(reverse("imports:import-preview", args=[record.pk]))
    confirm = client.post(reverse("imports:import-confirm", args=[record.pk]))

    assert "caractère nul" in preview.content.decode()
    assert "Confirmer l&#x27;import" not in preview.content.decode()
    assert confirm.status_code == 409
    assert FundingLine.objects.count() == 0


def test_a_huge_cell_does_not_make_a_huge_stored_message(administrator):
    data = xlsx_bytes([["x" * 30_000] * 100, ["a", "b"]])

    record, report = import_upload(
        kind="funding_lines", uploaded_file=upload(data), user=administrator
    )

    assert report is None and record.status == ImportRecord.Status.REFUSED
    assert record.message.startswith("Colonnes obligatoires absentes")
    assert len(record.message) <= MAX_RECORD_MESSAGE


def test_a_row_message_quotes_a_long_value_shortly(project, savoie):
    report = import_sheet(
        xlsx_bytes([HEADERS, [project.title, savoie.name, "douze" * 10_000, "", ""]])
    )

    assert len(str(report.errors[0])) < 400


def test_an_oversized_email_gets_a_short_french_message(administrator):
    email = "a" * 60 + "@" + ("b" * 60 + ".") * 4 + "fr"
    data = xlsx_bytes([["Organisation", "Courriel", "Contact"], ["A", email, "Bob"]])

    report = import_sheet(data, kind="organisations", user=administrator)

    assert [str(error) for error in report.errors] == [
        f"Ligne 2 : courriel : 254 caractères au plus ({len(email)} écrits)"
    ]


def test_a_formula_without_its_saved_value_is_reported_as_such(project):
    data = xlsx_bytes([HEADERS, [project.title, "=A1&B1", "=SUM(1,2)", "", ""]])

    report = import_sheet(data)

    messages = [error.message for error in report.errors]
    assert messages == [
        "formule sans valeur enregistrée (=A1&B1) : ouvrez le fichier dans un "
        "tableur et enregistrez-le",
        "formule sans valeur enregistrée (=SUM(1,2)) : ouvrez le fichier dans un "
        "tableur et enregistrez-le",
    ]
