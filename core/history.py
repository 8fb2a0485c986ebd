"""What changed in a record and its inline rows: who, when, which field from what to
what. Read from django-simple-history's tables, in a constant number of queries."""

import datetime as dt
import difflib
import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .money import format_money

HIDDEN_FIELDS = {"version", "updated_at", "created_at", "order"}
ACTIONS = {"+": _("création"), "~": _("modification"), "-": _("suppression")}


@functools.cache
def _manager_class(manager_class: type, queryset_class: type) -> type:
    return manager_class.from_queryset(queryset_class)


def history_of(record: models.Model | type[models.Model]) -> models.Manager:
    """`record.history`, without its cost: simple-history's descriptor builds a new
    manager class on each access (`from_queryset`, which copies every method of the
    queryset onto it: bench/history_manager.py measures it); this builds the same
    manager from one class per (manager, queryset) pair, made once."""
    model = record if isinstance(record, type) else type(record)
    name = model._meta.simple_history_manager_attribute
    descriptor = next(
        klass.__dict__[name] for klass in model.__mro__ if name in klass.__dict__
    )
    manager = _manager_class(descriptor.manager_class, descriptor.queryset_class)
    return manager(descriptor.model, None if record is model else record)


# Words of context kept on each side of a change in a long text.
DIFF_CONTEXT = 6


@dataclass
class TextPart:
    kind: str  # "same", "del", "ins" or "gap" (unchanged words left out)
    text: str


@dataclass
class FieldChange:
    field: str
    old: object
    new: object
    # a long text: the words that changed, in context
    diff: list[TextPart] | None = None


@dataclass
class HistoryEntry:
    date: dt.datetime
    user: object
    action: str
    subject: str
    changes: list[FieldChange] = field(default_factory=list)
    # why the change was made, when a service said it (a link removed by a deletion)
    note: str = ""


class DeletedRecord:
    """A related record deleted since a historical row named it, as that row's
    label reads it: « Awa Diatta (supprimé) » (its last known name), « (supprimé) »
    when no history keeps it; any other attribute is the one of its last historical
    row (a partnership is named after its organisations' short names)."""

    def __init__(self, record: models.Model, name: str = ""):
        self.__dict__.update(record=record, name=name)

    def __getattr__(self, attribute):
        return getattr(self.__dict__["record"], attribute)

    def __str__(self):
        if self.name:
            return gettext("%(name)s (supprimé)") % {"name": self.name}
        return gettext("(supprimé)")


# (field name, primary key) -> the deleted record a historical row links to
Gone = dict[tuple[str, object], DeletedRecord]


def _related_value(record, name: str, gone: Gone):
    """The related object `name` of the historical row `record`: the one
    select_related fetched, or a DeletedRecord when it no longer exists."""
    value = getattr(record, name)
    if value is not None:
        return value
    field = record.instance_type._meta.get_field(name)
    pk = getattr(record, field.attname)
    if pk is None:
        return None
    if (name, pk) not in gone:
        return DeletedRecord(field.related_model(pk=pk))
    return gone[name, pk]


def record_label(instance: models.Model) -> str:
    """str(instance), or « (supprimé) » when its label reads a related record that
    no longer exists (and was not fetched with it)."""
    try:
        return str(instance)
    except ObjectDoesNotExist:
        return gettext("(supprimé)")


