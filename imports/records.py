"""The life of an import: uploaded and previewed, then confirmed (or refused, or left
to expire), each step kept in an ImportRecord."""

import contextlib
import gc
import os
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.spreadsheets import SpreadsheetError, file_too_big, read_spreadsheet
from core.text import shorten
from partnerships.resources import ORGANISATION_COLUMNS
from projects.resources import FUNDING_LINE_COLUMNS

from .funding_lines import funding_lines_import
from .models import ImportRecord
from .organisations import organisations_import
from .report import (
    ImportReport,
    Outcome,
    printable,
    report_from_data,
    report_to_data,
)

IMPORTERS = {
    ImportRecord.Kind.FUNDING_LINES: funding_lines_import,
    ImportRecord.Kind.ORGANISATIONS: organisations_import,
}
COLUMNS = {
    ImportRecord.Kind.FUNDING_LINES: FUNDING_LINE_COLUMNS,
    ImportRecord.Kind.ORGANISATIONS: ORGANISATION_COLUMNS,
}
# What a record keeps of a message: a few lines, not a file's worth.
MAX_RECORD_MESSAGE = 2_000


class ImportNotPendingError(Exception):
    """The import was already confirmed, refused or expired."""

    @property
    def user_message(self) -> str:
        return str(self)


def import_run(
    *, kind: str, data: bytes, user: User | None, dry_run: bool, file_name: str = ""
) -> ImportReport:
    """Read `data` and import it (or preview it, with `dry_run`). Raises
    SpreadsheetError when the whole file is refused."""
    with collector_paused():
        sheet = read_spreadsheet(data)
        return IMPORTERS[kind](
            sheet=sheet, user=user, dry_run=dry_run, file_name=file_name
        )


