"""Reading the spreadsheets people send, in whatever shape they come.

`.xlsx`, `.ods` and `.csv` (comma, semicolon or tab, detected; UTF-8 with or without
BOM, UTF-16 or Windows-1252) are told apart by their content, not by their name. What
is not a spreadsheet, is empty, too big or too long is refused with a French message
(`SpreadsheetError`), before anything is written.

A sheet comes back as its rows with the line number a spreadsheet program shows them
at, cells as the file holds them (a number cell stays a number). The header row is
found by `locate_columns`, which recognises headers whatever their case, accents or
extra spaces.

XML is parsed with defusedxml (openpyxl uses it when installed; the ODS reader calls it
directly), the size a zip declares once uncompressed is capped, and what a file may
unfold into is bounded before it unfolds: the shared strings and cells of an xlsx are
counted in its XML before openpyxl reads it, the repeated cells of an ODS row are
counted as they are parsed. A crafted file cannot exhaust the memory or the time of
a worker.
"""

import csv
import functools
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from defusedxml import ElementTree as SafeElementTree
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .text import normalise, shorten

# A block of this many blank rows ends a sheet: LibreOffice can save a million empty,
# formatted rows after the data.
BLANK_ROWS_END_SHEET = 10_000
# What a zip (xlsx, ods) may declare once uncompressed.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
# A header row is looked for among the first rows: files often carry a title above it.
HEADER_SEARCH_ROWS = 10
# Columns read of a sheet: far more than any table the imports read.
MAX_COLUMNS = 200
# What an xlsx may hold, read in chunks of its XML before it is parsed.
XML_CHUNK = 1024 * 1024
SHARED_STRING = re.compile(rb"<(?:\w+:)?si[\s>/]")
XLSX_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
XLSX_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and other old Office files
# A cell escaped on export (see core.exports) starts with a quote before these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class SpreadsheetError(ValueError):
    """The whole file is refused; the message says why, in French."""


@dataclass
class Sheet:
    """The non-blank rows of the first sheet of a file: (line number, cells), and
    the separator of a CSV file (None for xlsx and ods)."""

    rows: list[tuple[int, list]]
    delimiter: str | None = None


@dataclass(frozen=True)
class FormulaWithoutValue:
    """An xlsx cell holding a formula whose result the file did not save (written by
    a program that does not compute formulas): its value is unknown, not empty."""

    formula: str

    def __str__(self):
        return ""


@dataclass(frozen=True)
class Column:
    """A column an import reads: `label` is the header written in exports and named
    in messages (translated); `aliases` are the other headers recognised, French and
    English, as the upload page lists them; both are compared by `header_key`.
    The French label is always recognised, whatever the language of the page."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    numeric: bool = False

    @property
    def names(self) -> set[str]:
        with translation.override("fr"):
            french = str(self.label)
        return {header_key(name) for name in (french, self.label, *self.aliases)}


@dataclass
class Table:
    """The rows under the header row, with the position of each known column."""

    columns: list[Column]
    header_line: int
    positions: dict[str, int]
    rows: list[tuple[int, list]]
    ignored_headers: list[str] = field(default_factory=list)
    # Cells of the header row up to its last filled one; for a CSV file, a row with
    # filled cells beyond it was cut by a separator inside a value.
    header_width: int = 0
    delimiter: str | None = None

    def overflows(self, cells: list) -> bool:
        """A row of a CSV file with more filled cells than the header has."""
        return self.delimiter is not None and not is_blank(cells[self.header_width :])

    @property
    def year_columns(self) -> list[tuple[int, Column]]:
        """The columns of amounts per calendar year the file has (see
        `year_column`), in the file's order."""
        return [
            (int(column.key.removeprefix(YEAR_KEY)), column)
            for column in self.columns
            if column.key.startswith(YEAR_KEY)
        ]

    def cell(self, cells: list, key: str):
        position = self.positions.get(key)
        if position is None or position >= len(cells):
            return None
        return cells[position]

    def texts(self, cells: list) -> dict[str, str]:
        """The row's cells as text, by column key ("" for an absent column)."""
        texts = self.blank.copy()
        for key, position in self.positions.items():
            if position < len(cells):
                texts[key] = cell_text(cells[position])
        return texts

    @functools.cached_property
    def blank(self) -> dict[str, str]:
        return dict.fromkeys((column.key for column in self.columns), "")


