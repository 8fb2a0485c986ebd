"""The provisional budget of a mission as a one-page A4 PDF (WeasyPrint).

WeasyPrint's default fetcher would open any URL a document names (file://, http(s),
data:, redirects included). Ours serves our static files from disk and refuses every
other URL, so rendering never reaches the network or the rest of the disk.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# The document's base URL: never fetched, only a prefix for its relative links.
BASE_URL = "https://portail.invalid/"


class StaticFilesOnlyFetcher(URLFetcher):
    """Serves `{% static %}` URLs from the static files; refuses everything else."""

    def fetch(self, url, headers=None):
        static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}/" != BASE_URL or not parts.path.startswith(
            static_prefix
        ):
            raise ValueError(f"URL refusée dans un PDF : {url}")
        relative = unquote(parts.path.removeprefix(static_prefix))
        try:
            path = finders.find(relative)
        except SuspiciousFileOperation:
            path = None
        if not path and settings.STATIC_ROOT:
            candidate = (Path(settings.STATIC_ROOT) / relative).resolve()
            if candidate.is_relative_to(Path(settings.STATIC_ROOT).resolve()):
                path = candidate if candidate.is_file() else None
        if not path:
            raise ValueError(f"Fichier statique introuvable : {relative}")
        content_type = mimetypes.guess_type(str(path))[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=Path(path).read_bytes(), headers={"Content-Type": content_type}
        )


def html_document(html: str):
    return HTML(
        string=html, base_url=BASE_URL, url_fetcher=StaticFilesOnlyFetcher()
    ).render()


def budget_pdf(*, context: dict) -> bytes:
    """The budget table of the mission page on one A4 page (budget_pdf.html). When
    the notes below the table would spill onto a second page, they are shortened, then
    left out (the page says where to read them)."""
    attempts = [{}, {"notes_shortened": True}, {"notes": [], "notes_left_out": True}]
    for attempt in attempts:
        html = render_to_string("missions/budget_pdf.html", {**context, **attempt})
        document = html_document(html)
        if len(document.pages) == 1 or not context.get("notes"):
            break
    return document.write_pdf()
