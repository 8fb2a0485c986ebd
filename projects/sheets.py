"""The capitalization sheet (fiche de capitalisation): a project in the TERRINCLUS
layout of seed 001, as HTML and as PDF, and the catalogue PDF of several sheets.

How a PDF is made, and why:
- The sheet is a Django template rendered to HTML (escaped as any page), then laid out
  by WeasyPrint. WeasyPrint fetches only through `SheetURLFetcher`, which serves our
  static and media files and refuses every other URL: nothing user-entered can make
  the server read a local file or call the network.
- WeasyPrint runs in a forked child process that is killed when it outlives the time
  limit: a thread cannot be stopped, and an alarm signal only works in the main thread
  (a gunicorn worker thread is not).
- A sheet's PDF is cached under a hash of its HTML (without the production date):
  any change to the project, one of its rows or an organisation it names changes the
  HTML, hence the key. The bytes go to Django's cache, shared by the workers; two
  workers rendering the same sheet at once store the same bytes under the same key.
"""

import hashlib
import logging
import mimetypes
import multiprocessing
import os
import posixpath
import tempfile
import threading
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from itertools import groupby
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import caches
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.db.models import Prefetch, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .models import (
    CostTable,
    FundingLine,
    Project,
    ProjectContact,
    ProjectRecommendation,
)

logger = logging.getLogger(__name__)

# Relative URLs of the sheet resolve against this base. `.invalid` never resolves
# (RFC 2606): the fetcher serves its static and media paths from disk, nothing else.
BASE_URL = "https://portail.invalid/"
SHEET_CSS = "css/sheet.css"
# Bump when a change outside the template and sheet.css alters the PDF (fonts, the
# WeasyPrint options below): cached PDFs are then made again.
SHEET_FORMAT = "1"
KEY_FIGURES_SHOWN = 3


class SheetRenderError(Exception):
    """The PDF could not be produced."""


class SheetRenderTimeout(SheetRenderError):
    """The PDF took longer than the time limit; the rendering was stopped."""


def time_limit(kind: str) -> float:
    """Seconds a sheet (`kind="sheet"`) or a catalogue may take to render."""
    defaults = {"sheet": 15.0, "catalogue": 25.0}
    return float(getattr(settings, f"SHEET_{kind.upper()}_TIME_LIMIT", defaults[kind]))


def catalogue_max_sheets() -> int:
    return int(getattr(settings, "SHEET_CATALOGUE_MAX_SHEETS", 60))


# --- What a sheet reads -------------------------------------------------------------


def sheet_prefetch(projects: QuerySet[Project]) -> QuerySet[Project]:
    """`projects` with every row a sheet shows: a catalogue of N sheets costs the same
    number of queries as one."""
    projects = projects.select_related(
        "carrier", "partnership__partner", "partnership__french_authority"
    )
    return projects.prefetch_related(None).prefetch_related(
        "co_carriers",
        "partners",
        "themes",
        "sdgs",
        "key_figures",
        "cross_view_rows",
        "quotes",
        Prefetch(
            "recommendations",
            queryset=ProjectRecommendation.objects.select_related("category"),
        ),
        Prefetch(
            "funding_lines", queryset=FundingLine.objects.select_related("funder")
        ),
        Prefetch("cost_tables", queryset=CostTable.objects.prefetch_related("lines")),
        Prefetch(
            "project_contacts",
            queryset=ProjectContact.objects.select_related("contact__organisation"),
        ),
    )


@dataclass(frozen=True)
class Discrepancy:
    """A total printed in a source document that the lines do not add up to."""

    printed: Decimal
    difference: Decimal
    currency: str


def _discrepancy(printed, total, currency) -> Discrepancy | None:
    if printed is None or total is None or printed == total:
        return None
    return Discrepancy(printed, abs(printed - total), currency)


@dataclass(frozen=True)
class CostTableRows:
    table: CostTable
    lines: list
    total: Decimal
    discrepancy: Discrepancy | None


@dataclass(frozen=True)
class CrossViewGroup:
    title: str
    rows: list


@dataclass(frozen=True)
class ContactGroup:
    organisation: str
    contacts: list


