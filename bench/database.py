"""Create a PostgreSQL database for the benchmarks, empty: an existing one of that
name is dropped first. Never point it at a database you want to keep.

    .venv/bin/python bench/database.py postgres://postgres@127.0.0.1:5432/portal_bench
"""

import sys
from urllib.parse import urlsplit

import psycopg2
from psycopg2 import sql


def main() -> None:
    url = urlsplit(sys.argv[1])
    name = url.path.lstrip("/")
    if not name.startswith(("portal_bench", "portal_prod_bench", "bench_")):
        sys.exit(f"refusing to drop {name!r}: a bench database name starts with bench_")
    connection = psycopg2.connect(url._replace(path="/postgres").geturl())
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    print(f"database {name} created, empty")


if __name__ == "__main__":
    main()
