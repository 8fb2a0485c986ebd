"""After a deletion, every page that showed the record answers, and the history of
the records that kept a trace of it names it « (supprimé) »."""

import pytest
from django.urls import reverse

from projects.models import ProjectContact
from tests.factories import ContactFactory, ProjectFactory
from tests.pages import page_text

pytestmark = pytest.mark.django_db


def history_text(client, record) -> str:
    text = page_text(client.get(record.get_absolute_url()))
    return text[text.index("Historique des modifications") :]


def test_deleting_a_contact_of_a_project_leaves_its_pages_readable(coordinator_client):
    coordinator_client.raise_request_exception = False
    project = ProjectFactory(title="Jardins partagés")
    contact = ContactFactory(full_name="Awa Diatta")
    ProjectContact.objects.create(project=project, contact=contact)

    response = coordinator_client.post(
        reverse("partnerships:contact-delete", args=[contact.pk])
    )
    assert response.status_code == 302

    for url in [
        project.get_absolute_url(),
        reverse("projects:sheet", args=[project.slug]),
    ]:
        page = coordinator_client.get(url)
        assert page.status_code == 200, url
    history = history_text(coordinator_client, project)
    assert (
        "coordinatrice : suppression contact du projet « Awa Diatta (supprimé) »"
        in history
    )
    assert "création contact du projet « Awa Diatta (supprimé) »" in history
