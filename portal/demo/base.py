"""What every part of the demo loader stands on: find-or-create-or-update by a natural
key, read the YAML files, and the report of what was written."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml
from django.db import models

from core.services import UNCHECKED, is_versioned, record_version_move
from partnerships.models import (
    Contact,
    Organisation,
)


@dataclass
class DemoReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


class BaseLoader:
    def __init__(self, directory: Path):
        self.directory = directory
        self.report = DemoReport()
        self.organisations: dict[str, Organisation] = {}

    # -- generic upserts -------------------------------------------------------------

    def upsert(
        self, model: type[models.Model], lookup: dict, values: dict
    ) -> models.Model:
        """Find the record by `lookup`; create it, or save the fields of `values` that
        differ. Nothing is written when nothing differs."""
        instance = model.objects.filter(**lookup).first()
        if instance is None:
            instance = model(**lookup, **values)
            instance.full_clean()
            instance.save()
            self.report.created[model._meta.verbose_name_plural] += 1
            return instance
        changed = [
            name for name, value in values.items() if getattr(instance, name) != value
        ]
        if changed:
            for name in changed:
                setattr(instance, name, values[name])
            instance.full_clean()
            if is_versioned(instance):  # a form opened before stays stale
                record_version_move(record=instance, version=UNCHECKED, save=False)
                changed += ["version", "updated_at"]
            instance.save(update_fields=changed)
            self.report.updated[model._meta.verbose_name_plural] += 1
        return instance

    def upsert_rows(self, parent_field: str, parent, model, rows: list[dict]) -> list:
        """The rows of a parent, keyed by position: row i is the i-th by `order`, rows
        past the end of the list are deleted."""
        instances = [
            self.upsert(model, {parent_field: parent, "order": order}, values)
            for order, values in enumerate(rows, start=1)
        ]
        stale = model.objects.filter(**{parent_field: parent, "order__gt": len(rows)})
        for row in stale:
            row.delete()
            self.report.updated[model._meta.verbose_name_plural] += 1
        return instances

    def set_m2m(self, manager, objects) -> None:
        wanted = {obj.pk for obj in objects}
        if set(manager.values_list("pk", flat=True)) != wanted:
            manager.set(objects)
            self.report.updated["listes liées (thématiques, ODD, partenaires…)"] += 1

    # -- reading the files -----------------------------------------------------------

    def read(self, relative: str) -> dict:
        with open(self.directory / relative, encoding="utf-8") as handle:
            return yaml.safe_load(handle) or {}

    def organisation(self, name: str | None) -> Organisation | None:
        if not name:
            return None
        try:
            return self.organisations[name]
        except KeyError:
            raise ValueError(
                f"Organisation « {name} » is used but never declared."
            ) from None

    def load_organisations(self, documents: list[dict]) -> None:
        declared: dict[str, dict] = {}
        for document in documents:
            for entry in document.get("organisations") or []:
                name = entry["name"]
                values = {
                    "short_name": entry.get("short_name") or "",
                    "kind": entry.get("kind") or Organisation.Kind.AUTRE,
                    "country": entry.get("country") or "",
                    "website": entry.get("website") or "",
                    # where the map places it (not from the source documents: the
                    # place's coordinates, rounded)
                    "latitude": to_decimal(entry.get("latitude")),
                    "longitude": to_decimal(entry.get("longitude")),
                }
                known = declared.setdefault(name, values)
                if known["latitude"] is None:  # any declaration may place it
                    known["latitude"] = values["latitude"]
                    known["longitude"] = values["longitude"]
        for name, values in sorted(declared.items()):
            self.organisations[name] = self.upsert(Organisation, {"name": name}, values)

    def contact(self, entry: dict) -> Contact:
        return self.upsert(
            Contact,
            {
                "full_name": entry["name"],
                "organisation": self.organisation(entry.get("organisation")),
            },
            {
                "role": entry.get("role") or "",
                "email": entry.get("email") or "",
                "phone": entry.get("phone") or "",
            },
        )


def text(value) -> str:
    return (str(value).strip() if value is not None else "").replace("\r\n", "\n")


def to_decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):
        raise ValueError(f"Amount {value!r} is a float: write it as a string.")
    return Decimal(str(value))


def to_date(value) -> date | None:
    if value is None or value == "" or isinstance(value, date):
        return value or None
    return date.fromisoformat(str(value))
