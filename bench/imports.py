"""Benchmark of the funding-lines import: 10,000 lines over 1,000 projects.

    .venv/bin/python bench/imports.py                               # SQLite
    DATABASE_URL=postgres://... .venv/bin/python bench/imports.py   # PostgreSQL

Works in a throw-away test database (a file in the temporary folder for SQLite,
`test_<name>` on PostgreSQL), never in yours. Each figure is the best of `--repeat`
runs (the machine's other work only ever adds time).

Prints the seconds and rows per second of: a bare `bulk_create` of the same lines
(already read and matched, no history: the floor), given as ready model objects, then
as the rows' values (building the objects on the clock, as any import of rows must);
the same with their history rows
(`bulk_create_with_history`: what the import writes); then, for the file in .csv and
in .xlsx, reading it alone, the preview (read, match, report; nothing written), the
confirmed import (the same, then writing lines, new funders and their history in one
transaction) and the same file imported again (nothing to write); and the queries of
each.
"""

import argparse
import io
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from simple_history.utils import bulk_create_with_history  # noqa: E402

from core.spreadsheets import read_spreadsheet  # noqa: E402
from imports.services import import_run  # noqa: E402
from imports.writing import BATCH_SIZE  # noqa: E402
from partnerships.models import Organisation  # noqa: E402
from projects.models import FundingLine, Project  # noqa: E402

NEW_FUNDERS = 50
VALUES_FLOOR = "bulk_create of the rows' values"


def build_records(project_count: int, funder_count: int):
    """The projects and funders the file names, and the administrator importing it."""
    carrier = Organisation.objects.create(name="Département de la Savoie")
    Organisation.objects.bulk_create(
        Organisation(name=f"Financeur {n}") for n in range(funder_count)
    )
    Project.objects.bulk_create(
        Project(title=f"Démarche pilote n° {n}", slug=f"demarche-{n}", carrier=carrier)
        for n in range(project_count)
    )
    return get_user_model().objects.create(username="administratrice")


def amount(n: int) -> Decimal:
    return Decimal(1000 + n * 37) / 4


def file_rows(row_count: int, project_count: int, funder_count: int) -> list[list]:
    """French amounts, funders written in capitals, one row in seven a new funder."""
    rows = []
    for n in range(row_count):
        funder = f"FINANCEUR {n % funder_count}" if n % 7 else f"Fondation {n % 50}"
        written = f"{amount(n):,.2f}".replace(",", "\u202f").replace(".", ",") + " €"
        project = f"Démarche pilote n° {n % project_count}"
        rows.append([project, funder, written, "", f"n° {n}"])
    return rows


def xlsx_file(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["Projet", "Financeur", "Montant", "Devise", "Note"])
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def csv_file(rows: list[list]) -> bytes:
    lines = ["Projet;Financeur;Montant;Devise;Note"]
    lines += [";".join(row) for row in rows]
    return "\r\n".join(lines).encode("utf-8")


def clear_lines() -> None:
    FundingLine.history.all().delete()
    FundingLine.objects.all().delete()


def clear_imported() -> None:
    """Back to the records before the import: no lines, no new funders."""
    clear_lines()
    Organisation.history.all().delete()
    Organisation.objects.filter(name__startswith="Fondation").delete()


def with_history_of(user):
    def write(lines: list[FundingLine], batch_size: int) -> None:
        bulk_create_with_history(
            lines, FundingLine, batch_size=batch_size, default_user=user
        )

    return write


def best_of(repeat: int, function, *, then=None):
    """The fastest of `repeat` runs of `function` (calling `then` after each), with
    its queries."""
    best = None
    for _run in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            result = function()
            seconds = time.perf_counter() - start
        if best is None or seconds < best[0]:
            best = (seconds, len(queries.captured_queries), result)
        if then:
            then()
    return best


def bulk_create_rows(rows: list[dict], batch_size: int) -> None:
    """bulk_create of rows given as values: building the model objects included,
    as any import of rows must."""
    FundingLine.objects.bulk_create(
        [FundingLine(**row) for row in rows], batch_size=batch_size
    )


