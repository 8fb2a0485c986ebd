import pytest
from playwright.sync_api import expect

from core import roles
from portal.models import AccountPreferences
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_a_romanian_speaking_partner_sees_the_interface_in_romanian(
    page, live_server, login
):
    partner = UserFactory(username="partenaire-arges", role=roles.PARTNER)
    MembershipFactory(
        user=partner, organisation=OrganisationFactory(name="Judet d'Argeș")
    )
    AccountPreferences.objects.create(user=partner, language="ro")

    login(page, "partenaire-arges")  # the login page of a new device: French

    expect(page.locator("html")).to_have_attribute("lang", "ro")
    expect(page.get_by_role("heading", level=1)).to_have_text("Panou de bord")
    navigation = page.get_by_role("navigation", name="Navigare principală")
    expect(navigation.get_by_role("link", name="Parteneriate")).to_be_visible()
    expect(page.get_by_role("button", name="Deconectare")).to_be_visible()
    expect(page.locator("#language-select")).to_have_value("ro")

    page.get_by_role("link", name="partenaire-arges").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contul meu")
    expect(page.get_by_label("Limba interfeței")).to_have_value("ro")

    page.get_by_role("button", name="Deconectare").click()
    expect(page.get_by_role("button", name="Conectați-vă")).to_be_visible()
