"""The history as people read it: amounts, dates, choices, the words that changed."""

import datetime
from decimal import Decimal

import pytest

from core.history import history_of, readable_value, word_diff
from missions.models import MissionStep
from partnerships.models import Agreement, Organisation
from projects.models import FundingLine, Project
from tests.factories import OrganisationFactory, ProjectFactory


def test_an_amount_reads_the_french_way():
    field = FundingLine._meta.get_field("amount")
    assert readable_value(field, Decimal("5000.00")) == "5\u00a0000\u00a0€"
    assert (
        readable_value(field, Decimal("22124.13"), "XOF") == "22\u00a0124,13\u00a0FCFA"
    )


def test_a_date_reads_in_french_and_a_choice_by_its_label():
    assert (
        readable_value(Agreement._meta.get_field("end"), datetime.date(2026, 3, 1))
        == "1 mars 2026"
    )
    state = MissionStep._meta.get_field("state")
    assert readable_value(state, "done") == "Fait"


def test_a_long_text_shows_only_the_changed_words_in_context():
    before = " ".join(f"mot{n}" for n in range(60))
    after = before.replace("mot30", "changé")

    parts = word_diff(before, after, context=3)

    kinds = [(part.kind, part.text) for part in parts]
    assert ("del", "mot30") in kinds and ("ins", "changé") in kinds
    assert ("same", "mot27 mot28 mot29") in kinds
    assert ("same", "mot31 mot32 mot33") in kinds
    assert kinds[0] == ("gap", "…") and kinds[-1] == ("gap", "…")
    shown = " ".join(part.text for part in parts)
    assert "mot0 " not in shown and "mot59" not in shown


@pytest.mark.django_db
def test_history_of_reads_the_rows_of_the_records_history_from_one_class():
    project = ProjectFactory(title="Avant")
    project.title = "Après"
    project.save()
    other = OrganisationFactory()

    rows = history_of(project).order_by("history_date")

    assert [row.title for row in rows] == ["Avant", "Après"]
    assert list(history_of(Project).values_list("title", flat=True).order_by("pk")) == [
        "Avant",
        "Après",
    ]
    assert history_of(other).count() == 1
    # the manager's class is built once, not on every access as `.history` does
    assert type(history_of(project)) is type(history_of(Organisation))
    assert type(project.history) is not type(project.history)
