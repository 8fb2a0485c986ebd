"""What the partner side may propose on a mission of its partnership (registered with
core.proposals in MissionsConfig.ready()):

- its participants (any mission of its own partnerships);
- the day-by-day programme of a stay it hosts (the mission's destination is one of
  its organisations);
- the provisional budget of an event it organises (the mission's organiser is one of
  its organisations): a line of expense or income, in cash and in kind;
- after the event, the financial report of that budget: the actual amounts of each
  line, with the receipts (the proposal's files).

An accepted proposal is written through record_save under the mission's version (its
rows are the mission's inline rows), marked with the partner organisation's name
(`source`, `actual_source`).
"""

from django import forms
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.access import partner_scope
from core.forms import DATE_INPUT, AmountField
from core.models import Proposal, ProposalFile
from core.proposals import (
    ProposalKind,
    may_propose,
    may_review,
    proposal_kind,
    proposal_kind_register,
    proposal_rows,
    proposals_readable,
    proposals_shown,
)
from core.services import record_save
from partnerships.models import Organisation

from .forms import BudgetLineForm
from .models import BudgetLine, Mission, MissionDay, Participant
from .selectors import mission_scope, missions_of_own_partnerships

PARTICIPANT = "missions.participant"
PROGRAMME_DAY = "missions.programme-day"
BUDGET_LINE = "missions.budget-line"
BUDGET_ACTUAL = "missions.budget-actual"


def participant_targets(user: User) -> QuerySet[Mission]:
    return missions_of_own_partnerships(user=user)


def hosted_targets(user: User) -> QuerySet[Mission]:
    """The stays it hosts: missions of its partnerships coming to its territory."""
    return missions_of_own_partnerships(user=user).filter(
        destination__in=partner_scope(user) or ()
    )


def organised_targets(user: User) -> QuerySet[Mission]:
    """The events it organises: missions of its partnerships it is the organiser of."""
    return missions_of_own_partnerships(user=user).filter(
        organiser__in=partner_scope(user) or ()
    )


def budget_line_targets(user: User) -> QuerySet[BudgetLine]:
    return BudgetLine.objects.filter(mission__in=organised_targets(user).values("pk"))


def mission_organisations(mission: Mission) -> list[int]:
    """The organisations a mission names: its territories, its organiser, its
    partnership's sides and its participating authorities."""
    ids = {mission.origin_id, mission.destination_id, mission.organiser_id}
    if mission.partnership_id:
        partnership = mission.partnership
        ids |= {
            partnership.french_authority_id,
            partnership.partner_id,
            partnership.operator_id,
        }
    ids |= set(mission.participating_authorities.values_list("pk", flat=True))
    return sorted(i for i in ids if i is not None)


class ParticipantProposalForm(forms.ModelForm):
    """A participant of the mission. The organisations offered are those the mission
    names and the partner's own: a partner account reads no directory."""

    class Meta:
        model = Participant
        fields = ["full_name", "organisation", "category"]

    def __init__(self, target, data=None, proposer=None, instance=None):
        super().__init__(data, instance=instance or Participant(mission=target))
        organisations = Q(pk__in=mission_organisations(target))
        if proposer is not None:
            organisations |= Q(memberships__user=proposer)
        self.fields["organisation"].queryset = (
            Organisation.objects.filter(organisations).distinct().order_by("name")
        )


class MissionDayProposalForm(forms.ModelForm):
    """A day of the programme of the stay, within the mission's dates when it has
    them."""

    class Meta:
        model = MissionDay
        fields = ["date", "title", "description"]
        widgets = {"date": DATE_INPUT}

    def __init__(self, target, data=None, proposer=None, instance=None):
        self.mission = target
        super().__init__(data, instance=instance or MissionDay(mission=target))

    def clean_date(self):
        day = self.cleaned_data["date"]
        start, end = (
            self.mission.start_date,
            self.mission.end_date or (self.mission.start_date),
        )
        if start and not (start <= day <= end):
            raise forms.ValidationError(
                _("Cette journée n'est pas dans le séjour (du %(start)s au %(end)s).")
                % {
                    "start": date_format(start, "SHORT_DATE_FORMAT"),
                    "end": date_format(end, "SHORT_DATE_FORMAT"),
                }
            )
        return day


