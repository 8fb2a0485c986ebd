"""The capitalization sheet (fiche de capitalisation): a project in the TERRINCLUS
layout of the "L'action sociale de l'Autre" sheet, as HTML and as PDF, and the
catalogue PDF of several sheets.

How a PDF is made, and why:
- The sheet is a Django template rendered to HTML (escaped as any page), then laid out
  by WeasyPrint. WeasyPrint fetches only through `SheetURLFetcher`, which serves our
  static and media files and refuses every other URL: nothing user-entered can make
  the server read a local file or call the network.
- WeasyPrint runs in a long-lived forked renderer process (replaced after a number of
  documents or an age), which is killed when a document outlives the time limit: a
  thread cannot be stopped, and an alarm signal only works in the main thread (a
  gunicorn worker thread is not).
- A sheet's PDF is cached under a hash of its HTML (without the production date):
  any change to the project, one of its rows or an organisation it names changes the
  HTML, hence the key. The bytes go to Django's cache, shared by the workers; two
  workers rendering the same sheet at once store the same bytes under the same key.
- The catalogue is not laid out whole: its cover and table of contents are, then
  the sheets' cached PDFs are merged after them with pypdf (merge.py), their tags
  and bookmarks kept. It is cached too, under its sheets' keys and its cover's text.
"""

from .content import Sheet, sheet_prefetch
from .documents import (
    SheetPdf,
    catalogue_cache_key,
    catalogue_html,
    catalogue_pdf,
    sheet_body_html,
    sheet_cache_key,
    sheet_html,
    sheet_pdf,
)
from .pdf import (
    BASE_URL,
    SheetRenderError,
    SheetRenderTimeout,
    SheetURLFetcher,
    URLRefusedError,
    html_to_pdf,
    renderers_stop,
    sheet_setting,
)

__all__ = [
    "BASE_URL",
    "Sheet",
    "SheetPdf",
    "SheetRenderError",
    "SheetRenderTimeout",
    "SheetURLFetcher",
    "URLRefusedError",
    "catalogue_cache_key",
    "catalogue_html",
    "catalogue_pdf",
    "html_to_pdf",
    "renderers_stop",
    "sheet_body_html",
    "sheet_cache_key",
    "sheet_html",
    "sheet_pdf",
    "sheet_prefetch",
    "sheet_setting",
]
