"""The history as people read it: amounts, dates, choices, the words that changed."""

import datetime
from decimal import Decimal

from core.history import readable_value, word_diff
from missions.models import MissionStep
from partnerships.models import Agreement
from projects.models import FundingLine


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
