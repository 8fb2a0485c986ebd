"""The dashboard's funding totals: the page's time and queries, what keeping the
totals adds to a save and to an import, and two writers of one total row.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_dashboard \\
        .venv/bin/python bench/dashboard.py

Run it on a database filled by `fill.py` (which rebuilds the totals). Every write it
makes is rolled back.
"""

import argparse
import os
import statistics
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.db import connection, connections, transaction  # noqa: E402

from bench.pages import director, measure  # noqa: E402
from partnerships.models import Partnership  # noqa: E402
from projects import totals  # noqa: E402
from projects.models import FundingLine, FundingTotal, Project  # noqa: E402


class Rollback(Exception):
    pass


def timed_saves(runs: int, *, kept: bool) -> float:
    """Median ms of saving one new funding line, with or without the totals kept."""
    projects = list(Project.objects.order_by("?").values_list("pk", flat=True)[:runs])
    times = []
    if not kept:
        totals.signals_disconnect()
    try:
        for pk in projects:
            try:
                with transaction.atomic():
                    started = time.perf_counter()
                    FundingLine.objects.create(project_id=pk, label="banc", amount=10)
                    times.append((time.perf_counter() - started) * 1000)
                    raise Rollback
            except Rollback:
                pass
    finally:
        totals.signals_connect()
    return statistics.median(times)


def timed_import_refresh(rows: int) -> tuple[float, float]:
    """What keeping the totals adds to an import of `rows` lines (one per project, as
    the funding lines import writes them: bulk, then `projects_refresh`): seconds of
    the bulk insert, seconds of the refresh."""
    projects = list(Project.objects.order_by("pk").values_list("pk", flat=True)[:rows])
    try:
        with transaction.atomic():
            started = time.perf_counter()
            FundingLine.objects.bulk_create(
                FundingLine(project_id=pk, label="import banc", amount=Decimal("12.5"))
                for pk in projects
            )
            inserted = time.perf_counter()
            totals.projects_refresh(projects)
            refreshed = time.perf_counter()
            raise Rollback
    except Rollback:
        pass
    return inserted - started, refreshed - inserted


def two_writers() -> dict:
    """Two transactions add a line each to two projects that share the overall total
    row; the first holds its transaction open 1 s. The second waits for it, then adds
    to the committed amount: nothing lost. Both lines are deleted afterwards."""
    first, second = Project.objects.order_by("pk").values_list("pk", flat=True)[:2]
    before = FundingTotal.objects.get(
        scope="all", dimension="total", item="", currency="EUR"
    ).amount
    waited = {}
    started_first = threading.Event()

    def write(pk, hold, name):
        try:
            with transaction.atomic():
                FundingLine.objects.create(
                    project_id=pk, label="concurrent", amount=100
                )
                if hold:
                    started_first.set()
                    time.sleep(hold)
            waited[name] = time.perf_counter()
        finally:
            connections.close_all()

    a = threading.Thread(target=write, args=(first, 1.0, "first"))
    a.start()
    started_first.wait()
    start_b = time.perf_counter()
    b = threading.Thread(target=write, args=(second, 0, "second"))
    b.start()
    a.join()
    b.join()
    after = FundingTotal.objects.get(
        scope="all", dimension="total", item="", currency="EUR"
    ).amount
    result = {
        "second writer waited (s)": round(waited["second"] - start_b, 2),
        "total before": before,
        "total after": after,
        "both added": after - before == 200,
    }
    for line in FundingLine.objects.filter(label="concurrent"):
        line.delete()
    result["total after deleting both"] = FundingTotal.objects.get(
        scope="all", dimension="total", item="", currency="EUR"
    ).amount
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--no-check",
        action="store_true",
        help="skip the recomputation of every total (about 15 min at 100,000 projects)",
    )
    args = parser.parse_args()
    client = director()
    authority = Partnership.objects.values_list("french_authority", flat=True).first()
    projects = Project.objects.count()
    lines = FundingLine.objects.count()
    rows = FundingTotal.objects.count()
    print(f"{projects} projects, {lines} funding lines, {rows} total rows")
    for label, url in (
        ("dashboard, all", "/"),
        ("dashboard, one authority", f"/?collectivite={authority}"),
        ("account page (layout and a form)", "/compte/preferences/"),
    ):
        queries, p50, p95 = measure(client, url, 20)
        print(f"{label}: {queries} queries, p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    print(f"save of a line, totals kept: {timed_saves(30, kept=True):.1f} ms (median)")
    print(f"save of a line, no totals:   {timed_saves(30, kept=False):.1f} ms (median)")
    size = min(10_000, projects)
    inserted, refreshed = timed_import_refresh(size)
    print(
        f"import of {size} lines: bulk insert {inserted:.1f} s, "
        f"totals kept {refreshed:.1f} s"
    )
    print(two_writers())
    if args.no_check:
        print(connection.vendor)
        return
    started = time.perf_counter()
    differences = totals.totals_check()
    print(
        f"check (recompute and compare): {len(differences)} differences, "
        f"{time.perf_counter() - started:.1f} s"
    )
    print(connection.vendor)


if __name__ == "__main__":
    main()
