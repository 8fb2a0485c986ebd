"""The partner side co-writes its missions: its participants, the programme of a stay
it hosts, the provisional budget of an event it organises and, after it, the
financial report with receipts; the coordinator accepts or returns them."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import roles
from core.models import Proposal
from core.proposals import (
    proposal_accept,
    proposal_kind,
    proposal_return,
    proposal_save,
)
from core.services import StaleRecordError
from missions.models import BudgetLine, MissionDay, Participant
from missions.proposals import (
    BUDGET_ACTUAL,
    BUDGET_LINE,
    PARTICIPANT,
    PROGRAMME_DAY,
)
from portal.digest import digest_send
from portal.models import AccountPreferences
from tests.factories import (
    BudgetLineFactory,
    MissionFactory,
    OrganisationFactory,
    PartnershipFactory,
    UserFactory,
    bignona_proposal_side,
    bignona_stay,
    partner_account,
)
from tests.pages import form_data, page_text, pdf_text

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def bignona():
    """A stay in Bignona, organised by Bignona, over since November 2026."""
    side = bignona_proposal_side()
    side["mission"] = bignona_stay(
        side,
        title="Séjour des jeunes à Bignona",
        start=datetime.date(2026, 11, 2),
        end=datetime.date(2026, 11, 9),
    )
    return side


def propose(side, key, target, data, *, submit=True, files=()):
    kind = proposal_kind(key)
    form = kind.form(target, data=data, proposer=side["partner"])
    assert form.is_valid(), form.errors
    return proposal_save(
        kind=kind,
        target=target,
        user=side["partner"],
        form=form,
        submit=submit,
        files=files,
    )


def accept(side, proposal):
    return proposal_accept(
        proposal=proposal, user=side["coordinator"], version=proposal.version
    )


PARTICIPANT_DATA = {"full_name": "Awa Diatta", "category": "jeune"}


# The services


def test_an_accepted_participant_joins_the_mission_with_both_names(bignona):
    mission = bignona["mission"]
    version = mission.version
    proposal = propose(
        bignona,
        PARTICIPANT,
        mission,
        PARTICIPANT_DATA | {"organisation": bignona["organisation"].pk},
    )
    assert not Participant.objects.exists()  # not the record until accepted

    accept(bignona, proposal)

    participant = Participant.objects.get()
    assert (participant.full_name, participant.organisation) == (
        "Awa Diatta",
        bignona["organisation"],
    )
    assert participant.source == "Département de Bignona"
    latest = participant.history.order_by("-history_date").first()
    assert latest.history_user == bignona["coordinator"]
    assert latest.history_change_reason == (
        "Proposé par partenaire-bignona (Département de Bignona), "
        "accepté par coordinatrice"
    )
    mission.refresh_from_db()
    assert mission.version == version + 1  # through record_save, under the mission


def test_a_participant_of_an_organisation_the_mission_does_not_name_is_refused(
    bignona,
):
    elsewhere = OrganisationFactory(name="Collectivité sans rapport")
    form = proposal_kind(PARTICIPANT).form(
        bignona["mission"],
        data=PARTICIPANT_DATA | {"organisation": elsewhere.pk},
        proposer=bignona["partner"],
    )

    assert not form.is_valid()
    assert "Sélectionnez un choix valide" in str(form.errors["organisation"])


def test_a_day_of_the_stay_it_hosts_is_checked_against_the_dates(bignona):
    mission = bignona["mission"]
    kind = proposal_kind(PROGRAMME_DAY)
    outside = kind.form(mission, data={"date": "2026-12-01", "title": "Visite"})
    assert not outside.is_valid()
    assert outside.errors["date"] == [
        "Cette journée n'est pas dans le séjour (du 02/11/2026 au 09/11/2026)."
    ]

    accept(
        bignona,
        propose(
            bignona,
            PROGRAMME_DAY,
            mission,
            {"date": "2026-11-03", "title": "Visite du centre social"},
        ),
    )

    day = MissionDay.objects.get()
    assert (day.date, day.title, day.source) == (
        datetime.date(2026, 11, 3),
        "Visite du centre social",
        "Département de Bignona",
    )


def test_a_returned_budget_line_is_fixed_and_accepted(bignona):
    proposal = propose(
        bignona,
        BUDGET_LINE,
        bignona["mission"],
        {"side": "expense", "label": "Hébergement", "cash_amount": "1 200,00"},
    )
    proposal = proposal_return(
        proposal=proposal,
        user=bignona["coordinator"],
        version=proposal.version,
        comment="Ajoutez la valorisation des salles.",
    )
    kind = proposal_kind(BUDGET_LINE)
    form = kind.form(
        bignona["mission"],
        data={
            "side": "expense",
            "label": "Hébergement",
            "cash_amount": "1 200,00",
            "in_kind_amount": "300",
        },
    )
    form.is_valid()
    proposal = proposal_save(
        kind=kind,
        target=bignona["mission"],
        user=bignona["partner"],
        form=form,
        proposal=proposal,
        version=proposal.version,
        submit=True,
    )

    accept(bignona, proposal)

    line = BudgetLine.objects.get()
    assert (line.cash_amount, line.in_kind_amount) == (D("1200"), D("300"))
    assert line.source == "Département de Bignona"
    assert not line.is_reported


def test_the_financial_report_comes_after_the_event_with_its_receipts(bignona):
    line = BudgetLineFactory(
        mission=bignona["mission"], label="Transport", cash_amount=D("800")
    )
    bignona["mission"].end_date = datetime.date(2099, 1, 9)
    bignona["mission"].start_date = datetime.date(2099, 1, 2)
    bignona["mission"].save()
    kind = proposal_kind(BUDGET_ACTUAL)
    early = kind.form(line, data={"actual_cash_amount": "750"})
    assert not early.is_valid()
    assert "après l'événement, qui finit le 09/01/2099" in early.non_field_errors()[0]

    bignona["mission"].start_date = datetime.date(2026, 11, 2)
    bignona["mission"].end_date = datetime.date(2026, 11, 9)
    bignona["mission"].save()
    line.refresh_from_db()
    empty = kind.form(line, data={})
    assert not empty.is_valid()
    assert "Donnez le montant réalisé" in empty.non_field_errors()[0]
    proposal = propose(
        bignona,
        BUDGET_ACTUAL,
        line,
        {"actual_cash_amount": "750,50"},
        files=[SimpleUploadedFile("facture-car.pdf", b"%PDF-1.4 facture")],
    )
    with pytest.raises(StaleRecordError):  # one report per line
        propose(bignona, BUDGET_ACTUAL, line, {"actual_cash_amount": "1"})

    accept(bignona, proposal)

    line.refresh_from_db()
    assert (line.actual_cash_amount, line.actual_in_kind_amount) == (D("750.50"), None)
    assert line.actual_source == "Département de Bignona"
    assert line.difference == D("-49.50")
    assert line.cash_amount == D("800")  # the provisional amount stays


def test_the_second_of_two_answers_at_once_is_refused_as_stale(bignona):
    proposal = propose(bignona, PARTICIPANT, bignona["mission"], PARTICIPANT_DATA)
    other = UserFactory(username="autre-coordinateur", role=roles.COORDINATOR)
    seen = proposal.version
    proposal_accept(proposal=proposal, user=bignona["coordinator"], version=seen)

    with pytest.raises(StaleRecordError, match="modifié par quelqu'un d'autre"):
        proposal_accept(proposal=proposal, user=other, version=seen)

    assert Participant.objects.count() == 1


def test_a_partner_proposes_nothing_outside_its_partnership(bignona):
    other_partnership = PartnershipFactory()
    elsewhere = MissionFactory(partnership=other_partnership)
    # a mission of another partnership coming to Bignona: read, not written into
    visiting = MissionFactory(
        partnership=other_partnership,
        destination=bignona["organisation"],
        organiser=bignona["organisation"],
    )
    # a mission of its partnership it neither hosts nor organises
    not_hosted = MissionFactory(partnership=bignona["mission"].partnership)
    refused = [
        (PARTICIPANT, elsewhere),
        (PARTICIPANT, visiting),
        (PROGRAMME_DAY, visiting),
        (BUDGET_LINE, visiting),
        (PROGRAMME_DAY, not_hosted),
        (BUDGET_LINE, not_hosted),
        (BUDGET_ACTUAL, BudgetLineFactory(mission=visiting)),
        (BUDGET_ACTUAL, BudgetLineFactory(mission=not_hosted)),
    ]
    for key, target in refused:
        kind = proposal_kind(key)
        with pytest.raises(PermissionDenied):
            proposal_save(
                kind=kind,
                target=target,
                user=bignona["partner"],
                form=kind.form(target, data={}),
            )
    with pytest.raises(PermissionDenied):  # the French side writes directly
        proposal_save(
            kind=proposal_kind(PARTICIPANT),
            target=bignona["mission"],
            user=bignona["coordinator"],
            form=proposal_kind(PARTICIPANT).form(bignona["mission"]),
        )
    assert not Proposal.objects.exists()


# The pages


def detail_url(mission):
    return reverse("missions:mission-detail", args=[mission.pk])


def test_the_partner_proposes_from_the_mission_page_and_sees_the_state(client, bignona):
    mission = bignona["mission"]
    line = BudgetLineFactory(mission=mission, label="Transport")
    client.force_login(bignona["partner"])

    page = client.get(detail_url(mission)).content.decode()
    for key, target in (
        (PARTICIPANT, mission),
        (PROGRAMME_DAY, mission),
        (BUDGET_LINE, mission),
        (BUDGET_ACTUAL, line),
    ):
        assert reverse("proposal-create", args=[key, target.pk]) in page
    assert "Proposer un participant" in page
    assert "Proposer le réalisé" in page

    response = client.post(
        reverse("proposal-create", args=[PARTICIPANT, mission.pk]),
        PARTICIPANT_DATA | {"submit": "1"},
        follow=True,
    )
    assert "Proposition soumise" in page_text(response)

    text = page_text(client.get(detail_url(mission)))
    assert "Propositions de votre organisation sur cette mission" in text
    assert "Participant — Awa Diatta — Département de Bignona Soumise" in text
    assert "Aucun participant inscrit." in text  # not the record until accepted


def test_the_coordinator_sees_the_state_and_the_accepted_rows_are_marked(
    client, bignona
):
    mission = bignona["mission"]
    proposal = propose(bignona, PARTICIPANT, mission, PARTICIPANT_DATA)
    propose(
        bignona,
        PARTICIPANT,
        mission,
        {"full_name": "Brouillon", "category": "elu"},
        submit=False,
    )
    client.force_login(bignona["coordinator"])

    text = page_text(client.get(detail_url(mission)))
    assert "Propositions du partenaire" in text
    assert "Awa Diatta — Département de Bignona Soumise" in text
    assert "Brouillon" not in text  # a draft is the partner's
    assert "Proposer un participant" not in text

    client.post(
        reverse("proposal-review", args=[proposal.pk]),
        {"action": "accept", "version": proposal.version},
    )
    text = page_text(client.get(detail_url(mission)))
    assert "Awa Diatta Proposé par Département de Bignona" in text
    assert "Awa Diatta — Département de Bignona Acceptée" in text


def test_a_partner_gets_403_on_a_mission_outside_its_partnership(client, bignona):
    visiting = MissionFactory(
        partnership=PartnershipFactory(),
        destination=bignona["organisation"],
        organiser=bignona["organisation"],
    )
    client.force_login(bignona["partner"])

    page = page_text(client.get(detail_url(visiting)))
    response = client.post(
        reverse("proposal-create", args=[PARTICIPANT, visiting.pk]),
        PARTICIPANT_DATA | {"submit": "1"},
    )

    assert "Proposer" not in page
    assert response.status_code == 403
    assert not Proposal.objects.exists()


@pytest.fixture
def reported(bignona, settings, tmp_path):
    """The budget of the stay, its transport reported by Bignona with a receipt, its
    lodging by the coordinator in the mission's form."""
    settings.MEDIA_ROOT = tmp_path
    mission = bignona["mission"]
    transport = BudgetLineFactory(
        mission=mission, label="Transport", cash_amount=D("800"), order=1
    )
    BudgetLineFactory(
        mission=mission,
        label="Hébergement",
        cash_amount=D("1200"),
        in_kind_amount=D("300"),
        order=2,
    )
    BudgetLineFactory(
        mission=mission,
        side="income",
        label="Subvention",
        cash_amount=D("2000"),
        order=3,
    )
    accept(
        bignona,
        propose(
            bignona,
            BUDGET_ACTUAL,
            transport,
            {"actual_cash_amount": "750,50"},
            files=[SimpleUploadedFile("facture-car.pdf", b"%PDF-1.4 facture")],
        ),
    )
    return bignona


