"""What an import would do, or did: one outcome per row of the file."""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.money import format_money
from core.spreadsheets import Column, FormulaWithoutValue, Table
from core.text import shorten

# A message of a row stays short, whatever the cell it quotes.
MAX_MESSAGE = 300


class Outcome(models.TextChoices):
    CREATED = "created", gettext_lazy("Nouvelle")
    UPDATED = "updated", gettext_lazy("Mise à jour")
    UNCHANGED = "unchanged", gettext_lazy("Inchangée")
    REFUSED = "refused", gettext_lazy("Refusée")
    # A "Total" row: compared with the rows above it, never written.
    TOTAL = "total", gettext_lazy("Total")


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
    # Columns whose cell could not be read at all (a formula without its value, a
    # row cut by a separator: "*"): nothing more is said of them.
    unreadable: set[str] = field(default_factory=set)

    def refuse(self, column: Column | None, message: str) -> None:
        self.errors.append(
            RowError(
                self.line,
                str(column.label) if column else "",
                shorten(str(message), MAX_MESSAGE),
            )
        )
        self.outcome = Outcome.REFUSED

    def readable(self, key: str) -> bool:
        return not ({key, "*"} & self.unreadable)

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
    # What the file's own "Total" rows say against the rows above them.
    totals: list[str] = field(default_factory=list)

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


def check_cells(row: RowOutcome, table: Table, cells: list) -> None:
    """Refuse what no field can hold or no reading can trust, before the row is read:
    a NUL character (PostgreSQL refuses it in text), a formula whose value the file
    did not save, a CSV row cut into more cells than the header has."""
    if table.overflows(cells):
        row.refuse(
            None,
            _(
                "%(cells)s cellules pour %(columns)s colonnes : un séparateur (une "
                "virgule décimale ?) coupe une valeur ; mettez-la entre guillemets"
            )
            % {
                "cells": len(cells) - [*map(bool, reversed(cells))].index(True),
                "columns": table.header_width,
            },
        )
        row.unreadable.add("*")
        return
    keys = {position: key for key, position in table.positions.items()}
    for position, value in enumerate(cells):
        column = next((c for c in table.columns if c.key == keys.get(position)), None)
        if isinstance(value, FormulaWithoutValue):
            if column is not None:
                row.refuse(
                    column,
                    _(
                        "formule sans valeur enregistrée (%(formula)s) : ouvrez le "
                        "fichier dans un tableur et enregistrez-le"
                    )
                    % {"formula": shorten(value.formula, 40)},
                )
                row.unreadable.add(column.key)
        elif isinstance(value, str) and "\x00" in value:
            row.refuse(column, _("caractère nul (\\0) dans une cellule"))
            row.unreadable.add(column.key if column else "*")


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


# -- kept between the pages of a preview -------------------------------------------


def report_to_data(report: ImportReport) -> dict:
    """The report as JSON, to show its pages again without reading the file."""

    def cell(value):
        if isinstance(value, MoneyCell):
            return {"amount": str(value.amount), "currency": value.currency}
        return printable(value)

    return {
        "columns": [column.key for column in report.columns],
        "ignored_headers": report.ignored_headers,
        "new_references": report.new_references,
        "new_references_title": str(report.new_references_title),
        "totals": report.totals,
        "rows": [
            [
                row.line,
                str(row.outcome),
                {key: cell(value) for key, value in row.cells.items()},
                [[error.column, printable(error.message)] for error in row.errors],
                row.changes,
                row.new,
            ]
            for row in report.rows
        ],
    }


def printable(value):
    """A text PostgreSQL can store: a NUL character (refused in text and JSON) shown
    as a replacement character."""
    return value.replace("\x00", "\ufffd") if isinstance(value, str) else value


def report_from_data(data: dict, *, kind: str, columns: list[Column]) -> ImportReport:
    """The report `report_to_data` kept, with the columns of its kind."""

    def cell(value):
        if isinstance(value, dict):
            return MoneyCell(Decimal(value["amount"]), value["currency"])
        return value

    by_key = {column.key: column for column in columns}
    rows = []
    for line, outcome, cells, errors, changes, new in data["rows"]:
        row = RowOutcome(
            line=line,
            outcome=outcome,
            cells={key: cell(value) for key, value in cells.items()},
            changes=changes,
            new=new,
        )
        row.errors = [RowError(line, column, message) for column, message in errors]
        rows.append(row)
    return ImportReport(
        kind=kind,
        columns=[by_key[key] for key in data["columns"] if key in by_key],
        rows=rows,
        ignored_headers=data["ignored_headers"],
        new_references=data["new_references"],
        new_references_title=data["new_references_title"],
        totals=data["totals"],
    )
