"""Reading pages and PDFs the way a person does, and filling in their forms again."""

import html
import io
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader, PdfWriter


def page_text(page) -> str:
    """The visible text of a page (a response, or markup rendered by a template), each
    tag read as a space, whitespace (no-break spaces too) collapsed."""
    markup = page if isinstance(page, str) else page.content.decode()
    markup = re.sub(r"<(script|style|template)\b.*?</\1>", " ", markup, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup))
    return " ".join(text.split())


def plain_spaces(text: str) -> str:
    """`text` with its no-break spaces (thousands and currency: 1 000 €) as spaces."""
    return text.replace("\xa0", " ").replace("\u202f", " ")


def out_of_order(text: str, passages) -> list[str]:
    """The passages that stand in `text` before the one listed ahead of them: none
    when `text` reads them in their order (a passage missing raises ValueError)."""
    positions = [text.index(passage) for passage in passages]
    return [
        passage
        for passage, before, position in zip(
            passages[1:], positions[:-1], positions[1:], strict=True
        )
        if position < before
    ]


def history_text(client, record) -> str:
    """The history of `record` as a person reads it from the record's page: in the
    page, or, when the page fetches it as its "Historique" is opened, from the
    history page it names; from its title on."""
    markup = client.get(record.get_absolute_url()).content.decode()
    fetched = re.search(r'data-history-url="([^"?]+)', markup)
    if fetched:
        markup = client.get(fetched[1]).content.decode()
    text = page_text(markup)
    return text[text.index("Historique des modifications") :]


def framed_text(response) -> str:
    """The visible text of the document a page frames (the sheet's preview shows the
    PDF's own HTML in an iframe's srcdoc)."""
    found = re.search(r'srcdoc="([^"]*)"', response.content.decode())
    assert found, "the page frames no document"
    return page_text(html.unescape(found[1]))


def form_data(response) -> dict:
    """What the form on the page (and its inline formsets) would post unchanged."""
    forms = [response.context["form"]]
    for formset in response.context.get("formsets", {}).values():
        forms += [formset.management_form, *formset.forms]
    return posted_values(forms)


def admin_form_data(response) -> dict:
    """What an admin change form (and its inlines) would post unchanged."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    return posted_values(forms)


def posted_values(forms) -> dict:
    """The values a browser posts for `forms`, as they are filled in."""
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value == "" or value is False:
                continue
            if hasattr(value, "url") or hasattr(value, "name"):  # a file
                continue
            if value is True:
                data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(v) for v in value]
            else:
                data[field.html_name] = str(value)
    return data


def page_queries(client, url, params=None) -> list[str]:
    """The SQL of the queries a GET of the page costs (the page must answer 200)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def count_queries(client, url, params=None) -> int:
    """How many queries a GET of the page costs (the page must answer 200)."""
    return len(page_queries(client, url, params))


def queries_compared(before: list[str], after: list[str]) -> str:
    """What a failing query-count test prints: the queries one run made and the
    other did not."""
    extra = [sql for sql in after if sql not in before]
    missing = [sql for sql in before if sql not in after]
    return "\n".join(
        [f"{len(before)} queries, then {len(after)}; made only then:", *extra]
        + ["made only before:", *missing]
    )


def pdf_pages(content: bytes) -> list[str]:
    """The text of each page of a PDF, whitespace (no-break spaces too) collapsed."""
    assert content.startswith(b"%PDF")
    return [
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(content)).pages
    ]


def pdf_text(content: bytes) -> str:
    return " ".join(pdf_pages(content))


def blank_pdf() -> bytes:
    """A real one-page A4 PDF, blank: what an upload of a PDF holds at the least."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
