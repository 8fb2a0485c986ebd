"""PostgreSQL: the search's new fold, the function `portal_fold` (core.search:
NORMALIZE and REGEXP_REPLACE instead of a TRANSLATE of the accented letters, six
times cheaper to compute for a row; "œ" and "æ" written out; its cost told to the
planner, or it folds every row of 10,000 projects rather than read their index), and
the trigram indexes made again on it. Same columns, same names. Nothing on SQLite.

Frozen here, as a migration must be: a change of `core.search.fold` needs a
migration of its own, and tests/core/test_search.py checks that the database folds
as Python does."""

import importlib

from django.db import migrations

before = importlib.import_module("portal.migrations.0007_folded_search_indexes")

FOLD_FUNCTION = r"""
CREATE OR REPLACE FUNCTION portal_fold(value text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 100 AS $fold$
BEGIN
    RETURN REPLACE(REPLACE(REPLACE(REPLACE(
        LOWER(REGEXP_REPLACE(
            NORMALIZE(value, NFKD),
            '[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]',
            '', 'g'
        )),
        'œ', 'oe'), 'æ', 'ae'), 'Œ', 'oe'), 'Æ', 'ae');
END
$fold$
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    before.drop_folded_indexes(schema_editor)
    schema_editor.execute(FOLD_FUNCTION)
    quote = schema_editor.quote_name
    for table, column in before.COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX {quote(before.index_name(table, column))} "
            f"ON {quote(table)} USING gin (portal_fold({quote(column)}) gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    before.drop_folded_indexes(schema_editor)
    schema_editor.execute("DROP FUNCTION IF EXISTS portal_fold(text)")
    before.create_folded_indexes(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("portal", "0009_api_tokens")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
