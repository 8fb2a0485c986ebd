"""The "Source de l'année" notes are data-entry notes: staff read them, a partner
account never does (its pages, its history, the sheets it downloads)."""

import pytest
from django.urls import reverse

from core import roles
from tests.factories import (
    MembershipFactory,
    PartnershipFactory,
    ProjectFactory,
    UserFactory,
)
from tests.pages import history_text, page_text

pytestmark = pytest.mark.django_db

NOTE = "Présentation de Pays de Savoie solidaires : « Bignona 1986 »"


@pytest.fixture
def noted_partnership(db):
    partnership = PartnershipFactory(start_year=1986, start_year_note="")
    partnership.start_year_note = NOTE  # a change: it is in the history too
    partnership.save()
    ProjectFactory(partnership=partnership, slug="echanges-jeunesse")
    return partnership


def test_a_partner_account_never_reads_the_source_of_the_start_year(
    client, noted_partnership
):
    user = UserFactory(username="bignona", role=roles.PARTNER)
    MembershipFactory(user=user, organisation=noted_partnership.partner)
    client.force_login(user)

    page = page_text(client.get(noted_partnership.get_absolute_url()))
    history = history_text(client, noted_partnership)
    sheet = page_text(client.get(reverse("projects:sheet", args=["echanges-jeunesse"])))

    assert "1986" in page  # the partnership itself is readable
    assert "Source de l'année" not in page
    assert "Bignona 1986" not in page  # neither on the page nor in its history
    assert "création partenariat" in history  # its history is readable
    assert "Bignona 1986" not in history
    assert "Bignona 1986" not in sheet


def test_staff_read_the_source_of_the_start_year(client, director, noted_partnership):
    client.force_login(director)

    page = page_text(client.get(noted_partnership.get_absolute_url()))
    history = history_text(client, noted_partnership)

    assert "Source de l'année" in page
    assert "Bignona 1986" in page
    assert "Bignona 1986" in history  # its change, in the history
