"""What only a browser shows: the « Ajouter une ligne » button of the mission form."""

import pytest
from playwright.sync_api import expect

from core import roles
from missions.models import Mission
from tests.factories import MissionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_adds_participant_and_budget_rows_in_the_browser(
    live_server, page, login
):
    mission = MissionFactory(title="Anima'Terre Jeunesse")
    UserFactory(username="coordinatrice", role=roles.COORDINATOR)
    login(page, "coordinatrice")
    page.goto(f"{live_server.url}/missions/{mission.pk}/modifier/")

    participants = page.locator("fieldset[data-prefix=participants]")
    participants.get_by_role("button", name="Ajouter une ligne").click()
    page.fill("input[name=participants-0-full_name]", "Awa Diatta")
    page.select_option("select[name=participants-0-category]", "jeune")
    budget = page.locator("fieldset[data-prefix=budget_lines]")
    budget.get_by_role("button", name="Ajouter une ligne").click()
    page.select_option("select[name=budget_lines-0-side]", "expense")
    page.fill("textarea[name=budget_lines-0-label]", "Frais d'hébergement")
    page.fill("input[name=budget_lines-0-cash_amount]", "1 250,50")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.locator(".message--success")).to_have_text("Enregistré.")
    expect(page.locator("#participants")).to_contain_text("Awa Diatta")
    expect(page.locator("[data-total=expense-cash]")).to_have_text("1 250,50 €")
    line = Mission.objects.get(pk=mission.pk).budget_lines.get()
    assert str(line.cash_amount) == "1250.50"
