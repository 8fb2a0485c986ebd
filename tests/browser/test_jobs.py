"""A director asks for the catalogue of the 13 demo projects: the request answers at
once with a progress page that moves while a real task worker makes the sheets, then
offers the PDF."""

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from core import roles
from portal.demo import demo_load
from tests.factories import UserFactory
from tests.workers import worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_catalogue_of_the_demo_moves_on_its_progress_page_then_downloads(
    page, live_server, login, settings, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SHEET_CATALOGUE_IN_REQUEST = 4
    settings.MEDIA_ROOT = tmp_path
    demo_load()
    UserFactory(username="directrice", role=roles.DIRECTOR)
    login(page, "directrice")

    page.goto(f"{live_server.url}/projets/")
    page.get_by_role("link", name="Catalogue PDF de cette liste").click()
    expect(page.get_by_role("heading", name="Catalogue de 13 fiches")).to_be_visible()
    expect(page.locator(".job-state")).to_contain_text("En attente : 0 / 14")
    process = worker()
    try:
        # the bar moves without reloading the page, then the page offers the file
        expect(page.locator(".job-state")).to_contain_text("En cours", timeout=60_000)
        expect(
            page.get_by_role("link", name="Télécharger catalogue-fiches.pdf")
        ).to_be_visible(timeout=120_000)
        with page.expect_download() as download:
            page.get_by_role("link", name="Télécharger catalogue-fiches.pdf").click()
    finally:
        process.terminate()
        process.wait(timeout=30)

    reader = PdfReader(download.value.path())
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert len(titles) >= 13
