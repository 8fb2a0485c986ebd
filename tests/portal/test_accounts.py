import pytest
from django.core import mail
from django.urls import reverse

from tests.pages import page_text

pytestmark = pytest.mark.django_db


def test_login_page_is_open_and_in_french(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert "Connexion" in page_text(response)
    assert "Mot de passe oublié" in page_text(response)


def test_a_wrong_password_is_refused_with_a_french_message(client, coordinator):
    response = client.post(
        reverse("login"), {"username": coordinator.username, "password": "faux"}
    )

    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in page_text(
        response
    )


def test_password_reset_sends_a_french_mail_with_a_working_link(client, coordinator):
    response = client.post(reverse("password_reset"), {"email": coordinator.email})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "nouveau mot de passe" in message.subject
    link = next(line for line in message.body.splitlines() if "/compte/reset/" in line)
    path = link.split("testserver", 1)[1]
    form = client.get(path, follow=True)
    assert "Nouveau mot de passe" in page_text(form)


def test_a_user_changes_their_password(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": "secret-pass-123",
            "new_password1": "Une-phrase-longue-2026",
            "new_password2": "Une-phrase-longue-2026",
        },
    )

    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.check_password("Une-phrase-longue-2026")


def test_the_language_switch_shows_the_portal_in_english(client, director):
    client.force_login(director)

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("home"))

    assert '<html lang="en">' in response.content.decode()
    assert "Dashboard" in page_text(response)
    assert "Tableau de bord" not in page_text(response)


def test_an_english_browser_still_gets_the_portal_in_french(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert '<html lang="fr">' in response.content.decode()
    assert "Se connecter" in page_text(response)