class BudgetLineProposalForm(BudgetLineForm):
    """A line of the provisional budget, as the mission's own form has it (an empty
    amount is zero); its actual amounts come after the event (BudgetActualForm)."""

    actual_cash_amount = None
    actual_in_kind_amount = None

    class Meta(BudgetLineForm.Meta):
        fields = ["side", "label", "cash_amount", "in_kind_amount", "note"]

    def __init__(self, target, data=None, proposer=None, instance=None):
        super().__init__(data, instance=instance or BudgetLine(mission=target))


def event_over(mission: Mission) -> bool:
    """The event has ended, so its financial report may be proposed. A mission known
    only by its period note (the 2009 seminars: « septembre 2009 ») has no date to
    wait for."""
    last_day = mission.end_date or mission.start_date
    return last_day is None or last_day < timezone.localdate()


class BudgetActualForm(forms.ModelForm):
    """The actual amounts of a budget line, after the event."""

    actual_cash_amount = AmountField(label=_("Numéraire réalisé"), required=False)
    actual_in_kind_amount = AmountField(
        label=_("Valorisation réalisée"), required=False
    )

    class Meta:
        model = BudgetLine
        fields = ["actual_cash_amount", "actual_in_kind_amount"]

    def __init__(self, target, data=None, proposer=None, instance=None):
        super().__init__(data, instance=target)

    def clean(self):
        cleaned = super().clean()
        mission = self.instance.mission
        if not event_over(mission):
            raise forms.ValidationError(
                _(
                    "Le rapport financier se remet après l'événement, qui finit le "
                    "%(date)s."
                )
                % {
                    "date": date_format(
                        mission.end_date or mission.start_date, "SHORT_DATE_FORMAT"
                    )
                }
            )
        if (
            cleaned.get("actual_cash_amount") is None
            and cleaned.get("actual_in_kind_amount") is None
        ):
            raise forms.ValidationError(
                _("Donnez le montant réalisé, en numéraire ou en valorisation.")
            )
        return cleaned


def mission_row_accept(form_class):
    """The accept of a kind that adds a row to a mission (a participant, a day, a
    budget line): the row (or, reopened and accepted again, the one written before)
    is saved through record_save under the mission's version, marked as the partner
    organisation's."""

    def accept(*, proposal, target, values, record, history):
        mission = Mission.objects.get(pk=target.pk)
        form = form_class(
            mission, data=proposal.payload, proposer=proposal.proposer, instance=record
        )
        form.is_valid()
        row = form.instance
        row.source = proposal.organisation_name
        if record is None and hasattr(row, "order"):
            last = type(row).objects.filter(mission=mission).aggregate(Max("order"))
            row.order = (last["order__max"] or 0) + 1
        row._history_user, row._change_reason = history
        return record_save(form=form, version=mission.version, guard=mission)

    return accept


def budget_actual_accept(*, proposal, target, values, record, history) -> BudgetLine:
    """The actual amounts become the line's, under the mission's version, marked as
    reported by the partner organisation; the receipts stay the proposal's files."""
    line = BudgetLine.objects.select_related("mission").get(pk=target.pk)
    form = BudgetActualForm(line, data=proposal.payload)
    form.is_valid()
    line.actual_source = proposal.organisation_name
    line._history_user, line._change_reason = history
    return record_save(form=form, version=line.mission.version, guard=line.mission)


