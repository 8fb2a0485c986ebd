import logging

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.pages import page_text

pytestmark = pytest.mark.django_db


def test_a_403_writes_one_line_saying_who_and_what_url(client, director, caplog):
    client.force_login(director)

    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("projects:project-create") + "?from=test")

    assert response.status_code == 403
    [record] = [r for r in caplog.records if r.name == "django.request"]
    line = record.getMessage()
    assert "/projets/nouveau/?from=test" in line
    assert director.username in line
    assert record.exc_info is None and record.exc_text is None


def test_an_unknown_url_gives_the_french_404_page(client):
    client.force_login(UserFactory())

    response = client.get("/cette-page-n-existe-pas/")

    assert response.status_code == 404
    assert "Page introuvable" in page_text(response)
    assert '<html lang="fr">' in response.content.decode()
