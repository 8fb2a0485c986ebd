"""A real task worker for the tests: `manage.py db_worker` in a process of its own,
on the test database (a file on SQLite, see config/settings/test.py)."""

import os
import subprocess
import sys
import time

from django.conf import settings as django_settings
from django.db import connection


def worker(*arguments: str) -> subprocess.Popen:
    """`manage.py db_worker` on the test database, in a process of its own."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{database['NAME']}"
    else:
        url = (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
        "DEBUG": "false",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.1", *arguments],
        cwd=django_settings.BASE_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_for(condition, *, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the worker did not get there in time"
        time.sleep(0.1)
