"""Every record page fetches its history when its "Historique" is opened: the page
itself reads no history table, so its cost does not grow with the changes; the
history page names the changes of the record and of its rows."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    AgreementFactory,
    EvaluationFactory,
    EvaluativeQuestionFactory,
    MissionFactory,
    MissionStepFactory,
    OrganisationFactory,
    PartnershipFactory,
    ProgrammeAxisFactory,
    ProgrammeFactory,
)
from tests.pages import page_text

pytestmark = pytest.mark.django_db


def renamed(record, field: str, number: int) -> None:
    setattr(record, field, f"Nom numéro {number}")
    record.save()


def partnership():
    record = PartnershipFactory()
    AgreementFactory(partnership=record, title="Convention de 2014")
    return record, "start_year_note", "convention « Convention de 2014 »"


def organisation():
    return OrganisationFactory(), "name", "création organisation"


def programme():
    record = ProgrammeFactory()
    ProgrammeAxisFactory(programme=record, title="Axe jeunesse")
    return record, "title", "axe « Axe jeunesse »"


def mission():
    record = MissionFactory()
    MissionStepFactory(mission=record, kind="preparation_evening")
    return record, "title", "étape « Soirée de préparation »"


def evaluation():
    record = EvaluationFactory()
    EvaluativeQuestionFactory(evaluation=record, text="Qu'a changé l'échange ?")
    return record, "title", "question évaluative « Qu'a changé l'échange ? »"


# the queries each page costs at most (bench/README.md: they went down when the
# history left the page)
RECORDS = {
    "partnership": (partnership, 11),
    "organisation": (organisation, 12),
    "programme": (programme, 8),
    "mission": (mission, 13),
    "evaluation": (evaluation, 13),
}


def detail_queries(client, record) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(record.get_absolute_url())
    assert response.status_code == 200
    return len(queries), [query["sql"] for query in queries]


@pytest.mark.parametrize("kind", RECORDS)
def test_a_record_page_reads_no_history_and_fetches_it_when_opened(
    client, director, kind
):
    build, _most = RECORDS[kind]
    record, field, row_change = build()
    renamed(record, field, 1)
    client.force_login(director)

    _count, queries = detail_queries(client, record)
    page = client.get(record.get_absolute_url()).content.decode()
    fetched = re.search(r'data-history-url="([^"?]+)\?partiel=1"', page)
    history = page_text(client.get(fetched[1], {"partiel": 1}))

    assert not [sql for sql in queries if "historical" in sql.lower()]
    assert "Voir l’historique des modifications" in page_text(page)
    assert "modification" in history
    assert row_change in history


@pytest.mark.parametrize("kind", RECORDS)
def test_a_record_page_costs_the_same_queries_for_1_or_30_changes(
    client, director, kind
):
    build, most = RECORDS[kind]
    record, field, _row_change = build()
    client.force_login(director)
    renamed(record, field, 1)
    with_1, _queries = detail_queries(client, record)

    for number in range(2, 31):
        renamed(record, field, number)
    with_30, _queries = detail_queries(client, record)

    assert with_30 == with_1
    assert with_1 <= most


def test_the_history_page_of_a_record_shows_30_changes_20_at_a_time(client, director):
    record = OrganisationFactory(name="Nom numéro 0")
    for number in range(1, 31):
        renamed(record, "name", number)
    client.force_login(director)
    url = f"/partenariats/organisations/{record.pk}/historique/"

    first = page_text(client.get(url))
    second = page_text(client.get(url, {"historique": 2}))

    assert "Nom numéro 29 → Nom numéro 30" in first
    assert "Modifications plus anciennes" in first
    assert "Nom numéro 0 → Nom numéro 1" in second
    assert "Nom numéro 29 → Nom numéro 30" not in second
