"""A project's funding summary: the one place that adds up its funding lines and its
cost lines, and compares them with a total printed in a source document.

The rule every page follows: a total adds up the lines that have an amount (a line
"non évaluable" is shown, never counted; a line "à mobiliser" is counted, as the
printed totals of the source documents count it, but is never a funder), per
currency (euros are never added to FCFA). The project page, its sheet and the
exports read `Project.funding`; the pages that sum over many projects in SQL (the
dashboard, the list of funding lines) start from `FundingLine.objects.counted()`, the
same rule as a filter, and rank funders from `funders()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from core.money import format_money

if TYPE_CHECKING:  # the models read their summary from here: no import at run time
    from .models import CostLine, CostTable, FundingLine, Project

DEFAULT_CURRENCY = "EUR"


@dataclass(frozen=True)
class SubTotal:
    """One row of a breakdown: what `key` (a status, a nature, a year, or None for
    the part of the lines that no year holds) adds up to in `currency`."""

    key: object
    label: str
    currency: str
    total: Decimal


def _subtotals(parts, labels: dict | None = None) -> list[SubTotal]:
    """Sums of `(key, currency, amount)` parts, in the order the keys first appear
    (or the order of `labels`), one row per key and currency."""
    sums: dict[tuple, Decimal] = {}
    for key, currency, amount in parts:
        sums[key, currency] = sums.get((key, currency), Decimal(0)) + amount
    rows = [
        SubTotal(key, str(labels[key]) if labels else str(key or ""), currency, total)
        for (key, currency), total in sums.items()
    ]
    if labels:
        order = list(labels)
        rows.sort(key=lambda row: order.index(row.key))
    return rows


@dataclass(frozen=True)
class PlannedPaid:
    """What was planned (the counted lines) beside what was paid (their payments),
    for one funder or one year, in one currency. `planned` is None when nothing
    was planned under that key (a payment in a year the plan does not split into)."""

    label: str
    currency: str
    planned: Decimal | None
    paid: Decimal

    @property
    def gap(self) -> Decimal | None:
        """What remains to be paid (negative: paid beyond the plan)."""
        return None if self.planned is None else self.planned - self.paid


def _planned_paid(planned_parts, paid_parts) -> list[PlannedPaid]:
    """Rows of `(key, label, currency, amount)` parts planned and paid, in the order
    the keys first appear (planned first)."""
    rows: dict[tuple, list] = {}
    for key, label, currency, amount in planned_parts:
        row = rows.setdefault((key, currency), [label, Decimal(0), Decimal(0)])
        row[1] += amount
    for key, label, currency, amount in paid_parts:
        row = rows.setdefault((key, currency), [label, None, Decimal(0)])
        row[2] += amount
    return [
        PlannedPaid(label, currency, planned, paid)
        for (_key, currency), (label, planned, paid) in rows.items()
    ]


def years_outside(years, start, end) -> list[int]:
    """The years of a line's split that its period (start, end: dates or None) does
    not cover, in order."""
    return sorted(
        year
        for year in years
        if (start and year < start.year) or (end and year > end.year)
    )


def year_outside_message(year: int) -> str:
    return _("Année %(year)s hors de la période de la ligne.") % {"year": year}


def split_error(line: FundingLine, parts: list[tuple[int, Decimal]]) -> str | None:
    """What is wrong with `parts` (year, amount) as the split by year of `line` (its
    amount, currency and period as they will be saved), or None. The split page,
    the admin and the import refuse alike: the parts add up to the line's amount,
    each year once and within the line's period; a line "non évaluable" has none."""
    if not parts:
        return None
    if line.amount is None:
        return _("Une ligne « non évaluable » n'a pas de montant à répartir.")
    years = [year for year, _amount in parts]
    if len(set(years)) != len(years):
        return _("Chaque année ne figure qu'une fois.")
    outside = years_outside(years, line.period_start, line.period_end)
    if outside:
        return year_outside_message(outside[0])
    total = sum((amount for _year, amount in parts), Decimal(0))
    if total != line.amount:
        return _(
            "Les montants par année totalisent %(total)s au lieu du montant de la "
            "ligne, %(amount)s."
        ) % {
            "total": format_money(total, line.currency),
            "amount": format_money(line.amount, line.currency),
        }
    return None


def _funder_label(line: FundingLine) -> str:
    """The funder as the project's funding table names it."""
    return str(line.funder) if line.funder_id else line.label


def line_years(line: FundingLine) -> list[tuple[int | None, Decimal]]:
    """How a counted line falls into calendar years: its split by year when it has
    one, else the one year its period lies in, else `None` (no year known)."""
    years = list(line.years.all())
    if years:
        parts = [(part.year, part.amount) for part in years]
        rest = line.amount - sum((amount for _year, amount in parts), Decimal(0))
        return parts + ([(None, rest)] if rest else [])
    start, end = line.period_start, line.period_end
    if start and end and start.year == end.year:
        return [(start.year, line.amount)]
    return [(None, line.amount)]


def _counted_sum(lines) -> Decimal:
    return sum((line.amount for line in lines if line.amount is not None), Decimal(0))


@dataclass(frozen=True)
class Discrepancy:
    """A total printed in a source document that the lines do not add up to.

    `difference` is how far apart the two are, never negative: every warning says
    « qui diffère de … de la somme des lignes », not which one is larger.
    """

    printed: Decimal
    difference: Decimal
    currency: str

    @classmethod
    def between(
        cls, printed: Decimal | None, lines_total: Decimal | None, currency: str
    ) -> Discrepancy | None:
        """The discrepancy, or None when nothing was printed, nothing can be compared
        (lines in several currencies) or the two totals agree."""
        if printed is None or lines_total is None or printed == lines_total:
            return None
        return cls(printed, abs(printed - lines_total), currency)


