"""django-import-export's admin import, run by the portal's import services.

The admin keeps import-export's two steps (upload and preview, then confirm), but what
a file says and what it changes are decided by the same services as the portal's
import (`funding_lines_import`, `organisations_import`): the same columns, matching,
messages, history and all-or-nothing write. The pieces:

- `PendingImportStorage`: import-export's temporary storage of the uploaded file,
  kept in an ImportRecord row, where every worker reads it and which expires;
- `SpreadsheetImportFormat`: reads xlsx, ods and csv by their content
  (core.spreadsheets), whichever format is chosen in the form;
- `ServiceImportResourceMixin`: a resource whose `import_data` runs the service and
  turns its report into import-export's Result;
- `SpreadsheetImportAdminMixin`: the ModelAdmin side.
"""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import Format
from import_export.results import Error, Result, RowResult
from import_export.tmp_storages import BaseStorage

from core.exports import CSVExport, XLSXExport
from core.spreadsheets import SpreadsheetError, read_spreadsheet

from .models import ImportRecord
from .records import (
    ImportNotPendingError,
    import_confirm,
    import_pending_preview,
    import_pending_store,
    import_refuse,
)
from .report import ImportReport, Outcome

ROW_TYPES = {
    Outcome.CREATED: RowResult.IMPORT_TYPE_NEW,
    Outcome.UPDATED: RowResult.IMPORT_TYPE_UPDATE,
    Outcome.UNCHANGED: RowResult.IMPORT_TYPE_SKIP,
}


class PendingImportStorage(BaseStorage):
    """import-export's storage of an upload between preview and confirmation, in an
    ImportRecord: its name is the record's primary key."""

    def __init__(self, **kwargs):
        self.kind = kwargs.pop("kind", ImportRecord.Kind.FUNDING_LINES)
        super().__init__(**kwargs)

    def save(self, data):
        record = import_pending_store(
            kind=self.kind, data=data, channel=ImportRecord.Channel.ADMIN
        )
        self.name = str(record.pk)

    def read(self):
        content = (
            ImportRecord.objects.filter(
                pk=self.name, status=ImportRecord.Status.PENDING
            )
            .values_list("file_content", flat=True)
            .first()
        )
        if content is None:
            raise SpreadsheetError(
                _("Cet import n'est plus en attente : déposez le fichier à nouveau.")
            )
        return bytes(content)

    def remove(self):
        # Confirming emptied the record already; an import that failed to confirm
        # is dropped.
        import_refuse(
            record_id=self.name,
            message=_(
                "Import abandonné : des lignes ont été refusées à la confirmation."
            ),
        )


class SpreadsheetImportFormat(Format):
    """Any of xlsx, ods or csv: the content decides (core.spreadsheets)."""

    extension = ""
    content_type = "application/octet-stream"

    def __init__(self, encoding=None):
        self.encoding = encoding

    def get_title(self):
        return self.extension

    def get_extension(self):
        return self.extension

    def get_content_type(self):
        return self.content_type

    def can_import(self):
        return True

    def create_dataset(self, in_stream, **kwargs):
        """Reads the file to refuse it early; the service reads it again from the
        pending record, so the dataset only says that there are rows."""
        import tablib

        sheet = read_spreadsheet(bytes(in_stream))
        return tablib.Dataset(*[[line] for line, _cells in sheet.rows])


class XLSXImport(SpreadsheetImportFormat):
    extension = "xlsx"
    content_type = XLSXExport.CONTENT_TYPE


class ODSImport(SpreadsheetImportFormat):
    extension = "ods"
    content_type = "application/vnd.oasis.opendocument.spreadsheet"


class CSVImport(SpreadsheetImportFormat):
    extension = "csv"
    content_type = "text/csv"


