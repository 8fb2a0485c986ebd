"""Free-text search that ignores accents and case, the same on SQLite and
PostgreSQL: "Arges", "senegal", "cooperation" find "Argeș", "Sénégal",
"coopération".

Both sides are folded to lower-case letters without diacritics: the searched words in
Python (`fold`), the column in SQL (`field__folded_contains=...`), through a function
registered on each SQLite connection, and through `translate()` on PostgreSQL (no
extension to install)."""

import re
import unicodedata
from functools import reduce
from operator import and_, or_

from django.db import models
from django.db.models import Q, QuerySet

# The accented letters of the languages of the records (French, Romanian, Haitian
# Creole, Spanish…): Latin-1, Latin Extended-A and the Romanian comma letters.
ACCENTED = "".join(
    char
    for char in map(chr, [*range(0xC0, 0x180), *range(0x218, 0x21C)])
    if len(unicodedata.normalize("NFKD", char)) > 1
)
UNACCENTED = "".join(
    unicodedata.normalize("NFKD", char)[0].lower() for char in ACCENTED
)


def fold(text: str | None) -> str | None:
    """Lower case, without diacritics: "Argeș" -> "arges"."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def register_sqlite_fold(sender, connection, **kwargs) -> None:
    """connection_created: SQLite learns `portal_fold`, the same fold as Python's."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "portal_fold", 1, fold, deterministic=True
        )


class Fold(models.Func):
    function = "portal_fold"
    output_field = models.TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"LOWER(TRANSLATE({sql}, %s, %s))", [*params, ACCENTED, UNACCENTED]


class FoldedContains(models.Lookup):
    """`name__folded_contains="arges"`: the column, folded, contains the folded
    words."""

    lookup_name = "folded_contains"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = compiler.compile(Fold(self.lhs))
        pattern = fold(str(self.rhs))
        for special in ("\\", "%", "_"):
            pattern = pattern.replace(special, f"\\{special}")
        return f"{lhs} LIKE %s ESCAPE '\\'", [*lhs_params, f"%{pattern}%"]


models.CharField.register_lookup(FoldedContains)
models.TextField.register_lookup(FoldedContains)


def _relation_and_column(model: type[models.Model], path: str):
    """("carrier__name") -> ("carrier", Organisation, "name"), ("title") -> ("", model,
    "title"); and whether the relation crosses a to-many link (partners, themes)."""
    *relations, column = path.split("__")
    many = False
    for name in relations:
        field = model._meta.get_field(name)
        many = many or field.many_to_many or field.one_to_many
        model = field.related_model
    return "__".join(relations), model, column, many


# A word of a search: quotation marks and apostrophes of every kind separate words,
# so that « Soyons Actifs », "Soyons Actifs" and l’Autre / l'Autre find the same.
WORD = re.compile(r"[^\s\"'«»“”‘’„‹›]+")


def text_search(queryset: QuerySet, fields: tuple[str, ...], value: str) -> QuerySet:
    """The rows of `queryset` where every word of `value` is in one of `fields`,
    accents and case aside.

    Each table's columns are searched in a subquery of their own (`carrier_id IN
    (SELECT id FROM organisation WHERE …)`): on PostgreSQL, the trigram index of each
    folded column serves it (see `create_folded_indexes`), instead of the folding of
    every row of a join. A row found through a to-many relation (a project's themes,
    partners) is listed once, without DISTINCT."""
    words = WORD.findall(value)
    if not words or not fields:
        return queryset
    model = queryset.model
    tables: dict[str, tuple[type[models.Model], list[str], bool]] = {}
    for path in fields:
        relation, related, column, many = _relation_and_column(model, path)
        tables.setdefault(relation, (related, [], many))[1].append(column)

    def word_q(word: str) -> Q:
        matches = []
        for relation, (related, columns, many) in tables.items():
            rows = related._base_manager.filter(
                reduce(or_, [Q(**{f"{c}__folded_contains": word}) for c in columns])
            ).values("pk")
            if not relation:
                matches.append(Q(pk__in=rows))
            elif not many:
                matches.append(Q(**{f"{relation}__in": rows}))
            else:
                linked = model._base_manager.filter(**{f"{relation}__in": rows})
                matches.append(Q(pk__in=linked.values("pk")))
        return reduce(or_, matches)

    return queryset.filter(reduce(and_, [word_q(word) for word in words]))


def create_folded_indexes(schema_editor, columns: list[tuple[str, str]]) -> None:
    """PostgreSQL: a trigram index (pg_trgm) of each (table, column) folded exactly as
    `Fold` folds it, so that `folded_contains` is an index scan. Other databases: none
    (SQLite scans; its tables stay small)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    quote = schema_editor.quote_name
    for table, column in columns:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(folded_index_name(table, column))} "
            f"ON {quote(table)} USING gin "
            f"(LOWER(TRANSLATE({quote(column)}, %s, %s)) gin_trgm_ops)",
            [ACCENTED, UNACCENTED],
        )


def drop_folded_indexes(schema_editor, columns: list[tuple[str, str]]) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in columns:
        name = schema_editor.quote_name(folded_index_name(table, column))
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def folded_index_name(table: str, column: str) -> str:
    return f"{table}_{column}_folded_trgm"[:63]
