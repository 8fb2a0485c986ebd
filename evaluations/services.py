import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.forms import BaseFormSet, ModelForm

from core.services import record_save, record_version_move
from partnerships.models import Organisation

from .models import Evaluation, EvaluativeQuestion, Indicator, Measurement


@transaction.atomic
def question_save(
    *, form: ModelForm, formsets: Iterable[BaseFormSet] = (), version: int | None
) -> EvaluativeQuestion:
    """Save an evaluative question and its indicators, all or nothing, under the
    version of their evaluation: the grid is one record. When the evaluation changed
    since `version` (its form, or another question's page, was saved meanwhile),
    StaleRecordError is raised and nothing is written; otherwise the evaluation's
    version goes up by one."""
    return record_save(
        form=form,
        formsets=formsets,
        version=version,
        guard=Evaluation.objects.get(pk=form.instance.evaluation_id),
    )


@transaction.atomic
def measurement_record(
    *,
    indicator: Indicator,
    date: datetime.date,
    side: str,
    value: Decimal,
    territory: Organisation | None = None,
    comment: str = "",
    user: User | None = None,
    version: int | None = None,
) -> Measurement:
    """Record the value of an indicator at a date, on the French side or the partner
    side ("ici et là-bas"). Raises ValidationError, writing nothing, when the territory
    is not one of the evaluated project's or stands on the other side (the partner of
    the partnership is never measured as the French territory).

    With `version`, the version of the evaluation the client read (the API sends it):
    when the evaluation changed since, StaleRecordError is raised and nothing is
    written; otherwise its version goes up by one, as for a question of its grid.
    Without it (the indicator's page) the evaluation is left as it is."""
    measurement = Measurement(
        indicator=indicator,
        date=date,
        side=side,
        value=value,
        territory=territory,
        comment=comment,
    )
    if version is not None:
        record_version_move(record=indicator.question.evaluation, version=version)
    measurement.full_clean()
    measurement._history_user = user
    measurement.save()
    return measurement
