from decimal import Decimal

import pytest

from core.forms import AmountField
from core.markdown import render_markdown
from core.money import format_money, parse_amount


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("22 124,13 €", "22124.13"),
        ("22\u202f124,13\u00a0€", "22124.13"),
        ("22\u00a0124,13", "22124.13"),
        ("30 000", "30000"),
        ("1 690 650,00 EUR", "1690650.00"),
        ("22,124.13", "22124.13"),
        ("1,7", "1.7"),
        ("30.000", "30000"),
        ("1.690.650", "1690650"),
        ("12.5", "12.5"),
        (5000, "5000"),
        (Decimal("51621"), "51621"),
    ],
)
def test_amounts_are_read_as_people_write_them(written, amount):
    assert parse_amount(written) == Decimal(amount)


@pytest.mark.parametrize("written", ["douze mille", "", "12,5,3.2.1", "€"])
def test_unreadable_amounts_are_refused(written):
    with pytest.raises(ValueError):
        parse_amount(written)


def test_amounts_are_shown_the_french_way_or_the_english_way():
    assert format_money(Decimal("22124.13"), language="fr") == "22\xa0124,13\xa0€"
    assert format_money(Decimal("30000"), language="fr") == "30\xa0000\xa0€"
    assert format_money(Decimal("22124.13"), language="en") == "€22,124.13"
    assert format_money(Decimal("30000"), "USD", language="en") == "$30,000"


def test_an_amount_field_shows_and_reads_french_amounts():
    field = AmountField()

    assert field.widget.format_value(Decimal("20000.00")) == "20\xa0000"
    assert field.clean("20 000,50") == Decimal("20000.50")


def test_markdown_keeps_simple_formatting_and_drops_scripts_and_unsafe_links():
    html = render_markdown(
        "### Titre\n\n- **gras** <script>alert(1)</script>\n\n"
        "[lien](javascript:alert(1)) <img src=http://x/y.png>"
    )

    assert "<h3>Titre</h3>" in html and "<strong>gras</strong>" in html
    assert "<script" not in html and "javascript:" not in html and "<img" not in html
