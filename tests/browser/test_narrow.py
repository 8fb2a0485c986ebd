"""A phone, 390 px wide: the main pages scroll only down, never sideways, and their
main action is on screen without scrolling sideways."""

import pytest
from playwright.sync_api import expect

from core import roles
from tests.factories import (
    FundingLineFactory,
    KeyFigureFactory,
    MissionFactory,
    MissionStepFactory,
    ParticipantFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

WIDTH = 390


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": WIDTH, "height": 844}}


def assert_no_sideways_scroll(page, name):
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > WIDTH:
        page.screenshot(path=f"/tmp/narrow_{name}.png", full_page=True)
        wide = page.evaluate(
            """(limit) => Array.from(document.querySelectorAll('body *'))
                .filter(e => e.getBoundingClientRect().right > limit + 1)
                .filter(e => !e.closest('.table-wrap'))
                .slice(0, 8)
                .map(e => e.tagName + '.' + e.className + ' '
                     + Math.round(e.getBoundingClientRect().right))""",
            WIDTH,
        )
        raise AssertionError(f"{name}: {width} px wide; too wide: {wide}")


def assert_in_view_horizontally(locator):
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, box


def test_the_main_pages_fit_a_phone(page, live_server, login):
    UserFactory(username="coordinatrice", role=roles.COORDINATOR)
    project = ProjectFactory(title="Coopération décentralisée Bignona – Sénégal")
    FundingLineFactory(project=project)
    KeyFigureFactory(project=project, value="18", order=1)
    mission = MissionFactory(project=project)
    ParticipantFactory(mission=mission, full_name="Awa Diatta")
    MissionStepFactory(mission=mission, kind="other", title="Demande de visas")
    login(page, "coordinatrice")
    url = live_server.url

    page.goto(f"{url}/")
    assert page.evaluate("window.innerWidth") == WIDTH  # the phone's viewport
    assert_no_sideways_scroll(page, "dashboard")

    page.goto(f"{url}/projets/")
    assert_no_sideways_scroll(page, "project_list")
    assert_in_view_horizontally(page.get_by_role("link", name=project.title).first)

    page.goto(f"{url}/projets/{project.slug}/")
    assert_no_sideways_scroll(page, "project_detail")
    assert_in_view_horizontally(page.get_by_role("link", name="Modifier").first)

    for name, address in [
        ("project_form", f"/projets/{project.slug}/modifier/"),
        ("mission_form", f"/missions/{mission.pk}/modifier/"),
        ("steps_form", f"/missions/{mission.pk}/etapes/"),
    ]:
        page.goto(f"{url}{address}")
        assert_no_sideways_scroll(page, name)
        assert_in_view_horizontally(page.get_by_role("button", name="Enregistrer"))
        add = page.get_by_role("button", name="Ajouter une ligne").first
        add.scroll_into_view_if_needed()
        assert_in_view_horizontally(add)
    page.screenshot(path="/tmp/narrow_mission_form.png")


def test_adding_a_row_without_javascript_keeps_the_typed_text(
    browser, live_server, login
):
    UserFactory(username="coordinatrice", role=roles.COORDINATOR)
    mission = MissionFactory()
    ParticipantFactory(mission=mission, full_name="Awa Diatta")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    login(page, "coordinatrice")

    page.goto(f"{live_server.url}/missions/{mission.pk}/modifier/")
    block = page.locator("fieldset[data-prefix='participants']")
    block.locator("input[name='participants-0-full_name']").fill("Awa Diatta-Sow")
    block.get_by_role("button", name="Ajouter une ligne").click()

    block = page.locator("fieldset[data-prefix='participants']")
    expect(block.locator("input[name='participants-0-full_name']")).to_have_value(
        "Awa Diatta-Sow"
    )
    new = block.locator("input[name='participants-1-full_name']")
    expect(new).to_be_visible()
    new.fill("Zoé Martin")
    block.locator("select[name='participants-1-category']").select_option("elu")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_text("Enregistré.")).to_be_visible()
    names = list(mission.participants.values_list("full_name", flat=True))
    assert names == ["Awa Diatta-Sow", "Zoé Martin"]
    context.close()
