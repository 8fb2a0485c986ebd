"""PostgreSQL: the search's new fold, the function `portal_fold` (core.search:
NORMALIZE and REGEXP_REPLACE instead of a TRANSLATE of the accented letters, six
times cheaper to compute for a row; "œ" and "æ" written out; its cost told to the
planner), and the trigram indexes made again on it. Same columns, same names.
Nothing on SQLite."""

import importlib

from django.db import migrations

from core.search import create_folded_indexes, drop_folded_indexes

COLUMNS = importlib.import_module(
    "portal.migrations.0007_folded_search_indexes"
).COLUMNS


def remake(apps, schema_editor):
    drop_folded_indexes(schema_editor, COLUMNS)
    create_folded_indexes(schema_editor, COLUMNS)


class Migration(migrations.Migration):
    dependencies = [("portal", "0009_api_tokens")]

    operations = [migrations.RunPython(remake, remake, elidable=False)]