def test_the_coordinator_enters_actual_amounts_in_the_mission_form(client, reported):
    mission = reported["mission"]
    client.force_login(reported["coordinator"])
    url = reverse("missions:mission-update", args=[mission.pk])
    data = form_data(client.get(url))
    lodging = next(
        i for i in range(3) if data[f"budget_lines-{i}-label"] == "Hébergement"
    )
    data[f"budget_lines-{lodging}-actual_cash_amount"] = "1 310,00"
    data[f"budget_lines-{lodging}-actual_in_kind_amount"] = "300"
    subsidy = next(
        i for i in range(3) if data[f"budget_lines-{i}-label"] == "Subvention"
    )
    data[f"budget_lines-{subsidy}-actual_cash_amount"] = "-5"

    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Un montant ne peut pas être négatif." in page_text(refused)
    data[f"budget_lines-{subsidy}-actual_cash_amount"] = "2 000"
    client.post(url, data)

    lodging_line = BudgetLine.objects.get(label="Hébergement")
    assert (lodging_line.actual_cash_amount, lodging_line.actual_in_kind_amount) == (
        D("1310"),
        D("300"),
    )
    assert lodging_line.actual_source == ""
    # the transport, untouched, is still the partner's
    transport = BudgetLine.objects.get(label="Transport")
    assert transport.actual_source == "Département de Bignona"
    page = client.get(detail_url(mission))
    text = page_text(page)
    assert "Rapport financier : prévu et réalisé" in text
    assert "Transport Réalisé déclaré par Département de Bignona" in text
    assert "Justificatifs : facture-car.pdf 800 € 0 € 750,50 € 0 € -49,50 €" in text
    assert "Hébergement 1 200 € 300 € 1 310 € 300 € 110 €" in text
    # expenses: 2 300 € planned, 2 360,50 € spent; income as planned
    assert "Total des dépenses 2 000 € 300 € 2 060,50 € 300 € 60,50 €" in text
    assert "Total des recettes 2 000 € 0 € 2 000 € 0 € 0 €" in text
    assert "Solde (recettes − dépenses) -300 € -360,50 € -60,50 €" in text


