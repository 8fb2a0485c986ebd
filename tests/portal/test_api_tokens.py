"""Personal API tokens: created and revoked on the account page, shown once, kept as
a hash, refused once revoked, with their last-used date; limited in rate each."""

import datetime
import hashlib
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core import roles
from portal.api.throttling import TokenRateThrottle
from portal.models import ApiToken
from portal.services import api_token_create
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRET = re.compile(r'<code class="api-token-secret">(cp_[\w-]+)</code>')


@pytest.fixture
def person():
    return UserFactory(username="camille", role=roles.COORDINATOR)


@pytest.fixture
def browser(person):
    client = Client()
    client.force_login(person)
    return client


def api_get(secret: str, name: str = "api:project-list"):
    return Client(headers={"Authorization": f"Bearer {secret}"}).get(reverse(name))


def test_a_token_created_on_the_account_page_is_shown_once_and_kept_as_a_hash(
    browser, person
):
    response = browser.post(reverse("account-token-create"), {"name": "Tableur"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "il ne sera plus jamais affiché" in page
    secret = SECRET.search(page).group(1)
    token = ApiToken.objects.get(user=person)
    assert token.name == "Tableur"
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.values().get())
    again = browser.get(reverse("account")).content.decode()
    assert "Tableur" in again
    assert secret not in again
    assert token.prefix in again
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_token_without_a_name_is_refused(browser, person):
    response = browser.post(reverse("account-token-create"), {"name": ""})

    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_a_token_reads_the_api_and_its_last_use_moves(person):
    ProjectFactory(title="Lue avec un jeton")
    token, secret = api_token_create(user=person, name="script")
    assert token.last_used_at is None

    first = api_get(secret)
    token.refresh_from_db()
    used = token.last_used_at
    ApiToken.objects.filter(pk=token.pk).update(
        last_used_at=used - datetime.timedelta(hours=2)
    )
    api_get(secret)
    token.refresh_from_db()

    assert first.status_code == 200
    assert first.json()["results"][0]["title"] == "Lue avec un jeton"
    assert used is not None and used <= timezone.now()
    assert token.last_used_at > used - datetime.timedelta(hours=2)


def test_a_revoked_token_is_refused(browser, person):
    token, secret = api_token_create(user=person, name="ancien script")
    assert api_get(secret).status_code == 200

    revoked = browser.post(reverse("account-token-revoke", args=[token.pk]))
    refused = api_get(secret)

    assert revoked.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert refused.status_code == 401
    assert refused.json()["detail"] == "Jeton invalide ou révoqué."
    page = browser.get(reverse("account")).content.decode()
    assert "révoqué le" in page


def test_nobody_revokes_the_token_of_another(browser):
    other = UserFactory(username="dominique", role=roles.COORDINATOR)
    token, secret = api_token_create(user=other, name="le sien")

    response = browser.post(reverse("account-token-revoke", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert api_get(secret).status_code == 200


def test_an_unknown_token_is_refused():
    response = api_get("cp_not-a-token")

    assert response.status_code == 401
    assert response.json()["detail"] == "Jeton invalide ou révoqué."


def test_the_token_of_a_deactivated_account_is_refused(person):
    _token, secret = api_token_create(user=person, name="script")
    person.is_active = False
    person.save()

    assert api_get(secret).status_code == 401


def test_each_token_has_its_own_rate_limit(person, monkeypatch):
    monkeypatch.setattr(
        TokenRateThrottle, "THROTTLE_RATES", {"token": "2/hour", "session": "9/hour"}
    )
    _first, secret = api_token_create(user=person, name="premier")
    _second, other_secret = api_token_create(user=person, name="second")

    statuses = [api_get(secret).status_code for _n in range(3)]
    other = api_get(other_secret)
    limited = api_get(secret)

    assert statuses == [200, 200, 429]
    assert other.status_code == 200
    assert limited.json()["detail"].startswith("Trop de requêtes")
    assert "Retry-After" in limited
