"""What changed in a record and its inline rows: who, when, which field from what to
what. Read from django-simple-history's tables, in a constant number of queries."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

HIDDEN_FIELDS = {"version", "updated_at", "created_at", "order"}
ACTIONS = {"+": _("création"), "~": _("modification"), "-": _("suppression")}


@dataclass
class FieldChange:
    field: str
    old: object
    new: object


@dataclass
class HistoryEntry:
    date: datetime
    user: object
    action: str
    subject: str
    changes: list[FieldChange] = field(default_factory=list)


def with_related(record, related: tuple[str, ...]) -> models.Model:
    """The record's object as the historical row holds it, carrying the related
    objects select_related fetched on that row, so that its label costs no query.

    Built from the row's own columns: simple-history's `record.instance` would read
    the fields the history leaves out (`updated_at`) from the live table, one query
    per row of a history list."""
    model = record.instance_type
    instance = model(
        **{
            field.attname: getattr(record, field.attname)
            for field in model._meta.concrete_fields
            if hasattr(record, field.attname)
        }
    )
    for name in related:
        setattr(instance, name, getattr(record, name))
    return instance


def _readable(model: type[models.Model], field_name: str, value):
    """A stored value as the forms show it: the label of a choice (« Fait », not
    « done »)."""
    choices = dict(model._meta.get_field(field_name).flatchoices)
    return choices.get(value, value) if choices else value


def _field_change(model, change, before, record, related) -> FieldChange:
    """A change as a person reads it: the label of a choice, the name of a related
    record (fetched with the historical rows), not its id."""
    field = model._meta.get_field(change.field)
    if field.name in related:
        old, new = getattr(before, field.name), getattr(record, field.name)
    else:
        old = _readable(model, change.field, change.old)
        new = _readable(model, change.field, change.new)
    return FieldChange(field=str(field.verbose_name), old=old, new=new)


def _entries(
    history: models.QuerySet, subject_label: str, parent: str = "", limit: int = 100
) -> list[HistoryEntry]:
    """Diff each of the `limit` latest historical rows against the previous one of
    the same object (the oldest rows read show what was done, not what changed)."""
    model = history.model.instance_type
    related = tuple(
        field.name
        for field in model._meta.concrete_fields
        if field.many_to_one and field.name != parent
    )
    records = list(
        history.select_related("history_user", *related).order_by("-history_date")[
            :limit
        ]
    )
    records.reverse()
    previous: dict[int, models.Model] = {}
    entries = []
    for record in records:
        before = previous.get(record.id)
        changes = []
        if before is not None and record.history_type == "~":
            delta = record.diff_against(before, excluded_fields=HIDDEN_FIELDS)
            changes = [
                _field_change(model, change, before, record, related)
                for change in delta.changes
            ]
            if not changes:
                previous[record.id] = record
                continue
        previous[record.id] = record
        entries.append(
            HistoryEntry(
                date=record.history_date,
                user=record.history_user,
                action=str(ACTIONS.get(record.history_type, record.history_type)),
                subject=f"{subject_label} « {with_related(record, related)} »",
                changes=changes,
            )
        )
    return entries


def history_entries(
    instance: models.Model,
    *,
    rows: tuple[tuple[type[models.Model], str], ...] = (),
    limit: int = 100,
) -> list[HistoryEntry]:
    """The `limit` latest changes of `instance` and of its inline rows, newest
    first: each history table is read for its latest rows only, so a project with
    thousands of imported lines keeps a page of constant cost.

    `rows` names the row models and their foreign key to the instance, e.g.
    `((FundingLine, "project"), (KeyFigure, "project"))`.
    """
    entries = _entries(
        instance.history.all(), str(instance._meta.verbose_name), limit=limit
    )
    for row_model, fk_name in rows:
        row_history = row_model.history.filter(**{f"{fk_name}_id": instance.pk})
        entries += _entries(
            row_history, str(row_model._meta.verbose_name), fk_name, limit=limit
        )
    entries.sort(key=lambda entry: entry.date, reverse=True)
    return entries[:limit]
