"""What the partner side may propose on an evaluation: a measurement of an indicator
for its own territory ("là-bas"), with a comment and evidence files (registered with
core.proposals in EvaluationsConfig.ready())."""

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from core.access import partner_scope
from core.comments import commentable_register
from core.forms import DATE_INPUT, SHORT_TEXT
from core.proposals import ProposalKind, proposal_kind_register
from core.services import record_save

from .forms import QuantityField
from .models import Evaluation, Indicator, Measurement
from .selectors import evaluation_scope

MEASUREMENT_THERE = "evaluations.measurement-there"


def partner_territory(user: User, indicator: Indicator):
    """The territory of the evaluated project, on the partner side, that `user`
    works for (None when its organisation is not one)."""
    sides = indicator.question.evaluation.territory_sides()
    for organisation_id in sorted(partner_scope(user) or ()):
        if sides.get(organisation_id) == Measurement.Side.PARTNER:
            return organisation_id
    return None


class MeasurementThereForm(forms.ModelForm):
    """A value of an indicator at a date, on the partner's side and for its
    territory: the checks of a measurement (Measurement.clean) apply."""

    value = QuantityField(label=_("Valeur"))

    class Meta:
        model = Measurement
        fields = ["date", "value", "comment"]
        widgets = {"date": DATE_INPUT, "comment": SHORT_TEXT}
        labels = {"comment": _("Commentaire (comment elle a été mesurée)")}

    def __init__(self, target, data=None, proposer=None, instance=None):
        instance = instance or Measurement(
            indicator=target, side=Measurement.Side.PARTNER
        )
        if proposer is not None and instance.territory_id is None:
            instance.territory_id = partner_territory(proposer, target)
        super().__init__(data, instance=instance)


def measurement_targets(user: User):
    evaluations = evaluation_scope(user=user)
    return Indicator.objects.filter(question__evaluation__in=evaluations.values("pk"))


def measurement_accept(*, proposal, target, values, record, history) -> Measurement:
    """The measurement "là-bas" is recorded (or, reopened and accepted again, the one
    recorded before is written again) through record_save under the evaluation's
    version, marked as measured by the partner organisation."""
    indicator = Indicator.objects.select_related("question__evaluation").get(
        pk=target.pk
    )
    evaluation = indicator.question.evaluation
    form = MeasurementThereForm(
        indicator,
        data={**proposal.payload},
        proposer=proposal.proposer,
        instance=record,
    )
    form.is_valid()
    form.instance.source = proposal.organisation_name
    form.instance._history_user, form.instance._change_reason = history
    return record_save(form=form, version=evaluation.version, guard=evaluation)


def measured_organisations(user: User, indicator: Indicator) -> list[int]:
    """A measurement "là-bas" speaks for the territory it is measured in."""
    territory = partner_territory(user, indicator)
    return [] if territory is None else [territory]


def proposals_register() -> None:
    commentable_register(
        Evaluation,
        lambda user: evaluation_scope(user=user),
    )
    proposal_kind_register(
        ProposalKind(
            key=MEASUREMENT_THERE,
            label=_("Mesure « là-bas »"),
            target_model=Indicator,
            targets=measurement_targets,
            form=MeasurementThereForm,
            organisations=measured_organisations,
            accept=measurement_accept,
            files=True,
        )
    )
