"""Kill the server in the middle of a large save: all of it is written, or none.

    .venv/bin/python bench/kill.py postgres://postgres@127.0.0.1:5432/portal_bench

Starts `make serve` with one gunicorn worker, then, `--trials` times: opens a
project's edit form, changes its title and adds `--lines` funding lines (what a
person does with the "add a line" button), posts it, waits until PostgreSQL shows
the save's transaction writing, and sends SIGKILL to the worker a random moment
later. The master starts a new worker; the script then reads the project back: its
title, version, funding lines and history rows must be exactly as before the post,
or exactly as the post asked. Anything in between is a failure (exit status 1).
"""

import argparse
import os
import random
import signal
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.client import Browser, form_items  # noqa: E402
from bench.server import bench_user, django_setup, served, wait_until_up  # noqa: E402


def project_state(project_pk: int) -> dict:
    from projects.models import FundingLine, Project

    project = Project.objects.get(pk=project_pk)
    return {
        "title": project.title,
        "version": project.version,
        "lines": FundingLine.objects.filter(project=project).count(),
        "line history": FundingLine.history.filter(project_id=project.pk).count(),
        "history": project.history.count(),
    }


def writing_backends(database: str) -> list[int]:
    """Backends of this database in a transaction that has written (or locked)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s "
            "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()",
            [database],
        )
        return [row[0] for row in cursor.fetchall()]


def large_edit(page_html: str, *, title: str, lines: int) -> list[tuple[str, str]]:
    fields = [
        (name, value)
        for name, value in form_items(page_html)
        if name not in {"title", "funding_lines-TOTAL_FORMS"}
    ]
    total = int(dict(form_items(page_html))["funding_lines-TOTAL_FORMS"])
    fields += [("title", title), ("funding_lines-TOTAL_FORMS", str(total + lines))]
    for row in range(total, total + lines):
        fields += [
            (f"funding_lines-{row}-label", f"Ligne ajoutée {row}"),
            (f"funding_lines-{row}-amount", "1 250,50"),
            (f"funding_lines-{row}-currency", "EUR"),
        ]
    return fields


def trial(server, browser, project, *, lines: int, number: int, database: str):
    from django.db import close_old_connections

    close_old_connections()
    before = project_state(project.pk)
    edit_url = f"/projets/{project.slug}/modifier/"
    page = browser.get(edit_url)
    assert page.status == 200, page.status
    title = f"{before['title'].split(' (coupure')[0]} (coupure {number})"
    fields = large_edit(page.body, title=title, lines=lines)
    answer = {}

    def post():
        try:
            answer["status"] = browser.request(edit_url, fields).status
        except OSError as error:
            answer["error"] = type(error).__name__

    sender = threading.Thread(target=post)
    started = time.monotonic()
    sender.start()
    seen = None
    while sender.is_alive() and time.monotonic() - started < 60:
        if writing_backends(database):
            seen = time.monotonic() - started
            break
        time.sleep(0.005)
    delay = random.uniform(0, 0.4)
    time.sleep(delay)
    workers = server.workers()
    for pid in workers:
        os.kill(pid, signal.SIGKILL)
    sender.join(timeout=60)
    wait_until_up(server.url, time.monotonic() + 60)
    close_old_connections()
    after = project_state(project.pk)
    expected_all = before | {
        "title": title,
        "version": before["version"] + 1,
        "lines": before["lines"] + lines,
        "line history": before["line history"] + lines,
        "history": before["history"] + 1,
    }
    if after == before:
        outcome = "nothing written"
    elif after == expected_all:
        outcome = "all written"
    else:
        outcome = "HALF-WRITTEN"
    return {
        "outcome": outcome,
        "writing seen after s": seen,
        "killed after s": time.monotonic() - started if seen is None else seen + delay,
        "client saw": answer.get("status", answer.get("error")),
        "before": before,
        "after": after,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--port", type=int, default=8767)
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--lines", type=int, default=300)
    args = parser.parse_args()

    django_setup(args.database_url)
    from projects.models import Project

    password = bench_user("banc-coupure", "coordinateur")
    project = Project.objects.filter(slug__startswith="banc-projet-").order_by("pk")[1]
    database = args.database_url.rsplit("/", 1)[1]
    random.seed(2026)
    results = []
    with served(args.database_url, port=args.port, workers=1) as server:
        for number in range(1, args.trials + 1):
            browser = Browser(server.url, timeout=120)
            browser.login("banc-coupure", password)
            results.append(
                trial(
                    server,
                    browser,
                    project,
                    lines=args.lines,
                    number=number,
                    database=database,
                )
            )
    print(
        f"Kill test: SIGKILL to the gunicorn worker during a save of a project form "
        f"with {args.lines} new funding lines; {len(results)} trials"
    )
    for number, result in enumerate(results, 1):
        seen = result["writing seen after s"]
        print(
            f"  trial {number}: killed {result['killed after s']:.2f} s after the post "
            f"(writing from {seen:.2f} s), client saw {result['client saw']}: "
            f"{result['outcome']} (lines {result['before']['lines']} -> "
            f"{result['after']['lines']}, version {result['before']['version']} -> "
            f"{result['after']['version']})"
            if seen is not None
            else f"  trial {number}: no write seen before the answer "
            f"({result['client saw']}): {result['outcome']}"
        )
    failed = any(r["outcome"] == "HALF-WRITTEN" for r in results)
    print("  result: " + ("FAILED" if failed else "no half-written record"))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
