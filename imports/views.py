"""The portal's spreadsheet import: upload, preview, confirm, and the list of imports.

Only holders of `projects.import_fundingline` (administrators) reach these pages.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from core.jobs import job_start
from core.mixins import PermissionMixin
from core.spreadsheets import max_file_size, max_rows

from .forms import ImportUploadForm
from .models import ImportRecord
from .services import (
    COLUMNS,
    ImportNotPendingError,
    ImportReport,
    Outcome,
    SpreadsheetError,
    import_confirm,
    import_preview,
    import_upload,
)
from .tasks import import_confirm_build

IMPORT_PERMISSION = "projects.import_fundingline"
ROWS_PER_PAGE = 100

import_required = permission_required(IMPORT_PERMISSION, raise_exception=True)


class ImportListView(PermissionMixin, ListView):
    permission_required = IMPORT_PERMISSION
    model = ImportRecord
    template_name = "imports/import_list.html"
    context_object_name = "records"
    paginate_by = 50

    def get_queryset(self):
        return ImportRecord.objects.select_related("user").defer("file_content")


@import_required
def import_upload_view(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        record, _report = import_upload(
            kind=form.cleaned_data["kind"],
            uploaded_file=form.cleaned_data["file"],
            user=request.user,
        )
        if record.status == ImportRecord.Status.PENDING:
            return redirect("imports:import-preview", record.pk)
        form.add_error("file", record.message)
    return render(
        request,
        "imports/import_upload.html",
        {
            "form": form,
            "columns": COLUMNS,
            "max_file_size": max_file_size(),
            "max_rows": max_rows(),
        },
    )


@import_required
def import_preview_view(request, pk: int):
    record = get_object_or_404(ImportRecord.objects.select_related("user"), pk=pk)
    report = None
    if record.status == ImportRecord.Status.PENDING:
        if record.user_id != request.user.pk:
            raise Http404  # an upload is previewed and confirmed by its uploader only
        try:
            report = import_preview(record=record)
        except SpreadsheetError as error:
            messages.error(request, str(error))
    return render_preview(request, record, report)


@require_POST
@import_required
def import_confirm_view(request, pk: int):
    record = ImportRecord.objects.filter(pk=pk).defer("file_content").first()
    rows = record.row_count if record else 0
    if rows > settings.IMPORT_ROWS_IN_REQUEST:
        return import_confirm_in_background(request, record, rows)
    try:
        record, report = import_confirm(record_id=pk, user=request.user)
    except ImportNotPendingError as error:
        messages.error(request, str(error))
        return redirect("imports:import-list")
    if not report.committed:
        messages.error(
            request,
            _(
                "Rien n'a été écrit : des lignes sont refusées, les données ont changé "
                "depuis l'aperçu."
            ),
        )
        return render_preview(request, record, report, status=409)
    messages.success(
        request,
        _("Import confirmé : %(summary)s.") % {"summary": report.summary()},
    )
    return redirect("imports:import-preview", record.pk)


def import_confirm_in_background(request, record: ImportRecord, rows: int):
    """A large file is confirmed by a task worker; its job's page shows where it is,
    then the link to the import's result."""
    job = job_start(
        kind="import",
        label=_("Import de %(file)s (%(rows)s lignes)")
        % {"file": record.file_name, "rows": rows},
        user=request.user,
        total=2,  # read and checked again, then written
        task=import_confirm_build,
        record_id=record.pk,
        user_id=request.user.pk,
        language=get_language(),
    )
    return redirect(job)


def render_preview(request, record, report: ImportReport | None, status: int = 200):
    context = {"record": record, "report": report}
    if report is not None:
        context |= preview_rows(request, report)
    return render(request, "imports/import_preview.html", context, status=status)


def preview_rows(request, report: ImportReport) -> dict:
    """The rows of the report with one outcome (`?voir=refused`), a page at a time:
    the refused rows first when there are any."""
    counts = report.counts
    shown = request.GET.get("voir")
    if shown not in Outcome.values and shown != "all":
        shown = Outcome.REFUSED if counts[Outcome.REFUSED] else "all"
    rows = (
        report.rows
        if shown == "all"
        else [row for row in report.rows if row.outcome == shown]
    )
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    cells = [(column.key, column.numeric) for column in report.columns]
    tabs = [("all", _("Toutes"), len(report.rows))] + [
        (outcome, label, counts[outcome]) for outcome, label in Outcome.choices
    ]
    return {
        "counts": counts,
        "shown": shown,
        "tabs": tabs,
        "page_obj": page,
        "headers": report.headers,
        "page_rows": [
            (row, [(row.cells.get(key, ""), numeric) for key, numeric in cells])
            for row in page
        ],
        "errors": report.errors[:1000],
    }
