"""WeasyPrint, fenced in: a forked child process killed past a time limit, and a
url_fetcher that serves our static and media files and nothing else."""

import gc
import logging
import mimetypes
import multiprocessing
import os
import posixpath
import tempfile
import threading
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
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

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
    # The collector would walk the whole inherited heap (Django, the warm-up) again
    # and again while WeasyPrint allocates: off, a sheet takes half the time, for
    # the same peak memory (measured), and this process is gone in a second.
    gc.disable()
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
