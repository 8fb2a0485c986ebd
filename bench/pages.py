"""Queries and milliseconds of the portal's main pages, through Django's full stack
(middleware, templates) with the test client: no network, no server.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench \
        .venv/bin/python bench/pages.py --runs 20

Prints, for each page, the number of SQL queries and p50 / p95 over the runs, and
its p50 over two floors measured in the same run:
- the site layout alone (base.html with nothing in its content block, logged in: its
  own few queries), routed by this script only;
- the page's own SQL: the exact queries the page sent, replayed through a raw cursor
  (every row fetched), plus the layout's p50. The replay holds the layout's queries
  too (session, user), so this floor counts them twice: it is a little high.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
# as in production: no debug toolbar of queries kept in memory, no debug pages
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import clear_url_caches, path  # noqa: E402
from django.views.generic import TemplateView  # noqa: E402

import config.urls  # noqa: E402
from missions.models import Mission  # noqa: E402
from partnerships.models import Partnership  # noqa: E402
from projects.models import Programme, Project  # noqa: E402

LAYOUT_URL = "/bench/layout/"


def route_layout_page() -> None:
    """The floor: base.html through the whole stack, routed for this run only."""
    config.urls.urlpatterns.append(
        path(
            LAYOUT_URL.strip("/") + "/", TemplateView.as_view(template_name="base.html")
        )
    )
    clear_url_caches()


def logged_in(role: str) -> Client:
    user, _ = get_user_model().objects.get_or_create(username=f"bench-{role}")
    user.groups.set([Group.objects.get(name=role)])
    client = Client()
    client.force_login(user)
    return client


def director() -> Client:
    return logged_in("directeur")


def percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def measure(client: Client, url: str, runs: int) -> tuple[list[str], float, float]:
    """The page's queries (as sent to the database), p50 and p95 in ms."""
    client.get(url)  # warm caches (sessions, permissions, templates)
    reset_queries()  # the debug query log is bounded: start from empty
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    # read now: the next request empties the log these queries are read from
    statements = [query["sql"] for query in queries]
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return statements, *percentiles(times)


def replay(statements: list[str], runs: int) -> float:
    """p50 in ms of the statements run one after the other through a raw cursor,
    every row fetched: what the page's SQL costs without Django."""
    times = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in statements:
                if not sql.lstrip().upper().startswith(("SELECT", "(SELECT", "WITH")):
                    continue  # a read-only replay: no savepoint, no write
                cursor.execute(sql)
                if cursor.description is not None:
                    cursor.fetchall()
        times.append((time.perf_counter() - started) * 1000)
    return percentiles(times[1:])[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--only", default="", help="comma-separated page names (the floor is kept)"
    )
    args = parser.parse_args()
    route_layout_page()
    client = director()
    editor = logged_in("coordinateur")
    # a project with every kind of row (funding, key figures, an evaluation)
    bench = Project.objects.filter(slug__startswith="banc-projet-")
    project = bench.filter(evaluations__isnull=False).order_by("pk").last()
    # a filter that matches some projects at any size of the data set
    sample = bench.filter(status="en_cours", themes__isnull=False).last()
    theme = sample.themes.first()
    last_page = min(40, -(-Project.objects.count() // 25))
    pages = {
        "layout only (floor)": LAYOUT_URL,
        "dashboard": "/",
        "project list": "/projets/",
        "project list, filtered": f"/projets/?theme={theme.pk}&status=en_cours&q=banc",
        "project list, searched": "/projets/?q=jeunesse",
        "search box": "/recherche/?q=jeunesse",
        f"project list, page {last_page}": f"/projets/?page={last_page}",
        "project detail": project.get_absolute_url(),
        "partnership list": "/partenariats/",
        "partnership detail": Partnership.objects.first().get_absolute_url(),
        "organisation detail": project.carrier.get_absolute_url(),
        "programme detail": Programme.objects.order_by("pk").last().get_absolute_url(),
        "mission detail": Mission.objects.order_by("pk").last().get_absolute_url(),
        "evaluation detail": project.evaluations.first().get_absolute_url(),
        "mission list": "/missions/",
        "evaluation list": "/evaluations/",
    }
    # a form, as a coordinator (a director may not edit)
    forms = {"project form": f"/projets/{project.slug}/modifier/"}
    pages.update(forms)
    if args.only:
        wanted = {name.strip() for name in args.only.split(",")}
        pages = {
            name: url
            for name, url in pages.items()
            if name in wanted or url == LAYOUT_URL
        }
    vendor = connection.vendor
    print(f"{Project.objects.count()} projects on {vendor}, {args.runs} runs per page")
    print(
        f"{'page':<26}{'queries':>8}{'p50 ms':>9}{'p95 ms':>9}{'x floor':>9}"
        f"{'SQL ms':>9}{'x SQL+floor':>12}"
    )
    floor = None
    for name, url in pages.items():
        as_whom = editor if name in forms else client
        statements, p50, p95 = measure(as_whom, url, args.runs)
        floor = floor or p50
        sql = replay(statements, args.runs)
        print(
            f"{name:<26}{len(statements):>8}{p50:>9.1f}{p95:>9.1f}{p50 / floor:>9.2f}"
            f"{sql:>9.1f}{p50 / (sql + floor):>12.2f}"
        )


if __name__ == "__main__":
    main()
