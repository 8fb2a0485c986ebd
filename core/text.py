"""Text compared the way people mean it: one normalisation, for names typed in
imports, searches and lookups alike; and text cut to a length."""

import functools
import unicodedata

# Apostrophes and dashes of every kind, made plain.
PLAIN_MARKS = str.maketrans("’‘`´‐‑–—", "''''----")
# Quotation marks of every kind («», “”, "", „, ‹›) say nothing about a name.
QUOTES = dict.fromkeys(map(ord, '«»“”„‟"‹›〝〞＂'), " ")


def shorten(text: str, length: int = 80) -> str:
    """`text` cut to `length` characters, an ellipsis marking the cut: a value quoted
    in a message, a line of a record's history."""
    return text if len(text) <= length else text[: length - 1] + "…"


@functools.lru_cache(maxsize=100_000)
def normalise(text) -> str:
    """Text without case, accents, typographic apostrophes and dashes, quotation
    marks or extra spaces (`  Département de  l’Ain `  -> `departement de l'ain`,
    `« Soyons Actifs »` -> `soyons actifs`)."""
    text = unicodedata.normalize("NFKD", str(text or ""))
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.translate(PLAIN_MARKS).translate(QUOTES)
    return " ".join(text.casefold().split())
