"""Converts, once, the Natural Earth country outlines of the npm package world-atlas
(countries-110m.json, TopoJSON) into the projected SVG path data the world map reads
(static/map/countries-110m.json). See static/map/README.md for how it was run."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.worldmap import HEIGHT, NORTH, OUTLINES, SOUTH, WIDTH, topojson_outlines

SOURCE = "world-atlas 2.0.2 (npm), countries-110m.json: Natural Earth 1:110m"


class Command(BaseCommand):
    help = (
        "Convertit le fichier TopoJSON countries-110m.json du paquet npm world-atlas "
        "en tracés SVG projetés pour la carte (static/map/)."
    )

    def add_arguments(self, parser):
        parser.add_argument("topojson", type=Path)
        parser.add_argument(
            "--output", type=Path, default=Path(settings.BASE_DIR) / "static" / OUTLINES
        )

    def handle(self, *args, topojson: Path, output: Path, **options):
        try:
            topology = json.loads(topojson.read_text())
        except (OSError, ValueError) as error:
            raise CommandError(f"Lecture impossible de {topojson} : {error}") from error
        outlines = topojson_outlines(topology)
        document = {
            "source": SOURCE,
            "projection": {
                "name": "equirectangular",
                "width": WIDTH,
                "height": HEIGHT,
                "north": NORTH,
                "south": SOUTH,
            },
            "countries": outlines,
        }
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(
            json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        )
        self.stdout.write(f"{len(outlines)} pays écrits dans {output}")
