"""The autocomplete of the large selects in a browser: typing a few letters offers the
matching records from the JSON view, and the chosen one filters the list."""

import re

import pytest
from playwright.sync_api import expect

from core import roles
from tests.factories import OrganisationFactory, ProjectFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_typing_a_few_letters_offers_the_carriers_and_the_choice_filters_the_list(
    page, live_server, login
):
    UserFactory(username="directeur", role=roles.DIRECTOR)
    ProjectFactory(
        title="Hôpital d'Argeș",
        carrier=OrganisationFactory(name="Conseil départemental de l'Argeș"),
    )
    for index in range(30):
        ProjectFactory(carrier=OrganisationFactory(name=f"Commune {index:02}"))
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    login(page, "directeur")

    page.goto(f"{live_server.url}/projets/")
    page.get_by_text("Plus de filtres").click()
    control = page.locator("#id_carrier-ts-control")
    control.click()
    control.press_sequentially("arge", delay=50)
    option = page.locator(".ts-dropdown .option", has_text="Argeș")
    expect(option).to_have_count(1)
    expect(page.locator(".ts-dropdown .option", has_text="Commune")).to_have_count(0)
    option.click()
    page.get_by_role("button", name="Filtrer").click()

    expect(page).to_have_url(re.compile(r"carrier=\d+"))
    expect(page.locator("main")).to_contain_text("Hôpital d'Argeș")
    expect(page.locator("main")).not_to_contain_text("Commune 01")
    expect(page.locator(".ts-control .item")).to_have_text(
        "Conseil départemental de l'Argeș"
    )
    assert refused == []
