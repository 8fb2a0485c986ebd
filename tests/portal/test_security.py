"""Accounts and headers: demo accounts, brute force, idle sessions, CSP."""

import logging
import re
import time
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from core import roles
from portal.models import DemoAccount
from tests.factories import UserFactory
from tests.pages import page_text

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"  # tests/factories.py


@pytest.fixture
def demo_admin(db):
    user = UserFactory(username="admin", is_staff=True, role=roles.ADMINISTRATOR)
    user.set_password("demo")
    user.save()
    DemoAccount.objects.create(user=user)
    return user


@pytest.mark.parametrize("url", ["/compte/login/", "/admin/login/"])
def test_a_demo_account_is_refused_at_login_when_debug_is_off(client, demo_admin, url):
    response = client.post(url, {"username": "admin", "password": "demo"})

    assert "_auth_user_id" not in client.session
    assert "compte de démonstration est désactivé" in page_text(response)


def test_an_account_named_like_a_demo_one_but_not_flagged_logs_in(client):
    UserFactory(username="admin", role=roles.ADMINISTRATOR)

    client.post(reverse("login"), {"username": "admin", "password": PASSWORD})

    assert "_auth_user_id" in client.session


def test_demo_accounts_create_flags_the_accounts(settings):
    from portal.demo import demo_accounts_create
    from tests.factories import OrganisationFactory

    settings.DEBUG = True
    OrganisationFactory(name="Département de Bignona")
    OrganisationFactory(name="Judet d'Argeș")
    demo_accounts_create()

    assert set(DemoAccount.objects.values_list("user__username", flat=True)) == {
        "admin",
        "coordinateur",
        "directeur",
        "partenaire",
        "partenaire-arges",
    }


def test_the_serve_check_warns_about_demo_accounts(demo_admin):
    out, err = StringIO(), StringIO()

    call_command("demo_accounts_check", stdout=out, stderr=err)

    assert "1 compte(s) de démonstration" in err.getvalue()
    assert "admin" in err.getvalue()


def test_make_serve_runs_the_demo_accounts_check():
    makefile = (settings.BASE_DIR / "Makefile").read_text()
    serve = makefile.split("\nserve:", 1)[1].split("\n\n", 1)[0]

    assert "demo_accounts_check" in serve


@pytest.mark.parametrize("url", ["/compte/login/", "/admin/login/"])
def test_sixty_wrong_passwords_then_the_right_one_does_not_log_in(client, caplog, url):
    user = UserFactory(username="cible", is_staff=True, role=roles.ADMINISTRATOR)

    with caplog.at_level(logging.WARNING):
        for attempt in range(60):
            client.post(url, {"username": user.username, "password": f"faux{attempt}"})
        response = client.post(url, {"username": user.username, "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    assert response.status_code == 429
    page = page_text(response)
    assert "Connexion temporairement bloquée" in page
    assert f"réessayer dans {settings.AXES_COOLOFF_MINUTES} minutes" in page
    assert reverse("password_reset") in response.content.decode()
    assert any(
        "Locking out" in r.getMessage() and "cible" in r.getMessage()
        for r in caplog.records
    )


def test_a_lockout_holds_for_that_account_and_address_only(client):
    target = UserFactory(username="cible")
    other = UserFactory(username="autre")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "cible", "password": f"x{attempt}"})

    client.post(reverse("login"), {"username": other.username, "password": PASSWORD})

    assert client.session["_auth_user_id"] == str(other.pk)
    assert target.pk != other.pk


def test_a_session_idle_longer_than_the_timeout_is_logged_out(client, director):
    client.force_login(director)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session["last_seen_at"] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 5
    session.save()

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_an_active_session_still_ends_at_its_absolute_age(client, director):
    client.force_login(director)
    client.get(reverse("home"))
    session = client.session
    session["started_at"] = int(time.time()) - settings.SESSION_COOKIE_AGE - 5
    session.save()

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert settings.SESSION_IDLE_TIMEOUT <= 6 * 60 * 60  # a few hours by default


def test_a_page_carries_a_strict_csp_and_a_permissions_policy(client, director):
    client.force_login(director)

    response = client.get(reverse("home"))

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "object-src 'none'" in policy
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


INLINE = [
    re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),  # inline script
    re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),  # onclick=, onchange=...
    re.compile(r"\sstyle\s*=", re.IGNORECASE),  # inline style
    re.compile(r"javascript:", re.IGNORECASE),
]


def test_no_template_has_an_inline_script_handler_or_style():
    found = []
    for path in sorted((settings.BASE_DIR / "templates").rglob("*.html")):
        if "sheet" in path.parts or path.name.endswith("_pdf.html"):
            continue  # rendered to PDF by WeasyPrint, never served to a browser
        if "email" in path.parts:
            continue  # e-mails: mail programs read inline styles, not our stylesheet
        source = path.read_text()
        found += [f"{path.name}: {p.pattern}" for p in INLINE if p.search(source)]

    assert found == []
