"""Kill the server in the middle of a large write: all of it is written, or none.

    .venv/bin/python bench/kill.py postgres://postgres@127.0.0.1:5432/portal_bench

Starts `make serve` with one gunicorn worker, then runs two kinds of trials, each
`--trials` times, and reads the records back after each: anything other than exactly
as before, or exactly as asked, is a failure (exit status 1).

- A save: a coordinator opens a project's edit form, changes its title, adds
  `--lines` funding lines (what a person does with the "add a line" button) and
  posts it.
- An import: an administrator uploads a .csv of `--import-lines` funding lines over
  the bench projects, some naming funders that do not exist yet, looks at the
  preview, and confirms it.

Once the request is sent, the script waits until PostgreSQL shows its transaction
writing (`backend_xid` set in `pg_stat_activity`; for the import, which locks its
record before reading the file, an INSERT running) and sends SIGKILL to the worker a
random moment later (0 to 0.4 s). The gunicorn master starts a new worker. The
server confirms the import in the request (`IMPORT_ROWS_IN_REQUEST` set to the file's
size): by default a file that large goes to a task worker, and a task worker killed
in the middle of an import is tested by tests/core/test_jobs.py.
"""

import argparse
import os
import random
import re
import secrets
import signal
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.client import Browser, form_fields, form_items  # noqa: E402
from bench.server import bench_user, django_setup, served, wait_until_up  # noqa: E402


def writing_backends(database: str, *, inserting: bool) -> list[int]:
    """Backends of this database in a transaction that has written (or locked a
    row), or, with `inserting`, that are running an INSERT."""
    from django.db import connection

    condition = "query ILIKE 'INSERT %%'" if inserting else "backend_xid IS NOT NULL"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s "
            f"AND {condition} AND pid <> pg_backend_pid()",
            [database],
        )
        return [row[0] for row in cursor.fetchall()]


def kill_while_writing(
    server, send, database: str, *, inserting=False, kill=True
) -> dict:
    """Run `send` (one request) in a thread; SIGKILL the workers a random moment
    after its transaction starts writing (or inserting); wait for the server to be
    back. Without `kill`, the control: the same request left to finish."""
    from django.db import close_old_connections

    answer = {}

    def request():
        try:
            answer["status"] = send()
        except OSError as error:
            answer["error"] = type(error).__name__

    sender = threading.Thread(target=request)
    started = time.monotonic()
    sender.start()
    seen = None
    while kill and sender.is_alive() and time.monotonic() - started < 60:
        if writing_backends(database, inserting=inserting):
            seen = time.monotonic() - started
            break
        time.sleep(0.005)
    delay = random.uniform(0, 0.4)
    if kill:
        time.sleep(delay)
        for pid in server.workers():
            os.kill(pid, signal.SIGKILL)
    sender.join(timeout=60)
    wait_until_up(server.url, time.monotonic() + 60)
    close_old_connections()
    return {
        "writing seen after s": seen,
        "killed after s": time.monotonic() - started if seen is None else seen + delay,
        "client saw": answer.get("status", answer.get("error")),
    }


def outcome(before: dict, after: dict, expected_all: dict) -> str:
    if after == before:
        return "nothing written"
    if after == expected_all:
        return "all written"
    differences = {
        key: (before[key], after[key], expected_all[key])
        for key in before
        if after[key] != expected_all[key]
    }
    return f"HALF-WRITTEN: (before, after, expected) {differences}"


# -- a project's save -----------------------------------------------------------------


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


def save_trial(server, browser, project, *, lines: int, number: int, database: str):
    before = project_state(project.pk)
    edit_url = f"/projets/{project.slug}/modifier/"
    page = browser.get(edit_url)
    assert page.status == 200, page.status
    title = f"{before['title'].split(' (coupure')[0]} (coupure {number})"
    fields = large_edit(page.body, title=title, lines=lines)
    killed = kill_while_writing(
        server, lambda: browser.request(edit_url, fields).status, database
    )
    after = project_state(project.pk)
    expected_all = before | {
        "title": title,
        "version": before["version"] + 1,
        "lines": before["lines"] + lines,
        "line history": before["line history"] + lines,
        "history": before["history"] + 1,
    }
    return killed | {
        "outcome": outcome(before, after, expected_all),
        "before": before,
        "after": after,
        "shown": f"lines {before['lines']} -> {after['lines']}, "
        f"version {before['version']} -> {after['version']}",
    }


# -- a spreadsheet import -------------------------------------------------------------


def import_file(*, lines: int, run: str) -> bytes:
    """Funding lines over the bench projects, French amounts grouped by thousands
    ("1000 000,50 €" has two readings: the import refuses it), one funder in ten new;
    `run` in every note and new funder makes every line new."""
    from projects.models import Project

    slugs = list(
        Project.objects.filter(slug__startswith="banc-projet-")
        .order_by("pk")
        .values_list("slug", flat=True)[:1000]
    )
    rows = ["Projet;Identifiant du projet;Financeur;Montant;Note"]
    for n in range(lines):
        funder = (
            f"Fondation coupure {run}-{n // 10 % 20}"
            if n % 10 == 0
            else "Union européenne"
        )
        rows.append(
            f"Ligne importée;{slugs[n % len(slugs)]};{funder};"
            f"{1 + n % 900} {n % 1000:03d},50 €;coupure {run}, ligne {n}"
        )
    return "\r\n".join(rows).encode("utf-8")


