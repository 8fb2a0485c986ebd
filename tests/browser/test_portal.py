import re

import pytest
from playwright.sync_api import expect

from core import roles
from projects.models import Project
from tests.factories import OrganisationFactory, ProjectFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def choose_funder(row, typed: str, name: str) -> None:
    """A funder chosen as a person does in a row's autocomplete: a few letters typed,
    then the name offered (the row's select lists no other organisation)."""
    control = row.locator("[id$='-funder-ts-control']")
    control.click()
    control.press_sequentially(typed, delay=50)
    # the list opens over the page, not inside the row's table; `typed` matches one
    # organisation: the list is final when it offers that one alone
    options = row.page.locator(".ts-dropdown:visible .option")
    expect(options).to_have_count(1)
    expect(options).to_have_text(name)
    options.click()
    expect(row.locator(".ts-control .item")).to_have_text(name)


def test_a_coordinator_creates_a_project_with_three_funding_lines(
    page, live_server, login
):
    UserFactory(username="coordinatrice", role=roles.COORDINATOR)
    carrier = OrganisationFactory(name="Département de la Savoie")
    funders = [
        OrganisationFactory(name="Ministère des Affaires étrangères"),
        OrganisationFactory(name="Etablissements sociaux de Savoie"),
    ]
    login(page, "coordinatrice")

    page.goto(f"{live_server.url}/projets/nouveau/")
    page.locator("#id_title").fill("L'action sociale de l'Autre")
    page.locator("#id_slug").fill("action-sociale-de-l-autre")
    # the carrier is chosen by autocomplete: a few letters, then the name offered
    page.locator("#id_carrier-ts-control").press_sequentially("savoie", delay=30)
    page.locator(".ts-dropdown .option", has_text=carrier.name).click()
    # the list closed before the next click (a click as it closes can be lost)
    expect(page.locator("#id_carrier-ts-dropdown")).to_be_hidden()
    funding = page.locator("fieldset[data-prefix='funding_lines']")
    rows = funding.locator("tbody[data-rows] tr")
    for count in (1, 2, 3):
        funding.get_by_role("button", name="Ajouter une ligne").click()
        expect(rows).to_have_count(count)
    for index, (typed, funder, amount) in enumerate(
        [
            ("departement", carrier, "20 000"),
            ("affaires etrangeres", funders[0], "5 000,00"),
            ("etablissements", funders[1], "5000"),
        ]
    ):
        choose_funder(rows.nth(index), typed, funder.name)
        rows.nth(index).locator("input[name$='-amount']").fill(amount)
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "L'action sociale de l'Autre"
    )
    total = page.locator(".funding-table tfoot td.num")
    expect(total).to_have_text(re.compile(r"30\s000\s€"))
    assert Project.objects.get().funding_lines.count() == 3


def test_a_removed_row_is_not_saved_and_typed_rows_are_kept(page, live_server, login):
    UserFactory(username="coordinatrice", role=roles.COORDINATOR)
    project = ProjectFactory()
    funder = OrganisationFactory(name="Union européenne")
    login(page, "coordinatrice")

    page.goto(f"{live_server.url}/projets/{project.slug}/modifier/")
    funding = page.locator("fieldset[data-prefix='funding_lines']")
    funding.get_by_role("button", name="Ajouter une ligne").click()
    funding.get_by_role("button", name="Ajouter une ligne").click()
    rows = funding.locator("tbody[data-rows] tr")
    choose_funder(rows.nth(0), "union", funder.name)
    rows.nth(0).locator("input[name$='-amount']").fill("51 621")
    rows.nth(0).locator("input[name$='-note']").fill("sur 24 mois")
    rows.nth(1).locator("input[name$='-amount']").fill("-3")  # a mistake, then removed
    rows.nth(1).get_by_role("button", name="Retirer").click()
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.locator(".funding-table")).to_contain_text("sur 24 mois")
    assert list(project.funding_lines.values_list("note", flat=True)) == ["sur 24 mois"]


def test_two_people_editing_the_same_project_the_second_sees_the_conflict(
    browser, live_server, login
):
    UserFactory(username="alice", role=roles.COORDINATOR)
    UserFactory(username="bruno", role=roles.COORDINATOR)
    project = ProjectFactory(title="Titre d'origine")
    edit_url = f"{live_server.url}/projets/{project.slug}/modifier/"
    alice = login(browser.new_context().new_page(), "alice")
    bruno = login(browser.new_context().new_page(), "bruno")
    alice.goto(edit_url)
    bruno.goto(edit_url)

    alice.locator("#id_title").fill("Titre d'Alice")
    alice.get_by_role("button", name="Enregistrer").click()
    expect(alice.get_by_role("heading", level=1)).to_have_text("Titre d'Alice")
    bruno.locator("#id_title").fill("Titre de Bruno")
    bruno.get_by_role("button", name="Enregistrer").click()

    conflict = bruno.locator(".conflict")
    expect(conflict).to_contain_text("quelqu'un d'autre a modifié cette fiche")
    expect(conflict).to_contain_text("Titre d'Alice")
    expect(bruno.locator("#id_title")).to_have_value("Titre de Bruno")
    project.refresh_from_db()
    assert project.title == "Titre d'Alice"


def test_a_director_sees_no_edit_button_and_a_403_on_the_edit_page(
    page, live_server, login
):
    UserFactory(username="directeur", role=roles.DIRECTOR)
    project = ProjectFactory(title="Mobiliser les acteurs jeunesse")
    login(page, "directeur")

    page.goto(f"{live_server.url}/projets/{project.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(project.title)
    expect(page.get_by_role("link", name="Modifier")).to_have_count(0)
    response = page.goto(f"{live_server.url}/projets/{project.slug}/modifier/")

    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Accès refusé")
