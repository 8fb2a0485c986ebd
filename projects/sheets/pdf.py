"""WeasyPrint, fenced in: long-lived forked renderer processes, one killed when a
document outlives its time limit, and a url_fetcher that serves our static and
media files and nothing else. The sheets' stylesheet and its fonts are read once
per process, not at each document."""

import gc
import logging
import mimetypes
import multiprocessing
import os
import posixpath
import signal
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

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
    # a renderer process is replaced after this many documents, or this many seconds
    "SHEET_RENDERER_MAX_RENDERS": 100,
    "SHEET_RENDERER_MAX_AGE": 60 * 60.0,
}


def sheet_setting(name: str):
    return getattr(settings, name, DEFAULTS[name])


# Relative URLs of the sheet resolve against this base. `.invalid` never resolves
# (RFC 2606): the fetcher serves its static and media paths from disk, nothing else.
BASE_URL = "https://portail.invalid/"


class SheetRenderError(Exception):
    """The PDF could not be produced."""

    @property
    def user_message(self) -> str:
        return _(
            "Le PDF n'a pas pu être produit. Réessayez dans quelques instants ; "
            "si cela se reproduit, signalez-le à un administrateur du portail."
        )


class SheetRenderTimeout(SheetRenderError):
    """The PDF took longer than the time limit; the rendering was stopped."""

    @property
    def user_message(self) -> str:
        return _(
            "La production du PDF a pris trop de temps et a été interrompue. "
            "Réessayez dans quelques instants ; si cela se reproduit, signalez-le "
            "à un administrateur du portail."
        )


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
    inherits fontconfig's state, the parsed stylesheet, the loaded fonts and
    WeasyPrint's caches instead of building them again. No fork happens while this
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


# PDF/A-3a (archival, level A: tagged, Unicode) is the one variant WeasyPrint makes
# that is archival and accessible at once; it writes one variant only, so the PDF/UA-1
# identification is added to its XMP metadata (`_identify_as_pdf_ua`): the tagging
# PDF/UA-1 asks for (structure tree, /Lang, title shown) is the one PDF/A-3a makes.
PDF_VARIANT = "pdf/a-3a"
PDFUA_NAMESPACE = "http://www.aiim.org/pdfua/ns/id/"
_PDFA_IDENTIFICATION = b'pdfaid:part="3"'


def _identify_as_pdf_ua(document, pdf) -> None:
    """WeasyPrint's finisher: the XMP metadata also say PDF/UA-1."""
    number = int(str(pdf.catalog["Metadata"]).split()[0].strip("b'"))
    metadata = pdf.objects[number]
    xmp = b"".join(metadata.stream)
    if xmp.count(_PDFA_IDENTIFICATION) != 1:
        raise SheetRenderError("PDF/A identification not found in the XMP metadata")
    metadata.stream = [
        xmp.replace(
            _PDFA_IDENTIFICATION,
            _PDFA_IDENTIFICATION
            + f' xmlns:pdfuaid="{PDFUA_NAMESPACE}" pdfuaid:part="1"'.encode(),
        )
    ]


# --- The sheets' stylesheet, parsed once ----------------------------------------------

SHEET_STYLESHEET = "css/sheet.css"


@dataclass(frozen=True)
class _Stylesheet:
    url: str
    source: bytes
    css: CSS


_stylesheet_lock = threading.Lock()
_stylesheet: _Stylesheet | None = None
# One font configuration for every document of the process: the fonts of the
# stylesheet's @font-face rules are loaded into it once. It deletes their copies
# when it is garbage collected, so it lives as long as the process. A renderer
# ends by os._exit (multiprocessing) or SIGKILL: it never deletes its parent's.
_font_config: FontConfiguration | None = None


def _shared_font_config() -> FontConfiguration:
    global _font_config
    with _stylesheet_lock:
        if _font_config is None:
            _font_config = FontConfiguration()
        return _font_config


def _sheet_stylesheet() -> _Stylesheet:
    """sheet.css parsed (selectors compiled, fonts loaded) once per process, instead
    of at each document: about a sixth of a sheet's time. Read again at each call
    (a few kilobytes), and parsed again when it changed: an edited stylesheet is
    never laid out from its former rules."""
    global _stylesheet
    font_config = _shared_font_config()
    url = urljoin(BASE_URL, staticfiles_storage.url(SHEET_STYLESHEET))
    source = SheetURLFetcher().read(url) or b""
    with _stylesheet_lock:
        if _stylesheet is None or (_stylesheet.url, _stylesheet.source) != (
            url,
            source,
        ):
            css = CSS(
                string=source.decode(),
                base_url=url,
                url_fetcher=SheetURLFetcher(),
                font_config=font_config,
            )
            _stylesheet = _Stylesheet(url=url, source=source, css=css)
        return _stylesheet


def _sheet_stylesheet_unlinked(document: HTML, url: str) -> bool:
    """Take out of `document` its <link> to the sheets' stylesheet (the print
    one), so that WeasyPrint does not parse it again; False when it has none."""
    head = document.etree_element.find("head")
    for link in head.iterfind("link") if head is not None else ():
        if (
            "stylesheet" in link.get("rel", "").lower().split()
            and (link.get("media") or "all").strip().lower() in {"all", "print"}
            and urljoin(BASE_URL, link.get("href", "")) == url
        ):
            head.remove(link)
            return True
    return False


