"""The world map: the projection, the shipped outlines, the partners placed on the
staff map (scoped) and on the public one (public projects only)."""

import html
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from portal.worldmap import HEIGHT, WIDTH, projected, world_outlines
from projects.models import Theme
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    ProjectFactory,
)

# The demo's partners (decimal degrees) and where an equirectangular map of
# 1000 x 400 units from 84° N to 60° S puts them, computed by hand:
# x = (longitude + 180) * 1000 / 360, y = (84 - latitude) * 1000 / 360.
PARTNERS = {
    "Département de Bignona": ("SN", "12.81", "-16.23", 454.9, 197.8, "Senegal"),
    "Judet d'Argeș": ("RO", "44.86", "24.87", 569.1, 108.7, "Romania"),
    "Commune de Dessalines": ("HT", "19.26", "-72.52", 298.6, 179.8, "Haiti"),
}


def ring_list(path: str) -> list[list[tuple[float, float]]]:
    return [
        [tuple(map(float, point.split(","))) for point in ring.split("L")]
        for ring in re.findall(r"M([^Z]+)Z", path)
    ]


def inside(point, path: str) -> bool:
    """Even-odd rule over every ring of an SVG path made of M, L and Z."""
    x, y = point
    crossings = 0
    for ring in ring_list(path):
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                crossings += 1
    return crossings % 2 == 1


def test_the_projection_is_equirectangular_from_84_north_to_60_south():
    assert (WIDTH, HEIGHT) == (1000, 400)
    assert projected(84, -180) == (0, 0)
    assert projected(-60, 180) == (1000, 400)
    assert projected(0, 0) == (500, 233.3)


@pytest.mark.parametrize("name", PARTNERS)
def test_each_demo_partner_falls_inside_its_country_s_outline(name):
    _, latitude, longitude, _, _, country = PARTNERS[name]
    outlines = {outline["name"]: outline["d"] for outline in world_outlines()}

    point = projected(Decimal(latitude), Decimal(longitude))

    assert len(outlines) > 170
    assert inside(point, outlines[country])
    assert not inside(point, outlines["France"])


@pytest.fixture
def savoie_partnerships(db):
    savoie = OrganisationFactory(
        name="Département de la Savoie",
        latitude=Decimal("45.57"),
        longitude=Decimal("5.92"),
    )
    partnerships = {}
    for name, (code, latitude, longitude, *_) in PARTNERS.items():
        partner = OrganisationFactory(
            name=name,
            country=code,
            latitude=Decimal(latitude),
            longitude=Decimal(longitude),
        )
        partnerships[name] = PartnershipFactory(
            french_authority=savoie, partner=partner
        )
    return partnerships


def places(response) -> dict[str, tuple[float, float]]:
    svg = response.content.decode()
    return {
        html.unescape(name): (float(x), float(y))
        for x, y, name in re.findall(
            r'<circle cx="([\d.]+)" cy="([\d.]+)"[^>]*data-place="([^"]+)"', svg
        )
    }


def test_the_staff_map_places_the_three_partners(client, director, savoie_partnerships):
    client.force_login(director)

    response = client.get(reverse("map"))

    placed = places(response)
    for name, (*_, x, y, _country) in PARTNERS.items():
        label = next(place for place in placed if place.startswith(name))
        assert placed[label] == pytest.approx((x, y), abs=0.11)
    assert placed["Département de la Savoie"] == pytest.approx((516.4, 106.8), abs=0.11)
    assert response.content.decode().count('class="world-map__countries"') == 1


def test_a_partner_sees_only_its_partnership_on_the_map(
    client, partner_user, savoie_partnerships
):
    bignona = savoie_partnerships["Département de Bignona"]
    MembershipFactory(user=partner_user, organisation=bignona.partner)
    client.force_login(partner_user)

    placed = places(client.get(reverse("map")))

    assert any(name.startswith("Département de Bignona") for name in placed)
    assert not any(name.startswith("Judet") for name in placed)
    assert not any(name.startswith("Commune de Dessalines") for name in placed)


def test_the_links_take_the_colour_of_their_theme_with_a_legend(
    client, director, savoie_partnerships
):
    youth = Theme.objects.get(name="Jeunesse")
    project = ProjectFactory(partnership=savoie_partnerships["Judet d'Argeș"])
    project.themes.add(youth)
    client.force_login(director)

    response = client.get(reverse("map"))

    svg = response.content.decode()
    colour = re.search(r'stroke="(#[0-9a-f]{6})" data-partner="Judet', svg)[1]
    legend = response.content.decode().split('class="world-map__legend"')[1]
    assert colour != "#7f7f7f"
    assert f'stroke="{colour}"' in legend and "Jeunesse" in legend
    assert "Sans thématique" in legend  # the two partnerships without a project


def test_the_public_map_shows_public_projects_only(savoie_partnerships):
    savoie = savoie_partnerships["Département de Bignona"].french_authority
    published = ProjectFactory(title="Jeunesse en partage", carrier=savoie)
    published.partners.add(savoie_partnerships["Département de Bignona"].partner)
    published.is_public = True
    published.save()
    internal = ProjectFactory(title="Projet interne", carrier=savoie)
    internal.partners.add(savoie_partnerships["Judet d'Argeș"].partner)

    response = Client().get(reverse("public:map"))

    placed = places(response)
    assert response.status_code == 200
    assert placed["Département de Bignona (Sénégal)"] == pytest.approx(
        (454.9, 197.8), abs=0.11
    )
    assert not any(name.startswith("Judet") for name in placed)
    assert "Projet interne" not in response.content.decode()
    assert reverse("public:sheet", args=[published.slug]) in response.content.decode()