MAX_SPACES = 1000  # spaces one <text:s/> element may stand for


def max_file_size() -> int:
    return settings.IMPORT_MAX_FILE_SIZE


def max_rows() -> int:
    return settings.IMPORT_MAX_ROWS


def max_cells() -> int:
    """The cells a file may unfold into (all its rows and columns)."""
    return settings.IMPORT_MAX_CELLS


def header_key(text) -> str:
    """A header compared without what people add to it: `Montant (€) :` -> `montant`."""
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", normalise(text))
    return " ".join(text.strip(" :*").split())


def cell_text(value) -> str:
    """A cell as text: numbers without a useless `.0`, dates in ISO, text stripped and
    without the quote an export put before a formula-like start."""
    if value is None:
        return ""
    if type(value) is str and "\n" not in value:  # the common case, first
        text = " ".join(value.split())
        if text[:1] == "'" and text[1:].lstrip()[:1] in FORMULA_STARTS:
            return text[1:].strip()
        return text
    if isinstance(value, FormulaWithoutValue):
        return ""
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return (
            value.date().isoformat()
            if value.time() == datetime.min.time()
            else (value.isoformat(sep=" "))
        )
    if isinstance(value, date):
        return value.isoformat()
    text = " ".join(str(value).split()) if "\n" not in str(value) else str(value)
    text = text.strip()
    if text.startswith("'") and text[1:].lstrip()[:1] in FORMULA_STARTS:
        text = text[1:].strip()
    return text


def is_total_label(text) -> bool:
    """Whether a cell names a total row: `TOTAL`, `Total général`, `Sous-total`."""
    return bool(TOTAL_LABEL.match(normalise(text)))


TOTAL_LABEL = re.compile(r"(sous[- ]?)?(total|totaux|totals?)\b(?!-)")


def is_blank(cells) -> bool:
    return all(
        value is None or (isinstance(value, str) and not value.strip())
        for value in cells
    )


# -- reading a file --------------------------------------------------------------------


def read_spreadsheet(data: bytes) -> Sheet:
    """The rows of the first sheet of `data` (xlsx, ods or csv, told apart by their
    content). Raises SpreadsheetError for a file that is not a spreadsheet, empty, over
    the size limit or over the row limit."""
    if not data:
        raise SpreadsheetError(_("Le fichier est vide."))
    if len(data) > max_file_size():
        raise file_too_big()
    if data.startswith(OLE_SIGNATURE):
        raise SpreadsheetError(
            _(
                "Les fichiers .xls (Excel 97-2003) ne sont pas lus : enregistrez le "
                "fichier au format .xlsx, .ods ou .csv."
            )
        )
    delimiter = None
    if zipfile.is_zipfile(io.BytesIO(data)):
        rows = _read_zip(data)
    else:
        text = _decode_text(data)
        delimiter = csv_delimiter(text)
        rows = _read_csv(text, delimiter)
    sheet = Sheet(rows=[], delimiter=delimiter)
    blank_run = 0
    for line, cells in rows:
        if is_blank(cells):
            blank_run += 1
            if blank_run >= BLANK_ROWS_END_SHEET:
                break
            continue
        blank_run = 0
        sheet.rows.append((line, cells))
        # The header and a title or two above it come on top of the data rows.
        if len(sheet.rows) > max_rows() + HEADER_SEARCH_ROWS:
            raise too_many_rows()
    if not sheet.rows:
        raise SpreadsheetError(_("Le fichier est vide."))
    return sheet


def file_too_big() -> SpreadsheetError:
    return SpreadsheetError(
        _("Le fichier dépasse la taille maximale de %(size)s.")
        % {"size": filesizeformat(max_file_size())}
    )


def too_many_rows() -> SpreadsheetError:
    return SpreadsheetError(
        _("Le fichier compte plus de %(count)s lignes : découpez-le en plusieurs.")
        % {"count": number_format(max_rows(), force_grouping=True)}
    )


def too_many_cells() -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "Le fichier se déplie en plus de %(count)s cellules : il est refusé "
            "(gardez seulement le tableau à importer)."
        )
        % {"count": number_format(max_cells(), force_grouping=True)}
    )


