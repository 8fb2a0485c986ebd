"""The search's columns each have their trigram index on PostgreSQL, folded as the
search folds them, and the search of the project list is served by them."""

import importlib

import pytest
from django.db import connection
from django.db.models import TextField, Value
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import search as search_module
from core.search import Fold, fold, folded_index_name, text_search
from projects.models import Project, Theme
from tests.core.test_filters import LIST_PAGES
from tests.factories import OrganisationFactory, ProjectFactory

indexes = importlib.import_module("portal.migrations.0007_folded_search_indexes")


def searched_columns():
    """(table, column) of every field a list's search reads."""
    columns = set()
    for _, filterset in LIST_PAGES:
        model = filterset._meta.model
        for path in filterset.search_fields:
            *relations, name = path.split("__")
            related = model
            for relation in relations:
                related = related._meta.get_field(relation).related_model
            columns.add((related._meta.db_table, related._meta.get_field(name).column))
    return columns


def test_every_searched_column_is_in_the_migration_of_the_indexes():
    # A field added to a list's search_fields without its index would be scanned
    # row by row at 100,000 projects: add it to a new migration of the indexes.
    assert searched_columns() <= set(indexes.COLUMNS)


@pytest.mark.django_db
def test_the_database_has_the_indexes_its_engine_can_use():
    with connection.cursor() as cursor:
        names = {
            index
            for table, _ in indexes.COLUMNS
            for index in connection.introspection.get_constraints(cursor, table)
        }
    folded = {folded_index_name(table, column) for table, column in indexes.COLUMNS}

    if connection.vendor == "postgresql":
        assert folded <= names
    else:  # SQLite has no trigram index: its searches scan, as they always did
        assert not folded & names


@pytest.mark.django_db
def test_a_search_finds_through_each_table_whatever_the_accents():
    carrier = OrganisationFactory(name="Județul Argeș")
    by_title = ProjectFactory(title="Soyons actifs à Bignona")
    by_carrier = ProjectFactory(title="Autre chose", carrier=carrier)
    by_theme = ProjectFactory(title="Troisième")
    by_theme.themes.add(Theme.objects.create(name="Économie sociale"))
    fields = ("title", "carrier__name", "themes__name")

    def found(text):
        return set(text_search(Project.objects.all(), fields, text))

    assert found("ACTIFS bignona") == {by_title}
    assert found("judetul arges") == {by_carrier}
    assert found("economie") == {by_theme}
    assert found("autre arges") == {by_carrier}
    assert found("actifs arges") == set()


@pytest.mark.django_db
def test_on_postgresql_the_project_search_reads_the_trigram_indexes():
    ProjectFactory.create_batch(3)
    postgresql = connection.vendor == "postgresql"
    with CaptureQueriesContext(connection) as queries:
        list(
            text_search(
                Project.objects.all(), ("title", "lead", "carrier__name"), "jeunesse"
            )
        )
    # the projects' own columns, read for their keys, then the list itself
    statements = [query["sql"] for query in queries]
    plans = []
    with connection.cursor() as cursor:
        if postgresql:  # three rows: without this, a scan is cheaper than any index
            cursor.execute("SET LOCAL enable_seqscan = off")
        for sql in statements:
            cursor.execute(("EXPLAIN " if postgresql else "EXPLAIN QUERY PLAN ") + sql)
            plans += [str(row[-1]) for row in cursor.fetchall()]
    plan = "\n".join(plans)

    assert len(statements) == 2
    if postgresql:
        assert folded_index_name("projects_project", "title") in plan
        assert folded_index_name("partnerships_organisation", "name") in plan
    else:
        assert "SCAN" in plan


@pytest.mark.django_db
def test_a_common_word_finds_the_same_rows_as_a_rare_one(monkeypatch):
    # past FEW_ROWS matches of the listed table, the word's condition stays in the
    # list's query instead of a list of keys: the rows found are the same
    found = [ProjectFactory(title=f"Jeunesse n° {n}") for n in range(3)]
    found.append(ProjectFactory(title="Autre", lead="Pour la jeunesse de Bignona"))
    ProjectFactory(title="Sans rapport")

    def search():
        return set(text_search(Project.objects.all(), ("title", "lead"), "JEUNESSE"))

    rare = search()
    monkeypatch.setattr(search_module, "FEW_ROWS", 2)
    common = search()

    assert rare == common == set(found)


# Letters of the records' languages, their accents as separate marks, ligatures,
# compatibility forms (ﬁ, ²), quotes and spaces
FOLDED_ALPHABET = st.sampled_from(
    list("aAeEiIoOsStTzZ çÇéÉèêëàâäîïôöùûüÿñșȘțȚăĂâÂîÎşţ œŒæÆ ﬁﬂ²½ « » ’ -")
    + ["\u0301", "\u0308", "\u0327", "\u1dc4", "\u20d7"]
)


@pytest.mark.django_db
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(FOLDED_ALPHABET, max_size=30))
def test_the_database_folds_a_text_as_python_does(text):
    # the column side (SQL) and the searched words (Python) must agree, or a search
    # misses what it should find
    compiler = Project.objects.none().query.get_compiler(connection=connection)
    sql, params = compiler.compile(Fold(Value(text, output_field=TextField())))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql}", params)
        folded = cursor.fetchone()[0]

    assert folded == fold(text)


@pytest.mark.django_db
def test_oeuvre_finds_the_ligature_and_the_ligature_finds_oeuvre():
    written = ProjectFactory(title="Mise en œuvre à Bignona")
    typed = ProjectFactory(title="Les oeuvres de Dessalines")

    def found(text):
        return set(text_search(Project.objects.all(), ("title",), text))

    assert found("oeuvre") == {written, typed}
    assert found("Œuvre") == {written, typed}
