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


def _crosses_many(model: type[models.Model], path: str) -> bool:
    for name in path.split("__"):
        field = model._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        model = field.related_model
    return False


# A word of a search: quotation marks and apostrophes of every kind separate words,
# so that « Soyons Actifs », "Soyons Actifs" and l’Autre / l'Autre find the same.
WORD = re.compile(r"[^\s\"'«»“”‘’„‹›]+")


def text_search(queryset: QuerySet, fields: tuple[str, ...], value: str) -> QuerySet:
    """The rows of `queryset` where every word of `value` is in one of `fields`,
    accents and case aside. Fields across a to-many relation (a project's themes,
    partners) are searched in a subquery: a row is listed once, without DISTINCT."""
    words = WORD.findall(value)
    if not words or not fields:
        return queryset
    model = queryset.model
    direct = [f for f in fields if not _crosses_many(model, f)]
    related = [f for f in fields if _crosses_many(model, f)]

    def word_q(word: str) -> Q:
        matches = [Q(**{f"{f}__folded_contains": word}) for f in direct]
        if related:
            rows = model._base_manager.filter(
                reduce(or_, [Q(**{f"{f}__folded_contains": word}) for f in related])
            )
            matches.append(Q(pk__in=rows.values("pk")))
        return reduce(or_, matches)

    return queryset.filter(reduce(and_, [word_q(word) for word in words]))
