import contextlib
from decimal import Decimal

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

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


@pytest.mark.parametrize(
    "written",
    [
        "douze mille",
        "",
        "12,5,3.2.1",
        "€",
        "22 124,13,50 €",  # a typo, not 221 million euros
        "1,234,56",
        "22 12,13",
        "1 2345",
        "12 abc",
        "5 € €",
        "1.234.5",
        "1e5",
        "NaN",
    ],
)
def test_unreadable_amounts_are_refused(written):
    with pytest.raises(ValueError):
        parse_amount(written)


@pytest.mark.parametrize(("written", "amount"), [("1,234", "1234"), ("1.234", "1234")])
def test_a_separator_before_three_digits_groups_thousands_as_amounts_have_cents(
    written, amount
):
    assert parse_amount(written) == Decimal(amount)


AMOUNTS = st.decimals(
    min_value=0, max_value=Decimal("999999999999.99"), places=2, allow_nan=False
)
SPACES = st.sampled_from([" ", "\u00a0", "\u202f"])


def english(amount: Decimal) -> str:
    return f"{amount:,}"


def french(amount: Decimal, space: str) -> str:
    return f"{amount:,}".replace(",", space).replace(".", ",")


@given(
    amount=AMOUNTS,
    space=SPACES,
    currency=st.sampled_from(["", " €", " EUR", "€"]),
)
def test_every_amount_written_the_french_or_english_way_reads_back(
    amount, space, currency
):
    assert parse_amount(french(amount, space) + currency) == amount
    assert parse_amount(english(amount)) == amount
    assert parse_amount(currency.strip() + english(amount)) == amount
    assert parse_amount(format_money(amount, language="fr")) == amount
    assert parse_amount(format_money(amount, language="en")) == amount


@given(amount=AMOUNTS, extra=st.integers(min_value=0, max_value=99), space=SPACES)
def test_two_decimal_separators_are_always_refused(amount, extra, space):
    for written in (f"{french(amount, space)},{extra}", f"{english(amount)}.{extra}"):
        if "," in french(amount, space) or "." in english(amount):
            with pytest.raises(ValueError):
                parse_amount(written)


@given(
    head=st.integers(min_value=1, max_value=999),
    group=st.integers(min_value=0, max_value=99),
    separator=st.sampled_from([" ", ",", "."]),
    cents=st.sampled_from(["", ",50", ".50"]),
)
def test_a_group_of_other_than_three_digits_is_always_refused(
    head, group, separator, cents
):
    with pytest.raises(ValueError):
        parse_amount(f"{head}{separator}{group:02d}{separator}000{cents}")


@given(
    amount=AMOUNTS,
    position=st.integers(min_value=1),
    letters=st.text(st.characters(categories=["L"]), min_size=1, max_size=3),
)
def test_letters_inside_an_amount_are_always_refused(amount, position, letters):
    written = french(amount, " ")
    position = position % len(written) or 1
    with pytest.raises(ValueError):
        parse_amount(written[:position] + letters + written[position:])


@given(st.text())
def test_no_input_raises_anything_but_the_forms_message(text):
    field = AmountField(required=False)
    with contextlib.suppress(forms.ValidationError):
        field.clean(text)


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
