"""Real spreadsheet files for the tests, built the way people's programs write them."""

import csv
import io

import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from imports.services import import_run
from partnerships.models import Contact, Organisation
from projects.models import FundingLine

HEADERS = ["Projet", "Financeur", "Montant", "Devise", "Note"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(rows: list[list], *, title_rows: list[list] = ()) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in [*title_rows, *rows]:
        sheet.append(list(row))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def csv_bytes(
    rows: list[list], *, delimiter: str = ";", encoding: str = "utf-8"
) -> bytes:
    output = io.StringIO()
    csv.writer(output, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return output.getvalue().encode(encoding)


def ods_bytes(rows: list[list]) -> bytes:
    dataset = tablib.Dataset(*rows[1:], headers=rows[0])
    return dataset.export("ods")


def upload(data: bytes, name: str = "financements.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=XLSX)


def read_xlsx(data: bytes) -> list[list]:
    """The values of the first sheet, as openpyxl reads them."""
    sheet = load_workbook(io.BytesIO(data)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def read_xlsx_cells(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def import_sheet(
    data: bytes, *, dry_run: bool = False, user=None, kind="funding_lines"
):
    return import_run(
        kind=kind, data=data, user=user, dry_run=dry_run, file_name="fichier.xlsx"
    )


def written():
    """What an import can write: to compare before and after."""
    return (
        FundingLine.objects.count(),
        FundingLine.history.count(),
        Organisation.objects.count(),
        Contact.objects.count(),
    )