def with_related(record, related: tuple[str, ...], gone: Gone | None = None):
    """The record's object as the historical row holds it, carrying the related
    objects select_related fetched on that row, so that its label costs no query.
    A related record deleted since is a DeletedRecord (see deleted_related), put
    in the field's cache, where no type is checked: the label names it deleted.

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
        value = _related_value(record, name, gone or {})
        model._meta.get_field(name).set_cached_value(instance, value)
    return instance


def deleted_related(records: list, related: tuple[str, ...]) -> Gone:
    """The related records the historical `records` link to and that no longer
    exist, each named after its own last historical row (its deletion): one query
    per related field that has some, none otherwise."""
    gone: Gone = {}
    if not records:
        return gone
    model = records[0].instance_type
    for name in related:
        field = model._meta.get_field(name)
        missing = {
            getattr(record, field.attname)
            for record in records
            if getattr(record, name) is None
            and getattr(record, field.attname) is not None
        }
        if not missing:
            continue
        target = field.related_model
        last_rows = {}
        if hasattr(target._meta, "simple_history_manager_attribute"):
            rows = (
                history_of(target)
                .filter(**{f"{target._meta.pk.attname}__in": missing})
                .order_by("-history_date")
            )
            for row in rows:
                last_rows.setdefault(getattr(row, target._meta.pk.attname), row)
        for pk in missing:
            row = last_rows.get(pk)
            if row is None:
                gone[name, pk] = DeletedRecord(target(pk=pk))
                continue
            instance = with_related(row, ())
            gone[name, pk] = DeletedRecord(instance, record_label(instance))
    return gone


def is_money(model_field) -> bool:
    """An amount of money (core.models.money_field), not another decimal."""
    return (
        isinstance(model_field, models.DecimalField)
        and model_field.decimal_places == 2
        and model_field.max_digits == 14
    )


def readable_value(model_field, value, currency: str = "EUR"):
    """A stored value as people read it: the label of a choice (« Fait », not
    « done »), an amount the French way (`5 000 €`), a date in words, Oui / Non."""
    if value is None or value == "":
        return value
    choices = dict(model_field.flatchoices) if model_field.choices else {}
    if choices:
        return choices.get(value, value)
    if isinstance(value, bool):
        return _("Oui") if value else _("Non")
    if isinstance(value, Decimal | int | float) and is_money(model_field):
        return format_money(Decimal(value), currency or "EUR")
    if isinstance(value, Decimal | float):
        return number_format(value)
    if isinstance(value, dt.datetime):
        return date_format(value, "DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return date_format(value, "DATE_FORMAT")
    return value


WORDS = re.compile(r"\S+")


def word_diff(old: str, new: str, context: int = DIFF_CONTEXT) -> list[TextPart]:
    """The words of `new` against `old`: what was removed, what was added, and a
    few unchanged words around each change; the rest is a gap."""
    before, after = WORDS.findall(old or ""), WORDS.findall(new or "")
    parts: list[TextPart] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    opcodes = matcher.get_opcodes()
    for number, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            words = before[i1:i2]
            head = words[:context] if number else []
            tail = words[-context:] if number < len(opcodes) - 1 else []
            if len(words) > len(head) + len(tail):
                if head:
                    parts.append(TextPart("same", " ".join(head)))
                parts.append(TextPart("gap", "…"))
                if tail:
                    parts.append(TextPart("same", " ".join(tail)))
            else:
                parts.append(TextPart("same", " ".join(words)))
            continue
        if i2 > i1:
            parts.append(TextPart("del", " ".join(before[i1:i2])))
        if j2 > j1:
            parts.append(TextPart("ins", " ".join(after[j1:j2])))
    return parts


def _field_change(model, change, before, record, related, gone) -> FieldChange:
    """A change as a person reads it: the name of a related record (fetched with the
    historical rows), not its id; values as readable_value shows them; the changed
    words of a long text."""
    field = model._meta.get_field(change.field)
    if field.name in related:
        old = _related_value(before, field.name, gone)
        new = _related_value(record, field.name, gone)
        return FieldChange(field=str(field.verbose_name), old=old, new=new)
    if isinstance(field, models.TextField) and not field.choices:
        return FieldChange(
            field=str(field.verbose_name),
            old=change.old,
            new=change.new,
            diff=word_diff(change.old, change.new),
        )
    return FieldChange(
        field=str(field.verbose_name),
        old=readable_value(field, change.old, getattr(before, "currency", "EUR")),
        new=readable_value(field, change.new, getattr(record, "currency", "EUR")),
    )


def _entries(
    history: models.QuerySet,
    subject_label: str,
    parent: str = "",
    limit: int = 100,
    hidden: frozenset[str] = frozenset(),
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
    gone = deleted_related(records, related)
    previous: dict[int, models.Model] = {}
    entries = []
    for record in records:
        before = previous.get(record.id)
        changes = []
        if before is not None and record.history_type == "~":
            delta = record.diff_against(before, excluded_fields=HIDDEN_FIELDS | hidden)
            changes = [
                _field_change(model, change, before, record, related, gone)
                for change in delta.changes
            ]
            # a link emptied and emptied again: nothing to show
            changes = [c for c in changes if c.old is not None or c.new is not None]
            if not changes and not record.history_change_reason:
                previous[record.id] = record
                continue
        previous[record.id] = record
        entries.append(
            HistoryEntry(
                date=record.history_date,
                user=record.history_user,
                action=str(ACTIONS.get(record.history_type, record.history_type)),
                subject=(
                    f"{subject_label} « "
                    f"{record_label(with_related(record, related, gone))} »"
                ),
                changes=changes,
                note=record.history_change_reason or "",
            )
        )
    return entries


def history_entries(
    instance: models.Model,
    *,
    rows: tuple[tuple[type[models.Model], str], ...] = (),
    limit: int = 100,
    hidden: frozenset[str] = frozenset(),
) -> list[HistoryEntry]:
    """The `limit` latest changes of `instance` and of its inline rows, newest
    first: each history table is read for its latest rows only, so a project with
    thousands of imported lines keeps a page of constant cost.

    `rows` names the row models and their foreign key to the instance, e.g.
    `((FundingLine, "project"), (KeyFigure, "project"))`. `hidden` names fields of
    the instance whose changes are not shown (notes for staff only).
    """
    entries = _entries(
        history_of(instance).all(),
        str(instance._meta.verbose_name),
        limit=limit,
        hidden=hidden,
    )
    for row_model, fk_name in rows:
        row_history = history_of(row_model).filter(**{f"{fk_name}_id": instance.pk})
        entries += _entries(
            row_history, str(row_model._meta.verbose_name), fk_name, limit=limit
        )
    entries.sort(key=lambda entry: entry.date, reverse=True)
    return entries[:limit]