def budget_receipt_files(lines) -> QuerySet[ProposalFile]:
    """The receipts of the financial report of `lines` (budget lines, or a query of
    their pks): the files of their accepted proposals of actual amounts."""
    return ProposalFile.objects.filter(
        proposal__kind=BUDGET_ACTUAL,
        proposal__state=Proposal.State.ACCEPTED,
        proposal__target_id__in=lines,
    )


def budget_receipts(*, lines: list[BudgetLine]) -> dict[int, list[ProposalFile]]:
    """The receipts of each line's financial report; one query for every line."""
    receipts: dict[int, list[ProposalFile]] = {}
    if not lines:
        return receipts
    files = budget_receipt_files([line.pk for line in lines]).select_related("proposal")
    for receipt in files:
        receipts.setdefault(receipt.proposal.target_id, []).append(receipt)
    return receipts


def budget_receipt_scope(*, user: User | AnonymousUser) -> QuerySet[ProposalFile]:
    """The receipts `user` may download: those of the accepted financial reports of
    the missions it reads."""
    missions = mission_scope(user=user)
    lines = BudgetLine.objects.filter(mission__in=missions.values("pk"))
    return budget_receipt_files(lines.values("pk"))


def mission_proposals(*, mission: Mission, user: User) -> dict:
    """What the mission page shows of the proposals: to a partner account, the kinds
    it may propose on this mission and its organisation's proposals with their state
    (those it may open, proposals_readable); to a coordinator, the partner's
    proposals with theirs (drafts are the partner's)."""
    lines = list(mission.budget_lines.all())
    targets = Q(target_type=ContentType.objects.get_for_model(Mission)) & Q(
        target_id=mission.pk
    )
    targets |= Q(
        target_type=ContentType.objects.get_for_model(BudgetLine),
        target_id__in=[line.pk for line in lines],
        kind=BUDGET_ACTUAL,
    )
    proposals = proposals_readable(user=user).filter(targets)
    context = {"mission_proposals": []}
    if may_propose(user):
        context["mission_proposals"] = proposal_rows(proposals)
        context["propose"] = {
            "participant": PARTICIPANT
            if participant_targets(user).filter(pk=mission.pk).exists()
            else None,
            "day": PROGRAMME_DAY
            if hosted_targets(user).filter(pk=mission.pk).exists()
            else None,
            "budget_line": None,
            "actual": None,
        }
        if organised_targets(user).filter(pk=mission.pk).exists():
            context["propose"]["budget_line"] = BUDGET_LINE
            if event_over(mission):
                context["propose"]["actual"] = BUDGET_ACTUAL
                context["actual_proposals"] = proposals_shown(
                    user=user, kind=proposal_kind(BUDGET_ACTUAL), targets=lines
                )
    elif may_review(user):
        context["mission_proposals"] = proposal_rows(
            proposals.exclude(state=Proposal.State.DRAFT)
        )
    return context


def proposals_register() -> None:
    for key, label, targets, form_class in (
        (PARTICIPANT, _("Participant"), participant_targets, ParticipantProposalForm),
        (
            PROGRAMME_DAY,
            _("Journée du programme du séjour"),
            hosted_targets,
            MissionDayProposalForm,
        ),
        (
            BUDGET_LINE,
            _("Ligne du budget prévisionnel"),
            organised_targets,
            BudgetLineProposalForm,
        ),
    ):
        proposal_kind_register(
            ProposalKind(
                key=key,
                label=label,
                target_model=Mission,
                targets=targets,
                form=form_class,
                organisations=lambda user, mission: mission_organisations(mission),
                accept=mission_row_accept(form_class),
            )
        )
    proposal_kind_register(
        ProposalKind(
            key=BUDGET_ACTUAL,
            label=_("Rapport financier : montants réalisés"),
            target_model=BudgetLine,
            targets=budget_line_targets,
            form=BudgetActualForm,
            organisations=lambda user, line: mission_organisations(line.mission),
            accept=budget_actual_accept,
            single=True,
            files=True,
        )
    )
