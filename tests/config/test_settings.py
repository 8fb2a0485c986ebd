"""The production settings, checked in a separate process, as a server loads them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


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


def test_production_settings_pass_check_deploy():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="a-long-and-random-production-key-" + "0123456789abcdefghij" * 2,
        ALLOWED_HOSTS="portail.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


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
