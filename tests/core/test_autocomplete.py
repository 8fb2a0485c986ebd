"""The autocomplete of the large selects: the list page renders only the chosen
option, the JSON views offer the records the person may read, searched accents and
case aside, 20 at a time; the filter still validates what is chosen."""

import re

import pytest
from django.urls import reverse

from core import roles
from partnerships.models import Organisation
from tests.factories import (
    FundingLineFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    ProgrammeFactory,
    ProjectFactory,
    UserFactory,
)
from tests.pages import count_queries, page_text

pytestmark = pytest.mark.django_db


def options_of(html: str, name: str) -> list[str]:
    """The labels of the <option>s of the select `name` in `html`."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no select named {name}"
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))


def texts(response) -> list[str]:
    return [row["text"] for row in response.json()["results"]]


def test_the_project_list_renders_the_chosen_carrier_only(client, director):
    chosen = OrganisationFactory(name="Ville de Dakar")
    ProjectFactory(carrier=chosen)
    for index in range(30):
        ProjectFactory(carrier=OrganisationFactory(name=f"Commune {index}"))
    client.force_login(director)

    html = client.get(reverse("projects:project-list")).content.decode()
    filtered = client.get(reverse("projects:project-list"), {"carrier": chosen.pk})

    assert options_of(html, "carrier") == ["---------"]
    assert 'data-autocomplete="/projets/choix/porteurs/"' in html
    assert options_of(filtered.content.decode(), "carrier") == [
        "---------",
        "Ville de Dakar",
    ]
    assert "1 résultat" in page_text(filtered)


def test_the_list_page_queries_do_not_grow_with_the_organisations(client, director):
    url = reverse("projects:project-list")
    client.force_login(director)

    def add_carried_projects(count):
        for _ in range(count):
            partnership = PartnershipFactory()
            ProjectFactory(carrier=OrganisationFactory(), partnership=partnership)
            ProgrammeFactory(partnership=partnership)

    add_carried_projects(3)
    chosen = ProjectFactory(carrier=OrganisationFactory(name="Ville de Dakar"))
    params = {"carrier": chosen.carrier.pk}
    with_4 = count_queries(client, url, params), count_queries(client, url)
    add_carried_projects(100)
    with_104 = count_queries(client, url, params), count_queries(client, url)

    assert with_104 == with_4
    page = client.get(url).content.decode()
    assert page.count("<option") < 60  # the themes, statuses, SDGs: not 300 records


def test_the_carriers_are_found_accents_and_case_aside(client, director):
    ProjectFactory(carrier=OrganisationFactory(name="Conseil départemental de l'Argeș"))
    ProjectFactory(carrier=OrganisationFactory(name="Ville de Dakar"))
    client.force_login(director)
    url = reverse("projects:carrier-choices")

    found = client.get(url, {"q": "DEPARTEMENTAL arges"})

    assert texts(found) == ["Conseil départemental de l'Argeș"]
    assert found.json()["next"] is None


def test_the_choices_come_20_at_a_time_in_name_order(client, director):
    for index in range(25):
        ProjectFactory(carrier=OrganisationFactory(name=f"Commune {index:02}"))
    client.force_login(director)
    url = reverse("projects:carrier-choices")

    first = client.get(url, {"q": "commune"}).json()
    second = client.get(first["next"]).json()

    assert [row["text"] for row in first["results"]] == [
        f"Commune {index:02}" for index in range(20)
    ]
    assert first["next"] == f"{url}?q=commune&page=2"
    assert [row["text"] for row in second["results"]] == [
        f"Commune {index:02}" for index in range(20, 25)
    ]
    assert second["next"] is None
    assert client.get(url, {"page": "9"}).json() == {"results": [], "next": None}


@pytest.fixture
def bignona_partner(db):
    bignona = OrganisationFactory(name="Département de Bignona", short_name="Bignona")
    user = UserFactory(username="bignona", role=roles.PARTNER)
    MembershipFactory(user=user, organisation=bignona)
    ours = PartnershipFactory(
        partner=bignona,
        french_authority=OrganisationFactory(name="Département de la Savoie"),
    )
    own = ProjectFactory(
        carrier=OrganisationFactory(name="Association Kagamen"), partnership=ours
    )
    ProgrammeFactory(partnership=ours, title="Programme Casamance")
    theirs = PartnershipFactory(
        partner=OrganisationFactory(name="Județul Argeș", short_name="Argeș"),
        french_authority=OrganisationFactory(name="Département de l'Aude"),
    )
    other = ProjectFactory(
        carrier=OrganisationFactory(name="Association Dambovița"), partnership=theirs
    )
    ProgrammeFactory(partnership=theirs, title="Programme Argeș")
    return user, own, other


def test_a_partner_is_offered_only_what_it_may_read(client, bignona_partner):
    user, own, other = bignona_partner
    client.force_login(user)

    carriers = texts(client.get(reverse("projects:carrier-choices")))
    programmes = texts(client.get(reverse("projects:programme-choices")))
    partnerships = texts(client.get(reverse("partnerships:partnership-choices")))
    searched = texts(
        client.get(reverse("partnerships:partnership-choices"), {"q": "arges"})
    )
    funders = client.get(reverse("projects:funder-choices"))
    organisations = client.get(reverse("partnerships:organisation-choices"))
    authorities = texts(client.get(reverse("partnerships:authority-choices")))

    assert authorities == ["Département de la Savoie"]
    assert carriers == ["Association Kagamen"]
    assert programmes == ["Programme Casamance (2013-2015)"]
    assert len(partnerships) == 1 and partnerships[0].endswith("– Bignona")
    assert searched == []
    assert funders.status_code == 200
    # the organisations on record are not a partner's to read
    assert organisations.status_code == 403


def test_the_filter_still_refuses_a_carrier_out_of_scope(client, bignona_partner):
    user, own, other = bignona_partner
    client.force_login(user)

    page = client.get(reverse("projects:project-list"), {"carrier": other.carrier.pk})

    text = page_text(page)
    assert "Certains filtres ne sont pas valides" in text
    assert "Association Dambovița" not in text
    assert options_of(page.content.decode(), "carrier") == ["---------"]


def test_the_funding_line_list_offers_its_funders_by_autocomplete(client, director):
    line = FundingLineFactory(funder=OrganisationFactory(name="Région Sud"))
    client.force_login(director)

    html = client.get(
        reverse("projects:fundingline-list"), {"funder": line.funder.pk}
    ).content.decode()
    found = client.get(reverse("projects:funder-choices"), {"q": "region"})
    projects = client.get(reverse("projects:line-project-choices"))

    assert options_of(html, "funder") == ["---------", "Région Sud"]
    assert texts(found) == ["Région Sud"]
    assert texts(projects) == [line.project.title]


@pytest.mark.parametrize("value", ["99999999999999999999", "²", "12abc"])
def test_a_chosen_value_that_names_no_record_shows_the_list_without_it(
    client, director, value
):
    FundingLineFactory(funder=OrganisationFactory(name="Union européenne"))
    client.force_login(director)

    response = client.get(reverse("projects:fundingline-list"), {"funder": value})

    assert response.status_code == 200
    assert options_of(response.content.decode(), "funder") == ["---------"]
    assert "Union européenne" not in options_of(response.content.decode(), "funder")


def test_the_dashboard_offers_its_french_authorities_by_autocomplete(client, director):
    for name in ("Département de la Savoie", "Département de la Drôme"):
        PartnershipFactory(french_authority=OrganisationFactory(name=name))
    drome = Organisation.objects.get(name="Département de la Drôme")
    client.force_login(director)

    chosen = client.get(reverse("home"), {"collectivite": drome.pk}).content.decode()
    nothing_chosen = client.get(reverse("home")).content.decode()
    found = client.get(reverse("partnerships:authority-choices"), {"q": "drome"})

    # the page holds the chosen authority only; the others come as one types
    assert options_of(chosen, "collectivite") == ["Toutes", "Département de la Drôme"]
    assert options_of(nothing_chosen, "collectivite") == ["Toutes"]
    assert texts(found) == ["Département de la Drôme"]
