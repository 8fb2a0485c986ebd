"""Lookup tables of the records an import matches rows against, each built in one
query (or one per few thousand keys), so that the cost of an import does not grow
with its rows. Names are compared as people mean them (core.text.normalise).
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db import models

from core.text import normalise
from partnerships.models import Organisation
from projects.models import Project

# Keeps `pk IN (...)` under every database's limit on query parameters.
CHUNK = 5_000


class Ambiguous(LookupError):
    """Several records answer to the name."""


class NameIndex:
    """Records by normalised name; a name that several records share is ambiguous."""

    def __init__(self, pairs: Iterable[tuple[str, object]] = ()):
        self._records: dict[str, list] = defaultdict(list)
        for name, record in pairs:
            self.add(name, record)

    def add(self, name: str, record) -> None:
        records = self._records[normalise(name)]
        if record not in records:
            records.append(record)

    def find(self, name: str):
        """The record named `name`, None when there is none; Ambiguous when several."""
        records = self._records.get(normalise(name), [])
        if len(records) > 1:
            raise Ambiguous(name)
        return records[0] if records else None


def organisation_index() -> NameIndex:
    organisations = Organisation.objects.only("pk", "name", "version")
    return NameIndex(
        (organisation.name, organisation) for organisation in organisations
    )


class ProjectIndex:
    """Projects by slug, or by any of their names (title or alias) when no slug
    matches."""

    def __init__(self):
        projects = list(Project.objects.only("pk", "title", "slug", "aliases"))
        self.by_slug = {project.slug: project for project in projects}
        self.by_title = NameIndex(
            (name, project) for project in projects for name in project.names
        )

    def find(self, text: str, slug: str = ""):
        if slug:
            return self.by_slug.get(slug.strip().lower())
        return self.by_slug.get(text.strip().lower()) or self.by_title.find(text)


def in_chunks(queryset: models.QuerySet, field: str, values: Iterable) -> Iterator:
    """`queryset.filter(<field>__in=values)`, a few thousand values per query."""
    values = sorted(set(values))
    for start in range(0, len(values), CHUNK):
        yield from queryset.filter(**{f"{field}__in": values[start : start + CHUNK]})
