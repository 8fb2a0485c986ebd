"""A record's history in a browser: fetched into its block when the block is opened."""

import pytest
from playwright.sync_api import expect

from core import roles
from tests.factories import MissionFactory, ProjectFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_opening_the_history_of_a_project_shows_its_changes(page, live_server, login):
    UserFactory(username="directeur", role=roles.DIRECTOR)
    project = ProjectFactory(title="Ancien titre")
    project.title = "Jardins partagés de Bignona"
    project.save()
    login(page, "directeur")

    page.goto(f"{live_server.url}{project.get_absolute_url()}")
    block = page.locator("details#historique")
    expect(block).not_to_contain_text("Ancien titre")
    block.locator("summary").click()

    expect(block).to_contain_text("titre : Ancien titre → Jardins partagés de Bignona")
    expect(block.get_by_role("link", name="Voir l’historique")).to_have_count(0)


def test_opening_the_history_of_a_mission_shows_its_changes(page, live_server, login):
    UserFactory(username="directeur", role=roles.DIRECTOR)
    mission = MissionFactory(title="Ancienne mission")
    mission.title = "Accueil des animateurs de Bignona"
    mission.save()
    login(page, "directeur")

    page.goto(f"{live_server.url}{mission.get_absolute_url()}")
    block = page.locator("details#historique")
    expect(block).not_to_contain_text("Ancienne mission")
    block.locator("summary").click()

    expect(block).to_contain_text(
        "titre : Ancienne mission → Accueil des animateurs de Bignona"
    )
