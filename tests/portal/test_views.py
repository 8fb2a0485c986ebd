"""The dashboard (portal/views.py): what a person reads on the home page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import FundingLineFactory, OrganisationFactory
from tests.pages import page_text

pytestmark = pytest.mark.django_db


def test_the_dashboard_shows_totals_the_french_way(client, director):
    funder = OrganisationFactory(name="Union européenne")
    FundingLineFactory(funder=funder, amount=Decimal("51621"))
    FundingLineFactory(funder=funder, amount=Decimal("22124.13"))
    client.force_login(director)

    page = page_text(client.get(reverse("home")))

    assert "Principaux financeurs" in page
    assert "Union européenne" in page
    assert "73 745,13 €" in page
    assert "Dernières modifications" in page
