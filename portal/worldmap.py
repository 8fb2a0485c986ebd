"""The world map of the partnerships: country outlines shipped in static/map/
(converted once from Natural Earth, see static/map/README.md), territories placed by
their coordinates, drawn as SVG on the server: it needs no tile server, no
JavaScript, works offline and prints.

The projection is equirectangular (plate carrée), cut at 84° N and 60° S (the
inhabited world): x grows with the longitude, y with the distance from 84° N.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.utils.translation import gettext as _

OUTLINES = "map/countries-110m.json"

WIDTH = 1000
NORTH, SOUTH = 84.0, -60.0
SCALE = WIDTH / 360  # units per degree
HEIGHT = round((NORTH - SOUTH) * SCALE)


def projected(latitude: float, longitude: float) -> tuple[float, float]:
    """Where a point in decimal degrees (WGS 84) falls on the map, in its units."""
    latitude = min(max(float(latitude), SOUTH), NORTH)
    x = (float(longitude) + 180) * SCALE
    y = (NORTH - latitude) * SCALE
    return round(x, 1), round(y, 1)


def topojson_outlines(topology: dict, object_name: str = "countries") -> list[dict]:
    """Each country of a TopoJSON topology (quantized, as world-atlas ships it) as
    projected SVG path data: [{"id", "name", "d"}]. Used once, by the world_map_build
    command; the map reads its output."""
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:  # delta-encoded positions
            x, y = x + dx, y + dy
            points.append(projected(y * scale_y + shift_y, x * scale_x + shift_x))
        arcs.append(points)

    def ring_points(indexes: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc[1:] if points else arc)  # arcs share their ends
        return points

    def ring_path(points) -> str:
        kept = [points[0]]
        for point in points[1:]:
            if point != kept[-1]:
                kept.append(point)
        if len(kept) < 3:
            return ""
        return "M" + "L".join(f"{x:g},{y:g}" for x, y in kept) + "Z"

    outlines = []
    for geometry in topology["objects"][object_name]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        path = "".join(
            ring_path(ring_points(ring)) for polygon in polygons for ring in polygon
        )
        if path:
            outlines.append(
                {
                    "id": geometry.get("id", ""),
                    "name": geometry.get("properties", {}).get("name", ""),
                    "d": path,
                }
            )
    return outlines


@cache
def world_outlines() -> tuple[dict, ...]:
    """The country outlines shipped in static/, read once per process."""
    path = finders.find(OUTLINES)
    if not path:
        return ()
    return tuple(json.loads(Path(path).read_text())["countries"])


@dataclass(frozen=True)
class MapPlace:
    """A territory on the map: a French authority or a partner; `label` is the
    short name written beside it."""

    name: str
    label: str
    x: float
    y: float


@dataclass(frozen=True)
class MapLink:
    """A line from the French side to a partner territory, in its theme's colour;
    `url` when the map may link to the record (its page or public sheet)."""

    label: str
    french: MapPlace
    partner: MapPlace
    colour: str
    url: str = ""

    @property
    def path(self) -> str:
        """A curve bowed to the north, as a route on a flat map is drawn."""
        (x1, y1), (x2, y2) = (
            (self.french.x, self.french.y),
            (self.partner.x, self.partner.y),
        )
        bow = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5 * 0.2
        cx, cy = (x1 + x2) / 2, (y1 + y2) / 2 - bow
        return f"M{x1:g},{y1:g}Q{cx:.1f},{cy:.1f} {x2:g},{y2:g}"


@dataclass(frozen=True)
class LegendEntry:
    label: str
    colour: str


# Distinct colours that stay apart for the common colour blindnesses (Okabe-Ito),
# given to the themes in their order; grey for what has no theme.
THEME_COLOURS = (
    "#0072b2",
    "#d55e00",
    "#009e73",
    "#cc79a7",
    "#e69f00",
    "#56b4e9",
    "#7a5c00",
    "#000000",
)
NO_THEME_COLOUR = "#7f7f7f"


def place_of(organisation) -> MapPlace | None:
    if organisation is None:
        return None
    if organisation.latitude is None or organisation.longitude is None:
        return None
    x, y = projected(organisation.latitude, organisation.longitude)
    return MapPlace(
        name=organisation.display_name,
        label=organisation.short_name or organisation.name,
        x=x,
        y=y,
    )


@dataclass
class WorldMap:
    """What the map template draws: the outlines, the links, the places (each
    once), the legend of the colours used and the records that could not be placed
    (an organisation without coordinates)."""

    links: list[MapLink]
    legend: list[LegendEntry]
    unplaced: list[str]
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def outlines(self) -> tuple[dict, ...]:
        return world_outlines()

    @property
    def places(self) -> list[MapPlace]:
        seen: dict[tuple[float, float], MapPlace] = {}
        for link in self.links:
            for place in (link.french, link.partner):
                seen.setdefault((place.x, place.y), place)
        return list(seen.values())

    @property
    def view_box(self) -> str:
        """The part of the world the places lie in, with a margin (the whole world
        without a place): a map of three partners is not a map of the oceans."""
        places = self.places
        if not places:
            return f"0 0 {self.width} {self.height}"
        margin = 60
        left = max(min(p.x for p in places) - margin, 0)
        right = min(max(p.x for p in places) + margin, self.width)
        top = max(min(p.y for p in places) - margin, 0)
        bottom = min(max(p.y for p in places) + margin, self.height)
        # at least a fifth of the world wide, and never narrower than tall
        width = max(right - left, self.width / 5, bottom - top)
        height = max(bottom - top, width / 2)
        left = min(max((left + right - width) / 2, 0), self.width - width)
        top = min(max((top + bottom - height) / 2, 0), max(self.height - height, 0))
        return f"{left:.0f} {top:.0f} {width:.0f} {min(height, self.height):.0f}"


class ThemePalette:
    """The colour of each theme, by its rank among all themes: a theme keeps its
    colour from one map to the other."""

    def __init__(self, themes):
        self.colours = {
            theme.pk: THEME_COLOURS[index % len(THEME_COLOURS)]
            for index, theme in enumerate(themes)
        }
        self.used: dict[str, str] = {}

    def colour(self, theme, *, none_label: str) -> str:
        if theme is None:
            self.used.setdefault(none_label, NO_THEME_COLOUR)
            return NO_THEME_COLOUR
        colour = self.colours.get(theme.pk, NO_THEME_COLOUR)
        self.used.setdefault(theme.name, colour)
        return colour

    @property
    def legend(self) -> list[LegendEntry]:
        return [LegendEntry(label, colour) for label, colour in self.used.items()]


def partnerships_map(partnerships, *, themes) -> WorldMap:
    """Each partnership, from its French authority to its partner, in the colour of
    the first theme of its projects (`partnerships` with `projects__themes`
    prefetched; `themes`: every theme, in order)."""
    palette = ThemePalette(themes)
    none_label = _("Sans thématique")
    links, unplaced = [], []
    for partnership in partnerships:
        french = place_of(partnership.french_authority)
        partner = place_of(partnership.partner)
        if french is None or partner is None:
            unplaced.append(str(partnership))
            continue
        theme = next(
            (t for project in partnership.projects.all() for t in project.themes.all()),
            None,
        )
        links.append(
            MapLink(
                label=str(partnership),
                french=french,
                partner=partner,
                colour=palette.colour(theme, none_label=none_label),
                url=partnership.get_absolute_url(),
            )
        )
    return WorldMap(links=links, legend=palette.legend, unplaced=unplaced)


def projects_map(projects, *, themes, url_of) -> WorldMap:
    """Each project, from its carrier (or its first placed co-carrier) to each of
    its partners (or its partnerships' partners), in its first theme's colour.
    `projects` with carrier, co-carriers, partners, partnerships' partners and
    themes read in advance; `url_of(project)` is where its links lead."""
    palette = ThemePalette(themes)
    none_label = _("Sans thématique")
    links, unplaced = [], []
    for project in projects:
        carriers = [project.carrier, *project.co_carriers.all()]
        french = next(filter(None, map(place_of, carriers)), None)
        partners = list(project.partners.all()) or [
            partnership.partner for partnership in project.partnerships.all()
        ]
        placed = [place for place in map(place_of, partners) if place is not None]
        if french is None or not placed:
            unplaced.append(project.title)
            continue
        theme = next(iter(project.themes.all()), None)
        colour = palette.colour(theme, none_label=none_label)
        links.extend(
            MapLink(
                label=project.title,
                french=french,
                partner=partner,
                colour=colour,
                url=url_of(project),
            )
            for partner in {(p.x, p.y): p for p in placed}.values()
        )
    return WorldMap(links=links, legend=palette.legend, unplaced=unplaced)