def matched_values(rows: list[list]) -> list[dict]:
    """The matched lines as values (project and funder ids, amount, note)."""
    return [
        {
            "project_id": line.project_id,
            "funder_id": line.funder_id,
            "amount": line.amount,
            "note": line.note,
        }
        for line in matched_lines(rows)
    ]


def matched_lines(rows: list[list]) -> list[FundingLine]:
    """The lines of the file, read and matched beforehand: what a bare write gets."""
    projects = dict(Project.objects.values_list("title", "pk"))
    funders = {
        name.casefold(): pk
        for name, pk in Organisation.objects.values_list("name", "pk")
    }
    return [
        FundingLine(
            project_id=projects[project],
            funder_id=funders[funder.casefold()],
            amount=amount(n),
            note=note,
        )
        for n, (project, funder, _amount, _currency, note) in enumerate(rows)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--projects", type=int, default=1_000)
    parser.add_argument("--funders", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        database["TEST"]["NAME"] = str(Path(tempfile.gettempdir()) / "bench.sqlite3")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(options)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(options) -> None:
    user = build_records(options.projects, options.funders)
    rows = file_rows(options.rows, options.projects, options.funders)
    vendor = (
        f"SQLite {connection.Database.sqlite_version}"
        if connection.vendor == "sqlite"
        else f"PostgreSQL {connection.pg_version // 10000}"
    )
    print(
        f"{options.rows:,} funding lines over {options.projects:,} projects, {vendor}, "
        f"best of {options.repeat}"
    )
    print(f"{'':40}{'seconds':>9}{'rows/s':>10}{'queries':>9}")

    def show(label: str, seconds: float, queries: int | str = "") -> None:
        print(f"{label:40}{seconds:9.2f}{options.rows / seconds:10,.0f}{queries:>9}")

    funders = Organisation.objects.bulk_create(
        Organisation(name=f"Fondation {n}") for n in range(NEW_FUNDERS)
    )
    floors = {}
    for label, write, prepare in [
        ("bulk_create", FundingLine.objects.bulk_create, matched_lines),
        (VALUES_FLOOR, bulk_create_rows, matched_values),
        ("bulk_create_with_history", with_history_of(user), matched_lines),
    ]:
        best = None
        for _run in range(options.repeat):
            lines = prepare(rows)  # made before the clock starts
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                with transaction.atomic():
                    write(lines, batch_size=BATCH_SIZE)
                seconds = time.perf_counter() - start
            if best is None or seconds < best[0]:
                best = (seconds, len(queries.captured_queries))
            clear_lines()
        floors[label] = best[0]
        show(f"bare {label}", *best)
    Organisation.objects.filter(pk__in=[funder.pk for funder in funders]).delete()

    for name, content in [("csv", csv_file(rows)), ("xlsx", xlsx_file(rows))]:

        def import_file(dry_run: bool, content=content, name=name):
            report = import_run(
                kind="funding_lines",
                data=content,
                user=user,
                dry_run=dry_run,
                file_name=f"bench.{name}",
            )
            assert not report.has_errors, report.errors[:3]
            return report

        seconds, _queries, _ = best_of(
            options.repeat, lambda c=content: read_spreadsheet(c)
        )
        show(f"{name}: reading the file alone", seconds, 0)
        seconds, queries, _ = best_of(options.repeat, lambda: import_file(True))
        show(f"{name}: preview", seconds, queries)
        confirmed, queries, _ = best_of(
            options.repeat, lambda: import_file(False), then=clear_imported
        )
        show(f"{name}: confirmed import", confirmed, queries)
        import_file(False)
        seconds, queries, _ = best_of(options.repeat, lambda: import_file(False))
        show(f"{name}: same file again (nothing to write)", seconds, queries)
        clear_imported()
        print(
            f"{'':4}confirmed import = {confirmed / floors['bulk_create']:.1f}x bare "
            "bulk_create of ready objects, "
            f"{confirmed / floors[VALUES_FLOOR]:.1f}x of the rows' values, "
            f"{confirmed / floors['bulk_create_with_history']:.1f}x "
            "bulk_create_with_history"
        )


if __name__ == "__main__":
    main()
