"""What the imports share when they write: all or nothing, with history."""

from collections.abc import Callable
from typing import Protocol

from django.contrib.auth.models import User
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .report import ImportReport

BATCH_SIZE = 1_000


class Plan(Protocol):
    report: ImportReport

    def write(self, *, user: User | None, reason: str) -> None: ...


def plan_and_write(
    make_plan: Callable[[], Plan], *, user: User | None, dry_run: bool, file_name: str
) -> ImportReport:
    """Plan an import in a transaction (what it reads stays as it was read), then
    write it all, unless this is a dry run or a row is refused."""
    with transaction.atomic():
        plan = make_plan()
        report = plan.report
        report.dry_run = dry_run
        if dry_run or report.has_errors:
            return report
        plan.write(user=user, reason=change_reason(file_name))
        report.committed = True
    return report


def change_reason(file_name: str) -> str:
    return (_("Import du fichier %(name)s") % {"name": file_name})[:100]


def history_defaults(*, user: User | None, reason: str) -> dict:
    """The history of an import's writes: its user, its file, one date for all."""
    return {
        "batch_size": BATCH_SIZE,
        "default_user": user,
        "default_change_reason": reason,
        "default_date": timezone.now(),
    }


def history_record_bulk(
    model: type[models.Model],
    pks: list,
    *,
    history_type: str,
    user: User | None,
    reason: str,
) -> None:
    """Write the history rows of `pks` in one INSERT ... SELECT per batch, copied by
    the database from the rows just written: what simple_history's
    bulk_create_with_history does, without building every historical object in
    Python (it made the import three times slower than its writes).

    The columns are those of the history table: the tracked fields copied from the
    record, then the history's own (date, type, user, reason).
    """
    history_model = model.history.model
    tracked = [
        field.column
        for field in history_model._meta.concrete_fields
        if not field.name.startswith("history_")
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column) for column in tracked)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    for start in range(0, len(pks), BATCH_SIZE):
        batch = pks[start : start + BATCH_SIZE]
        placeholders = ", ".join(["%s"] * len(batch))
        sql = (
            f"INSERT INTO {quote(history_model._meta.db_table)} "
            f"({columns}, history_date, history_type, history_user_id, "
            f"history_change_reason) "
            f"SELECT {columns}, %s, %s, %s, %s "
            f"FROM {quote(model._meta.db_table)} "
            f"WHERE {quote(model._meta.pk.column)} IN ({placeholders})"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                sql, [now, history_type, user.pk if user else None, reason, *batch]
            )


def delete_with_history(
    model: type[models.Model], pks: list, *, user: User | None, reason: str
) -> None:
    """Delete the rows `pks` of `model`, each leaving its history row of deletion
    (who, and the file in the reason) as a deletion on the portal does; in one
    DELETE per batch, as the rows are written."""
    history_record_bulk(model, pks, history_type="-", user=user, reason=reason)
    quote = connection.ops.quote_name
    for start in range(0, len(pks), BATCH_SIZE):
        batch = pks[start : start + BATCH_SIZE]
        placeholders = ", ".join(["%s"] * len(batch))
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {quote(model._meta.db_table)} "
                f"WHERE {quote(model._meta.pk.column)} IN ({placeholders})",
                batch,
            )
