"""Search ignores accents and case, in the lists and in the header's search box; the
search box finds only what the account may read, in a bounded number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import roles
from projects.models import Theme
from tests.factories import (
    MembershipFactory,
    MissionFactory,
    OrganisationFactory,
    PartnershipFactory,
    ProjectFactory,
    UserFactory,
)
from tests.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(db):
    savoie = OrganisationFactory(name="Département de la Savoie", short_name="Savoie")
    arges = OrganisationFactory(name="Județul Argeș", short_name="Argeș", country="RO")
    bignona = OrganisationFactory(name="Bignona", country="SN")
    arges_partnership = PartnershipFactory(french_authority=savoie, partner=arges)
    bignona_partnership = PartnershipFactory(
        french_authority=savoie, partner=bignona, description="Coopération au Sénégal"
    )
    arges_project = ProjectFactory(
        title="Échanges de jeunes en Argeș", partnership=arges_partnership
    )
    bignona_project = ProjectFactory(
        title="Écoles de Bignona", partnership=bignona_partnership
    )
    arges_project.themes.add(Theme.objects.create(name="Coopération économique"))
    MissionFactory(title="Séminaire à Pitești", project=arges_project)
    return {
        "arges": arges,
        "bignona_project": bignona_project,
        "arges_project": arges_project,
    }


@pytest.mark.parametrize(
    ("url", "words", "expected"),
    [
        ("projects:project-list", "arges", "Échanges de jeunes en Argeș"),
        ("projects:project-list", "ECHANGES", "Échanges de jeunes en Argeș"),
        ("projects:project-list", "cooperation economique", "Échanges de jeunes"),
        ("partnerships:partnership-list", "senegal", "Bignona"),
        ("partnerships:organisation-list", "judetul arges", "Județul Argeș"),
        ("missions:mission-list", "seminaire pitesti", "Séminaire à Pitești"),
    ],
)
def test_the_lists_find_words_without_their_accents(
    client, coordinator, records, url, words, expected
):
    client.force_login(coordinator)

    page = page_text(client.get(reverse(url), {"q": words}))

    assert expected in page
    assert "Aucun" not in page


def test_a_list_search_still_leaves_out_what_does_not_match(
    client, coordinator, records
):
    client.force_login(coordinator)

    page = page_text(client.get(reverse("projects:project-list"), {"q": "ECOLES"}))

    assert "Écoles de Bignona" in page
    assert "Échanges de jeunes" not in page


def test_the_search_box_finds_records_of_every_kind(client, coordinator, records):
    client.force_login(coordinator)

    page = page_text(client.get(reverse("search"), {"q": "arges"}))

    assert "Échanges de jeunes en Argeș" in page  # a project
    assert "Județul Argeș" in page  # an organisation
    assert "Partenariats" in page


def test_a_partner_finds_only_what_it_may_read(client, records):
    user = UserFactory(username="bignona", role=roles.PARTNER)
    MembershipFactory(
        user=user, organisation=records["bignona_project"].partnerships.get().partner
    )
    client.force_login(user)

    found = page_text(client.get(reverse("search"), {"q": "ecoles"}))
    hidden = page_text(client.get(reverse("search"), {"q": "arges"}))

    assert "Écoles de Bignona" in found
    assert "Argeș" not in hidden.replace("« arges »", "")
    assert "Aucun résultat" in hidden


def test_the_search_box_costs_a_bounded_number_of_queries(client, coordinator):
    # two queries per kind of record (6): the keys of the rows whose own columns
    # hold the word (core.search), then the rows; plus the session, the account and
    # its permissions: the same for 2 matching records or 60
    client.force_login(coordinator)
    for number in range(2):
        ProjectFactory(title=f"Coopération {number}")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get(reverse("search"), {"q": "cooperation"}).status_code == 200
            )
        return len(queries)

    few = count()
    for number in range(58):
        ProjectFactory(title=f"Coopération bis {number}")
        MissionFactory(title=f"Mission de coopération {number}")

    assert count() == few <= 17
