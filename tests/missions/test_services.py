from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from core.services import StaleRecordError
from missions.forms import MissionForm, ParticipantFormSet
from missions.models import BudgetLine, Mission, MissionStep
from missions.services import (
    STANDARD_STEPS,
    budget_summary,
    mission_create,
    mission_report_write,
    mission_steps_create_standard,
)
from tests.factories import (
    BudgetLineFactory,
    MissionFactory,
    MissionStepFactory,
    PartnershipFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

D = Decimal


def test_creating_a_mission_gives_it_the_eleven_steps_of_the_savoie_sheet():
    partnership = PartnershipFactory()
    form = MissionForm(
        data={
            "title": "Échange de professionnels jeunesse",
            "kind": Mission.Kind.EXCHANGE,
            "partnership": partnership.pk,
            "budget_currency": "EUR",
        }
    )
    participants = ParticipantFormSet(
        data={
            "participants-TOTAL_FORMS": "1",
            "participants-INITIAL_FORMS": "0",
            "participants-0-full_name": "Awa Diatta",
            "participants-0-category": "jeune",
        },
        instance=Mission(),
        prefix="participants",
    )
    assert form.is_valid(), form.errors
    assert participants.is_valid(), participants.errors

    mission = mission_create(form=form, formsets=[participants])

    steps = list(mission.steps.order_by("order"))
    assert [(s.phase, s.kind) for s in steps] == STANDARD_STEPS
    assert [s.get_kind_display() for s in steps[:4]] == [
        "Fiche d'objectifs",
        "Calendrier",
        "Soirée de préparation",
        "Courrier aux élus",
    ]
    assert {s.state for s in steps} == {MissionStep.State.TODO}
    assert mission.participants.get().full_name == "Awa Diatta"
    assert mission.steps.first().history.get().history_type == "+"


def test_standard_steps_are_not_added_twice():
    mission = MissionFactory()
    MissionStepFactory(
        mission=mission, kind=MissionStep.Kind.CALENDAR, state=MissionStep.State.DONE
    )

    created = mission_steps_create_standard(mission=mission)

    assert len(created) == len(STANDARD_STEPS) - 1
    assert mission.steps.get(kind=MissionStep.Kind.CALENDAR).state == "done"


def test_budget_totals_keep_cash_and_in_kind_apart_in_decimal():
    mission = MissionFactory()
    BudgetLineFactory(
        mission=mission,
        side=BudgetLine.Side.EXPENSE,
        cash_amount=D("1200.10"),
        in_kind_amount=D("300.00"),
    )
    BudgetLineFactory(
        mission=mission,
        side=BudgetLine.Side.EXPENSE,
        cash_amount=D("0.20"),
        in_kind_amount=D("450.05"),
    )
    BudgetLineFactory(
        mission=mission,
        side=BudgetLine.Side.INCOME,
        cash_amount=D("1000.00"),
        in_kind_amount=D("750.05"),
    )

    summary = budget_summary(mission.budget_lines.all())

    assert summary.expense_cash == D("1200.30")
    assert summary.expense_in_kind == D("750.05")
    assert summary.income_cash == D("1000.00")
    assert summary.income_in_kind == D("750.05")
    assert summary.expense_total == D("1950.35")
    assert summary.income_total == D("1750.05")
    assert summary.balance_cash == D("-200.30")
    assert summary.balance_in_kind == D("0.00")
    assert summary.balance == D("-200.30")
    assert isinstance(summary.balance, Decimal)
    assert not summary.is_balanced


def test_a_budget_whose_income_matches_its_expenses_in_each_column_is_balanced():
    lines = [
        BudgetLine(side="expense", cash_amount=D("0.10"), in_kind_amount=D("5")),
        BudgetLine(side="expense", cash_amount=D("0.20"), in_kind_amount=D("0")),
        BudgetLine(side="income", cash_amount=D("0.30"), in_kind_amount=D("5")),
    ]

    summary = budget_summary(lines)

    assert summary.balance_cash == 0  # 0.1 + 0.2 is exactly 0.3 in Decimal
    assert summary.is_balanced
    assert not summary.is_empty


def test_income_in_kind_does_not_cover_a_cash_expense():
    lines = [
        BudgetLine(side="expense", cash_amount=D("100"), in_kind_amount=D("0")),
        BudgetLine(side="income", cash_amount=D("0"), in_kind_amount=D("100")),
    ]

    summary = budget_summary(lines)

    assert summary.balance == 0
    assert not summary.is_balanced


def test_a_partner_writes_the_report_of_a_mission_of_their_partnership(
    partner_user, membership_factory
):
    mission = MissionFactory()
    membership_factory(user=partner_user, organisation=mission.partnership.partner)

    saved = mission_report_write(
        mission=mission,
        user=partner_user,
        text="### Bilan\n\nVingt participants.",
        version=mission.version,
    )

    mission.refresh_from_db()
    assert mission.report == "### Bilan\n\nVingt participants."
    assert mission.version == saved.version == 2
    assert mission.history.latest().history_user == partner_user


def test_a_partner_cannot_write_the_report_of_another_partnerships_mission(
    partner_user, membership_factory
):
    membership_factory(user=partner_user, organisation=PartnershipFactory().partner)
    other = MissionFactory()

    with pytest.raises(PermissionDenied):
        mission_report_write(
            mission=other, user=partner_user, text="Intrus", version=other.version
        )

    other.refresh_from_db()
    assert other.report == ""


@pytest.mark.parametrize("end", ["origin", "destination"])
def test_a_partner_cannot_report_on_another_partnerships_mission_it_travels_on(
    partner_user, membership_factory, end
):
    organisation = membership_factory(
        user=partner_user, organisation=PartnershipFactory().partner
    ).organisation
    other = MissionFactory(**{end: organisation})  # a mission of another partnership

    with pytest.raises(PermissionDenied):
        mission_report_write(
            mission=other, user=partner_user, text="Intrus", version=other.version
        )

    other.refresh_from_db()
    assert other.report == ""


def test_a_partner_writes_the_report_of_a_mission_of_a_project_of_its_partnership(
    partner_user, membership_factory
):
    partnership = PartnershipFactory()
    membership_factory(user=partner_user, organisation=partnership.partner)
    mission = MissionFactory(
        partnership=None, project=ProjectFactory(partnership=partnership)
    )

    mission_report_write(
        mission=mission, user=partner_user, text="Bilan", version=mission.version
    )

    mission.refresh_from_db()
    assert mission.report == "Bilan"


def test_a_director_cannot_write_a_report(director):
    mission = MissionFactory()

    with pytest.raises(PermissionDenied):
        mission_report_write(
            mission=mission, user=director, text="Non", version=mission.version
        )


def test_a_report_written_on_a_stale_version_is_refused(coordinator):
    mission = MissionFactory()
    mission_report_write(mission=mission, user=coordinator, text="Première", version=1)

    with pytest.raises(StaleRecordError):
        mission_report_write(
            mission=mission, user=coordinator, text="Seconde", version=1
        )

    mission.refresh_from_db()
    assert mission.report == "Première"