def test_a_value_the_coordinator_changes_is_no_longer_marked_the_partners(
    client, reported
):
    mission = reported["mission"]
    accept(
        reported,
        propose(reported, PARTICIPANT, mission, PARTICIPANT_DATA),
    )
    client.force_login(reported["coordinator"])
    url = reverse("missions:mission-update", args=[mission.pk])
    data = form_data(client.get(url))
    transport = next(
        i for i in range(3) if data[f"budget_lines-{i}-label"] == "Transport"
    )
    data[f"budget_lines-{transport}-actual_cash_amount"] = "760"

    client.post(url, data)

    line = BudgetLine.objects.get(label="Transport")
    assert (line.actual_cash_amount, line.actual_source) == (D("760"), "")
    assert line.source == ""  # it was the French side's already
    assert Participant.objects.get().source == "Département de Bignona"
    text = page_text(client.get(detail_url(mission)))
    assert "Réalisé déclaré par" not in text
    assert "Awa Diatta Proposé par Département de Bignona" in text


def test_receipts_are_read_by_whoever_reads_the_mission(client, reported, director):
    receipt = Proposal.objects.get(kind=BUDGET_ACTUAL).files.get()
    url = reverse("missions:budget-receipt", args=[receipt.pk])
    client.force_login(director)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 facture"

    stranger = partner_account("partenaire-ailleurs", OrganisationFactory())
    client.force_login(stranger)
    assert client.get(url).status_code == 404


