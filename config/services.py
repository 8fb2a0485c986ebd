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
) -> models.Model:
    """Save a validated form and its inline formsets, all or nothing.

    For an existing record with a version (a TrackedModel), the row is locked and its
    version compared with the one the form was opened with: if someone saved in
    between, StaleRecordError is raised and nothing is written. Otherwise the version
    goes up by one.
    """
    instance = form.instance
    versioned = any(f.name == "version" for f in instance._meta.concrete_fields)
    if instance.pk and versioned:
        model = type(instance)
        current = model.objects.select_for_update().get(pk=instance.pk)
        if version is None or current.version != version:
            raise StaleRecordError(current, record_changes_since(current, version or 0))
        instance.version = current.version + 1
    instance = form.save()
    for formset in formsets:
        formset.instance = instance
        formset.save()
    return instance
