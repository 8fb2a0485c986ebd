"""The provisional budget of a mission as a one-page A4 PDF (WeasyPrint).

It fetches through the sheets' fetcher: our static and media files only, never the
network nor the rest of the disk. A one-page table renders in a fraction of a second
in the request (the sheets' child process with a time limit is for long documents).
"""

from django.template.loader import render_to_string
from weasyprint import HTML

from projects.sheets.pdf import BASE_URL, SheetURLFetcher


def html_document(html: str):
    return HTML(string=html, base_url=BASE_URL, url_fetcher=SheetURLFetcher()).render()


def budget_pdf(*, context: dict) -> bytes:
    """The budget table of the mission page on one A4 page (budget_pdf.html). When
    the notes below the table would spill onto a second page, they are shortened, then
    left out (the page says where to read them). With the financial report after the
    event, the document runs on to a second page: rendered once, notes kept."""
    attempts = [{}, {"notes_shortened": True}, {"notes": [], "notes_left_out": True}]
    if context.get("financial_report"):
        attempts = attempts[:1]
    for attempt in attempts:
        html = render_to_string("missions/budget_pdf.html", {**context, **attempt})
        document = html_document(html)
        if len(document.pages) == 1 or not context.get("notes"):
            break
    return document.write_pdf()