def test_a_receipt_gone_from_storage_is_not_found_rather_than_an_error(
    client, reported
):
    receipt = Proposal.objects.get(kind=BUDGET_ACTUAL).files.get()
    receipt.file.storage.delete(receipt.file.name)
    client.force_login(reported["coordinator"])

    for url in (
        reverse("missions:budget-receipt", args=[receipt.pk]),
        receipt.get_absolute_url(),
    ):
        assert client.get(url).status_code == 404


def test_the_budget_pdf_shows_the_actual_amounts_beside_the_provisional(
    client, reported
):
    client.force_login(reported["coordinator"])

    response = client.get(
        reverse("missions:mission-budget-export", args=[reported["mission"].pk, "pdf"])
    )

    text = " ".join(pdf_text(response.content).split())
    assert "Rapport financier : prévu et réalisé" in text
    assert "Réalisé déclaré par Département de Bignona" in text
    assert "750,50 €" in text
    assert "-49,50 €" in text  # the transport's difference
    assert "Total des dépenses" in text
    assert "Justificatifs joints pour 1 ligne" in text


# The digest


def test_the_digest_lists_proposals_to_review_and_returned_ones(bignona, settings):
    settings.SITE_URL = "https://portail.example.org"
    mission = bignona["mission"]
    waiting = propose(bignona, PARTICIPANT, mission, PARTICIPANT_DATA)
    returned = propose(
        bignona, PROGRAMME_DAY, mission, {"date": "2026-11-03", "title": "Visite"}
    )
    returned = proposal_return(
        proposal=returned,
        user=bignona["coordinator"],
        version=returned.version,
        comment="Quelle visite ?",
    )
    today = datetime.date(2026, 11, 30)

    digest_send(user=bignona["coordinator"], today=today)
    digest_send(user=bignona["partner"], today=today)

    coordinator, partner = mail.outbox
    assert coordinator.to == ["coordinatrice@example.org"]
    assert "Propositions des partenaires à examiner :" in coordinator.body
    assert (
        "Participant — Séjour des jeunes à Bignona (Département de Bignona)"
        in coordinator.body
    )
    assert f"https://portail.example.org/propositions/{waiting.pk}/" in coordinator.body
    assert f"/propositions/{returned.pk}/" not in coordinator.body
    html_part = coordinator.alternatives[0][0]
    assert f'href="https://portail.example.org/propositions/{waiting.pk}/"' in (
        html_part
    )
    assert "Vos propositions renvoyées par un coordinateur :" in partner.body
    assert "Journée du programme du séjour" in partner.body
    assert "Quelle visite ?" in partner.body
    assert f"/propositions/{returned.pk}/" in partner.body
    assert f"/propositions/{waiting.pk}/" not in partner.body

    # the same week, nothing new: nothing sent again
    assert digest_send(user=bignona["coordinator"], today=today) == []
    assert len(mail.outbox) == 2


