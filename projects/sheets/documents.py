"""The sheet and the catalogue as HTML documents and as PDF, and the cache of the
sheets' PDFs."""

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.typography import french_html

from ..models import Project, ProjectPhoto
from .content import Sheet, programme_funders
from .merge import merge_pdfs, page_link, pdf_reader
from .pdf import SHEET_STYLESHEET, SheetRenderTimeout, html_to_pdf, sheet_setting

# The cache key covers the sheet partial's output and sheet.css. Bump this when
# anything else changes the PDF (the document templates around the partial, the
# fonts, WeasyPrint's options): the cached PDFs are then made again.
SHEET_FORMAT = "2"


def sheet_body_html(
    project: Project,
    *,
    screen: bool = False,
    public: bool = False,
    photo_url: Callable[[ProjectPhoto], str] | None = None,
) -> str:
    """The sheet itself (the partial shared by the preview, the PDF and the
    catalogue): the same for the same project, whoever and whenever asks. With
    `screen` (the preview), its photos are addressed to the browser (`photo_url`
    when given); `public` is the sheet of the public pages (see Sheet)."""
    html = render_to_string(
        "projects/sheet/includes/_sheet.html",
        {"sheet": Sheet(project, screen=screen, public=public, photo_url=photo_url)},
    )
    return french_html(html)


def _document_html(template: str, context: dict) -> str:
    produced_on = timezone.localdate()
    return render_to_string(template, {"produced_on": produced_on, **context})


def sheet_html(project: Project, *, body: str | None = None) -> str:
    """The sheet as a standalone HTML document, the source of its PDF."""
    body = sheet_body_html(project) if body is None else body
    return _document_html(
        "projects/sheet/sheet_document.html",
        {
            "project": project,
            "body": mark_safe(body),  # noqa: S308 - our template
            # The PDF's author: who carries the project, as the sheet prints them.
            "author": " – ".join(Sheet(project).carrier_names),
        },
    )


def catalogue_html(
    projects: list[Project],
    *,
    author: str,
    start_pages: list[int],
    criteria: list[str] | None = None,
) -> str:
    """The catalogue's front matter: its cover and its table of contents, which
    gives `start_pages`, the page of the catalogue where each sheet starts."""
    return _document_html(
        "projects/sheet/catalogue.html",
        {
            "entries": [
                (Sheet(project), page, page_link(page))
                for project, page in zip(projects, start_pages, strict=True)
            ],
            "author": author,
            "criteria": criteria or [],
            "programme_funders": (
                programme_funders()
                if any(project.guide_order is not None for project in projects)
                else []
            ),
        },
    )


@dataclass(frozen=True)
class SheetPdf:
    content: bytes
    from_cache: bool
    key: str = ""


def _sheet_cache():
    return caches[sheet_setting("SHEET_CACHE_ALIAS")]


def _static_digest(name: str) -> bytes:
    path = finders.find(name)
    return Path(path).read_bytes() if path else b""


def _digest(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in (SHEET_FORMAT, get_language() or "", *parts):
        digest.update(part.encode())
        digest.update(b"\0")
    digest.update(_static_digest(SHEET_STYLESHEET))
    return digest.hexdigest()


def sheet_cache_key(body: str) -> str:
    return f"projects:sheet-pdf:{_digest(body)}"


def catalogue_cache_key(
    sheet_keys: list[str], *, author: str, criteria: list[str]
) -> str:
    """What the catalogue is made from: its sheets (their keys cover their HTML),
    and what its front matter prints besides them."""
    produced_on = timezone.localdate().isoformat()
    return "projects:catalogue-pdf:" + _digest(
        produced_on, author, *criteria, "\1", *sheet_keys
    )


def sheet_pdf(
    *, project: Project, seconds: float | None = None, public: bool = False
) -> SheetPdf:
    """The PDF of the project's sheet: the stored one when the sheet has not changed
    since it was made, otherwise a new one (then stored), made in at most `seconds`
    (SHEET_TIME_LIMIT by default). `project` should come from `sheet_prefetch`.
    The `public` sheet is another HTML, hence another PDF under another key."""
    body = sheet_body_html(project, public=public)
    key = sheet_cache_key(body)
    cache = _sheet_cache()
    content = cache.get(key)
    if content is not None:
        return SheetPdf(content=content, from_cache=True, key=key)
    limit = sheet_setting("SHEET_TIME_LIMIT")
    content = html_to_pdf(
        sheet_html(project, body=body),
        seconds=limit if seconds is None else min(seconds, limit),
    )
    cache.set(key, content, timeout=sheet_setting("SHEET_CACHE_TIMEOUT"))
    return SheetPdf(content=content, from_cache=False, key=key)


def _seconds_left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise SheetRenderTimeout(_("Le catalogue a dépassé sa limite de temps."))
    return left


def catalogue_pdf(
    *,
    projects: list[Project],
    author: str,
    criteria: list[str] | None = None,
    seconds: float | None = None,
    public: bool = False,
) -> bytes:
    """One PDF of the sheets of `projects` (from `sheet_prefetch`), each from its
    first page, after a cover and a table of contents giving the page of each sheet;
    stopped after `seconds` (SHEET_CATALOGUE_TIME_LIMIT, the request's limit, by
    default).

    Each sheet is its cached PDF (made now when it is not cached: its key is the
    sheet's HTML, so a cached sheet is never stale); only the front matter is laid
    out, then everything is merged. The catalogue itself is cached under the keys of
    its sheets and what its cover prints: asked again the same day, unchanged, it
    is served as it was. `public`: the catalogue of the public sheets."""
    criteria = criteria or []
    deadline = time.monotonic() + (
        seconds or sheet_setting("SHEET_CATALOGUE_TIME_LIMIT")
    )
    sheets = [
        sheet_pdf(project=project, seconds=_seconds_left(deadline), public=public)
        for project in projects
    ]
    key = catalogue_cache_key(
        [sheet.key for sheet in sheets], author=author, criteria=criteria
    )
    cache = _sheet_cache()
    content = cache.get(key)
    if content is None:
        content = _catalogue_merged(
            projects, [sheet.content for sheet in sheets], author, criteria, deadline
        )
        cache.set(key, content, timeout=sheet_setting("SHEET_CACHE_TIMEOUT"))
    return content


def _catalogue_merged(projects, sheets: list[bytes], author, criteria, deadline):
    """The front matter laid out, then merged with the sheets. Its page count is
    guessed (a cover and one page of contents) and checked: a longer table of
    contents is laid out again with the page numbers it shifts."""
    parts = [pdf_reader(content) for content in sheets]
    lengths = [len(part.pages) for part in parts]
    front_pages = 2
    while True:
        start_pages, page = [], front_pages + 1
        for length in lengths:
            start_pages.append(page)
            page += length
        html = catalogue_html(
            projects, author=author, criteria=criteria, start_pages=start_pages
        )
        front = pdf_reader(html_to_pdf(html, seconds=_seconds_left(deadline)))
        if len(front.pages) == front_pages:
            return merge_pdfs(front, parts)
        front_pages = len(front.pages)
