"""The partner side co-writes a mission: the Bignona partner proposes two participants
and a budget line of the stay it organises, submits them; the coordinator accepts
them from the mission page; they show on it, marked as Bignona's."""

import datetime

import pytest
from playwright.sync_api import expect

from missions.models import BudgetLine, Participant
from tests.factories import bignona_proposal_side, bignona_stay

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stay():
    return bignona_stay(
        bignona_proposal_side(),
        title="Séjour des animateurs à Bignona",
        start=datetime.date(2027, 3, 1),
        end=datetime.date(2027, 3, 8),
    )


def propose_participant(page, mission_url, name, category):
    page.goto(mission_url)
    page.get_by_role("link", name="Proposer un participant").click()
    page.get_by_label("Nom").fill(name)
    page.get_by_label("Organisation").select_option(label="Département de Bignona")
    page.get_by_label("Catégorie").select_option(label=category)
    page.get_by_role("button", name="Soumettre au coordinateur").click()
    expect(page.get_by_text("Proposition soumise")).to_be_visible()


def test_the_partner_proposes_participants_and_a_budget_line_the_coordinator_accepts(
    browser, live_server, login, stay
):
    mission_url = f"{live_server.url}{stay.get_absolute_url()}"
    partner = login(browser.new_page(), "partenaire-bignona")

    propose_participant(partner, mission_url, "Awa Diatta", "Jeune")
    propose_participant(partner, mission_url, "Lamine Sané", "Technicien")
    partner.goto(mission_url)
    partner.get_by_role("link", name="Proposer une ligne de budget").click()
    partner.get_by_label("Nature").select_option(label="Dépense")
    partner.get_by_label("Poste").fill("Hébergement des animateurs")
    partner.get_by_label("Numéraire").fill("1 250,50")
    partner.get_by_label("Valorisation").fill("300")
    partner.get_by_role("button", name="Soumettre au coordinateur").click()
    expect(partner.get_by_text("Proposition soumise")).to_be_visible()
    partner.goto(mission_url)
    mine = partner.locator("#propositions")
    expect(mine.locator(".proposal-state--submitted")).to_have_count(3)
    expect(partner.locator("#participants")).to_contain_text("Aucun participant")

    coordinator = login(browser.new_page(), "coordinatrice")
    for _ in range(3):
        coordinator.goto(mission_url)
        queue = coordinator.locator("#propositions li", has_text="Soumise")
        queue.first.get_by_role("link").click()
        coordinator.get_by_role("button", name="Accepter").click()
        expect(coordinator.get_by_text("Proposition acceptée")).to_be_visible()

    coordinator.goto(mission_url)
    participants = coordinator.locator("#participants")
    expect(participants).to_contain_text("Awa Diatta")
    expect(participants).to_contain_text("Lamine Sané")
    expect(
        participants.get_by_text("Proposé par Département de Bignona")
    ).to_have_count(2)
    budget = coordinator.locator("#budget")
    expect(budget).to_contain_text("Hébergement des animateurs")
    expect(budget).to_contain_text("Proposé par Département de Bignona")
    expect(budget.locator("[data-total=expense-cash]")).to_have_text("1 250,50 €")
    expect(
        coordinator.locator("#propositions .proposal-state--accepted")
    ).to_have_count(3)
    assert Participant.objects.filter(source="Département de Bignona").count() == 2
    assert str(BudgetLine.objects.get().in_kind_amount) == "300.00"
