"""French typography for the text of rendered HTML: a no-break space inside
« guillemets » and before ; : ! ?, so that no « ends a line and no ? starts one.

Only the text between tags changes, and only its spaces: the words, the tags and
their attributes (an href) stay as they are. URLs and times (« 12:30 ») are left
alone: a space is added before a sign only where a word ends and a space or the end
of the text follows. Applying it twice changes nothing."""

import re

NBSP = "\u00a0"
_TAG = re.compile(r"(<[^>]*>)")
# Left as they are: URLs and HTML entities (the ";" of "&#x27;" is no sign).
_KEPT = re.compile(r"(?:https?://|mailto:|www\.)\S+|&#?\w+;", re.IGNORECASE)
# The spaces already there, made unbreakable.
_SPACE_BEFORE_SIGN = re.compile(r"[ \t]+([;:!?»])")
_SPACE_AFTER_OPENING = re.compile(r"(«)[ \t]+")
# The spaces missing: after a word, before a sign followed by a space or the end.
_MISSING_BEFORE_SIGN = re.compile(r"(?<=[\w)»])([;:!?])(?=\s|$)")
_MISSING_BEFORE_CLOSING = re.compile(r"(?<=[^\s\u00a0«])(»)")
_MISSING_AFTER_OPENING = re.compile(r"(«)(?=[^\s\u00a0»])")


def french_text(text: str) -> str:
    """`text` (no tags) with French no-break spaces; its URLs untouched."""
    pieces = []
    start = 0
    for url in _KEPT.finditer(text):
        pieces.append(_spaces(text[start : url.start()]))
        pieces.append(url.group())
        start = url.end()
    pieces.append(_spaces(text[start:]))
    return "".join(pieces)


def _spaces(text: str) -> str:
    # The guillemets first: a sign then sees the space they bring ("a;»").
    text = _SPACE_BEFORE_SIGN.sub(NBSP + r"\1", text)
    text = _SPACE_AFTER_OPENING.sub(r"\1" + NBSP, text)
    text = _MISSING_BEFORE_CLOSING.sub(NBSP + r"\1", text)
    text = _MISSING_AFTER_OPENING.sub(r"\1" + NBSP, text)
    return _MISSING_BEFORE_SIGN.sub(NBSP + r"\1", text)


def french_html(html: str) -> str:
    """`html` with `french_text` applied to the text between its tags."""
    parts = _TAG.split(html)
    return "".join(
        part if index % 2 else french_text(part) for index, part in enumerate(parts)
    )
