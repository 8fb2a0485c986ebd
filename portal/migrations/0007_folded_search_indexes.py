"""PostgreSQL: a trigram index of every column the search reads, folded as the search
folds it (core.search), so that a search is index scans rather than the folding of
every row. Nothing on SQLite. tests/core/test_search.py checks that the columns of
the lists' `search_fields` all have theirs.

It runs CREATE EXTENSION IF NOT EXISTS pg_trgm: on a managed PostgreSQL whose
role may not create extensions, an administrator creates it once beforehand
(docs/deploy.md)."""

from django.db import migrations

from core.search import create_folded_indexes, drop_folded_indexes

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
            lambda apps, schema_editor: create_folded_indexes(schema_editor, COLUMNS),
            lambda apps, schema_editor: drop_folded_indexes(schema_editor, COLUMNS),
            elidable=False,
        )
    ]
