"""How amounts and texts are shown: one place for pages, sheets and exports."""

from decimal import ROUND_HALF_UP, Decimal

import markdown as markdown_lib
import nh3
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

ALLOWED_TAGS = {
    "p",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "h3",
    "h4",
    "br",
    "blockquote",
    "a",
}


def format_money(
    amount: Decimal | None, currency: str = "EUR", language: str | None = None
) -> str:
    """`22 124,13 €` in French, `€22,124.13` in English; whole amounts without cents
    (`30 000 €`), as the source documents print them."""
    if amount is None:
        return ""
    amount = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole = amount == amount.to_integral_value()
    number = f"{abs(amount):,.0f}" if whole else f"{abs(amount):,.2f}"
    sign = "-" if amount < 0 else ""
    symbol = CURRENCY_SIGNS.get(currency, currency)
    if (language or get_language() or "fr").startswith("en"):
        prefix = symbol if len(symbol) == 1 else f"{symbol}{NBSP}"
        return f"{sign}{prefix}{number}"
    number = number.replace(",", NBSP).replace(".", ",")
    return f"{sign}{number}{NBSP}{symbol}"


def render_markdown(text: str) -> str:
    """Markdown of the long texts to HTML, keeping only simple formatting."""
    if not text:
        return ""
    html = markdown_lib.markdown(text, extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"https", "mailto"},
    )