def import_state(record_pk: int | None = None) -> dict:
    from django.db.models import Sum

    from imports.models import ImportRecord
    from partnerships.models import Organisation
    from projects.models import FundingLine, Project

    state = {
        "lines": FundingLine.objects.count(),
        "line history": FundingLine.history.count(),
        "organisations": Organisation.objects.count(),
        "organisation history": Organisation.history.count(),
        "project versions": Project.objects.aggregate(total=Sum("version"))["total"],
    }
    if record_pk:
        state["import"] = ImportRecord.objects.get(pk=record_pk).status
    return state


def import_trial(
    server, browser, *, lines: int, number: int, database: str, kill: bool = True
):
    from imports.models import ImportRecord

    content = import_file(lines=lines, run=f"{number}-{secrets.token_hex(3)}")
    page = browser.get("/projets/imports/nouveau/")
    token = form_fields(page.body)["csrfmiddlewaretoken"]
    answer = browser.upload(
        "/projets/imports/nouveau/",
        {"csrfmiddlewaretoken": token, "kind": ImportRecord.Kind.FUNDING_LINES},
        {"file": (f"coupure-{number}.csv", content)},
    )
    assert answer.status == 302, (answer.status, answer.body[:500])
    record_pk = int(re.search(r"/imports/(\d+)/", answer.url).group(1))
    preview = browser.get(f"/projets/imports/{record_pk}/")
    assert preview.status == 200, preview.status
    record = ImportRecord.objects.get(pk=record_pk)
    before = import_state(record_pk)
    token = browser.cookie("csrftoken")
    killed = kill_while_writing(
        server,
        lambda: (
            browser.request(
                f"/projets/imports/{record_pk}/confirmer/",
                {"csrfmiddlewaretoken": token},
            ).status
        ),
        database,
        inserting=True,  # the confirmation locks its record first, then reads
        kill=kill,
    )
    after = import_state(record_pk)
    created = record.created_count
    expected_all = before | {
        "lines": before["lines"] + created,
        "line history": before["line history"] + created,
        "organisations": before["organisations"] + 20,
        "organisation history": before["organisation history"] + 20,
        "project versions": before["project versions"] + min(lines, 1000),
        "import": ImportRecord.Status.CONFIRMED,
    }
    return killed | {
        "outcome": outcome(before, after, expected_all),
        "before": before,
        "after": after,
        "shown": f"lines {before['lines']:,} -> {after['lines']:,}, "
        f"import {before['import']} -> {after['import']}",
    }


def report(title: str, results: list[dict]) -> None:
    print(f"{title}; {len(results)} trials")
    for number, result in enumerate(results, 1):
        seen = result["writing seen after s"]
        print(
            f"  trial {number}: killed {result['killed after s']:.2f} s after the post "
            f"(writing from {seen:.2f} s), client saw {result['client saw']}: "
            f"{result['outcome']} ({result['shown']})"
            if seen is not None
            else f"  trial {number}: no write seen before the answer "
            f"({result['client saw']}): {result['outcome']}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--port", type=int, default=8767)
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--lines", type=int, default=300)
    parser.add_argument("--import-lines", type=int, default=20_000)
    args = parser.parse_args()

    django_setup(args.database_url)
    from projects.models import Project

    passwords = {
        "banc-coupure": bench_user("banc-coupure", "coordinateur"),
        "banc-coupure-admin": bench_user("banc-coupure-admin", "administrateur"),
    }
    project = Project.objects.filter(slug__startswith="banc-projet-").order_by("pk")[1]
    database = args.database_url.rsplit("/", 1)[1]
    random.seed(2026)
    saves, imports = [], []
    # the import is confirmed in the request, by the gunicorn worker this script kills
    # (a larger one goes to a task worker, whose kill tests/core/test_jobs.py tests)
    in_request = {"IMPORT_ROWS_IN_REQUEST": str(args.import_lines)}
    with served(
        args.database_url, port=args.port, workers=1, environment=in_request
    ) as server:

        def browser(username: str) -> Browser:
            signed_in = Browser(server.url, timeout=120)
            signed_in.login(username, passwords[username])
            return signed_in

        for number in range(1, args.trials + 1):
            saves.append(
                save_trial(
                    server,
                    browser("banc-coupure"),
                    project,
                    lines=args.lines,
                    number=number,
                    database=database,
                )
            )
        for number in range(1, args.trials + 1):
            imports.append(
                import_trial(
                    server,
                    browser("banc-coupure-admin"),
                    lines=args.import_lines,
                    number=number,
                    database=database,
                )
            )
        # The control: an import left to finish is found whole, as the trials expect.
        control = import_trial(
            server,
            browser("banc-coupure-admin"),
            lines=args.import_lines,
            number=0,
            database=database,
            kill=False,
        )
    report(
        "Kill test: SIGKILL to the gunicorn worker during a save of a project form "
        f"with {args.lines} new funding lines",
        saves,
    )
    report(
        "Kill test: SIGKILL to the gunicorn worker during the confirmation of an "
        f"import of {args.import_lines:,} funding lines (.csv, 20 new funders)",
        imports,
    )
    print(
        f"  control, the same import not killed: {control['outcome']} "
        f"({control['shown']}, answered {control['client saw']})"
    )
    failed = control["outcome"] != "all written" or any(
        r["outcome"].startswith("HALF-WRITTEN") for r in saves + imports
    )
    print("  result: " + ("FAILED" if failed else "no half-written record"))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