def _write_pdf(html: str, fetcher: SheetURLFetcher) -> bytes:
    """The PDF of `html`, laid out in this process. A document linking sheet.css
    is given the stylesheet parsed once instead: a stylesheet given to WeasyPrint
    weighs as a user's, less than an author's, which changes nothing here: the
    sheets' documents have no other style for print (no <style>, no style
    attribute; sheet-screen.css is for screens), and the cascade puts a user's
    stylesheet above the browser's defaults as an author's."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    stylesheet = _sheet_stylesheet()
    linked = _sheet_stylesheet_unlinked(document, stylesheet.url)
    return document.write_pdf(
        pdf_variant=PDF_VARIANT,
        finisher=_identify_as_pdf_ua,
        stylesheets=[stylesheet.css] if linked else None,
        font_config=_shared_font_config(),
    )


# --- The renderers: long-lived processes laying out one document at a time ----------


class _Renderer:
    """A process forked from this one (so with Django, WeasyPrint and the warm-up's
    fonts and caches already loaded) that lays out the documents sent to it, one at
    a time, until it is worn out: after SHEET_RENDERER_MAX_RENDERS documents or
    SHEET_RENDERER_MAX_AGE seconds (bounding what it may leak), or killed when a
    document outlives its time limit."""

    def __init__(self):
        # fork: the child only lays out HTML, touching neither the database nor any
        # lock the parent's other threads may hold
        context = multiprocessing.get_context("fork")
        self.connection, child_end = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(child_end, self.connection), daemon=True
        )
        self.process.start()
        child_end.close()
        self.started = time.monotonic()
        self.renders = 0

    def render(self, html: str, seconds: float):
        self.renders += 1
        self.connection.send(html)
        if not self.connection.poll(seconds):
            self.stop()
            logger.warning("Sheet rendering stopped after %s s", seconds)
            raise SheetRenderTimeout(
                _("La production du PDF a dépassé %(seconds)s secondes.")
                % {"seconds": f"{seconds:g}"}
            )
        return self.connection.recv()

    @property
    def worn_out(self) -> bool:
        return (
            self.renders >= sheet_setting("SHEET_RENDERER_MAX_RENDERS")
            or time.monotonic() - self.started > sheet_setting("SHEET_RENDERER_MAX_AGE")
            or not self.process.is_alive()
        )

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.connection.close()


def _serve(connection, parent_end) -> None:
    """The renderer's loop: a document's HTML in, its PDF (or its error) out, and
    the URLs refused on the way. It ends when this process's parent goes away."""
    parent_end.close()  # so that the parent's death is an end of file here
    # Nor does it keep the other descriptors of its parent (sockets, the pipes of
    # its other children, a browser driver's): as a subprocess closes them, so that
    # whoever waits for one of them to be closed is not kept waiting by this process.
    kept = connection.fileno()
    os.closerange(3, kept)
    os.closerange(kept + 1, os.sysconf("SC_OPEN_MAX"))
    # The handlers inherited are the parent's (a task worker's, gunicorn's): this
    # process stops when it is told to, and leaves Ctrl-C to its parent.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # What was inherited is never garbage: the collector leaves it alone, and only
    # walks what each document allocates, once its PDF has been sent.
    gc.freeze()
    while True:
        try:
            html = connection.recv()
        except (EOFError, OSError):
            return
        fetcher = SheetURLFetcher()
        gc.disable()
        try:
            result = ("ok", _write_pdf(html, fetcher), fetcher.refused)
        except Exception as error:  # everything must reach the parent
            result = ("error", f"{type(error).__name__}: {error}", fetcher.refused)
        connection.send(result)
        gc.enable()
        gc.collect()


_idle_renderers: list[_Renderer] = []
_renderers_lock = threading.Lock()


def _renderer_take() -> _Renderer:
    with _renderers_lock:
        while _idle_renderers:
            renderer = _idle_renderers.pop()
            if not renderer.worn_out:
                return renderer
            renderer.stop()
    return _Renderer()


def _renderer_give_back(renderer: _Renderer) -> None:
    if renderer.worn_out:
        renderer.stop()
        return
    with _renderers_lock:
        _idle_renderers.append(renderer)


def renderers_stop() -> None:
    """Stop the idle renderers (the next document starts a new one)."""
    with _renderers_lock:
        while _idle_renderers:
            _idle_renderers.pop().stop()


def html_to_pdf(html: str, *, seconds: float) -> bytes:
    """The PDF of a sheet document, made by a renderer process killed after
    `seconds`. Renderers are kept between documents, one per document made at the
    same time: a warm one saves a process start and WeasyPrint's first steps.

    Raises SheetRenderTimeout when the limit is passed, SheetRenderError when
    WeasyPrint fails. Refused URLs are logged; the PDF is made without them.
    """
    _warm_up()
    renderer = _renderer_take()
    try:
        status, payload, refused = renderer.render(html, seconds)
    except (EOFError, OSError):
        renderer.stop()
        raise SheetRenderError(_("La production du PDF s'est interrompue.")) from None
    except SheetRenderError:
        raise
    except BaseException:  # interrupted while waiting: the renderer's state is unknown
        renderer.stop()
        raise
    _renderer_give_back(renderer)
    for url in refused:
        logger.warning("Sheet resource refused: %s", url)
    if status != "ok":
        logger.error("Sheet rendering failed: %s", payload)
        raise SheetRenderError(_("La production du PDF a échoué."))
    return payload