class Sheet:
    """What the sheet shows of a project, read from its prefetched rows (no query when
    the project comes from `sheet_prefetch`)."""

    def __init__(self, project: Project):
        self.project = project

    @property
    def anchor(self) -> str:
        return f"fiche-{self.project.slug}"

    @property
    def in_guide(self) -> bool:
        """A project of the TERRINCLUS guide: its headings name TERRINCLUS."""
        return self.project.guide_order is not None

    @cached_property
    def carriers(self) -> list:
        return [self.project.carrier, *self.project.co_carriers.all()]

    @cached_property
    def partners(self) -> list:
        partners = list(self.project.partners.all())
        if not partners and self.project.partnership:
            partners = [self.project.partnership.partner]
        return partners

    @cached_property
    def themes(self) -> list:
        return list(self.project.themes.all())

    @cached_property
    def recommendations(self) -> list:
        return list(self.project.recommendations.all())

    @cached_property
    def sdgs(self) -> list:
        return list(self.project.sdgs.all())

    @cached_property
    def key_figures(self) -> list:
        return list(self.project.key_figures.all())[:KEY_FIGURES_SHOWN]

    @cached_property
    def funding_lines(self) -> list:
        return list(self.project.funding_lines.all())

    @cached_property
    def funding_totals(self) -> list[tuple[str, object]]:
        """(currency, sum of the lines) for each currency of the table."""
        return list(self.project.funding_totals.items())

    @cached_property
    def funding_discrepancy(self) -> Discrepancy | None:
        project = self.project
        return _discrepancy(
            project.funding_printed_total,
            project.funding_total,
            project.funding_currency,
        )

    @cached_property
    def cost_tables(self) -> list[CostTableRows]:
        return [
            CostTableRows(
                table=table,
                lines=list(table.lines.all()),
                total=table.total,
                discrepancy=_discrepancy(
                    table.printed_total, table.total, table.currency
                ),
            )
            for table in self.project.cost_tables.all()
        ]

    @property
    def cross_view_french_label(self) -> str:
        return self.project.cross_view_french_label or _("la partie française")

    @property
    def cross_view_partner_label(self) -> str:
        return self.project.cross_view_partner_label or _("la partie partenaire")

    @cached_property
    def cross_view_groups(self) -> list[CrossViewGroup]:
        rows = self.project.cross_view_rows.all()
        return [
            CrossViewGroup(title=title, rows=list(group))
            for title, group in groupby(rows, key=lambda row: row.group)
        ]

    @cached_property
    def quotes(self) -> list:
        return list(self.project.quotes.all())

    @cached_property
    def contact_groups(self) -> list[ContactGroup]:
        """Contacts under their organisation, organisations in order of appearance."""
        groups: dict[str, list] = {}
        for project_contact in self.project.project_contacts.all():
            contact = project_contact.contact
            name = str(contact.organisation) if contact.organisation else ""
            groups.setdefault(name, []).append(contact)
        return [ContactGroup(name, contacts) for name, contacts in groups.items()]

    @property
    def has_pilot_section(self) -> bool:
        project = self.project
        return bool(project.pilot_rationale or self.recommendations or self.sdgs)

    @property
    def has_project_section(self) -> bool:
        project = self.project
        return bool(
            project.genesis
            or project.objectives
            or project.actors
            or self.funding_lines
            or self.cost_tables
        )

    @property
    def has_focus_section(self) -> bool:
        return bool(
            self.project.focus_title
            or self.project.focus_body
            or self.cross_view_groups
        )


# --- HTML ---------------------------------------------------------------------------


def sheet_body_html(project: Project) -> str:
    """The sheet itself (the partial shared by the preview, the PDF and the
    catalogue): the same for the same project, whoever and whenever asks."""
    return render_to_string(
        "projects/sheet/includes/_sheet.html", {"sheet": Sheet(project)}
    )


def _document_html(template: str, context: dict) -> str:
    produced_on = timezone.localdate()
    return render_to_string(template, {"produced_on": produced_on, **context})


def sheet_html(project: Project, *, body: str | None = None) -> str:
    """The sheet as a standalone HTML document, the source of its PDF."""
    body = sheet_body_html(project) if body is None else body
    return _document_html(
        "projects/sheet/sheet_document.html",
        {"project": project, "body": mark_safe(body)},  # noqa: S308 - our template
    )


def catalogue_html(
    projects: list[Project], *, author: str, criteria: list[str] | None = None
) -> str:
    """Cover, table of contents and the sheets of `projects`, one HTML document."""
    return _document_html(
        "projects/sheet/catalogue.html",
        {
            "sheets": [Sheet(project) for project in projects],
            "author": author,
            "criteria": criteria or [],
        },
    )


# --- PDF ----------------------------------------------------------------------------


class URLRefusedError(ValueError):
    """A URL the sheet may not fetch."""