@dataclass(frozen=True)
class CostTableSummary:
    """A cost table with its lines, the sum of the lines with a cost, and how a total
    printed in the source departs from it."""

    table: CostTable
    lines: list[CostLine]
    total: Decimal
    discrepancy: Discrepancy | None


@dataclass(frozen=True)
class FundingSummary:
    """What a project's funding adds up to, read from `project.funding_lines.all()` and
    `project.cost_tables.all()` with their lines: no query when those are prefetched.

    It guarantees:
    - `totals` holds one sum per currency of the lines that have an amount, in the
      order the currencies first appear; a currency whose lines have no amount has no
      total; nothing is converted.
    - `total` is that sum when every counted line shares one currency, else None;
      `currency` is that currency (euros when there is none or several).
    - `discrepancy` is set only when the source printed a total, the lines share one
      currency, and they add up to another figure.
    - each of `cost_tables` has the same: its `total` adds up the lines with a cost,
      in the table's currency, and its `discrepancy` compares the printed total.

    Each part is computed once, the first time it is read, and only then: a list that
    shows the funding total does not read the cost tables.
    """

    project: Project

    @cached_property
    def lines(self) -> list[FundingLine]:
        return list(self.project.funding_lines.all())

    @cached_property
    def totals(self) -> dict[str, Decimal]:
        totals: dict[str, Decimal] = {}
        for line in self.lines:
            if line.amount is not None:
                previous = totals.get(line.currency, Decimal(0))
                totals[line.currency] = previous + line.amount
        return totals

    @property
    def total(self) -> Decimal | None:
        return next(iter(self.totals.values())) if len(self.totals) == 1 else None

    @property
    def currency(self) -> str:
        return next(iter(self.totals)) if len(self.totals) == 1 else DEFAULT_CURRENCY

    @cached_property
    def counted_lines(self) -> list[FundingLine]:
        return [line for line in self.lines if line.amount is not None]

    @cached_property
    def funder_lines(self) -> list[FundingLine]:
        """The lines listed as funders: counted, and not money still to raise."""
        return [line for line in self.counted_lines if line.is_funder]

    @cached_property
    def by_status(self) -> list[SubTotal]:
        """The counted lines summed per status (acquis, demandé, à mobiliser), per
        currency; the lines "non évaluable" are `not_assessed`, never a sum."""
        from .models import FundingLine

        labels = {
            status: label
            for status, label in FundingLine.Status.choices
            if status != FundingLine.Status.NOT_ASSESSABLE
        }
        return _subtotals(
            ((line.status, line.currency, line.amount) for line in self.counted_lines),
            labels,
        )

    @cached_property
    def by_nature(self) -> list[SubTotal]:
        """The counted lines summed per nature (numéraire, valorisation)."""
        from .models import FundingLine

        return _subtotals(
            ((line.nature, line.currency, line.amount) for line in self.counted_lines),
            dict(FundingLine.Nature.choices),
        )

    @cached_property
    def by_year(self) -> list[SubTotal]:
        """The counted lines summed per calendar year (`line_years`), the years in
        order and last, keyed None, what no year holds."""
        rows = _subtotals(
            (year, line.currency, amount)
            for line in self.counted_lines
            for year, amount in line_years(line)
        )
        return sorted(rows, key=lambda row: (row.key is None, row.key or 0))

    @property
    def has_years(self) -> bool:
        return any(row.key is not None for row in self.by_year)

    @cached_property
    def payments(self) -> list:
        return [payment for line in self.lines for payment in line.payments.all()]

    @cached_property
    def paid_by_funder(self) -> list[PlannedPaid]:
        """Per funder (the lines of one funder together), planned and paid."""
        return _planned_paid(
            (
                (
                    line.funder_id or line.label,
                    line.display_label,
                    line.currency,
                    line.amount,
                )
                for line in self.funder_lines
            ),
            (
                (
                    payment.line.funder_id or payment.line.label,
                    _funder_label(payment.line),
                    payment.line.currency,
                    payment.amount,
                )
                for payment in self.payments
            ),
        )

    @cached_property
    def paid_by_year(self) -> list[PlannedPaid]:
        """Per calendar year, planned (`by_year`) and paid (the payments' dates);
        last, what no year holds."""
        rows = _planned_paid(
            (
                (row.key, str(row.key or ""), row.currency, row.total)
                for row in self.by_year
            ),
            (
                (
                    payment.paid_on.year,
                    str(payment.paid_on.year),
                    payment.line.currency,
                    payment.amount,
                )
                for payment in self.payments
            ),
        )
        return sorted(rows, key=lambda row: (not row.label, row.label))

    @property
    def paid_tables(self) -> list[tuple[str, list[PlannedPaid]]]:
        return [
            (_("Prévu et versé, par financeur"), self.paid_by_funder),
            (_("Prévu et versé, par année"), self.paid_by_year),
        ]

    @property
    def not_assessed(self) -> list[FundingLine]:
        return [line for line in self.lines if line.amount is None]

    @property
    def printed_total(self) -> Decimal | None:
        return self.project.funding_printed_total

    @cached_property
    def discrepancy(self) -> Discrepancy | None:
        return Discrepancy.between(self.printed_total, self.total, self.currency)

    @cached_property
    def cost_tables(self) -> list[CostTableSummary]:
        summaries = []
        for table in self.project.cost_tables.all():
            lines = list(table.lines.all())
            total = _counted_sum(lines)
            summaries.append(
                CostTableSummary(
                    table=table,
                    lines=lines,
                    total=total,
                    discrepancy=Discrepancy.between(
                        table.printed_total, total, table.currency
                    ),
                )
            )
        return summaries
