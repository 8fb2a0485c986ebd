"""The interface language of an account: chosen in its preferences, it holds on every
device (every new client here is another device, without the language cookie)."""

from django.conf import settings
from django.test import Client
from django.urls import reverse

from portal.models import AccountPreferences
from tests.factories import MembershipFactory, OrganisationFactory
from tests.pages import count_queries, page_text


def test_a_partner_who_chose_romanian_sees_the_dashboard_in_romanian(partner_user):
    MembershipFactory(user=partner_user, organisation=OrganisationFactory())
    AccountPreferences.objects.create(user=partner_user, language="ro")
    device = Client()
    device.force_login(partner_user)

    response = device.get(reverse("home"))
    text = page_text(response)

    assert '<html lang="ro">' in response.content.decode()
    assert "Panou de bord" in text
    assert "Următoarele misiuni Nicio misiune viitoare." in text
    assert "Ultimele modificări" in text and "Deconectare" in text
    assert "Tableau de bord" not in text and "Prochaines missions" not in text


def test_an_account_that_chose_english_sees_the_dashboard_in_english_on_any_device(
    director,
):
    AccountPreferences.objects.create(user=director, language="en")
    device = Client()
    device.force_login(director)

    response = device.get(reverse("home"))

    assert '<html lang="en">' in response.content.decode()
    assert "Dashboard" in page_text(response)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_the_account_page_saves_the_language_and_the_next_pages_speak_it(
    client, director
):
    client.force_login(director)

    response = client.post(
        reverse("account"), {"weekly_digest": "on", "language": "en"}, follow=True
    )

    assert AccountPreferences.objects.get(user=director).language == "en"
    assert "Your preferences have been saved." in page_text(response)
    assert "My account" in page_text(response)
    client.post(reverse("logout"))  # the device keeps the choice for its login page
    assert "Log in" in page_text(client.get(reverse("login")))


def test_the_account_page_offers_each_language_in_its_own_name(client, director):
    client.force_login(director)

    text = page_text(client.get(reverse("account")))

    assert "Français" in text and "English" in text and "Română" in text
    assert "Celle choisie dans l'en-tête (français par défaut)" in text


def test_without_a_chosen_language_the_account_follows_the_switch(client, director):
    AccountPreferences.objects.create(user=director, language="")
    client.force_login(director)

    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert "Dashboard" in page_text(client.get(reverse("home")))
    assert AccountPreferences.objects.get(user=director).language == ""
    other_device = Client()
    other_device.force_login(director)
    assert "Tableau de bord" in page_text(other_device.get(reverse("home")))


def test_the_switch_changes_the_language_the_account_chose(client, director):
    AccountPreferences.objects.create(user=director, language="en")
    client.force_login(director)

    client.post(reverse("set_language"), {"language": "fr", "next": "/"})

    assert "Tableau de bord" in page_text(client.get(reverse("home")))
    assert AccountPreferences.objects.get(user=director).language == "fr"


def test_an_unknown_language_in_the_switch_changes_nothing(client, director):
    AccountPreferences.objects.create(user=director, language="en")
    client.force_login(director)

    client.post(reverse("set_language"), {"language": "xx", "next": "/"})

    assert AccountPreferences.objects.get(user=director).language == "en"
    assert "Dashboard" in page_text(client.get(reverse("home")))


def test_the_account_language_costs_no_query_of_its_own(client, director):
    client.force_login(director)
    without = count_queries(client, reverse("home"))
    AccountPreferences.objects.create(user=director, language="en")

    assert count_queries(client, reverse("home")) == without
