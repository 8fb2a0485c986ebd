"""The proposal cycle of the partner side: draft, submitted, accepted (the record,
with both names in its history) or returned with a comment; locking of accepted
values; two answers at once."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import roles
from core.models import Proposal
from core.proposals import (
    proposal_accept,
    proposal_kind,
    proposal_reopen,
    proposal_return,
    proposal_save,
)
from core.services import StaleRecordError
from evaluations.models import Measurement
from evaluations.proposals import MEASUREMENT_THERE
from missions.proposals import PARTICIPANT
from projects.models import CrossViewRow
from projects.proposals import CROSS_VIEW_PARTNER
from tests.factories import (
    CrossViewRowFactory,
    OrganisationFactory,
    PartnershipFactory,
    ProjectFactory,
    UserFactory,
    bignona_proposal_side,
    bignona_stay,
    partner_account,
)
from tests.pages import form_data, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def bignona():
    return bignona_proposal_side()


def cross_view_proposal(bignona, text="Comment faire vivre le réseau ici ?", **kw):
    kind = proposal_kind(CROSS_VIEW_PARTNER)
    form = kind.form(bignona["row"], data={"partner_side": text})
    assert form.is_valid(), form.errors
    return proposal_save(
        kind=kind, target=bignona["row"], user=bignona["partner"], form=form, **kw
    )


def test_a_partner_proposal_is_a_draft_then_submitted(bignona):
    proposal = cross_view_proposal(bignona)
    assert proposal.state == Proposal.State.DRAFT
    assert proposal.organisation_name == "Département de Bignona"

    proposal = cross_view_proposal(
        bignona,
        "Autre texte",
        proposal=proposal,
        version=proposal.version,
        submit=True,
    )

    assert proposal.state == Proposal.State.SUBMITTED
    assert proposal.payload == {"partner_side": "Autre texte"}
    bignona["row"].refresh_from_db()
    assert bignona["row"].partner_side == ""  # not the record until accepted


def test_accepting_writes_the_record_with_both_names(bignona):
    proposal = cross_view_proposal(bignona, submit=True)
    version = bignona["project"].version

    proposal = proposal_accept(
        proposal=proposal, user=bignona["coordinator"], version=proposal.version
    )

    row = bignona["row"]
    row.refresh_from_db()
    assert proposal.state == Proposal.State.ACCEPTED
    assert row.partner_side == "Comment faire vivre le réseau ici ?"
    assert row.partner_side_source == "Département de Bignona"
    latest = row.history.order_by("-history_date").first()
    assert latest.history_user == bignona["coordinator"]
    assert latest.history_change_reason == (
        "Proposé par partenaire-bignona (Département de Bignona), "
        "accepté par coordinatrice"
    )
    bignona["project"].refresh_from_db()
    assert bignona["project"].version == version + 1  # through record_save


def test_a_history_line_too_long_for_its_column_is_cut_with_an_ellipsis(bignona):
    bignona["organisation"].name = (
        "Conseil départemental de Bignona, de Ziguinchor et des communes "
        "associées de la Basse-Casamance"
    )
    bignona["organisation"].save()
    proposal = cross_view_proposal(bignona, submit=True)

    proposal_accept(
        proposal=proposal, user=bignona["coordinator"], version=proposal.version
    )

    reason = bignona["row"].history.order_by("-history_date").first()
    reason = reason.history_change_reason
    assert len(reason) == 100
    assert reason.startswith("Proposé par partenaire-bignona (Conseil départemental")
    assert reason.endswith("…")


def test_returning_needs_a_comment_and_lets_the_partner_resubmit(bignona):
    proposal = cross_view_proposal(bignona, submit=True)
    with pytest.raises(ValidationError):
        proposal_return(
            proposal=proposal,
            user=bignona["coordinator"],
            version=proposal.version,
            comment=" ",
        )

    proposal = proposal_return(
        proposal=proposal,
        user=bignona["coordinator"],
        version=proposal.version,
        comment="Précisez le public visé.",
    )
    assert proposal.state == Proposal.State.RETURNED
    assert proposal.comment == "Précisez le public visé."

    proposal = cross_view_proposal(
        bignona,
        "Pour les jeunes ?",
        proposal=proposal,
        version=proposal.version,
        submit=True,
    )
    assert proposal.state == Proposal.State.SUBMITTED


def test_an_accepted_value_is_locked_for_the_partner_until_reopened(bignona):
    proposal = cross_view_proposal(bignona, submit=True)
    proposal = proposal_accept(
        proposal=proposal, user=bignona["coordinator"], version=proposal.version
    )

    with pytest.raises(ValidationError, match="acceptée"):
        cross_view_proposal(
            bignona, "Changé", proposal=proposal, version=proposal.version
        )
    with pytest.raises(StaleRecordError):  # a second proposal on the same value
        cross_view_proposal(bignona, "Changé")
    with pytest.raises(PermissionDenied):  # only a coordinator reopens
        proposal_reopen(
            proposal=proposal,
            user=bignona["partner"],
            version=proposal.version,
            comment="?",
        )

    proposal = proposal_reopen(
        proposal=proposal,
        user=bignona["coordinator"],
        version=proposal.version,
        comment="Mettez-le à jour pour 2027.",
    )
    proposal = cross_view_proposal(
        bignona, "Changé", proposal=proposal, version=proposal.version, submit=True
    )
    assert proposal.state == Proposal.State.SUBMITTED


def test_the_second_of_two_answers_at_once_is_refused_as_stale(bignona):
    proposal = cross_view_proposal(bignona, submit=True)
    seen = proposal.version
    other = UserFactory(username="autre-coordinateur", role=roles.COORDINATOR)

    proposal_accept(proposal=proposal, user=bignona["coordinator"], version=seen)
    with pytest.raises(StaleRecordError) as refused:
        proposal_return(proposal=proposal, user=other, version=seen, comment="Non.")

    assert "modifié par quelqu'un d'autre" in str(refused.value)
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.ACCEPTED
    assert proposal.reviewer == bignona["coordinator"]


def test_a_partner_cannot_propose_outside_its_partnerships(bignona):
    elsewhere = CrossViewRowFactory(
        project=ProjectFactory(partnership=PartnershipFactory())
    )
    kind = proposal_kind(CROSS_VIEW_PARTNER)
    form = kind.form(elsewhere, data={"partner_side": "Intrusion"})
    form.is_valid()

    with pytest.raises(PermissionDenied):
        proposal_save(kind=kind, target=elsewhere, user=bignona["partner"], form=form)
    with pytest.raises(PermissionDenied):  # the French side writes directly
        proposal_save(
            kind=kind, target=bignona["row"], user=bignona["coordinator"], form=form
        )
    assert not Proposal.objects.exists()


def test_a_measurement_there_is_recorded_for_the_partner_territory(bignona):
    kind = proposal_kind(MEASUREMENT_THERE)
    form = kind.form(
        bignona["indicator"],
        data={"date": "2026-11-30", "value": "12,5", "comment": "Enquête"},
        proposer=bignona["partner"],
    )
    assert form.is_valid(), form.errors
    proposal = proposal_save(
        kind=kind,
        target=bignona["indicator"],
        user=bignona["partner"],
        form=form,
        submit=True,
        files=[SimpleUploadedFile("enquete.pdf", b"%PDF-1.4 enquete")],
    )
    assert proposal.files.count() == 1

    proposal_accept(
        proposal=proposal, user=bignona["coordinator"], version=proposal.version
    )

    measurement = Measurement.objects.get()
    assert measurement.side == Measurement.Side.PARTNER
    assert measurement.territory == bignona["organisation"]
    assert measurement.value == Decimal("12.5")
    assert measurement.date == datetime.date(2026, 11, 30)
    assert measurement.source == "Département de Bignona"


def test_evidence_of_a_forbidden_type_is_refused(bignona):
    kind = proposal_kind(MEASUREMENT_THERE)
    form = kind.form(
        bignona["indicator"],
        data={"date": "2026-11-30", "value": "3"},
        proposer=bignona["partner"],
    )
    form.is_valid()
    with pytest.raises(ValidationError):
        proposal_save(
            kind=kind,
            target=bignona["indicator"],
            user=bignona["partner"],
            form=form,
            files=[SimpleUploadedFile("virus.exe", b"MZ")],
        )
    assert not Proposal.objects.exists()


def test_the_partner_mark_goes_when_the_coordinator_rewrites_the_partner_column(
    client, bignona
):
    """The partner's column, once accepted, is marked as theirs; the coordinator
    editing the French column keeps the mark, rewriting the partner's column takes
    it off (the history keeps both names)."""
    proposal = cross_view_proposal(bignona, submit=True)
    proposal_accept(
        proposal=proposal, user=bignona["coordinator"], version=proposal.version
    )
    client.force_login(bignona["coordinator"])
    project = bignona["project"]
    url = reverse("projects:project-update", args=[project.slug])

    data = form_data(client.get(url))
    data["cross_view_rows-0-french_side"] = "Comment associer les familles ici ?"
    client.post(url, data)
    row = CrossViewRow.objects.get()
    assert row.french_side == "Comment associer les familles ici ?"
    assert row.partner_side_source == "Département de Bignona"
    text = page_text(client.get(project.get_absolute_url()))
    assert "Réponse de Département de Bignona" in text

    data = form_data(client.get(url))
    data["cross_view_rows-0-partner_side"] = "Comment faire vivre le réseau là-bas ?"
    client.post(url, data)
    row = CrossViewRow.objects.get()
    assert row.partner_side == "Comment faire vivre le réseau là-bas ?"
    assert row.partner_side_source == ""
    assert "Département de Bignona" not in page_text(
        client.get(project.get_absolute_url())
    )


def test_an_account_of_two_organisations_proposes_in_the_name_the_record_names(
    client, bignona
):
    """An account attached first to a network of authorities, then to Bignona,
    proposes on Bignona's project, evaluation and stay: each proposal, through the
    same rule, speaks for Bignona, the organisation each record names."""
    network = OrganisationFactory(name="Réseau des collectivités du Sud")
    bignona["partner"].delete()
    partner = partner_account("partenaire-bignona", network, bignona["organisation"])
    stay = bignona_stay(
        bignona,
        title="Séjour à Bignona",
        start=datetime.date(2026, 11, 2),
        end=datetime.date(2026, 11, 9),
    )
    client.force_login(partner)

    for kind, target, data in (
        (CROSS_VIEW_PARTNER, bignona["row"], {"partner_side": "Notre question"}),
        (MEASUREMENT_THERE, bignona["indicator"], {"date": "2026-11-30", "value": "3"}),
        (PARTICIPANT, stay, {"full_name": "Awa Diatta", "category": "jeune"}),
    ):
        page = client.post(
            reverse("proposal-create", args=[kind, target.pk]),
            data | {"submit": "1"},
            follow=True,
        )
        assert "proposée par partenaire-bignona au nom de Département de Bignona" in (
            page_text(page)
        ), kind
