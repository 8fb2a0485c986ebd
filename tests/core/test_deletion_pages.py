"""After a deletion, every page that showed the record answers, and the history of
the records that kept a trace of it names it « (supprimé) »."""

import pytest
from django.urls import reverse

from projects.models import ProjectContact
from tests.factories import (
    AgreementFactory,
    ContactFactory,
    FundingLineFactory,
    MissionFactory,
    MissionStepFactory,
    OrganisationFactory,
    ParticipantFactory,
    PartnershipEventFactory,
    PartnershipFactory,
    ProgrammeAxisFactory,
    ProgrammeFactory,
    ProjectFactory,
)
from tests.pages import form_data, history_text, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(coordinator_client):
    """A page that fails answers its 500 instead of raising: each test lists the pages
    that did not answer."""
    coordinator_client.raise_request_exception = False
    return coordinator_client


def pages_answer(client, urls) -> dict[str, int]:
    """The URLs that did not answer 200, with their status."""
    return {
        url: status for url in urls if (status := client.get(url).status_code) != 200
    }


def pages_answer_after_deletion(client, delete_url: str, urls) -> dict[str, int]:
    """Deletes a record through its delete page, then reads `urls`: those that did
    not answer 200, with their status."""
    response = client.post(delete_url)
    assert response.status_code == 302, page_text(response)[:2000]
    return pages_answer(client, urls)


def project_pages(project) -> list[str]:
    return [
        project.get_absolute_url(),
        reverse("projects:sheet", args=[project.slug]),
        reverse("projects:project-list"),
        reverse("projects:fundingline-list"),
        reverse("missions:seminar-series", args=[project.slug]),
        reverse("home"),
        reverse("search") + "?q=a",
    ]


def test_deleting_a_contact_of_a_project_leaves_its_pages_readable(coordinator_client):
    project = ProjectFactory(title="Jardins partagés")
    contact = ContactFactory(full_name="Awa Diatta")
    ProjectContact.objects.create(project=project, contact=contact)

    assert (
        pages_answer_after_deletion(
            coordinator_client,
            reverse("partnerships:contact-delete", args=[contact.pk]),
            [
                project.get_absolute_url(),
                reverse("projects:sheet", args=[project.slug]),
            ],
        )
        == {}
    )
    history = history_text(coordinator_client, project)
    assert (
        "coordinatrice : suppression contact du projet « Awa Diatta (supprimé) »"
        in history
    )
    assert "création contact du projet « Awa Diatta (supprimé) »" in history


def test_deleting_an_organisation_leaves_the_pages_that_showed_it_readable(
    coordinator_client,
):
    organisation = OrganisationFactory(name="Association Tiléla")
    other_funder = OrganisationFactory(name="Région Auvergne-Rhône-Alpes")
    project = ProjectFactory(title="Jardins partagés")
    project.partners.add(organisation)
    project.co_carriers.add(organisation)
    ProjectContact.objects.create(
        project=project, contact=ContactFactory(organisation=other_funder)
    )
    line = FundingLineFactory(project=project, funder=organisation)
    line.funder = other_funder  # the organisation funded it once
    line.save()

    assert (
        pages_answer_after_deletion(
            coordinator_client,
            reverse("partnerships:organisation-delete", args=[organisation.pk]),
            [*project_pages(project), reverse("partnerships:organisation-list")],
        )
        == {}
    )
    history = history_text(coordinator_client, project)
    # each link removed on its own line, none cut short
    for link in ("partenaires", "co-porteurs"):
        assert (
            f"Lien « {link} » vers « Association Tiléla » retiré par sa suppression"
        ) in history
    assert (
        "modification ligne de financement « Région Auvergne-Rhône-Alpes » "
        "financeur : Association Tiléla (supprimé) → Région Auvergne-Rhône-Alpes"
    ) in history