@contextlib.contextmanager
def collector_paused():
    """No cyclic garbage collection for the block. An import allocates objects by
    the hundred thousand, and most of them live until its end: the collector would
    walk them, and the whole heap of the worker, again and again. Paused, a preview
    of 10,000 rows takes half the time (measured: 0.72 -> 0.36 s); what the rows
    hold is freed by reference counting all the same, and a file has 50,000 rows at
    most (IMPORT_MAX_ROWS)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def import_upload(
    *,
    kind: str,
    uploaded_file: File,
    user: User,
    channel: str = ImportRecord.Channel.PORTAL,
) -> tuple[ImportRecord, ImportReport | None]:
    """Keep an uploaded file until it is confirmed, with what it would do.

    The file waits in the database (every worker reads it) for a day at most; a file
    refused as a whole is recorded as refused, without its content (one over the size
    limit is not even read). Expired uploads are purged on the way.
    """
    imports_purge_expired()
    file_name = os.path.basename(uploaded_file.name or "")
    record = new_record(kind=kind, channel=channel, user=user, file_name=file_name)
    try:
        if uploaded_file.size > settings.IMPORT_MAX_FILE_SIZE:
            raise file_too_big()
        data = uploaded_file.read()
        report = import_run(
            kind=kind, data=data, user=user, dry_run=True, file_name=file_name
        )
    except SpreadsheetError as error:
        record_refusal(record, error)
        return record, None
    record.file_content = data
    record_counts(record, report)
    record.preview = report_to_data(report)
    record.save()
    return record, report


def import_pending_store(*, kind: str, data: bytes, channel: str) -> ImportRecord:
    """Keep an uploaded file, not yet read, until its uploader previews it (the admin's
    first step: see imports.admin_mixins)."""
    imports_purge_expired()
    record = new_record(kind=kind, channel=channel, user=None, file_name="")
    record.file_content = data
    record.save()
    return record


def import_pending_preview(
    *, record_id: int, user: User, file_name: str
) -> tuple[ImportRecord, ImportReport]:
    """Preview a stored upload for its uploader, and record who and what it is."""
    record = pending_record(record_id, user)
    record.user, record.file_name = user, file_name[:255]
    report = import_preview(record=record)
    record_counts(record, report)
    record.preview = report_to_data(report)
    record.save()
    return record, report


def import_refuse(*, record_id: int, message: str) -> None:
    """A stored upload turned out not to be a readable spreadsheet: drop its file."""
    ImportRecord.objects.filter(
        pk=record_id, status=ImportRecord.Status.PENDING
    ).update(
        status=ImportRecord.Status.REFUSED,
        message=message[:MAX_RECORD_MESSAGE],
        file_content=None,
        preview=None,
    )


def pending_record(
    record_id: int | str, user: User, *, lock: bool = False
) -> ImportRecord:
    """The pending import `record_id`, if `user` may confirm it: only its uploader
    does (or the first to preview an upload not yet attributed)."""
    records = ImportRecord.objects.select_for_update() if lock else ImportRecord.objects
    record = records.filter(pk=record_id).first()
    if (
        record is None
        or record.status != ImportRecord.Status.PENDING
        or record.expires_at < timezone.now()
        or (record.user_id is not None and record.user_id != user.pk)
    ):
        raise ImportNotPendingError(
            _("Cet import n'est plus en attente : déposez le fichier à nouveau.")
        )
    return record


def import_preview(*, record: ImportRecord) -> ImportReport:
    """What confirming the pending `record` would do: as its upload found it, kept
    with the record so that the file is read once (confirming checks it again
    against the records as they are then); read from the file when not kept."""
    if record.preview is not None:
        return report_from_data(
            record.preview, kind=record.kind, columns=COLUMNS[record.kind]
        )
    return import_run(
        kind=record.kind,
        data=bytes(record.file_content),
        user=record.user,
        dry_run=True,
        file_name=record.file_name,
    )


@transaction.atomic
def import_confirm(*, record_id: int, user: User) -> tuple[ImportRecord, ImportReport]:
    """Write a pending import, all of it in one transaction, or nothing when a row is
    now refused (the records changed since the preview): it then stays pending.

    Only the uploader confirms. The record is locked, so a double click or two workers
    confirm it once. Raises ImportNotPendingError when it is no longer pending, has
    expired or was uploaded by someone else.
    """
    record = pending_record(record_id, user, lock=True)
    report = import_run(
        kind=record.kind,
        data=bytes(record.file_content),
        user=user,
        dry_run=False,
        file_name=record.file_name,
    )
    record_counts(record, report)
    if report.committed:
        record.status = ImportRecord.Status.CONFIRMED
        record.confirmed_at = timezone.now()
        record.user = user
        record.file_content = None
        record.preview = None
    else:
        record.preview = report_to_data(report)
    record.save()
    return record, report


def import_commit(
    *, kind: str, data: bytes, file_name: str, user: User | None, channel: str
) -> ImportReport:
    """Import a file in one step (the command line): recorded as confirmed, or as
    refused with nothing written. Raises SpreadsheetError, recorded too."""
    record = new_record(kind=kind, channel=channel, user=user, file_name=file_name)
    try:
        report = import_run(
            kind=kind, data=data, user=user, dry_run=False, file_name=file_name
        )
    except SpreadsheetError as error:
        record_refusal(record, error)
        raise
    record_counts(record, report)
    record.status = (
        ImportRecord.Status.CONFIRMED
        if report.committed
        else ImportRecord.Status.REFUSED
    )
    record.confirmed_at = timezone.now() if report.committed else None
    record.save()
    return report


def new_record(
    *, kind: str, channel: str, user: User | None, file_name: str
) -> ImportRecord:
    """An import about to start; a pending one keeps its file until it expires."""
    return ImportRecord(
        kind=kind,
        channel=channel,
        user=user,
        file_name=file_name[:255],
        expires_at=timezone.now() + timedelta(hours=settings.IMPORT_PENDING_HOURS),
    )


def record_refusal(record: ImportRecord, error: SpreadsheetError) -> None:
    record.status = ImportRecord.Status.REFUSED
    record.message = printable(shorten(str(error), MAX_RECORD_MESSAGE))
    record.file_content = None
    record.preview = None
    record.save()


def record_counts(record: ImportRecord, report: ImportReport) -> None:
    counts = report.counts
    record.created_count = counts[Outcome.CREATED]
    record.updated_count = counts[Outcome.UPDATED]
    record.unchanged_count = counts[Outcome.UNCHANGED]
    record.refused_count = counts[Outcome.REFUSED]
    record.message = printable(
        shorten(
            "\n".join(str(error) for error in report.errors[:20]),
            MAX_RECORD_MESSAGE,
        )
    )


def imports_purge_expired() -> int:
    """Delete the files of uploads left unconfirmed past their day; the records stay,
    marked expired. Returns how many were purged."""
    return ImportRecord.objects.expired().update(
        status=ImportRecord.Status.EXPIRED, file_content=None, preview=None
    )
