"""Amounts: how people write them, how pages and sheets show them.

The one place that parses and formats money, for forms, imports, pages and PDFs.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

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


# Spaces people put between thousands: plain, no-break, narrow no-break, thin.
THOUSANDS_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
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


def parse_amount(value) -> Decimal:
    """An amount as people write it, French or English: `22 124,13 €`, `30 000`,
    `1 690 650,00 EUR`, `22,124.13`, `1,7`, or a number. Raises ValueError otherwise.

    A single kind of separator followed by exactly three digits in groups is a
    thousands separator (`30.000`, `22,124,130`); otherwise the last separator is the
    decimal mark (French first: `1,7` is 1.7, `22,124` is 22.124).
    """
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    text = CURRENCY_MARKS.sub("", str(value or "")).strip()
    text = THOUSANDS_SPACES.sub("", text)
    if not text or not re.fullmatch(r"[+-]?[\d.,]+", text):
        raise ValueError(value)
    commas, dots = text.count(","), text.count(".")
    if commas and dots:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
    elif commas > 1 or dots > 1:
        decimal_mark = None  # repeated: only thousands separators
    elif dots == 1 and re.fullmatch(r"[+-]?\d{1,3}\.\d{3}", text):
        decimal_mark = None  # 30.000 is thirty thousand in French writing
    else:
        decimal_mark = "," if commas else "."
    thousands = {",", "."} - {decimal_mark}
    for mark in thousands:
        text = text.replace(mark, "")
    if decimal_mark == ",":
        text = text.replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(value) from None
