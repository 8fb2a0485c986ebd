import pytest
from playwright.sync_api import expect

from core import roles
from tests.factories import (
    FundingLineFactory,
    KeyFigureFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_an_error_in_a_funding_row_brings_the_summary_at_the_top_with_the_focus(
    page, live_server, login
):
    UserFactory(username="coordinatrice", role=roles.COORDINATOR)
    project = ProjectFactory()
    FundingLineFactory(project=project)
    login(page, "coordinatrice")

    page.goto(f"{live_server.url}/projets/{project.slug}/modifier/")
    page.locator("input[name='funding_lines-0-amount']").fill("22 124,13,50 €x")
    page.get_by_role("button", name="Enregistrer").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Financement du projet, ligne 1")
    assert summary.bounding_box()["y"] < page.locator("#id_title").bounding_box()["y"]
    assert page.evaluate("window.scrollY") < 400  # the summary is in view
    summary.get_by_role("link").first.click()
    amount = page.locator("input[name='funding_lines-0-amount']")
    expect(amount).to_be_focused()
    expect(amount).to_have_attribute(
        "aria-describedby", "id_funding_lines-0-amount_error"
    )
    page.screenshot(path="/tmp/forms_browser_error.png")


def test_rows_move_with_the_buttons_and_a_new_row_goes_last(page, live_server, login):
    UserFactory(username="coordinatrice", role=roles.COORDINATOR)
    project = ProjectFactory()
    for order, value in enumerate(["18", "3", "250"], start=1):
        KeyFigureFactory(project=project, value=value, order=order)
    login(page, "coordinatrice")

    page.goto(f"{live_server.url}/projets/{project.slug}/modifier/")
    figures = page.locator("fieldset[data-prefix='key_figures']")
    figures.locator("tbody[data-rows] tr").nth(2).get_by_role(
        "button", name="Monter"
    ).click()
    figures.get_by_role("button", name="Ajouter une ligne").click()
    rows = figures.locator("tbody[data-rows] tr")
    rows.nth(3).locator("input[name$='-value']").fill("12")
    rows.nth(3).locator("input[name$='-label']").fill("communes")
    expect(figures.locator("[data-on-sheet]:visible")).to_have_count(3)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(project.title)

    values = list(project.key_figures.values_list("value", flat=True))
    assert values == ["18", "250", "3", "12"]
