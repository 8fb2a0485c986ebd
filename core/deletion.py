"""What deleting a record takes with it, read from the model graph: the records
deleted with it (cascades), the records that stay but lose their link to it (a
foreign key set to empty, a many-to-many link removed) and the records that forbid
the deletion (protected). One reading for every model: the confirmation page shows
it, and the deletion service (core.services.record_delete) keeps the unlinked
records' history from it."""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.contrib.admin.utils import NestedObjects
from django.db import models, router

# How many records of a kind the confirmation page names before "et N autres".
NAMED_PER_GROUP = 10


@dataclass
class RecordGroup:
    """Records of one kind: their label (plural), how many, and some of them."""

    label: str
    records: list[models.Model]
    # the field through which they are linked, for unlinked records
    link: str = ""

    @property
    def count(self) -> int:
        return len(self.records)

    @property
    def names(self) -> list[str]:
        return [str(record) for record in self.records[:NAMED_PER_GROUP]]

    @property
    def more(self) -> int:
        return max(0, self.count - NAMED_PER_GROUP)


@dataclass
class Unlink:
    """A record that stays, and the link it loses: a foreign key set to empty (or
    to its default), or a many-to-many link through `field`. `recorded` when the
    link is a row with a history of its own, which records its deletion itself."""

    record: models.Model
    field: models.Field
    removed: models.Model
    recorded: bool = False


@dataclass
class DeletionPlan:
    record: models.Model
    deleted: list[RecordGroup] = field(default_factory=list)
    unlinked: list[RecordGroup] = field(default_factory=list)
    protected: list[str] = field(default_factory=list)
    # every record that loses a link, with the field it loses it through
    unlinks: list[Unlink] = field(default_factory=list)


def has_history(model: type[models.Model]) -> bool:
    """Whether django-simple-history keeps the model's history."""
    return hasattr(model._meta, "simple_history_manager_attribute")


@cache
def _m2m_of_through() -> dict[type[models.Model], models.ManyToManyField]:
    """The many-to-many field each intermediate model (auto-created or declared
    with `through=`) stands for."""
    found = {}
    for model in apps.get_models():
        for m2m in model._meta.local_many_to_many:
            found[m2m.remote_field.through] = m2m
    return found


def _sorted_groups(groups: dict) -> list[RecordGroup]:
    result = []
    for (label, link), records in groups.items():
        # in the order they were made; only the first few are named (a name may
        # cost a query: a funding line is named after its funder)
        records = sorted(records, key=lambda record: record.pk)
        result.append(RecordGroup(label=label, records=records, link=link))
    return sorted(result, key=lambda group: (group.label, group.link))


def deletion_plan(record: models.Model) -> DeletionPlan:
    """What deleting `record` deletes, unlinks and is held by, in a few queries per
    kind of related record (each kind is read once)."""
    collector = NestedObjects(using=router.db_for_write(type(record)))
    collector.collect([record])
    through_models = _m2m_of_through()
    plan = DeletionPlan(record=record)
    plan.protected = sorted(str(obj) for obj in collector.protected)[:20]
    deleted_keys = {
        (model._meta.concrete_model, obj.pk): obj
        for model, objs in collector.model_objs.items()
        for obj in objs
    }

    deleted = defaultdict(list)
    # (model, m2m field, has its own history) -> {pk of a record that loses a
    # link: the deleted record it was linked to}
    linked_pks = defaultdict(dict)
    for model, objs in collector.model_objs.items():
        m2m = through_models.get(model)
        if m2m is not None:
            recorded = has_history(model)
            sides = [
                model._meta.get_field(name)
                for name in (m2m.m2m_field_name(), m2m.m2m_reverse_field_name())
            ]
            for row in objs:
                ends = [
                    (side.related_model, getattr(row, side.attname)) for side in sides
                ]
                keys = [(target._meta.concrete_model, pk) for target, pk in ends]
                for (target, pk), key, other in zip(
                    ends, keys, reversed(keys), strict=True
                ):
                    if key not in deleted_keys:
                        removed = deleted_keys.get(other, record)
                        linked_pks[target, m2m, recorded][pk] = removed
            continue
        others = [obj for obj in objs if obj != record]
        if others:
            deleted[str(model._meta.verbose_name_plural), ""] += others

    unlinked = defaultdict(list)
    for (target, m2m, recorded), pks in linked_pks.items():
        label = str(target._meta.verbose_name_plural), str(m2m.verbose_name)
        for obj in target._base_manager.filter(pk__in=pks):
            unlinked[label].append(obj)
            plan.unlinks.append(
                Unlink(record=obj, field=m2m, removed=pks[obj.pk], recorded=recorded)
            )
    for (fk, _value), querysets in collector.field_updates.items():
        for queryset in querysets:
            for obj in queryset:
                if (obj._meta.concrete_model, obj.pk) in deleted_keys:
                    continue
                label = str(obj._meta.verbose_name_plural), str(fk.verbose_name)
                unlinked[label].append(obj)
                target = (
                    fk.related_model._meta.concrete_model,
                    getattr(obj, fk.attname),
                )
                removed = deleted_keys.get(target, record)
                plan.unlinks.append(Unlink(record=obj, field=fk, removed=removed))

    plan.deleted = _sorted_groups(deleted)
    plan.unlinked = _sorted_groups(unlinked)
    return plan