def not_a_spreadsheet() -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "Ce fichier n'est pas un tableur lisible : déposez un fichier .xlsx, .ods "
            "ou .csv."
        )
    )


def _read_zip(data: bytes):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED_BYTES:
            raise SpreadsheetError(
                _("Le fichier est trop volumineux une fois décompressé.")
            )
        if "xl/workbook.xml" in names:
            formulas = _check_xlsx_size(archive, names)
            yield from _read_xlsx(data, formulas=formulas)
            return
        if "mimetype" in names and archive.read("mimetype").strip() == ODS_MIMETYPE:
            yield from _read_ods(archive)
            return
    except SpreadsheetError:
        raise
    except Exception as error:  # a damaged or hostile file: refuse it, whatever broke
        raise not_a_spreadsheet() from error
    raise not_a_spreadsheet()


def _count_in_xml(archive: zipfile.ZipFile, name: str, pattern, limit: int) -> int:
    """How many times `pattern` occurs in a member of the zip, read in chunks; stops
    counting past `limit` (the member may unfold into millions of elements)."""
    count, tail = 0, b""
    with archive.open(name) as member:
        while chunk := member.read(XML_CHUNK):
            text = tail + chunk
            # an element cut at the end of the chunk is counted with the next one
            cut = text.rfind(b"<")
            if cut < len(text) - 64:  # no element name left unfinished
                cut = len(text)
            count += len(pattern.findall(text, 0, cut))
            tail = text[cut:]
            if count > limit:
                return count
    return count + len(pattern.findall(tail))


def _check_xlsx_size(archive: zipfile.ZipFile, names: set[str]) -> bool:
    """Refuse an xlsx whose shared strings or cells go past `max_cells()`, before
    openpyxl reads them (it loads every shared string at once: 11 million of them,
    in a 0.46 MB file, took 140 s). Returns whether a sheet holds formulas."""
    limit = max_cells()
    if "xl/sharedStrings.xml" in names and (
        _count_in_xml(archive, "xl/sharedStrings.xml", SHARED_STRING, limit) > limit
    ):
        raise too_many_cells()
    cells, formulas = 0, False
    for name in sorted(names):
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            cells += _count_in_xml(archive, name, XLSX_CELL, limit - cells)
            if cells > limit:
                raise too_many_cells()
            formulas = formulas or _count_in_xml(archive, name, XLSX_FORMULA, 0) > 0
    return formulas


def _read_xlsx(data: bytes, *, formulas: bool = False):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    # The formulas themselves, read only when the file has some: a formula cell
    # whose result was not saved reads as None, not as an empty cell.
    formula_book = (
        load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        if formulas
        else None
    )
    try:
        sheet = workbook.worksheets[0]
        # A stray cell far away (XFD200000) stretches every row to its column, and a
        # 5 KB file took 96 s to read: no more columns than a table has, and the
        # empty rows come through, so that a long blank run ends the sheet.
        columns = min(sheet.max_column or MAX_COLUMNS, MAX_COLUMNS)
        formula_rows = (
            formula_book.worksheets[0].iter_rows(max_col=columns)
            if formula_book
            else None
        )
        line = 0
        for row in sheet.iter_rows(max_col=columns):
            line = next((cell.row for cell in row if hasattr(cell, "row")), line + 1)
            values = [cell.value for cell in row]
            if formula_rows is not None:
                written = next(formula_rows, ())
                for position, cell in enumerate(written):
                    formula = getattr(cell, "value", None)
                    if (
                        position < len(values)
                        and values[position] is None
                        and isinstance(formula, str)
                        and formula.startswith("=")
                    ):
                        values[position] = FormulaWithoutValue(formula)
            yield line, values
    finally:
        workbook.close()
        if formula_book:
            formula_book.close()


ODS = {
    "table": "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}",
    "office": "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}",
    "text": "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}",
}
# Repeated cells and rows are how an ODS file says "and so on, empty, to the edge";
# filled cells repeated past MAX_COLUMNS in a row refuse the file.


def too_many_columns() -> SpreadsheetError:
    return SpreadsheetError(
        _("Une ligne du fichier compte plus de %(count)s cellules remplies.")
        % {"count": MAX_COLUMNS}
    )