def test_a_romanian_speaking_partner_gets_its_digest_in_romanian(bignona):
    AccountPreferences.objects.update_or_create(
        user=bignona["partner"], defaults={"language": "ro"}
    )
    mission = bignona["mission"]
    returned = propose(
        bignona, PROGRAMME_DAY, mission, {"date": "2026-11-03", "title": "Visite"}
    )
    proposal_return(
        proposal=returned,
        user=bignona["coordinator"],
        version=returned.version,
        comment="Quelle visite ?",
    )

    digest_send(user=bignona["partner"], today=datetime.date(2026, 11, 30))

    (partner,) = mail.outbox
    assert partner.subject == (
        "Portalul cooperării: 1 punct de văzut săptămâna aceasta"
    )
    assert "Propunerile dumneavoastră returnate de un coordonator:" in partner.body
    # the record and the comment stay in the language they were written in
    assert "Séjour des jeunes à Bignona (Département de Bignona): Quelle visite ?" in (
        partner.body
    )


def test_moving_a_participant_keeps_the_partners_mark(client, bignona):
    """Only a change of the values the partner wrote takes its mark off: putting the
    rows in another order is not one."""
    mission = bignona["mission"]
    for name in ("Awa Diatta", "Lamine Sané"):
        accept(
            bignona,
            propose(
                bignona, PARTICIPANT, mission, {**PARTICIPANT_DATA, "full_name": name}
            ),
        )
    client.force_login(bignona["coordinator"])
    url = reverse("missions:mission-update", args=[mission.pk])
    data = form_data(client.get(url))
    first, second = data["participants-0-ORDER"], data["participants-1-ORDER"]
    data["participants-0-ORDER"], data["participants-1-ORDER"] = second, first

    client.post(url, data)

    assert list(mission.participants.values_list("full_name", "source")) == [
        ("Lamine Sané", "Département de Bignona"),
        ("Awa Diatta", "Département de Bignona"),
    ]