class SheetURLFetcher(URLFetcher):
    """Serves the files under STATIC_URL (through the staticfiles finders, then the
    collected files) and MEDIA_URL (the default storage), and refuses every other URL:
    `file://`, `data:`, any host, and so redirects, which never happen since nothing
    is fetched over the network. The refused URLs are kept in `refused`."""

    def __init__(self):
        super().__init__(allowed_protocols=(), allow_redirects=False)
        self.refused: list[str] = []
        self.prefixes = (
            (urljoin(BASE_URL, settings.STATIC_URL), self._static_file),
            (urljoin(BASE_URL, settings.MEDIA_URL), self._media_file),
        )

    def fetch(self, url, headers=None):
        body = self.read(url)
        if body is None:
            self.refused.append(url)
            raise URLRefusedError(_("Ressource refusée : %(url)s") % {"url": url})
        content_type = mimetypes.guess_type(urlsplit(url).path)[0]
        return URLFetcherResponse(
            url, body, {"Content-Type": content_type or "application/octet-stream"}
        )

    def read(self, url: str) -> bytes | None:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"}:
            return None
        location = f"{parts.scheme}://{parts.netloc}{parts.path}"
        for prefix, read_file in self.prefixes:
            if location.startswith(prefix):
                name = posixpath.normpath(unquote(location[len(prefix) :]))
                if name.startswith(("/", "..")) or name == ".":
                    return None
                try:
                    return read_file(name)
                except (OSError, ValueError, SuspiciousFileOperation):
                    return None
        return None

    @staticmethod
    def _static_file(name: str) -> bytes | None:
        path = finders.find(name)
        if path:
            return Path(path).read_bytes()
        if staticfiles_storage.exists(name):  # collected (and hashed) files
            with staticfiles_storage.open(name) as file:
                return file.read()
        return None

    @staticmethod
    def _media_file(name: str) -> bytes | None:
        if not default_storage.exists(name):
            return None
        with default_storage.open(name) as file:
            return file.read()


def _fontconfig_cache_ready() -> None:
    """fontconfig rescans every font at each rendering when it cannot write its
    cache: give it a writable place when the home directory is not."""
    cache_home = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    if not os.access(cache_home, os.W_OK) and not os.access(
        os.path.dirname(cache_home) or "/", os.W_OK
    ):
        os.environ["XDG_CACHE_HOME"] = os.path.join(
            tempfile.gettempdir(), "portal-fontconfig"
        )


_warm_up_lock = threading.Lock()
_warmed_up = False


def _warm_up() -> None:
    """Lay out a small sheet once in this process, before any fork: every child then
    inherits fontconfig's state, the loaded fonts and WeasyPrint's caches instead of
    building them again (about a fifth of a sheet's time). No fork happens while this
    runs: `html_to_pdf` forks only after it returns."""
    global _warmed_up
    with _warm_up_lock:
        if _warmed_up:
            return
        _fontconfig_cache_ready()
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        html = render_to_string(
            "projects/sheet/base.html", {"produced_on": timezone.localdate()}
        )
        _write_pdf(html, SheetURLFetcher())
        _warmed_up = True


def _write_pdf(html: str, fetcher: SheetURLFetcher) -> bytes:
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    return document.write_pdf(pdf_variant="pdf/ua-1")


def _render_in_child(html: str, fetcher: SheetURLFetcher, sender) -> None:
    """Runs in the forked process: the PDF, or the error, goes back through `sender`."""
    try:
        sender.send(("ok", _write_pdf(html, fetcher), fetcher.refused))
    except Exception as error:  # everything must reach the parent
        sender.send(("error", f"{type(error).__name__}: {error}", fetcher.refused))
    finally:
        sender.close()


def html_to_pdf(html: str, *, seconds: float) -> bytes:
    """The PDF of a sheet document, made in a child process killed after `seconds`.

    Raises SheetRenderTimeout when the limit is passed, SheetRenderError when
    WeasyPrint fails. Refused URLs are logged; the PDF is made without them.
    """
    _warm_up()
    # fork: the child starts with Django and WeasyPrint already loaded (no start-up
    # cost), and it only lays out HTML, touching neither the database nor any lock
    # the parent's other threads may hold.
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_render_in_child, args=(html, SheetURLFetcher(), sender), daemon=True
    )
    process.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            logger.warning("Sheet rendering stopped after %s s", seconds)
            raise SheetRenderTimeout(
                _("La production du PDF a dépassé %(seconds)s secondes.")
                % {"seconds": f"{seconds:g}"}
            )
        status, payload, refused = receiver.recv()
    except EOFError:
        raise SheetRenderError(_("La production du PDF s'est interrompue.")) from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()
    for url in refused:
        logger.warning("Sheet resource refused: %s", url)
    if status != "ok":
        logger.error("Sheet rendering failed: %s", payload)
        raise SheetRenderError(_("La production du PDF a échoué."))
    return payload


# --- Cache --------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetPdf:
    content: bytes
    from_cache: bool


def _sheet_cache():
    return caches[getattr(settings, "SHEET_CACHE_ALIAS", "default")]


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
    content = html_to_pdf(sheet_html(project, body=body), seconds=time_limit("sheet"))
    timeout = getattr(settings, "SHEET_CACHE_TIMEOUT", 60 * 60 * 24 * 30)
    cache.set(key, content, timeout=timeout)
    return SheetPdf(content=content, from_cache=False)


def catalogue_pdf(
    *, projects: list[Project], author: str, criteria: list[str] | None = None
) -> bytes:
    """One PDF of the sheets of `projects` (from `sheet_prefetch`), each on a new page,
    after a cover and a table of contents with the page of each sheet."""
    html = catalogue_html(projects, author=author, criteria=criteria)
    return html_to_pdf(html, seconds=time_limit("catalogue"))
