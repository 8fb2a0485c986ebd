"""Free-text search that ignores accents and case, the same on SQLite and
PostgreSQL: "Arges", "senegal", "cooperation" find "Argeș", "Sénégal",
"coopération".

Both sides are folded to lower-case letters without diacritics, by one rule: the
compatibility decomposition (NFKD), then the combining marks (`COMBINING_MARKS`)
taken off, then lower case. The searched words are folded in Python (`fold`), the
column in SQL (`field__folded_contains=...`) by `portal_fold`: a function registered
on each SQLite connection (Python's own `fold`), and on PostgreSQL the function of
migration portal.0010 (`NORMALIZE`, `REGEXP_REPLACE` of `COMBINING_MARKS`, `LOWER`,
the ligatures: built in, for a UTF-8 database), whose trigram indexes serve the
search. tests/core/test_search.py checks that both fold as `fold` does."""

import re
import unicodedata
from functools import reduce
from operator import and_, or_

from django.db import models
from django.db.models import Q, QuerySet

# The combining marks a fold takes off, once NFKD has split them from their letters:
# those of the Latin, Greek and Cyrillic scripts and their extensions, the accents
# of the languages of the records (French, Romanian, Haitian Creole, Spanish…). One
# pattern, read alike by Python's `re` and PostgreSQL's regular expressions.
COMBINING_MARKS = r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
COMBINING = re.compile(COMBINING_MARKS)
# The ligatures NFKD keeps, written out as French readers type them: "oeuvre" finds
# "mise en œuvre".
LIGATURES = {"œ": "oe", "æ": "ae", "Œ": "oe", "Æ": "ae"}  # capitals: LOWER of a C ctype


def fold(text: str | None) -> str | None:
    """Lower case, without diacritics: "Argeș" -> "arges", "ﬁn" -> "fin", "Œuvre" ->
    "oeuvre"."""
    if text is None:
        return None
    folded = COMBINING.sub("", unicodedata.normalize("NFKD", str(text))).lower()
    for ligature, letters in LIGATURES.items():
        folded = folded.replace(ligature, letters)
    return folded


def register_sqlite_fold(sender, connection, **kwargs) -> None:
    """connection_created: SQLite learns `portal_fold`, the same fold as Python's."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "portal_fold", 1, fold, deterministic=True
        )


class Fold(models.Func):
    """`portal_fold(column)`: the function of each database, one rule (`fold`).
    On PostgreSQL its cost is told to the planner (COST 100): at the default, a scan
    folding every row of 10,000 projects (73 ms) looked cheaper than their trigram
    index (under 1 ms)."""

    function = "portal_fold"
    output_field = models.TextField()


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


def _linked(model: type[models.Model], relation: str, rows: QuerySet) -> QuerySet:
    """The keys of `model`'s rows linked to `rows` through the to-many `relation`:
    read from the link table alone for a many-to-many field of `model` (a project's
    themes, partners), not from a join of the link table with `model`'s."""
    field = model._meta.get_field(relation) if "__" not in relation else None
    if field is not None and field.many_to_many and field.concrete:
        through = field.remote_field.through._base_manager
        return through.filter(**{f"{field.m2m_reverse_field_name()}__in": rows}).values(
            field.m2m_field_name()
        )
    return model._base_manager.filter(**{f"{relation}__in": rows}).values("pk")


# Past this many rows of the listed table, a word is common: its condition stays on
# the list's own query, whose scan stops at the rows of the page and of the capped
# count (core.pagination), instead of folding every row that holds the word.
FEW_ROWS = 500


def _own_columns(rows: QuerySet, found: Q) -> Q:
    """The rows whose own columns hold a word: their keys, when the trigram indexes
    find at most FEW_ROWS of them (a rare word: the list reads those rows by key);
    else the condition itself (a word in most rows: "banc" in the 100,000 titles of
    the bench, where the subquery of every match cost 0.3 s a query)."""
    keys = list(rows.order_by().values_list("pk", flat=True)[: FEW_ROWS + 1])
    if len(keys) <= FEW_ROWS:
        return Q(pk__in=keys)
    return found


# A word of a search: quotation marks and apostrophes of every kind separate words,
# so that « Soyons Actifs », "Soyons Actifs" and l’Autre / l'Autre find the same.
WORD = re.compile(r"[^\s\"'«»“”‘’„‹›]+")


def text_search(queryset: QuerySet, fields: tuple[str, ...], value: str) -> QuerySet:
    """The rows of `queryset` where every word of `value` is in one of `fields`,
    accents and case aside.

    Each table's columns are searched in a subquery of their own (`carrier_id IN
    (SELECT id FROM organisation WHERE …)`): on PostgreSQL, the trigram index of each
    folded column serves it (migration portal.0010), instead of the folding of
    every row of a join. A row found through a to-many relation (a project's themes,
    partners) is listed once, without DISTINCT. The listed table's own columns are
    read first for a few rows (`_own_columns`)."""
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
            found = reduce(or_, [Q(**{f"{c}__folded_contains": word}) for c in columns])
            rows = related._base_manager.filter(found).values("pk")
            if not relation:
                matches.append(_own_columns(rows, found))
            elif not many:
                matches.append(Q(**{f"{relation}__in": rows}))
            else:
                matches.append(Q(pk__in=_linked(model, relation, rows)))
        return reduce(or_, matches)

    return queryset.filter(reduce(and_, [word_q(word) for word in words]))


def folded_index_name(table: str, column: str) -> str:
    return f"{table}_{column}_folded_trgm"[:63]
