"""Writes of the projects app that do more than one form's save."""

from collections.abc import Iterable

from django.db import transaction
from django.forms import BaseFormSet, ModelForm
from django.utils.translation import gettext as _

from core.services import change_reason, record_save

from .models import Project
from .totals import funding_totals_deferred


def partnerships_change_reason(*, project: Project, chosen: Iterable) -> str:
    """The line the project's history keeps when its partnerships change:
    django-simple-history records no many-to-many, so the added (+) and removed (−)
    partnerships are named in the change reason of the project's own row."""
    before = {p.pk: p for p in project.partnerships.all()} if project.pk else {}
    after = {p.pk: p for p in chosen}
    added = [str(after[pk]) for pk in after if pk not in before]
    removed = [str(before[pk]) for pk in before if pk not in after]
    if not added and not removed:
        return ""
    parts = [f"+ {name}" for name in added] + [f"− {name}" for name in removed]
    return change_reason(
        _("Partenariats : %(changes)s") % {"changes": " ; ".join(parts)}
    )


@transaction.atomic
def project_save(
    *,
    form: ModelForm,
    formsets: Iterable[BaseFormSet] = (),
    version: int | None = None,
) -> Project:
    """Save a validated project form and its inline formsets, all or nothing, with
    record_save's version check; a change of its partnerships is written in the
    project's history (the line of partnerships_change_reason). Its funding totals
    are recomputed once, at the end, however many lines the form saves."""
    project = form.instance
    reason = partnerships_change_reason(
        project=project, chosen=form.cleaned_data.get("partnerships") or []
    )
    if reason:
        project._change_reason = reason
    with funding_totals_deferred():
        return record_save(form=form, formsets=formsets, version=version)
