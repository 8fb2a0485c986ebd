"""PostgreSQL: a trigram index of every column the search reads, folded as the search
folds it (core.search), so that a search is index scans rather than the folding of
every row. Nothing on SQLite. tests/core/test_search.py checks that the columns of
the lists' `search_fields` all have theirs.

It runs CREATE EXTENSION IF NOT EXISTS pg_trgm: on a managed PostgreSQL whose
role may not create extensions, an administrator creates it once beforehand
(docs/deploy.md)."""

import unicodedata

from django.db import migrations

COLUMNS = [
    ("evaluations_evaluation", "evaluators"),
    ("evaluations_evaluation", "purpose"),
    ("evaluations_evaluation", "title"),
    ("missions_mission", "objectives"),
    ("missions_mission", "place"),
    ("missions_mission", "themes_note"),
    ("missions_mission", "title"),
    ("partnerships_contact", "email"),
    ("partnerships_contact", "full_name"),
    ("partnerships_contact", "role"),
    ("partnerships_organisation", "name"),
    ("partnerships_organisation", "short_name"),
    ("partnerships_partnership", "description"),
    ("projects_fundingline", "label"),
    ("projects_fundingline", "note"),
    ("projects_project", "aliases"),
    ("projects_project", "lead"),
    ("projects_project", "title"),
    ("projects_theme", "name"),
]


# The fold of the time, frozen here: a TRANSLATE of the accented letters of
# Latin-1, Latin Extended-A and the Romanian comma letters (0010 replaces it).
ACCENTED = "".join(
    char
    for char in map(chr, [*range(0xC0, 0x180), *range(0x218, 0x21C)])
    if len(unicodedata.normalize("NFKD", char)) > 1
)
UNACCENTED = "".join(
    unicodedata.normalize("NFKD", char)[0].lower() for char in ACCENTED
)


def index_name(table: str, column: str) -> str:
    return f"{table}_{column}_folded_trgm"[:63]


def create_folded_indexes(schema_editor, columns=COLUMNS) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    quote = schema_editor.quote_name
    for table, column in columns:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(index_name(table, column))} "
            f"ON {quote(table)} USING gin "
            f"(LOWER(TRANSLATE({quote(column)}, %s, %s)) gin_trgm_ops)",
            [ACCENTED, UNACCENTED],
        )


def drop_folded_indexes(schema_editor, columns=COLUMNS) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in columns:
        name = schema_editor.quote_name(index_name(table, column))
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0006_account_interface_language"),
        ("evaluations", "0002_measurement_territory"),
        ("missions", "0005_attachments"),
        ("partnerships", "0003_attachments"),
        ("projects", "0009_public_and_coordinates"),
    ]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: create_folded_indexes(schema_editor),
            lambda apps, schema_editor: drop_folded_indexes(schema_editor),
            elidable=False,
        )
    ]