class ServiceImportResourceMixin:
    """For a ModelResource: importing runs the portal's import service on the pending
    record (`import_record_id`, given by SpreadsheetImportAdminMixin)."""

    import_kind: str = ""

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        record_id, user = kwargs.get("import_record_id"), kwargs.get("user")
        try:
            if dry_run:
                _record, report = import_pending_preview(
                    record_id=record_id,
                    user=user,
                    file_name=kwargs.get("file_name", ""),
                )
            else:
                _record, report = import_confirm(record_id=record_id, user=user)
        except (ImportNotPendingError, SpreadsheetError) as error:
            result = Result()
            result.append_base_error(Error(error))
            return result
        return report_result(report)


def report_result(report: ImportReport) -> Result:
    """An import report in the shape the import-export admin shows."""
    result = Result()
    result.diff_headers = report.headers
    result.total_rows = len(report.rows)
    for row in report.rows:
        values = {
            str(column.label): row.cells.get(column.key, "")
            for column in report.columns
        }
        if row.refused:
            errors = {}
            for error in row.errors:
                errors.setdefault(error.column or NON_FIELD_ERRORS, []).append(
                    str(error)
                )
            result.append_invalid_row(row.line, values, ValidationError(errors))
            result.totals[RowResult.IMPORT_TYPE_INVALID] += 1
            continue
        row_result = RowResult()
        row_result.import_type = ROW_TYPES[row.outcome]
        row_result.diff = [values[header] for header in report.headers]
        result.increment_row_result_total(row_result)
        result.append_row_result(row_result)
    return result


class SpreadsheetImportAdminMixin(ImportExportMixin):
    """The admin's import and export, through the portal's services and writers."""

    import_formats = [XLSXImport, ODSImport, CSVImport]
    export_formats = [XLSXExport, CSVExport]
    import_kind: str = ""
    # None: `<app>.import_<model>` (IMPORT_EXPORT_IMPORT_PERMISSION_CODE); an admin
    # of another model names the one import permission, projects.import_fundingline.
    import_permission: str | None = None
    # The records' history and the ImportRecord say what an import did.
    skip_admin_log = True

    def has_import_permission(self, request):
        if self.import_permission is None:
            return super().has_import_permission(request)
        return request.user.has_perm(self.import_permission)

    def get_tmp_storage_class(self):
        return PendingImportStorage

    def get_tmp_storage_class_kwargs(self):
        return {"kind": self.import_kind}

    def get_import_data_kwargs(self, **kwargs):
        form = kwargs.pop("form", None)
        kwargs.pop("request", None)
        if form is not None and form.is_bound and form.is_valid():
            if "import_file_name" in form.cleaned_data:  # the confirmation
                kwargs["import_record_id"] = form.cleaned_data["import_file_name"]
            elif "import_file" in form.cleaned_data:  # the upload
                import_file = form.cleaned_data["import_file"]
                kwargs["import_record_id"] = getattr(
                    import_file, "tmp_storage_name", None
                )
        return kwargs

    def add_data_read_fail_error_to_form(self, form, e):
        if not isinstance(e, SpreadsheetError):
            return super().add_data_read_fail_error_to_form(form, e)
        form.add_error("import_file", str(e))
        import_file = form.cleaned_data.get("import_file")
        record_id = getattr(import_file, "tmp_storage_name", None)
        if record_id:
            import_refuse(record_id=record_id, message=str(e))

    def get_data_for_export(self, request, queryset, **kwargs):
        kwargs["force_native_type"] = True  # numbers stay numbers in xlsx
        return super().get_data_for_export(request, queryset, **kwargs)

    def process_result(self, result, request):
        if result.base_errors or result.invalid_rows:
            for error in result.base_errors:
                messages.error(request, str(error.error))
            for row in result.invalid_rows[:20]:
                for errors in row.error_dict.values():
                    for error in errors:
                        messages.error(request, error)
            return HttpResponseRedirect(
                reverse("admin:{}_{}_import".format(*self.get_model_info()))
            )
        return super().process_result(result, request)