def _read_ods(archive: zipfile.ZipFile):
    """The first table of an ODS file, parsed with defusedxml; a number's value comes
    from `office:value`, not from its formatted text."""
    table = ODS["table"]
    cell_tags = {f"{table}table-cell", f"{table}covered-table-cell"}
    line, tables, unfolded = 0, 0, 0
    with archive.open("content.xml") as content:
        for event, element in SafeElementTree.iterparse(content, ("start", "end")):
            if element.tag == f"{table}table":
                if event == "start":
                    tables += 1
                if tables > 1:
                    return
            if event != "end" or element.tag != f"{table}table-row":
                continue
            cells = []
            for cell in element:
                if cell.tag not in cell_tags:
                    continue
                times = int(cell.get(f"{table}number-columns-repeated", "1"))
                value = _ods_cell_value(cell)
                if value is None or (isinstance(value, str) and not value.strip()):
                    # empty cells "to the edge" of the sheet: as many as fit
                    times = min(times, MAX_COLUMNS - len(cells))
                elif len(cells) + times > MAX_COLUMNS:
                    raise too_many_columns()
                cells.extend([value] * max(times, 0))
            repeat = int(element.get(f"{table}number-rows-repeated", "1"))
            element.clear()
            if is_blank(cells):
                line += repeat
                continue
            for _repeat in range(min(repeat, max_rows() + HEADER_SEARCH_ROWS + 1)):
                unfolded += len(cells)
                if unfolded > max_cells():
                    raise too_many_cells()
                line += 1
                yield line, cells


def _ods_cell_value(cell):
    office = ODS["office"]
    kind = cell.get(f"{office}value-type")
    if kind in {"float", "currency", "percentage"}:
        try:
            return Decimal(cell.get(f"{office}value"))
        except (InvalidOperation, TypeError):
            pass
    elif kind == "date":
        value = cell.get(f"{office}date-value", "")
        try:
            return (
                datetime.fromisoformat(value)
                if "T" in value
                else (date.fromisoformat(value))
            )
        except ValueError:
            pass
    elif kind == "boolean":
        return cell.get(f"{office}boolean-value") == "true"
    paragraphs = [_ods_text(p) for p in cell.iter(f"{ODS['text']}p")]
    text = "\n".join(paragraphs)
    return text or None


