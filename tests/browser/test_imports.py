"""An administrator imports a funders' spreadsheet in a real browser: preview, row
errors, confirmation, and the lines on the project's page."""

import re

import pytest
from playwright.sync_api import expect

from core import roles
from projects.models import FundingLine
from tests.factories import OrganisationFactory, ProjectFactory, UserFactory
from tests.spreadsheets import XLSX, xlsx_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

HEADERS = ["Projet", "Financeur", "Montant", "Devise", "Note"]


def choose_file(page, live_server, name: str, rows: list[list]) -> None:
    page.goto(f"{live_server.url}/projets/imports/nouveau/")
    page.locator("#id_file").set_input_files(
        files=[{"name": name, "mimeType": XLSX, "buffer": xlsx_bytes(rows)}]
    )
    page.get_by_role("button", name="Voir l'aperçu").click()


def test_an_administrator_sees_the_refused_row_then_confirms_the_fixed_file(
    page, live_server, login
):
    UserFactory(username="administratrice", role=roles.ADMINISTRATOR)
    project = ProjectFactory(title="L'action sociale de l'Autre")
    OrganisationFactory(name="Département de la Savoie")
    login(page, "administratrice")
    rows = [
        HEADERS,
        ["l’action sociale de l’autre", "DEPARTEMENT DE LA SAVOIE", "22 124,13 €"],
        [project.title, "Fondation Nouvelle", "douze mille", "", "sur 24 mois"],
    ]

    choose_file(page, live_server, "financements.xlsx", rows)

    expect(page.locator(".import-errors")).to_have_text(
        "Ligne 3 : montant « douze mille » illisible"
    )
    expect(page.get_by_role("button", name="Confirmer l'import")).to_have_count(0)
    assert FundingLine.objects.count() == 0

    rows[2][2] = "30 000"
    choose_file(page, live_server, "financements-corrige.xlsx", rows)
    expect(page.get_by_text("Fondation Nouvelle nouveau")).to_be_visible()
    assert FundingLine.objects.count() == 0  # nothing before the confirmation
    page.get_by_role("button", name="Confirmer l'import").click()

    expect(page.get_by_role("status")).to_contain_text("Import confirmé")
    page.goto(f"{live_server.url}{project.get_absolute_url()}")
    total = page.locator(".funding-table tfoot td.num")
    expect(total).to_have_text(re.compile(r"52\s124,13\s€"))
    expect(page.locator(".funding-table")).to_contain_text("sur 24 mois")
