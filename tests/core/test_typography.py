"""French typography of rendered text: no-break spaces where French puts them,
nothing else changed."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.typography import NBSP, french_html, french_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("« bonjour »", f"«{NBSP}bonjour{NBSP}»"),
        ("«bonjour»", f"«{NBSP}bonjour{NBSP}»"),
        ("Porteur : la Savoie", f"Porteur{NBSP}: la Savoie"),
        (
            "Pourquoi ? Parce que ! Ainsi ; enfin",
            f"Pourquoi{NBSP}? Parce que{NBSP}! Ainsi{NBSP}; enfin",
        ),
        ("Pourquoi?", f"Pourquoi{NBSP}?"),
        ("À 12:30, le ratio 3:2", "À 12:30, le ratio 3:2"),
        ("Voir https://example.org/a?b=1:2;c!", "Voir https://example.org/a?b=1:2;c!"),
        ("Écrire à mailto:a@b.fr?subject=x", "Écrire à mailto:a@b.fr?subject=x"),
    ],
)
def test_french_text_puts_no_break_spaces_where_french_puts_them(text, expected):
    assert french_text(text) == expected


def test_french_html_leaves_tags_attributes_and_entities_alone():
    html = '<a href="https://x.fr/?a=1;b" title="a : b">l&#x27;Aude ?</a>&nbsp;:'

    assert french_html(html) == (
        f'<a href="https://x.fr/?a=1;b" title="a : b">l&#x27;Aude{NBSP}?</a>&nbsp;:'
    )


WORDS = st.lists(
    st.sampled_from(list("abcé «»;:!?12 \t/.&#") + ["https://", "<b>", "</b>"]),
    max_size=30,
).map("".join)


@given(WORDS)
def test_french_html_is_idempotent(text):
    once = french_html(text)
    assert french_html(once) == once


@given(WORDS)
def test_french_html_never_changes_the_words(text):
    def words(value):
        return re.sub(r"\s", "", value)

    assert words(french_html(text)) == words(text)


@given(
    st.from_regex(r"https?://[a-z]{1,8}\.fr/[a-z?=:;!&]{0,12}", fullmatch=True), WORDS
)
def test_french_html_never_breaks_a_url(url, text):
    assert url in french_html(f"{text} {url} {text}")
