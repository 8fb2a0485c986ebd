"""The admin's side of optimistic locking: an admin form is checked and moves a
version through record_version_move, exactly like a portal form."""

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .services import (
    UNCHECKED,
    StaleRecordError,
    record_delete,
    record_version_move,
)

STALE_ADMIN_FORM = _(
    "Cet enregistrement a été modifié par quelqu'un d'autre depuis que vous avez "
    "ouvert ce formulaire : rien n'a été enregistré. Rouvrez la page pour voir "
    "ses changements, puis refaites les vôtres."
)


def version_guard(record: models.Model, path: str | None) -> models.Model | None:
    """The record whose version guards `record`: itself (no `path`), or the parent
    reached by `path` ("project", "question__evaluation"); None when not set yet."""
    for name in path.split("__") if path else ():
        record = getattr(record, name, None)  # an unset parent raises AttributeError
        if record is None:
            return None
    return record


def version_guards(queryset: models.QuerySet, path: str) -> models.QuerySet:
    """The parents, reached by `path`, of the records of `queryset`."""
    model = queryset.model
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model.objects.filter(pk__in=queryset.values(path))


class VersionedAdminForm(forms.ModelForm):
    """An admin form carrying, hidden, the version of the record that guards it (the
    record itself, or its parent: see VersionedAdmin.version_guard_path).

    Validated inside the admin's transaction, it locks that record and compares the
    version: a form opened before someone else's save is refused with an error on
    the form, and nothing is saved. Otherwise the guard (then the locked row) has its
    version moved on, in memory, for the admin's save (VersionedAdmin.save_model).
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    version_guard_path: str | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        guard = version_guard(self.instance, self.version_guard_path)
        # The guard as the form was opened (the parent the row belonged to).
        self.version_guard = guard if guard is not None and guard.pk else None
        if self.version_guard is not None:
            self.fields["version"].initial = self.version_guard.version

    def clean(self):
        cleaned_data = super().clean()
        if self.version_guard is not None:
            try:
                self.version_guard = record_version_move(
                    record=self.version_guard,
                    version=cleaned_data.get("version"),
                    save=False,
                )
            except StaleRecordError:
                raise ValidationError(STALE_ADMIN_FORM, code="stale") from None
        return cleaned_data


class VersionedAdmin(SimpleHistoryAdmin):
    """Admin of a record guarded by a version: a TrackedModel (`version_guard_path`
    None), or a row of one (`version_guard_path = "project"`). A stale change form is
    refused; a save moves the guard's version on, and a deletion of rows moves their
    parents', so that a portal form opened before is refused instead of undoing it.
    """

    form = VersionedAdminForm
    version_guard_path: str | None = None

    def get_form(self, request, obj=None, change=False, **kwargs):
        if kwargs.get("fields", ...) is not None:
            # The form declares `version` itself: the model's field is not editable.
            fields = kwargs.get("fields") or flatten_fieldsets(
                self.get_fieldsets(request, obj)
            )
            kwargs["fields"] = [name for name in fields if name != "version"]
        form = super().get_form(request, obj, change=change, **kwargs)
        form.version_guard_path = self.version_guard_path
        return form

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if self.version_guard_path is None:
            return  # the record's own version, moved by the form, was saved with it
        opened = form.version_guard
        if opened is not None:  # checked and moved by the form
            opened.save(update_fields=["version", "updated_at"])
        guard = version_guard(obj, self.version_guard_path)
        if guard is not None and (opened is None or guard.pk != opened.pk):
            # A new row, or a row moved to another parent: no form was opened on it.
            record_version_move(record=guard, version=UNCHECKED)

    @transaction.atomic
    def delete_model(self, request, obj):
        """Deleted through record_delete, as in the portal: the records that lose a
        link to it keep it in their history."""
        if self.version_guard_path is not None:
            guard = version_guard(obj, self.version_guard_path)
            if guard is not None:
                record_version_move(record=guard, version=UNCHECKED)
        record_delete(record=obj, user=request.user)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        if self.version_guard_path is not None:
            record_version_move(
                record=version_guards(queryset, self.version_guard_path),
                version=UNCHECKED,
            )
        for obj in queryset:
            record_delete(record=obj, user=request.user)
