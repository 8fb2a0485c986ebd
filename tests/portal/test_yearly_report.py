"""The yearly restitution report of a project or a partnership: its page, its PDF
made in the background, and what a partner may read of it."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from core.models import BackgroundJob
from missions.models import MissionStep
from tests.factories import (
    CrossViewRowFactory,
    MembershipFactory,
    MissionDayFactory,
    MissionFactory,
    MissionStepFactory,
    OrganisationFactory,
    ParticipantFactory,
    PartnershipFactory,
    ProjectFactory,
    QuoteFactory,
)
from tests.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def action_sociale():
    partnership = PartnershipFactory()
    project = ProjectFactory(
        title="L'action sociale de l'Autre",
        slug="action-sociale-de-l-autre",
        partnership=partnership,
    )
    mission = MissionFactory(
        project=project,
        partnership=partnership,
        title="Échange de professionnels à Bignona",
        start_date=datetime.date(2015, 3, 9),
        end_date=datetime.date(2015, 3, 20),
    )
    ParticipantFactory(
        mission=mission,
        full_name="Awa Diatta",
        organisation=OrganisationFactory(name="Département de Bignona"),
    )
    MissionDayFactory(
        mission=mission,
        date=datetime.date(2015, 3, 10),
        title="Visite du centre social",
    )
    MissionStepFactory(
        mission=mission,
        state=MissionStep.State.DONE,
        kind=MissionStep.Kind.OBJECTIVES_SHEET,
    )
    MissionStepFactory(
        mission=mission,
        state=MissionStep.State.TODO,
        kind=MissionStep.Kind.LETTER_TO_ELECTED,
    )
    MissionFactory(
        project=project, title="Mission de 2016", start_date=datetime.date(2016, 5, 2)
    )
    CrossViewRowFactory(
        project=project,
        theme="La posture d'accompagnement",
        french_side="Comment accompagner ?",
        partner_side="Quelle place pour la famille ?",
    )
    QuoteFactory(project=project, text="On apprend de l'autre.", author="Un éducateur")
    return project


def test_the_yearly_report_shows_the_missions_of_the_year_and_the_two_sides(
    client, director, action_sociale
):
    client.force_login(director)

    page = page_text(
        client.get(reverse("project-yearly-report", args=[action_sociale.slug, 2015]))
    )

    assert "Restitution annuelle 2015" in page
    assert "1 mission dans l'année · 1 participant · 1 journée de programme" in page
    assert "Échange de professionnels à Bignona" in page
    assert "Awa Diatta (Département de Bignona)" in page
    assert "1 faite(s) sur 2 Fiche d'objectifs" in page
    assert "Mission de 2016" not in page
    assert "Quelle place pour la famille ?" in page
    assert "« On apprend de l'autre. »" in page


def test_the_report_pdf_is_made_in_the_background_and_reads_back(
    client, director, action_sociale, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(director)

    response = client.get(
        reverse("project-yearly-report-pdf", args=[action_sociale.slug, 2015])
    )

    job = BackgroundJob.objects.get()
    assert response.url == job.get_absolute_url()
    assert job.status == "done"
    assert job.file_name == "restitution-2015-action-sociale-de-l-autre.pdf"
    content = b"".join(
        client.get(reverse("core:job-file", args=[job.pk])).streaming_content
    )
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Restitution annuelle 2015" in text
    assert "Échange de professionnels à Bignona" in text


def test_a_partner_reads_the_report_of_its_partnership_only(
    client, partner_user, action_sociale
):
    MembershipFactory(
        user=partner_user, organisation=action_sociale.partnerships.get().partner
    )
    other = PartnershipFactory()
    client.force_login(partner_user)

    own_partnership = action_sociale.partnerships.get()
    own = client.get(
        reverse("partnership-yearly-report", args=[own_partnership.pk, 2015])
    )
    foreign = client.get(reverse("partnership-yearly-report", args=[other.pk, 2015]))

    assert "Échange de professionnels à Bignona" in page_text(own)
    assert foreign.status_code == 404


def test_the_project_page_links_to_the_report_of_this_year(
    client, director, action_sociale
):
    client.force_login(director)
    year = datetime.date.today().year

    page = client.get(action_sociale.get_absolute_url())

    url = reverse("project-yearly-report", args=[action_sociale.slug, year])
    assert f'href="{url}"'.encode() in page.content


@pytest.mark.parametrize("year", [0, 1, 10000])
def test_a_year_no_report_can_have_is_not_found(client, director, action_sociale, year):
    client.force_login(director)

    page = client.get(
        reverse("project-yearly-report", args=[action_sociale.slug, year])
    )
    pdf = client.get(
        reverse("project-yearly-report-pdf", args=[action_sociale.slug, year])
    )

    assert (page.status_code, pdf.status_code) == (404, 404)


def test_an_odd_year_in_the_selector_shows_the_report_asked_by_the_address(
    client, director, action_sociale
):
    client.force_login(director)
    url = reverse("project-yearly-report", args=[action_sociale.slug, 2015])

    response = client.get(url, {"annee": "²"})

    assert response.status_code == 200
    assert "Restitution annuelle 2015" in page_text(response)
