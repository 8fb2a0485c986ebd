"""The long texts of the records are Markdown: rendered to HTML, then sanitised, for
pages and sheets alike."""

import markdown as markdown_lib
import nh3

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
