"""What the imports share when they write: all or nothing, with history."""

from collections.abc import Callable
from typing import Protocol

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .report import ImportReport

BATCH_SIZE = 1_000


class Plan(Protocol):
    report: ImportReport

    def write(self, *, user, reason: str) -> None: ...


def plan_and_write(
    make_plan: Callable[[], Plan], *, user, dry_run: bool, file_name: str
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


def history_defaults(*, user, reason: str) -> dict:
    """The history of an import's writes: its user, its file, one date for all."""
    return {
        "batch_size": BATCH_SIZE,
        "default_user": user,
        "default_change_reason": reason,
        "default_date": timezone.now(),
    }
