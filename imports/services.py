"""Spreadsheet imports: funding lines, organisations and contacts.

`funding_lines_import` and `organisations_import` read a sheet and say, row by row, what
importing it creates, updates, leaves unchanged or refuses; without `dry_run` they
write it all in one transaction, or nothing. `records` keeps the uploaded file between
preview and confirmation and the record of every import; `admin` lets the
django-import-export admin run the same services.
"""

from core.spreadsheets import SpreadsheetError

from .funding_lines import funding_lines_import
from .organisations import organisations_import
from .records import (
    COLUMNS,
    ImportNotPendingError,
    import_commit,
    import_confirm,
    import_preview,
    import_run,
    import_upload,
    imports_purge_expired,
)
from .report import ImportReport, Outcome, RowError, RowOutcome

__all__ = [
    "COLUMNS",
    "ImportNotPendingError",
    "ImportReport",
    "Outcome",
    "RowError",
    "RowOutcome",
    "SpreadsheetError",
    "funding_lines_import",
    "import_commit",
    "import_confirm",
    "import_preview",
    "import_run",
    "import_upload",
    "imports_purge_expired",
    "organisations_import",
]
