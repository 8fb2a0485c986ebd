"""The production settings, checked in a separate process, as a server loads them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_KEY = "a-long-and-random-production-key-" + "0123456789abcdefghij" * 2
# check --deploy reads the settings and connects to no database
PRODUCTION_DATABASE = "postgres://portal@db.example.org:5432/portal"


def manage(*args, **env):
    # as a server starts: without the test run's database or browser-test settings
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment |= {"DJANGO_SETTINGS_MODULE": "config.settings.production", **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db  # the autouse reference-data fixture needs the test database
def test_production_settings_pass_check_deploy():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=PRODUCTION_KEY,
        ALLOWED_HOSTS="portail.example.org",
        DATABASE_URL=PRODUCTION_DATABASE,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_on_sqlite():
    result = manage(
        "check", SECRET_KEY=PRODUCTION_KEY, ALLOWED_HOSTS="portail.example.org"
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "PostgreSQL" in result.stderr


def sqlite_connection(path):
    from django.conf import settings
    from django.db.utils import ConnectionHandler

    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(path),
                "OPTIONS": settings.SQLITE_OPTIONS,
            }
        }
    )
    return handler["default"]


@pytest.mark.django_db  # the autouse reference-data fixture needs the test database
def test_the_development_sqlite_database_runs_in_wal_mode_with_a_busy_timeout(
    tmp_path,
):
    from config.settings.base import DATABASES, SQLITE_OPTIONS

    connection = sqlite_connection(tmp_path / "db.sqlite3")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal_mode = cursor.fetchone()[0]
        cursor.execute("PRAGMA busy_timeout")
        busy_timeout = cursor.fetchone()[0]
    connection.close()

    assert journal_mode == "wal"
    assert busy_timeout >= 10_000
    assert connection.transaction_mode == "IMMEDIATE"
    if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        assert (
            DATABASES["default"]["OPTIONS"]["init_command"]
            == (SQLITE_OPTIONS["init_command"])
        )


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", SECRET_KEY="", ALLOWED_HOSTS="portail.example.org")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_the_health_endpoint_answers_without_login_when_the_database_does(client):
    response = client.get(reverse("health"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_the_bare_bench_view_is_a_fixed_page_without_login_or_query(
    db, rf, django_assert_num_queries
):
    from django.contrib.auth.models import AnonymousUser

    from portal.views import bench_bare

    request = rf.get("/bench/bare/")
    request.user = AnonymousUser()

    with django_assert_num_queries(0):
        response = bench_bare(request)

    assert response.status_code == 200
    assert b"Page fixe." in response.content


def test_the_bare_bench_view_is_not_routed_unless_turned_on(db, client):
    from django.conf import settings

    assert settings.BENCH_BARE_VIEW is False
    assert client.get("/bench/bare/").status_code in {302, 404}
