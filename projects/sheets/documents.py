"""The sheet and the catalogue as HTML documents and as PDF, and the cache of the
sheets' PDFs."""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.typography import french_html

from ..models import Project
from .content import Sheet
from .pdf import html_to_pdf

SHEET_CSS = "css/sheet.css"
# The cache key covers the sheet partial's output and sheet.css. Bump this when
# anything else changes the PDF (the document templates around the partial, the
# fonts, WeasyPrint's options): the cached PDFs are then made again.
SHEET_FORMAT = "1"

# Settings, all optional. The catalogue's limits keep a request under gunicorn's
# default 30 s timeout (about 0.5 s a sheet); a longer catalogue is a background job
# (projects/tasks.py).
DEFAULTS = {
    "SHEET_TIME_LIMIT": 15.0,  # seconds a sheet may take to render
    "SHEET_CATALOGUE_TIME_LIMIT": 25.0,  # seconds a catalogue may take in a request
    "SHEET_BACKGROUND_TIME_LIMIT": 600.0,  # ... and in a task worker
    "SHEET_CATALOGUE_MAX_SHEETS": 30,
    # a catalogue of more sheets than this is made in the background, with progress
    "SHEET_CATALOGUE_IN_REQUEST": 4,
    "SHEET_CACHE_ALIAS": "default",  # the cache shared by the workers
    "SHEET_CACHE_TIMEOUT": 60 * 60 * 24 * 30,
}


def sheet_setting(name: str):
    return getattr(settings, name, DEFAULTS[name])


def sheet_body_html(project: Project) -> str:
    """The sheet itself (the partial shared by the preview, the PDF and the
    catalogue): the same for the same project, whoever and whenever asks."""
    html = render_to_string(
        "projects/sheet/includes/_sheet.html", {"sheet": Sheet(project)}
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
    projects: list[Project], *, author: str, criteria: list[str] | None = None
) -> str:
    """Cover, table of contents and the sheets of `projects`, one HTML document."""
    return _document_html(
        "projects/sheet/catalogue.html",
        {
            "sheets": [Sheet(project) for project in projects],
            "bodies": [mark_safe(sheet_body_html(project)) for project in projects],  # noqa: S308
            "author": author,
            "criteria": criteria or [],
        },
    )


@dataclass(frozen=True)
class SheetPdf:
    content: bytes
    from_cache: bool


def _sheet_cache():
    return caches[sheet_setting("SHEET_CACHE_ALIAS")]


def _static_digest(name: str) -> bytes:
    path = finders.find(name)
    return Path(path).read_bytes() if path else b""


def sheet_cache_key(body: str) -> str:
    digest = hashlib.sha256()
    for part in (SHEET_FORMAT, get_language() or "", body):
        digest.update(part.encode())
        digest.update(b"\0")
    digest.update(_static_digest(SHEET_CSS))
    return f"projects:sheet-pdf:{digest.hexdigest()}"


def sheet_pdf(*, project: Project) -> SheetPdf:
    """The PDF of the project's sheet: the stored one when the sheet has not changed
    since it was made, otherwise a new one (then stored). `project` should come from
    `sheet_prefetch`."""
    body = sheet_body_html(project)
    key = sheet_cache_key(body)
    cache = _sheet_cache()
    content = cache.get(key)
    if content is not None:
        return SheetPdf(content=content, from_cache=True)
    content = html_to_pdf(
        sheet_html(project, body=body), seconds=sheet_setting("SHEET_TIME_LIMIT")
    )
    cache.set(key, content, timeout=sheet_setting("SHEET_CACHE_TIMEOUT"))
    return SheetPdf(content=content, from_cache=False)


def catalogue_pdf(
    *,
    projects: list[Project],
    author: str,
    criteria: list[str] | None = None,
    seconds: float | None = None,
) -> bytes:
    """One PDF of the sheets of `projects` (from `sheet_prefetch`), each on a new page,
    after a cover and a table of contents with the page of each sheet; stopped after
    `seconds` (SHEET_CATALOGUE_TIME_LIMIT, the request's limit, by default)."""
    html = catalogue_html(projects, author=author, criteria=criteria)
    limit = seconds or sheet_setting("SHEET_CATALOGUE_TIME_LIMIT")
    return html_to_pdf(html, seconds=limit)
