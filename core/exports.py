"""Exports of the portal's lists to .xlsx and .csv, through import-export resources.

A list view exports what it shows, with its filters:

    if file_format := requested_export_format(request):
        return export_response(
            queryset=filterset.qs,
            resource_class=ProjectResource,
            file_format=file_format,
            filename="projets",
        )

- In .xlsx, numbers are number cells and dates date cells.
- In .csv: UTF-8 with a BOM, semicolons, a decimal comma: what a French spreadsheet
  program opens as it is (the imports read it back).
- A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return, or whose
  first non-space character is one of `= + - @`, is prefixed with a quote, so that
  no spreadsheet program runs it as a formula (OWASP, CSV injection); the imports
  remove that quote again.
"""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import tablib
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from import_export.fields import Field
from import_export.formats import base_formats
from import_export.widgets import DateWidget, DecimalWidget, IntegerWidget
from import_export.widgets import ManyToManyWidget as BaseManyToManyWidget
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from .spreadsheets import FORMULA_STARTS

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"


# What a spreadsheet program runs as a formula once it skips leading spaces.
FORMULA_SIGNS = ("=", "+", "-", "@")


def escape_cell(value):
    """A text that a spreadsheet would run as a formula, made inert with a quote:
    starting with = + - @, a tab or a carriage return, or with one of = + - @ after
    spaces (`  =HYPERLINK(…)`, which programs run all the same)."""
    if isinstance(value, str) and (
        value.startswith(FORMULA_STARTS) or value.lstrip().startswith(FORMULA_SIGNS)
    ):
        return f"'{value}"
    return value


def plain_value(value):
    """A value an xlsx cell can hold: aware datetimes in local time, without zone."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def dataset_to_xlsx(dataset: tablib.Dataset, *, title: str = "Export") -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31] or "Export")
    headers = [str(header) for header in dataset.headers or []]
    for index, header in enumerate(headers):
        letter = sheet_column_letter(index)
        sheet.column_dimensions[letter].width = min(max(len(header) + 4, 12), 60)
    sheet.freeze_panes = "A2"
    xlsx_table_write(sheet, headers, dataset)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def xlsx_table_write(sheet, headers, rows) -> None:
    """Appends to a write-only sheet a bold header row, then a row of typed cells
    (numbers, dates, inert formulas: `xlsx_cell`) per row."""
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=escape_cell(plain_value(header)))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])


def sheet_column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def xlsx_cell(sheet, value):
    value = plain_value(value)
    if value is None or value == "":
        return None
    cell = WriteOnlyCell(sheet, value=escape_cell(value))
    if isinstance(value, Decimal):
        cell.number_format = MONEY_FORMAT
    elif isinstance(value, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    return cell


def csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("oui") if value else gettext("non")
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    if isinstance(value, datetime):
        return plain_value(value).isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return escape_cell(str(value))


def dataset_to_csv(dataset: tablib.Dataset) -> bytes:
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    writer.writerow([escape_cell(str(header)) for header in dataset.headers or []])
    for row in dataset:
        writer.writerow([csv_text(value) for value in row])
    return ("\ufeff" + output.getvalue()).encode("utf-8")


EXPORT_FORMATS = {
    "xlsx": (
        XLSX_CONTENT_TYPE,
        lambda dataset, title: dataset_to_xlsx(dataset, title=title),
    ),
    "csv": (CSV_CONTENT_TYPE, lambda dataset, title: dataset_to_csv(dataset)),
}


def requested_export_format(request) -> str | None:
    """`xlsx` or `csv` when the request asks for an export (`?export=xlsx`)."""
    file_format = request.GET.get("export")
    return file_format if file_format in EXPORT_FORMATS else None


def export_response(
    *, queryset: QuerySet, resource_class, file_format: str, filename: str
) -> HttpResponse:
    """The rows of `queryset` as an .xlsx or .csv download, in the columns of
    `resource_class`; the file is named `<filename>-<date>.<format>`."""
    if file_format not in EXPORT_FORMATS:
        raise Http404
    content_type, render = EXPORT_FORMATS[file_format]
    dataset = resource_class().export(queryset=queryset, force_native_type=True)
    response = HttpResponse(render(dataset, filename), content_type=content_type)
    name = f"{filename}-{timezone.localdate().isoformat()}.{file_format}"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


# -- the pieces of the resources -------------------------------------------------------


def text_column(label, attribute: str) -> Field:
    return Field(attribute=attribute, column_name=label, readonly=True)


def number_column(label, attribute: str) -> Field:
    return Field(
        attribute=attribute, column_name=label, readonly=True, widget=DecimalWidget()
    )


def integer_column(label, attribute: str) -> Field:
    return Field(
        attribute=attribute, column_name=label, readonly=True, widget=IntegerWidget()
    )


def date_column(label, attribute: str) -> Field:
    return Field(
        attribute=attribute, column_name=label, readonly=True, widget=DateWidget()
    )


class ManyToManyWidget(BaseManyToManyWidget):
    """Names joined with commas, read from a prefetched relation (no query per row)."""

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return ", ".join(str(getattr(item, self.field)) for item in value.all())


def list_column(label, attribute: str, model, field: str = "name") -> Field:
    return Field(
        attribute=attribute,
        column_name=label,
        readonly=True,
        widget=ManyToManyWidget(model, field=field),
    )


class ExportQuerysetMixin:
    """Adds to the exported queryset the relations the columns read, so that an
    export costs the same number of queries for 10 rows or 10,000."""

    export_select_related: tuple[str, ...] = ()
    export_prefetch_related: tuple[str, ...] = ()
    # Rows are read (and their relations prefetched) a thousand at a time, not
    # import-export's hundred.
    export_chunk_size = 1_000

    def get_chunk_size(self):
        return self.export_chunk_size

    def filter_export(self, queryset, **kwargs):
        if self.export_select_related:
            queryset = queryset.select_related(*self.export_select_related)
        if self.export_prefetch_related:
            queryset = queryset.prefetch_related(*self.export_prefetch_related)
        return queryset


# -- the admin's export formats --------------------------------------------------------


class XLSXExport(base_formats.XLSX):
    """import-export's xlsx, written by `dataset_to_xlsx` (formulas escaped)."""

    def export_data(self, dataset, **kwargs):
        return dataset_to_xlsx(dataset)

    def can_import(self):
        return False


class CSVExport(base_formats.CSV):
    """import-export's csv, written by `dataset_to_csv` (formulas escaped)."""

    def export_data(self, dataset, **kwargs):
        return dataset_to_csv(dataset)

    def is_binary(self):
        return True

    def can_import(self):
        return False
