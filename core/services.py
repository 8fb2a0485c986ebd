import copy
import enum
from collections import defaultdict
from collections.abc import Iterable
from typing import Final

from django.db import models, transaction
from django.db.models import F
from django.forms import BaseFormSet, ModelForm
from django.utils.translation import gettext as _

from .deletion import DeletionPlan, Unlink, deletion_plan, has_history
from .text import shorten


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
    """What changed in `instance` since `version`: field, old and new value, who
    (nothing to say of a record that keeps no history: a proposal)."""
    if getattr(type(instance), "history", None) is None:
        return []
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


class Unchecked(enum.Enum):
    """The version of a write that no form opened: an import, the demo loader."""

    UNCHECKED = "unchecked"


UNCHECKED: Final = Unchecked.UNCHECKED


def is_versioned(record: models.Model | models.QuerySet) -> bool:
    model = record.model if isinstance(record, models.QuerySet) else type(record)
    return any(f.name == "version" for f in model._meta.concrete_fields)


def record_version_move(
    *,
    record: models.Model | models.QuerySet,
    version: int | None | Unchecked,
    save: bool = True,
) -> models.Model | None:
    """Check and move on the version of `record`: the record being written, or the
    parent record that guards it (the project of a funding line or a cost table, the
    evaluation of a question or an indicator). The one place where a version moves.

    With `version`, the version the form was opened with: inside the caller's
    transaction (the write it guards), the record's row is locked
    (select_for_update, held until that transaction ends) and compared with
    it; when it differs, or the form carried none, StaleRecordError is raised and
    nothing is written. Otherwise `record.version` becomes the current one plus one,
    saved at once with `save`, or left to the caller's own save of `record`. The
    locked row is returned, its version moved on too.

    With UNCHECKED, a write that no form opened (an import, the demo loader, an admin
    deletion): the version moves on without comparing. A queryset moves in one
    UPDATE, which locks its rows itself; a record is locked and saved at once with
    `save`, or moved in memory for the caller's own save (the caller read it in its
    transaction: the demo loader, the import of organisations).

    A record without a version, or not saved yet, has nothing to check or move.
    """
    if not is_versioned(record):
        return None
    if isinstance(record, models.QuerySet):
        record.update(version=F("version") + 1)
        return None
    if record.pk is None:
        return None
    if version is UNCHECKED and not save:
        # The caller read the record in its own transaction and writes it itself.
        current = record
    else:
        if not transaction.get_connection().in_atomic_block:
            raise transaction.TransactionManagementError(
                "record_version_move locks the record for the write it guards: "
                "call it inside that write's transaction."
            )
        current = type(record).objects.select_for_update().get(pk=record.pk)
        stale = version is None or current.version != version
        if version is not UNCHECKED and stale:
            raise StaleRecordError(current, record_changes_since(current, version or 0))
    record.version = current.version = current.version + 1
    if save:
        current.save(update_fields=["version", "updated_at"])
    return current


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
    of a cost table, the evaluation of a question) is checked and moved on by
    record_version_move: if someone saved since the form was opened with `version`,
    StaleRecordError is raised and nothing is written. A new record, or one without
    a version, has nothing to compare.
    """
    instance = form.instance
    guard = instance if guard is None else guard
    record_version_move(record=guard, version=version, save=guard is not instance)
    instance = form.save()
    for formset in formsets:
        formset.instance = instance
        formset.save()
    return instance


# simple-history's change reason is a 100-character column.
CHANGE_REASON_LENGTH = 100


def change_reason(text: str) -> str:
    """The line a record's history keeps, cut to fit its column."""
    return shorten(text, CHANGE_REASON_LENGTH)


def unlink_reason(unlink: Unlink) -> str:
    """The line a record's history keeps when a deletion removes one of its links."""
    return change_reason(
        _("Lien « %(field)s » vers « %(name)s » retiré par sa suppression")
        % {"field": unlink.field.verbose_name, "name": unlink.removed}
    )


@transaction.atomic
def record_delete(*, record: models.Model, user) -> DeletionPlan:
    """Delete `record` and what cascades with it, all or nothing.

    The records that stay but lose a link to it (a foreign key set to empty, a
    many-to-many link removed) get a line in their history, by `user`, in the same
    transaction, and their version moves on (a form opened on them before is
    refused as stale). Raises ProtectedError, deleting nothing, when a protected
    record depends on it. Returns what was deleted and unlinked.
    """
    plan = deletion_plan(record)
    record.delete()
    reasons = defaultdict(list)
    for unlink in plan.unlinks:
        if not unlink.recorded:
            reasons[type(unlink.record), unlink.record.pk].append(unlink_reason(unlink))
    by_model = defaultdict(dict)
    for (model, pk), lines in reasons.items():
        by_model[model][pk] = lines
    for model, lines_of in by_model.items():
        current = model._base_manager.filter(pk__in=lines_of)
        record_version_move(record=current, version=UNCHECKED)
        if not has_history(model):
            continue
        # one history row per link removed: joined, two reasons overflow the
        # column and the second was cut short
        changed = []
        for obj in current:
            for line in lines_of[obj.pk]:
                row = copy.copy(obj)
                row._change_reason = line
                changed.append(row)
        model.history.bulk_history_create(changed, update=True, default_user=user)
    return plan
