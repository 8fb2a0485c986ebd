"""Amounts: how people write them, how pages and sheets show them.

The one place that parses and formats money, for forms, imports, pages and PDFs.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import get_language

NBSP = "\u00a0"  # between thousands and before the currency sign: never wraps
CURRENCY_SIGNS = {
    "EUR": "€",
    "USD": "$",
    "GBP": "£",
    "XOF": "FCFA",
    "HTG": "HTG",
    "RON": "lei",
}


def format_amount(amount: Decimal | None, language: str | None = None) -> str:
    """The number alone: `22 124,13` in French, `22,124.13` in English; whole amounts
    without cents (`30 000`), as the source documents print them."""
    if amount is None:
        return ""
    amount = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole = amount == amount.to_integral_value()
    number = f"{abs(amount):,.0f}" if whole else f"{abs(amount):,.2f}"
    sign = "-" if amount < 0 else ""
    if not (language or get_language() or "fr").startswith("en"):
        number = number.replace(",", NBSP).replace(".", ",")
    return f"{sign}{number}"


def format_money(
    amount: Decimal | None, currency: str = "EUR", language: str | None = None
) -> str:
    """`22 124,13 €` in French, `€22,124.13` in English."""
    if amount is None:
        return ""
    language = language or get_language() or "fr"
    number = format_amount(amount, language)
    symbol = CURRENCY_SIGNS.get(currency, currency)
    if language.startswith("en"):
        sign, number = ("-", number[1:]) if number.startswith("-") else ("", number)
        prefix = symbol if len(symbol) == 1 else f"{symbol}{NBSP}"
        return f"{sign}{prefix}{number}"
    return f"{number}{NBSP}{symbol}"


# What people write for a currency, beside an amount or in a currency column. Longest
# first, so that "euros" is taken whole and not as "eur" followed by "os".
CURRENCY_WORDS = {
    "euros": "EUR",
    "euro": "EUR",
    "eur": "EUR",
    "€": "EUR",
    "usd": "USD",
    "us$": "USD",
    "$": "USD",
    "gbp": "GBP",
    "£": "GBP",
    "fcfa": "XOF",
    "cfa": "XOF",
    "xof": "XOF",
    "htg": "HTG",
    "gourdes": "HTG",
    "gourde": "HTG",
    "ron": "RON",
    "lei": "RON",
}
CURRENCY_MARKS = re.compile(
    "|".join(re.escape(word) for word in sorted(CURRENCY_WORDS, key=len, reverse=True)),
    re.IGNORECASE,
)
CURRENCY_CODE = re.compile(r"[A-Z]{3}")


def parse_currency(value) -> str | None:
    """A currency as people write it (`EUR`, `€`, `euros`, `FCFA`, `usd`) to its ISO
    code; None when empty. Raises ValueError when it is not a currency."""
    text = str(value or "").strip()
    if not text:
        return None
    code = CURRENCY_WORDS.get(text.casefold(), text.upper())
    if not CURRENCY_CODE.fullmatch(code):
        raise ValueError(value)
    return code


def amount_currency(value) -> str | None:
    """The currency written beside an amount (`30 000 €` -> EUR), or None."""
    if not isinstance(value, str):
        return None
    marks = CURRENCY_MARKS.findall(value)
    if not marks:
        return None
    found = {CURRENCY_WORDS[mark.casefold()] for mark in marks}
    return found.pop() if len(found) == 1 else None


# What an amount may be written with, once its currency is set aside.
AMOUNT_CHARACTERS = re.compile(r"[+-]?\d[\d \u00a0\u202f\u2009'.,]*")
GROUP_SEPARATORS = (" ", "\u00a0", "\u202f", "\u2009", "'", ".", ",")
DECIMAL_MARKS = (",", ".")
WRITTEN_AMOUNT = re.compile(
    rf"(?P<sign>[+-]?)\s*(?P<before>{CURRENCY_MARKS.pattern})?\s*"
    rf"(?P<number>[+-]?\d.*?)\s*(?P<after>{CURRENCY_MARKS.pattern})?",
    re.IGNORECASE | re.DOTALL,
)


def parse_amount(value) -> Decimal:
    """An amount as people write it, French or English: `22 124,13 €`, `30 000`,
    `1 690 650,00 EUR`, `22,124.13`, `€22,124.13`, `1,7`, or a number. Raises
    ValueError for anything that has not exactly one reading.

    Thousands come in groups of three digits, all separated by the same character
    (a space of any kind, an apostrophe, a point or a comma); at most one decimal
    mark follows, other than that separator; one currency sign or code may stand
    before or after. `22 124,13,50`, `22 12,13`, `1,234,56` or `12 abc` are refused,
    never guessed.

    `1,234` and `30.000` could be read two ways; an amount has cents at most, so
    the reading with three decimals is not an amount and they are 1 234 and 30 000.
    This is also how the portal writes whole amounts in English (`1,234`): what it
    shows reads back to what it holds.
    """
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, Decimal | float):
        if not Decimal(str(value)).is_finite():
            raise ValueError(value)
        return value if isinstance(value, Decimal) else Decimal(str(value))
    if isinstance(value, int):
        return Decimal(value)
    text = str(value or "").strip()
    written = WRITTEN_AMOUNT.fullmatch(text)
    if written is None or (written["before"] and written["after"]):
        raise ValueError(value)
    number = written["number"]
    if not AMOUNT_CHARACTERS.fullmatch(number) or (
        written["sign"] and number[0] in "+-"
    ):
        raise ValueError(value)
    sign = "-" if "-" in (written["sign"] + number[:1]) else ""
    number = number.lstrip("+-")
    readings = set()
    for separator in (None, *GROUP_SEPARATORS):
        for mark in (None, *DECIMAL_MARKS):
            if separator is None or separator != mark:
                readings.add(read_number(number, separator, mark))
    readings.discard(None)
    if len(readings) > 1:  # 1,234: thousands, since an amount has cents at most
        readings = {
            reading for reading in readings if -reading.as_tuple().exponent <= 2
        }
    if len(readings) != 1:
        raise ValueError(value)
    return Decimal(sign + str(readings.pop()))


def read_number(text: str, separator: str | None, mark: str | None) -> Decimal | None:
    """`text` read with that thousands separator and decimal mark, or None when it
    cannot be: groups of three digits after a first one of one to three."""
    whole, decimals = text, ""
    if mark is not None:
        if text.count(mark) != 1:
            return None
        whole, decimals = text.split(mark)
        if not decimals.isdigit():
            return None
    if separator is None:
        digits = whole
    else:
        groups = whole.split(separator)
        if (
            len(groups) < 2
            or not re.fullmatch(r"[1-9]\d{0,2}", groups[0])
            or not all(re.fullmatch(r"\d{3}", group) for group in groups[1:])
        ):
            return None
        digits = "".join(groups)
    if not digits.isdigit() or not digits.isascii():
        return None
    return Decimal(f"{digits}.{decimals}" if decimals else digits)
