from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms import BaseFormSet, ModelForm

from core.services import record_save, record_version_move

from .models import BudgetLine, Mission, MissionStep
from .selectors import mission_report_writable

# The steps of a mission as the Savoie youth sheet of the TERRINCLUS guide of the ADF
# (2017) describes them, in order.
STANDARD_STEPS = [
    (MissionStep.Phase.BEFORE, MissionStep.Kind.OBJECTIVES_SHEET),
    (MissionStep.Phase.BEFORE, MissionStep.Kind.CALENDAR),
    (MissionStep.Phase.BEFORE, MissionStep.Kind.PREPARATION_EVENING),
    (MissionStep.Phase.BEFORE, MissionStep.Kind.LETTER_TO_ELECTED),
    (MissionStep.Phase.DURING, MissionStep.Kind.OFFICERS_PRESENT),
    (MissionStep.Phase.DURING, MissionStep.Kind.EVENING_DEBRIEFING),
    (MissionStep.Phase.DURING, MissionStep.Kind.LOCAL_ACTORS),
    (MissionStep.Phase.AFTER, MissionStep.Kind.INDIVIDUAL_REPORT),
    (MissionStep.Phase.AFTER, MissionStep.Kind.COLLECTIVE_SYNTHESIS),
    (MissionStep.Phase.AFTER, MissionStep.Kind.REVIEW_EVENING),
    (MissionStep.Phase.AFTER, MissionStep.Kind.COMMUNICATION),
]


@transaction.atomic
def mission_steps_create_standard(*, mission: Mission) -> list[MissionStep]:
    """Give a mission the standard steps it lacks; existing steps are kept."""
    existing = set(mission.steps.values_list("kind", flat=True))
    steps = [
        MissionStep(mission=mission, phase=phase, kind=kind, order=order)
        for order, (phase, kind) in enumerate(STANDARD_STEPS, start=1)
        if kind not in existing
    ]
    for step in steps:
        step.save()  # one by one, so that the history records each step
    return steps


@transaction.atomic
def mission_create(*, form: ModelForm, formsets: Iterable[BaseFormSet] = ()) -> Mission:
    """Create a mission from its validated form and inline rows, with the standard
    steps of the TERRINCLUS guide's Savoie youth sheet (before / during / after): all
    of it or nothing."""
    mission = record_save(form=form, formsets=formsets)
    mission_steps_create_standard(mission=mission)
    return mission


@transaction.atomic
def mission_report_write(
    *, mission: Mission, user: User, text: str, version: int | None
) -> Mission:
    """Write the report (compte rendu) of a mission.

    Refused with PermissionDenied unless `user` may write this report
    (`mission_report_writable`: the `missions.write_report` permission and, for a
    partner account, a mission of its own partnerships or of their projects, not one
    it only travels from or to); refused with StaleRecordError when the mission
    changed since `version`. The mission's version goes up by one and its history
    records who wrote.
    """
    if not mission_report_writable(user=user, mission=mission):
        raise PermissionDenied
    current = record_version_move(record=mission, version=version, save=False)
    current.report = text
    current._history_user = user
    current.full_clean()
    current.save(update_fields=["report", "version", "updated_at"])
    return current


@dataclass(frozen=True)
class BudgetSummary:
    """The totals of a provisional budget in the layout of the report of the 2009
    preparatory seminar: expenses and income, each in cash (numéraire) and in-kind
    valuation (valorisation), never mixed. A balance is income minus expenses."""

    expense_cash: Decimal = Decimal(0)
    expense_in_kind: Decimal = Decimal(0)
    income_cash: Decimal = Decimal(0)
    income_in_kind: Decimal = Decimal(0)

    @property
    def expense_total(self) -> Decimal:
        return self.expense_cash + self.expense_in_kind

    @property
    def income_total(self) -> Decimal:
        return self.income_cash + self.income_in_kind

    @property
    def balance_cash(self) -> Decimal:
        return self.income_cash - self.expense_cash

    @property
    def balance_in_kind(self) -> Decimal:
        return self.income_in_kind - self.expense_in_kind

    @property
    def balance(self) -> Decimal:
        return self.income_total - self.expense_total

    @property
    def is_balanced(self) -> bool:
        """Income covers expenses exactly, in cash and in kind each: a valuation in
        kind on one side is matched by the same valuation on the other."""
        return self.balance_cash == 0 and self.balance_in_kind == 0

    @property
    def is_empty(self) -> bool:
        """Every amount is zero: the template still to fill in."""
        return not (self.expense_total or self.income_total)


def budget_summary(
    lines: Iterable[BudgetLine], *, actual: bool = False
) -> BudgetSummary:
    """Add up budget lines (pass `mission.budget_lines.all()` to use a prefetch): their
    provisional amounts, or with `actual` those of the financial report (a line not
    reported counts for nothing)."""
    totals = {
        (side, column): Decimal(0)
        for side in BudgetLine.Side.values
        for column in ("cash", "in_kind")
    }
    for line in lines:
        if actual:
            cash = line.actual_cash_amount or Decimal(0)
            in_kind = line.actual_in_kind_amount or Decimal(0)
        else:
            cash, in_kind = line.cash_amount, line.in_kind_amount
        totals[(line.side, "cash")] += cash
        totals[(line.side, "in_kind")] += in_kind
    expense, income = BudgetLine.Side.EXPENSE, BudgetLine.Side.INCOME
    return BudgetSummary(
        expense_cash=totals[(expense, "cash")],
        expense_in_kind=totals[(expense, "in_kind")],
        income_cash=totals[(income, "cash")],
        income_in_kind=totals[(income, "in_kind")],
    )


@dataclass(frozen=True)
class FinancialReport:
    """The financial report after the event beside its provisional budget: totals of
    each and their difference (actual minus provisional)."""

    provisional: BudgetSummary
    actual: BudgetSummary

    @property
    def expense_difference(self) -> Decimal:
        return self.actual.expense_total - self.provisional.expense_total

    @property
    def income_difference(self) -> Decimal:
        return self.actual.income_total - self.provisional.income_total

    @property
    def balance_difference(self) -> Decimal:
        return self.actual.balance - self.provisional.balance


def financial_report(lines: Iterable[BudgetLine]) -> FinancialReport | None:
    """The financial report of a budget, or None while no line has an actual
    amount."""
    lines = list(lines)
    if not any(line.is_reported for line in lines):
        return None
    return FinancialReport(
        provisional=budget_summary(lines), actual=budget_summary(lines, actual=True)
    )
