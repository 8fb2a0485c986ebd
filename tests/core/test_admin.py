from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import FundingLineFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_an_administrator_searches_projects_in_the_admin(client, administrator):
    ProjectFactory(title="L'action sociale de l'Autre")
    ProjectFactory(title="Promouvoir la citoyenneté des migrants")
    client.force_login(administrator)

    response = client.get(reverse("admin:projects_project_changelist"), {"q": "Autre"})

    content = response.content.decode()
    assert "L&#x27;action sociale de l&#x27;Autre" in content
    assert "migrants" not in content


def test_the_admin_project_page_shows_its_funding_lines_inline(client, administrator):
    line = FundingLineFactory(amount=Decimal("22124.13"), note="sur 24 mois")
    client.force_login(administrator)

    response = client.get(
        reverse("admin:projects_project_change", args=[line.project.pk])
    )

    content = response.content.decode()
    assert "sur 24 mois" in content
    assert "22124.13" in content


def test_saving_in_the_admin_moves_the_version_on(client, administrator):
    project = ProjectFactory()
    client.force_login(administrator)
    url = reverse("admin:projects_project_change", args=[project.pk])
    data = {
        "title": "Nouveau titre",
        "slug": project.slug,
        "lead": project.lead,
        "carrier": project.carrier.pk,
        "status": project.status,
    }
    for prefix in [
        "key_figures",
        "recommendations",
        "funding_lines",
        "cost_tables",
        "cross_view_rows",
        "quotes",
        "project_contacts",
    ]:
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    project.refresh_from_db()
    assert project.title == "Nouveau titre"
    assert project.version == 2
    assert project.history.first().history_user == administrator


def test_a_coordinator_has_no_access_to_the_admin(client, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
