"""The pages of the proposals: who may write what, and what a refusal says."""

import pytest
from django.urls import reverse

from core.models import Proposal
from evaluations.proposals import MEASUREMENT_THERE
from projects.proposals import CROSS_VIEW_PARTNER
from tests.factories import (
    CrossViewRowFactory,
    IndicatorFactory,
    PartnershipFactory,
    ProjectFactory,
    bignona_proposal_side,
    partner_account,
)
from tests.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def bignona():
    return bignona_proposal_side()


def create_url(kind, target):
    return reverse("proposal-create", args=[kind, target.pk])


def submitted_through_the_page(client, bignona) -> Proposal:
    """The Bignona partner submits its column of the cross-view row from its page."""
    client.force_login(bignona["partner"])
    client.post(
        create_url(CROSS_VIEW_PARTNER, bignona["row"]),
        {"partner_side": "Notre question", "submit": "1"},
    )
    return Proposal.objects.get()


def test_a_partner_writes_nothing_into_another_partnership(client, bignona):
    elsewhere = CrossViewRowFactory(
        project=ProjectFactory(partnership=PartnershipFactory())
    )
    other_indicator = IndicatorFactory()
    client.force_login(bignona["partner"])

    row = client.post(
        create_url(CROSS_VIEW_PARTNER, elsewhere),
        {"partner_side": "Intrusion", "submit": "1"},
    )
    measurement = client.post(
        create_url(MEASUREMENT_THERE, other_indicator),
        {"date": "2026-11-30", "value": "3", "submit": "1"},
    )

    assert (row.status_code, measurement.status_code) == (403, 403)
    assert not Proposal.objects.exists()
    elsewhere.refresh_from_db()
    assert elsewhere.partner_side == "Comment développer le réseau là-bas ?"


def test_the_french_side_does_not_propose_and_a_partner_does_not_review(
    client, bignona
):
    client.force_login(bignona["coordinator"])
    assert client.get(create_url(CROSS_VIEW_PARTNER, bignona["row"])).status_code == 403

    proposal = submitted_through_the_page(client, bignona)
    review = client.post(
        reverse("proposal-review", args=[proposal.pk]),
        {"action": "accept", "version": proposal.version},
    )

    assert review.status_code == 403
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.SUBMITTED


def test_the_second_answer_to_a_proposal_is_refused_as_a_stale_form(client, bignona):
    proposal = submitted_through_the_page(client, bignona)
    seen = proposal.version
    client.force_login(bignona["coordinator"])
    client.post(
        reverse("proposal-review", args=[proposal.pk]),
        {"action": "accept", "version": seen},
    )

    second = client.post(
        reverse("proposal-review", args=[proposal.pk]),
        {"action": "return", "version": seen, "comment": "Non"},
    )

    assert second.status_code == 409
    assert (
        "Enregistrement refusé : quelqu'un d'autre a modifié cette fiche"
        in second.content.decode()
    )
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.ACCEPTED


def test_an_accepted_answer_is_locked_for_the_partner(client, bignona):
    proposal = submitted_through_the_page(client, bignona)
    client.force_login(bignona["coordinator"])
    client.post(
        reverse("proposal-review", args=[proposal.pk]),
        {"action": "accept", "version": proposal.version},
    )
    client.force_login(bignona["partner"])

    page = client.get(reverse("proposal-detail", args=[proposal.pk]))
    changed = client.post(
        reverse("proposal-detail", args=[proposal.pk]),
        {"partner_side": "Changée", "version": proposal.version + 1},
    )

    assert "cette valeur est verrouillée de votre côté" in page.content.decode()
    assert "<textarea" not in page.content.decode()
    assert changed.status_code == 403
    bignona["row"].refresh_from_db()
    assert bignona["row"].partner_side == "Notre question"


def test_the_cross_view_column_is_its_organisations_for_a_colleague_only(
    client, bignona
):
    """The partner column of a project of two partnerships, proposed by one Bignona
    account: another Bignona account opens it from the project's page; an account of
    the other partner reads that Bignona has proposed it, with no link it could not
    follow and no second proposal."""
    project = bignona["project"]
    arges = PartnershipFactory(
        french_authority=project.partnerships.get().french_authority,
        partner__name="Conseil départemental d'Argeș",
    )
    project.partnerships.add(arges)
    proposal = submitted_through_the_page(client, bignona)
    link = f'href="{proposal.get_absolute_url()}"'
    colleague = partner_account("chargee-bignona", bignona["organisation"])
    other_side = partner_account("partenaire-arges", arges.partner)

    client.force_login(bignona["partner"])
    own = client.get(project.get_absolute_url())
    assert "Votre proposition Soumise" in page_text(own)
    assert link in own.content.decode()

    client.force_login(colleague)
    page = client.get(project.get_absolute_url())
    assert "Proposition de votre organisation Soumise" in page_text(page)
    assert link in page.content.decode()
    opened = client.get(proposal.get_absolute_url())
    assert "Notre question" in page_text(opened)

    client.force_login(other_side)
    page = client.get(project.get_absolute_url())
    text = page_text(page)
    assert "Proposition de Département de Bignona Soumise" in text
    assert "Proposer la colonne de votre territoire" not in text
    assert link not in page.content.decode()
    assert client.get(proposal.get_absolute_url()).status_code == 403
