from collections.abc import Iterable

from django.db import models, transaction
from django.forms import BaseFormSet, ModelForm
from django.utils.translation import gettext as _


class StaleRecordError(Exception):
    """The record changed since the form was opened: saving would overwrite it."""

    def __init__(self, current: models.Model, changes: list[dict]):
        self.current = current
        self.changes = changes
        super().__init__(
            _(
                "Cet enregistrement a été modifié par quelqu'un d'autre "
                "pendant que vous le modifiiez."
            )
        )


def record_changes_since(instance: models.Model, version: int) -> list[dict]:
    """What changed in `instance` since `version`: field, old and new value, who."""
    history = instance.history.order_by("-history_date")
    newest = history.first()
    seen = history.filter(version=version).order_by("-history_date").first()
    if newest is None or seen is None:
        return []
    delta = newest.diff_against(seen)
    user = newest.history_user
    return [
        {
            "field": instance._meta.get_field(change.field).verbose_name,
            "old": change.old,
            "new": change.new,
            "user": user,
            "date": newest.history_date,
        }
        for change in delta.changes
        if change.field not in {"version", "updated_at"}
    ]


@transaction.atomic
def record_save(
    *,
    form: ModelForm,
    formsets: Iterable[BaseFormSet] = (),
    version: int | None = None,
    guard: models.Model | None = None,
) -> models.Model:
    """Save a validated form and its inline formsets, all or nothing.

    The record that guards the save (the form's own record, or `guard`: the project
    of a cost table, the evaluation of a question) is locked and its version compared
    with the one the form was opened with: if someone saved in between,
    StaleRecordError is raised and nothing is written. Otherwise its version goes up
    by one. A new record, or one without a version, has nothing to compare.
    """
    instance = form.instance
    guard = instance if guard is None else guard
    versioned = any(f.name == "version" for f in guard._meta.concrete_fields)
    if guard.pk and versioned:
        current = type(guard).objects.select_for_update().get(pk=guard.pk)
        if version is None or current.version != version:
            raise StaleRecordError(current, record_changes_since(current, version or 0))
        if guard is instance:
            instance.version = current.version + 1
        else:
            guard.version = current.version + 1
            guard.save(update_fields=["version", "updated_at"])
    instance = form.save()
    for formset in formsets:
        formset.instance = instance
        formset.save()
    return instance