def test_a_colleague_opens_the_financial_report_its_organisation_proposed(
    client, bignona, settings, tmp_path
):
    """Two accounts of Bignona: the actual amounts one of them started are Bignona's,
    so the other reads them and their receipt from the mission's page, as it reads
    the link to them; only their author edits them, and nobody proposes a second
    report of the line. An account of another organisation reads neither."""
    settings.MEDIA_ROOT = tmp_path
    mission = bignona["mission"]
    line = BudgetLineFactory(mission=mission, label="Transport", cash_amount=D("800"))
    proposal = propose(
        bignona,
        BUDGET_ACTUAL,
        line,
        {"actual_cash_amount": "750,50"},
        submit=False,
        files=[SimpleUploadedFile("facture-car.pdf", b"%PDF-1.4 facture")],
    )
    colleague = partner_account("comptable-bignona", bignona["organisation"])
    client.force_login(colleague)

    page = client.get(detail_url(mission))
    text = page_text(page)
    assert "Transport Proposition de votre organisation Brouillon" in text
    assert "Votre proposition" not in text
    assert "Proposer le réalisé" not in text
    assert "Propositions de votre organisation sur cette mission" in text
    assert (
        "Rapport financier : montants réalisés — Transport — Département de Bignona "
        "Brouillon"
    ) in text
    link = reverse("proposal-detail", args=[proposal.pk])
    assert page.content.decode().count(f'href="{link}"') == 2

    opened = client.get(link)
    assert opened.status_code == 200
    opened_text = page_text(opened)
    assert (
        "Brouillon — proposée par partenaire-bignona au nom de Département de Bignona"
        in opened_text
    )
    assert "Numéraire réalisé 750,5 " in opened_text
    assert "Justificatifs facture-car.pdf" in opened_text
    assert "Soumettre au coordinateur" not in opened_text
    receipt = client.get(proposal.files.get().get_absolute_url())
    assert receipt.status_code == 200
    assert b"".join(receipt.streaming_content) == b"%PDF-1.4 facture"
    edited = client.post(link, {"actual_cash_amount": "1", "submit": "1"})
    assert edited.status_code == 403
    proposal.refresh_from_db()
    assert (proposal.payload, proposal.state) == (
        {"actual_cash_amount": "750.50", "actual_in_kind_amount": None},
        Proposal.State.DRAFT,
    )

    outsider = partner_account("partenaire-ailleurs", OrganisationFactory())
    client.force_login(outsider)
    assert client.get(link).status_code == 403
    assert client.get(proposal.files.get().get_absolute_url()).status_code == 403
