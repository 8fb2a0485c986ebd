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


# Only absolute https: and mailto: links survive: nh3's url_schemes lets relative
# URLs through, among them protocol-relative ones (`//evil.example/`) that leave
# the site.
SAFE_LINK_PREFIXES = ("https:", "mailto:")


def _safe_link(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "href" and not value.strip().lower().startswith(SAFE_LINK_PREFIXES):
        return None
    return value


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
        attribute_filter=_safe_link,
    )