def test_deleting_a_programme_leaves_its_projects_pages_readable(coordinator_client):
    programme = ProgrammeFactory(title="Argeș")
    ProgrammeAxisFactory(programme=programme)
    project = ProjectFactory(programme=programme, partnership=programme.partnership)

    assert (
        pages_answer_after_deletion(
            coordinator_client,
            reverse("projects:programme-delete", args=[programme.pk]),
            [
                *project_pages(project),
                reverse("projects:programme-list"),
                programme.partnership.get_absolute_url(),
            ],
        )
        == {}
    )
    history = history_text(coordinator_client, project)
    assert "programme : Argeș (2013-2015) (supprimé) → ∅" in history


def test_deleting_a_partnership_leaves_the_pages_of_its_former_records_readable(
    coordinator_client,
):
    partnership = PartnershipFactory(
        french_authority__name="Département de la Savoie",
        partner__name="Département de Bignona",
    )
    PartnershipEventFactory(partnership=partnership)
    AgreementFactory(partnership=partnership)
    other = PartnershipFactory()
    project = ProjectFactory(partnerships=[partnership, other])
    mission = MissionFactory(partnership=other, project=project)

    assert (
        pages_answer_after_deletion(
            coordinator_client,
            reverse("partnerships:partnership-delete", args=[partnership.pk]),
            [
                *project_pages(project),
                reverse("partnerships:partnership-list"),
                partnership.partner.get_absolute_url(),
                partnership.french_authority.get_absolute_url(),
                mission.get_absolute_url(),
            ],
        )
        == {}
    )
    history = history_text(coordinator_client, project)
    assert (
        "Lien « partenariats » vers « Savoie – Bignona » retiré par sa suppression"
        in history
    )
    assert list(project.partnerships.all()) == [other]


def test_deleting_a_mission_leaves_its_project_s_pages_readable(coordinator_client):
    project = ProjectFactory()
    mission = MissionFactory(project=project, kind="seminar", title="Séminaire 2015")
    MissionStepFactory(mission=mission)
    ParticipantFactory(mission=mission)

    assert (
        pages_answer_after_deletion(
            coordinator_client,
            reverse("missions:mission-delete", args=[mission.pk]),
            [
                *project_pages(project),
                reverse("missions:mission-list"),
                reverse("missions:mission-calendar"),
                mission.partnership.get_absolute_url(),
            ],
        )
        == {}
    )
    assert "Séminaire 2015" not in page_text(
        coordinator_client.get(reverse("missions:seminar-series", args=[project.slug]))
    )


def test_removing_a_funding_line_leaves_the_project_s_pages_readable(
    coordinator_client,
):
    project = ProjectFactory()
    FundingLineFactory(project=project, funder__name="Agence de l'eau", amount=500)
    edit = reverse("projects:project-update", args=[project.slug])
    data = form_data(coordinator_client.get(edit))
    data["funding_lines-0-DELETE"] = "on"

    response = coordinator_client.post(edit, data)

    assert response.status_code == 302
    assert not project.funding_lines.exists()
    assert pages_answer(coordinator_client, project_pages(project)) == {}
    history = history_text(coordinator_client, project)
    assert "suppression ligne de financement « Agence de l'eau »" in history


def test_a_record_whose_former_organisation_was_deleted_keeps_its_pages(
    coordinator_client,
):
    """A label that reads the deleted record's fields (a partnership is named after
    its two organisations) still reads them, from the record's last history."""
    partnership = PartnershipFactory(
        french_authority__name="Département de la Savoie",
        partner__name="Commune de Thiès",
    )
    former = partnership.partner
    partnership.partner = OrganisationFactory(name="Département de Bignona")
    partnership.save()

    assert (
        pages_answer_after_deletion(
            coordinator_client,
            reverse("partnerships:organisation-delete", args=[former.pk]),
            [
                partnership.get_absolute_url(),
                reverse("partnerships:partnership-list"),
                reverse("home"),
            ],
        )
        == {}
    )
    history = history_text(coordinator_client, partnership)
    assert (
        "partenaire étranger : Commune de Thiès (supprimé) → Département de Bignona"
        in (history)
    )
    assert "création partenariat « Savoie – Thiès »" in history
    assert "Savoie – Thiès" in page_text(coordinator_client.get(reverse("home")))
