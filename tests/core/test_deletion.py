"""What a deletion takes: the confirmation page names what is deleted with the
record and what only loses its link to it, and the history keeps the links removed."""

import pytest
from django.urls import reverse

from core.deletion import NAMED_PER_GROUP, deletion_plan
from projects.models import Project
from tests.factories import (
    FundingLineFactory,
    MembershipFactory,
    OrganisationFactory,
    ProgrammeFactory,
    ProjectFactory,
)
from tests.pages import count_queries, history_text, page_text

pytestmark = pytest.mark.django_db


def test_deleting_an_organisation_names_the_projects_it_leaves_and_keeps_it(
    coordinator_client, coordinator
):
    organisation = OrganisationFactory(name="Association Tiléla")
    partnered = ProjectFactory(title="Jardins partagés de Bignona")
    partnered.partners.add(organisation)
    co_carried = ProjectFactory(title="Maison des jeunes")
    co_carried.co_carriers.add(organisation)
    MembershipFactory(organisation=organisation, user__username="aminata")
    url = reverse("partnerships:organisation-delete", args=[organisation.pk])

    page = page_text(coordinator_client.get(url))

    unlinked = page[page.index("Perdront leur lien") :]
    assert "Projets (lien « partenaires »), 1 : « Jardins partagés de Bignona »" in (
        unlinked
    )
    assert "Projets (lien « co-porteurs »), 1 : « Maison des jeunes »" in unlinked
    deleted = page[page.index("Seront supprimés avec lui") : page.index("Perdront")]
    assert "Rattachements, 1 : « aminata → Association Tiléla »" in deleted

    response = coordinator_client.post(url)

    assert response.status_code == 302
    assert not partnered.partners.exists()
    assert not co_carried.co_carriers.exists()
    history = history_text(coordinator_client, partnered)
    assert (
        "coordinatrice : modification projet « Jardins partagés de Bignona » "
        "Lien « partenaires » vers « Association Tiléla » retiré par sa suppression"
    ) in history
    assert "Lien « co-porteurs » vers « Association Tiléla »" in history_text(
        coordinator_client, co_carried
    )


def test_deleting_a_programme_says_its_projects_lose_it_and_keeps_it(
    coordinator_client,
):
    programme = ProgrammeFactory(title="Argeș")
    projects = [
        ProjectFactory(title=f"Démarche {n:02}", programme=programme) for n in range(12)
    ]
    versions = {project.pk: project.version for project in projects}
    url = reverse("projects:programme-delete", args=[programme.pk])

    page = page_text(coordinator_client.get(url))

    assert "Perdront leur lien avec lui, sans être supprimés" in page
    assert "Projets (lien « programme »), 12 : « Démarche 00 », « Démarche 01 »" in page
    assert f"« Démarche {NAMED_PER_GROUP - 1:02} » et 2 autres" in page
    assert "« Démarche 10 »" not in page
    assert "Aucun autre enregistrement ne sera supprimé." in page

    coordinator_client.post(url)

    for project in Project.objects.filter(pk__in=versions):
        assert project.programme is None
        assert project.version == versions[project.pk] + 1
    history = history_text(coordinator_client, projects[0])
    assert (
        "Lien « programme » vers « Argeș (2013-2015) » retiré par sa suppression"
        in (history)
    )


def test_a_deleted_record_s_own_links_are_not_listed_as_unlinked():
    project = ProjectFactory()
    project.partners.add(OrganisationFactory(name="Commune de Thiès"))

    plan = deletion_plan(project)

    assert [(g.label, g.link, g.names) for g in plan.unlinked] == [
        ("organisations", "partenaires", ["Commune de Thiès"])
    ]
    assert plan.deleted == []


def test_an_admin_deletion_keeps_the_unlinked_records_history(client, administrator):
    programme = ProgrammeFactory(title="Bignona")
    project = ProjectFactory(programme=programme)
    client.force_login(administrator)

    response = client.post(
        reverse("admin:projects_programme_delete", args=[programme.pk]),
        {"post": "yes"},
    )

    assert response.status_code == 302
    record = project.history.latest()
    assert (record.history_user, record.programme_id) == (administrator, None)
    assert record.history_change_reason == (
        "Lien « programme » vers « Bignona (2013-2015) » retiré par sa suppression"
    )


def test_the_confirmation_costs_the_same_for_12_or_60_rows(client, coordinator):
    client.force_login(coordinator)
    costs = []
    for count in (NAMED_PER_GROUP + 2, 60):
        project = ProjectFactory()
        FundingLineFactory.create_batch(count, project=project)
        for organisation in OrganisationFactory.create_batch(count):
            project.partners.add(organisation)
        url = reverse("projects:project-delete", args=[project.slug])
        costs.append(count_queries(client, url))

    assert costs[0] == costs[1]