def _ods_text(element) -> str:
    """The text of a paragraph, with the spaces ODS writes as elements."""
    text_ns = ODS["text"]
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{text_ns}s":
            # a file may ask for billions of spaces: a cell never holds that many
            parts.append(" " * min(int(child.get(f"{text_ns}c", "1")), MAX_SPACES))
        elif child.tag == f"{text_ns}tab":
            parts.append("\t")
        elif child.tag == f"{text_ns}line-break":
            parts.append("\n")
        else:
            parts.append(_ods_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with its BOM, else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8-sig", "cp1252"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
        break
    raise not_a_spreadsheet()


def _looks_like_text(text: str) -> bool:
    sample = text[:20_000]
    controls = sum(
        1
        for char in sample
        if unicodedata.category(char) == "Cc" and char not in "\t\r\n"
    )
    return "\x00" not in sample and controls <= len(sample) // 100


def csv_delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    if lines and lines[0].lower().startswith("sep=") and len(lines[0]) == 5:
        return lines[0][4]  # Excel's own hint, a line of its own
    return sniff_delimiter(lines[:20])


def _read_csv(text: str, delimiter: str):
    first = text.lstrip().split("\n", 1)
    if first[0].strip().lower() == f"sep={delimiter}":
        text = first[1] if len(first) > 1 else ""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    cells = 0
    try:
        # A record is a row of the spreadsheet, even when a quoted cell spans lines.
        for line, row in enumerate(reader, start=1):
            cells += len(row)
            if cells > max_cells():
                raise too_many_cells()
            yield line, row
    except csv.Error as error:
        raise SpreadsheetError(
            _("Le fichier CSV est illisible (%(error)s).") % {"error": str(error)[:80]}
        ) from error


def sniff_delimiter(lines: list[str]) -> str:
    """The separator used most often outside quotes in the first lines (a title
    line above the headers has none): `;`, `,` or a tab; `,` when none is."""
    unquoted = "".join(re.sub(r'"[^"]*"', "", line) for line in lines)
    delimiter = max(";,\t", key=unquoted.count)
    return delimiter if unquoted.count(delimiter) else ","


# -- finding the columns ---------------------------------------------------------------


YEAR_KEY = "year_"
YEAR_HEADER = re.compile(r"(?:montant |amount )?((?:19|20|21)\d\d)")


def year_column(header) -> Column | None:
    """A column of amounts for one calendar year, headed by its year: `2016`,
    `Montant 2016 (€)`, `Amount 2017`."""
    match = YEAR_HEADER.fullmatch(header_key(cell_text(header)))
    if match is None:
        return None
    return Column(f"{YEAR_KEY}{match[1]}", match[1], numeric=True)


def locate_columns(
    sheet: Sheet, columns: list[Column], *, by_year: bool = False
) -> Table:
    """The header row (the first of the top rows naming every required column) and
    the rows under it. Raises SpreadsheetError naming the missing columns. With
    `by_year`, a header that is a year is a column of that year's amounts."""
    by_name = {name: column for column in columns for name in column.names}
    required = [column for column in columns if column.required]
    best = None
    for index, (line, cells) in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        keys = [by_name.get(header_key(cell_text(cell))) for cell in cells]
        found = {column.key for column in keys if column}
        complete = all(column.key in found for column in required)
        if complete or best is None or len(found) > len(best[2]):
            best = (index, line, found, keys, cells)
        if complete:
            break
    index, line, found, keys, cells = best
    missing = [str(column.label) for column in required if column.key not in found]
    if missing:
        raise SpreadsheetError(
            _("Colonnes obligatoires absentes : %(columns)s. En-têtes lus : %(read)s.")
            % {
                "columns": ", ".join(missing),
                "read": shorten(
                    ", ".join(cell_text(cell) for cell in cells if cell_text(cell))
                    or "—"
                ),
            }
        )
    positions, ignored = {}, []
    columns = list(columns)
    for position, (column, cell) in enumerate(zip(keys, cells, strict=False)):
        if column is None and by_year:
            column = year_column(cell)
            if column is not None and column.key not in positions:
                columns.append(column)
        if column is None:
            if cell_text(cell):
                ignored.append(cell_text(cell))
            continue
        if column.key in positions:
            raise SpreadsheetError(
                _("La colonne %(column)s apparaît deux fois.")
                % {"column": column.label}
            )
        positions[column.key] = position
    rows = sheet.rows[index + 1 :]
    if not rows:
        raise SpreadsheetError(
            _("Le fichier ne contient que des en-têtes : aucune ligne à importer.")
        )
    if len(rows) > max_rows():
        raise too_many_rows()
    table = Table(
        columns=columns,
        header_line=line,
        positions=positions,
        rows=rows,
        ignored_headers=[shorten(header) for header in ignored[:20]],
        header_width=max(
            (position + 1 for position, cell in enumerate(cells) if cell_text(cell)),
            default=0,
        ),
        delimiter=sheet.delimiter,
    )
    overflowing = sum(1 for _line, cells in rows if table.overflows(cells))
    if sheet.delimiter == "," and overflowing > len(rows) / 2:
        raise SpreadsheetError(
            _(
                "La plupart des lignes ont plus de cellules que d'en-têtes : le "
                "séparateur des colonnes, la virgule, est aussi la virgule décimale "
                "des montants. Enregistrez le fichier avec le point-virgule comme "
                "séparateur."
            )
        )
    return table


def second_table_start(table: Table) -> int | None:
    """The index in `table.rows` where a second table starts: after blank rows, a row
    naming two of the columns again (or a title just above such a row)."""
    names = set().union(*(column.names for column in table.columns))
    previous = table.header_line
    for index, (line, _cells) in enumerate(table.rows):
        if line > previous + 1:
            for _line, cells in table.rows[index : index + 3]:
                named = sum(1 for cell in cells if header_key(cell_text(cell)) in names)
                if named >= 2:
                    return index
        previous = line
    return None


def shown_columns(table: Table, always: frozenset[str] = frozenset()) -> list[Column]:
    """The columns of `table` that its file has (and those in `always`)."""
    return [
        column
        for column in table.columns
        if column.key in table.positions or column.key in always
    ]
