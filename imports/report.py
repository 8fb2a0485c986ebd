"""What an import would do, or did: one outcome per row of the file."""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.money import format_money
from core.spreadsheets import Column


class Outcome(models.TextChoices):
    CREATED = "created", gettext_lazy("Nouvelle")
    UPDATED = "updated", gettext_lazy("Mise à jour")
    UNCHANGED = "unchanged", gettext_lazy("Inchangée")
    REFUSED = "refused", gettext_lazy("Refusée")


@dataclass(frozen=True)
class MoneyCell:
    """An amount in a preview, formatted only when it is shown (a page of rows)."""

    amount: Decimal
    currency: str

    def __str__(self):
        return format_money(self.amount, self.currency)


@dataclass
class RowError:
    """Why a row is refused: its line as the spreadsheet shows it, the column, and a
    French message that names the column (`montant « douze mille » illisible`)."""

    line: int
    column: str
    message: str

    def __str__(self):
        return _("Ligne %(line)s : %(message)s") % {
            "line": self.line,
            "message": self.message,
        }


@dataclass
class RowOutcome:
    line: int
    outcome: str = Outcome.UNCHANGED
    # The row as the preview shows it, by column key.
    cells: dict[str, str] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    # What the row brings that does not exist yet, e.g. a new funder.
    new: list[str] = field(default_factory=list)

    def refuse(self, column: Column | None, message: str) -> None:
        self.errors.append(
            RowError(self.line, str(column.label) if column else "", message)
        )
        self.outcome = Outcome.REFUSED

    @property
    def refused(self) -> bool:
        return bool(self.errors)

    def get_outcome_display(self) -> str:
        return Outcome(self.outcome).label

    def settle(self, *, created: bool, updated: bool) -> None:
        """The outcome of a row that was not refused."""
        if self.refused:
            return
        if created:
            self.outcome = Outcome.CREATED
        elif updated:
            self.outcome = Outcome.UPDATED
        else:
            self.outcome = Outcome.UNCHANGED


@dataclass
class ImportReport:
    """Per-row outcomes of an import. `committed` is True once written: never when a
    row is refused."""

    kind: str
    columns: list[Column]
    rows: list[RowOutcome] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)
    new_references: list[str] = field(default_factory=list)
    new_references_title: str = ""
    dry_run: bool = True
    committed: bool = False

    @property
    def counts(self) -> dict[str, int]:
        counter = Counter(row.outcome for row in self.rows)
        return {outcome: counter.get(outcome, 0) for outcome in Outcome.values}

    @property
    def errors(self) -> list[RowError]:
        return [error for row in self.rows for error in row.errors]

    @property
    def has_errors(self) -> bool:
        return any(row.refused for row in self.rows)

    @property
    def changes_anything(self) -> bool:
        counts = self.counts
        return bool(counts[Outcome.CREATED] or counts[Outcome.UPDATED])

    @property
    def headers(self) -> list[str]:
        return [str(column.label) for column in self.columns]

    def summary(self) -> str:
        counts = self.counts
        return _(
            "nouvelles : %(created)s, mises à jour : %(updated)s, "
            "inchangées : %(unchanged)s, refusées : %(refused)s"
        ) % {
            "created": counts[Outcome.CREATED],
            "updated": counts[Outcome.UPDATED],
            "unchanged": counts[Outcome.UNCHANGED],
            "refused": counts[Outcome.REFUSED],
        }


def check_length(row: RowOutcome, column: Column, text: str, max_length: int) -> str:
    """`text`, or a refusal of the row when it is longer than the field holds."""
    if len(text) > max_length:
        row.refuse(
            column,
            _("%(column)s : %(max)s caractères au plus (%(length)s écrits)")
            % {
                "column": str(column.label).lower(),
                "max": max_length,
                "length": len(text),
            },
        )
    return text
