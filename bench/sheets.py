"""How long the capitalization sheets take, on the 12 TERRINCLUS demo projects.

    make demo && .venv/bin/python bench/sheets.py [--rounds 3]

Prints seconds per sheet: the HTML alone (the same template, no PDF), the PDF made
cold (nothing cached) in wall-clock and in CPU time, the PDF served from the cache,
and the 12-sheet catalogue.
The cache is a private in-memory one: the bench neither reads nor fills the real one.
"""

import argparse
import os
import statistics
import sys
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.core.cache import caches  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import translation  # noqa: E402

from projects import sheets  # noqa: E402
from projects.models import Project  # noqa: E402
from projects.sheets import pdf as weasyprint_child  # noqa: E402

BENCH_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "bench-sheets",
}


def seconds(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def per_sheet(projects, function, rounds: int) -> float:
    """Median over the rounds of the mean time per sheet."""
    runs = [
        sum(seconds(lambda p=project: function(p)) for project in projects)
        / len(projects)
        for _ in range(rounds)
    ]
    return statistics.median(runs)


def cpu_seconds() -> float:
    """CPU time used so far by this process and its idle renderer processes (from
    /proc, Linux): on a machine shared with other work, wall-clock figures move by
    a third from run to run, the CPU time much less."""
    total = time.process_time()
    ticks = os.sysconf("SC_CLK_TCK")
    for renderer in weasyprint_child._idle_renderers:
        stat = Path(f"/proc/{renderer.process.pid}/stat").read_text()
        fields = stat.rsplit(")", 1)[1].split()  # from field 3, the state
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def cpu_per_sheet(projects, function, rounds: int) -> float:
    """Median over the rounds of the CPU time per sheet (this process and the
    renderer, which is idle before and after each sheet)."""
    runs = []
    for _ in range(rounds):
        start = cpu_seconds()
        for project in projects:
            function(project)
        runs.append((cpu_seconds() - start) / len(projects))
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds

    projects = list(sheets.sheet_prefetch(Project.objects.terrinclus()))
    if len(projects) != 12:
        sys.exit("Les 12 projets de démonstration manquent : lancez `make demo`.")
    cache = caches["default"]

    warm_up = seconds(weasyprint_child._warm_up)  # once per worker process

    def read_and_html(project):
        fresh = sheets.sheet_prefetch(Project.objects.filter(pk=project.pk)).get()
        sheets.sheet_html(fresh)

    def cold(project):
        cache.clear()
        sheets.sheet_pdf(project=project)

    results = [
        ("HTML alone (template)", per_sheet(projects, sheets.sheet_html, rounds)),
        ("HTML with its database reads", per_sheet(projects, read_and_html, rounds)),
        ("PDF cold (HTML + WeasyPrint in a child)", per_sheet(projects, cold, rounds)),
        (
            "PDF cold, its CPU time (parent + renderer)",
            cpu_per_sheet(projects, cold, rounds),
        ),
    ]
    for project in projects:  # fill the cache, then time the hits
        sheets.sheet_pdf(project=project)
    hits = per_sheet(projects, lambda p: sheets.sheet_pdf(project=p), rounds)
    results.append(("PDF cached (HTML + hash + cache read)", hits))

    def catalogue(selection):
        return sheets.catalogue_pdf(projects=selection, author="bench")

    def catalogue_cold(selection):
        cache.clear()
        return catalogue(selection)

    def catalogue_warm(selection, *, key: str):
        """Every sheet cached, the catalogue not: its front matter laid out and
        merged with the cached sheets. `key` is the catalogue's cache key, found
        before the clock starts (finding it renders each sheet's HTML again,
        which a request does not)."""
        cache.delete(key)
        return catalogue(selection)

    front_html = statistics.median(
        seconds(
            lambda: sheets.catalogue_html(
                projects, author="bench", start_pages=list(range(3, 3 + len(projects)))
            )
        )
        for _ in range(rounds)
    )
    catalogues = [
        ("front matter, HTML alone", front_html),
        ("PDF cold (no sheet cached)", median_of(catalogue_cold, projects, rounds)),
        (
            "PDF warm (sheets cached)",
            median_of(
                partial(catalogue_warm, key=catalogue_key(projects)), projects, rounds
            ),
        ),
        (
            "PDF warm, its CPU time",
            cpu_median_of(
                partial(catalogue_warm, key=catalogue_key(projects)), projects, rounds
            ),
        ),
        ("PDF asked again (cached)", median_of(catalogue, projects, rounds)),
    ]
    many = list(
        sheets.sheet_prefetch(
            Project.objects.filter(slug__startswith="banc-projet-").order_by("pk")
        )[:100]
    )

    print(f"Fiches de capitalisation — {len(projects)} fiches, {rounds} tours")
    print(f"  {'warm-up of a worker (once)':<42} {warm_up:7.3f} s")
    for label, value in results:
        print(f"  {label:<42} {value:7.3f} s / fiche")
    for label, value in catalogues:
        print(f"  {'catalogue of 12, ' + label:<42} {value:7.3f} s")
    if len(many) == 100:
        cold_100 = seconds(lambda: catalogue_cold(many))
        key = catalogue_key(many)
        warm_100 = seconds(lambda: catalogue_warm(many, key=key))
        print(f"  {'catalogue of 100, PDF cold':<42} {cold_100:7.3f} s")
        print(f"  {'catalogue of 100, PDF warm (sheets cached)':<42} {warm_100:7.3f} s")
    else:
        print("  (catalogue of 100: fewer than 100 bench projects, run bench/fill.py)")


def catalogue_key(selection) -> str:
    """The cache key of the bench's catalogue of `selection`, its sheets cached."""
    keys = [sheets.sheet_pdf(project=project).key for project in selection]
    return sheets.catalogue_cache_key(keys, author="bench", criteria=[])


def median_of(function, selection, rounds: int) -> float:
    return statistics.median(
        seconds(lambda: function(selection)) for _ in range(rounds)
    )


def cpu_median_of(function, selection, rounds: int) -> float:
    runs = []
    for _ in range(rounds):
        start = cpu_seconds()
        function(selection)
        runs.append(cpu_seconds() - start)
    return statistics.median(runs)


if __name__ == "__main__":
    limits = {
        "SHEET_CATALOGUE_TIME_LIMIT": 600.0,  # the 100-sheet catalogue too
        # one renderer for the whole run: its CPU time is read from /proc
        "SHEET_RENDERER_MAX_RENDERS": 10_000,
    }
    with (
        override_settings(CACHES={"default": BENCH_CACHE}, **limits),
        translation.override("fr"),
    ):
        main()
