import datetime
import html
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from missions.models import Mission, MissionStep
from tests.factories import (
    BudgetLineFactory,
    MissionDayFactory,
    MissionFactory,
    MissionStepFactory,
    OrganisationFactory,
    ParticipantFactory,
    PartnershipFactory,
    ProjectFactory,
)
from tests.pages import count_queries, form_data, history_text, page_text

pytestmark = pytest.mark.django_db

D = Decimal


def detail_url(mission):
    return reverse("missions:mission-detail", args=[mission.pk])


# The list


def test_the_list_filters_by_kind_year_and_text_and_keeps_the_filters_in_its_links(
    coordinator_client,
):
    for day in range(1, 28):
        MissionFactory(
            title=f"Séminaire {day:02d}",
            kind=Mission.Kind.SEMINAR,
            start_date=datetime.date(2009, 9, day),
        )
    MissionFactory(
        title="Séminaire hors année", kind="seminar", start_date="2010-01-05"
    )
    MissionFactory(title="Formation 2009", kind="training", start_date="2009-05-01")

    response = coordinator_client.get(
        reverse("missions:mission-list"),
        {
            "kind": "seminar",
            "year": "2009",
            "q": "Séminaire",
            "ordering": "-start_date",
        },
    )

    text = page_text(response)
    assert "27 résultats" in text
    assert "Page 1 sur 2" in text
    assert text.index("Séminaire 27") < text.index("Séminaire 26")
    assert "Formation 2009" not in text and "hors année" not in text
    next_page = re.search(r'href="\?([^"]+)">Suivante', response.content.decode())
    assert html.unescape(next_page[1]) == (
        "kind=seminar&year=2009&q=S%C3%A9minaire&ordering=-start_date&page=2"
    )


def test_the_list_filters_by_partnership_through_the_project_and_by_country(
    coordinator_client,
):
    arges = PartnershipFactory(partner=OrganisationFactory(name="Argeș", country="RO"))
    project = ProjectFactory(partnership=arges)
    MissionFactory(title="Séminaire du projet", partnership=None, project=project)
    MissionFactory(title="Mission à Bignona")  # partner in Senegal
    url = reverse("missions:mission-list")

    by_partnership = page_text(coordinator_client.get(url, {"partnership": arges.pk}))
    by_country = page_text(coordinator_client.get(url, {"country": "SN"}))

    assert "Séminaire du projet" in by_partnership
    assert "Mission à Bignona" not in by_partnership
    assert "Mission à Bignona" in by_country
    assert "Séminaire du projet" not in by_country


def test_the_list_shows_how_far_the_steps_are_and_which_are_late(coordinator_client):
    mission = MissionFactory(title="Échange jeunesse")
    MissionStepFactory(mission=mission, state="done")
    MissionStepFactory(mission=mission, due_date=datetime.date(2000, 1, 1))
    MissionStepFactory(mission=mission, kind="other", title="Visas")

    text = page_text(coordinator_client.get(reverse("missions:mission-list")))

    assert "Échange jeunesse" in text
    assert "1 / 3 1 en retard" in text


def test_the_list_costs_the_same_queries_for_few_or_many_missions(
    coordinator_client, django_assert_max_num_queries
):
    url = reverse("missions:mission-list")
    MissionStepFactory()
    few = count_queries(coordinator_client, url)
    for _ in range(20):
        MissionStepFactory(mission=MissionFactory(project=ProjectFactory()))

    with django_assert_max_num_queries(few):
        coordinator_client.get(url)


def test_a_partner_lists_only_the_missions_of_their_partnerships(
    client, partner_user, membership_factory
):
    mine = MissionFactory(title="Mission de mon partenariat")
    MissionFactory(title="Mission d'un autre partenariat")
    membership_factory(user=partner_user, organisation=mine.partnership.partner)
    client.force_login(partner_user)

    text = page_text(client.get(reverse("missions:mission-list")))

    assert "Mission de mon partenariat" in text
    assert "Mission d'un autre partenariat" not in text
    assert "Nouvelle mission" not in text


# The mission page


def test_the_mission_page_is_a_working_plan_with_overdue_steps(coordinator_client):
    mission = MissionFactory()
    MissionStepFactory(
        mission=mission, phase="before", kind="letter_to_elected", state="done"
    )
    MissionStepFactory(
        mission=mission,
        phase="after",
        kind="individual_report",
        due_date=datetime.date(2001, 3, 2),
    )
    MissionStepFactory(
        mission=mission, phase="during", kind="evening_debriefing", state="in_progress"
    )

    text = page_text(coordinator_client.get(detail_url(mission)))

    assert "1 étape faite sur 3." in text
    assert "1 étape en retard : Bilan individuel (échéance le 02/03/2001)" in text
    before, during, after = (
        text.index("Avant Fait Courrier aux élus"),
        text.index("Pendant En cours Débriefing du soir"),
        text.index("Après À faire Bilan individuel échéance le 02/03/2001 en retard"),
    )
    assert before < during < after


def test_the_mission_page_shows_the_programme_and_participants_by_category(
    coordinator_client,
):
    mission = MissionFactory()
    MissionDayFactory(mission=mission, date="2014-10-06", title="Accueil à Chambéry")
    ParticipantFactory(mission=mission, full_name="Mamina Kamara", category="elu")
    ParticipantFactory(mission=mission, category="jeune")
    ParticipantFactory(mission=mission, category="jeune")

    text = page_text(coordinator_client.get(detail_url(mission)))

    assert "Lundi 6 octobre 2014 Accueil à Chambéry" in text
    assert "3 participants : Élu : 1 Jeune : 2" in text
    assert "Mamina Kamara" in text


def test_the_budget_shows_totals_per_column_and_side_and_flags_an_imbalance(
    coordinator_client,
):
    mission = MissionFactory(organiser=OrganisationFactory(name="Judet d'Argeș"))
    BudgetLineFactory(
        mission=mission,
        side="expense",
        label="Traduction",
        cash_amount=D("22124.13"),
        in_kind_amount=D("1000"),
    )
    BudgetLineFactory(
        mission=mission,
        side="income",
        label="Financements du MAEE",
        cash_amount=D("20000"),
        in_kind_amount=D("1000"),
    )

    text = page_text(coordinator_client.get(detail_url(mission)))

    assert "Dépenses de Judet d'Argeș Recettes de Judet d'Argeș" in text
    assert "Traduction 22 124,13 € 1 000 €" in text
    assert "Total 22 124,13 € 1 000 € 20 000 € 1 000 €" in text
    assert "Total par nature 23 124,13 € 21 000 €" in text
    assert "Solde en numéraire -2 124,13 €" in text
    assert "Budget déséquilibré : solde de -2 124,13 € en numéraire." in text


def test_a_balanced_budget_is_said_to_be(coordinator_client):
    mission = MissionFactory()
    BudgetLineFactory(mission=mission, side="expense", cash_amount=D("500"))
    BudgetLineFactory(mission=mission, side="income", cash_amount=D("500"))

    text = page_text(coordinator_client.get(detail_url(mission)))

    assert "Budget équilibré." in text
    assert "déséquilibré" not in text


def test_the_mission_page_costs_the_same_queries_for_few_or_many_rows(
    coordinator_client, django_assert_max_num_queries
):
    mission = MissionFactory(project=ProjectFactory())
    MissionStepFactory(mission=mission)
    ParticipantFactory(mission=mission, organisation=OrganisationFactory())
    BudgetLineFactory(mission=mission)
    MissionDayFactory(mission=mission)
    few = count_queries(coordinator_client, detail_url(mission))
    for _ in range(15):
        MissionStepFactory(mission=mission, kind="other", title="Étape de plus")
        ParticipantFactory(mission=mission, organisation=OrganisationFactory())
        BudgetLineFactory(mission=mission, side="income")
        MissionDayFactory(mission=mission)
        mission.participating_authorities.add(OrganisationFactory())

    with django_assert_max_num_queries(few):
        response = coordinator_client.get(detail_url(mission))
    assert "16 participants" in page_text(response)


# Creating, editing, deleting


def test_a_coordinator_creates_a_mission_with_participants_and_gets_the_steps(
    coordinator_client,
):
    partnership = PartnershipFactory()
    url = reverse("missions:mission-create")
    data = form_data(coordinator_client.get(url)) | {
        "title": "Anima'Terre : accueil des animateurs",
        "kind": "exchange",
        "partnership": partnership.pk,
        "start_date": "2014-10-06",
        "participants-TOTAL_FORMS": "1",
        "participants-0-full_name": "Awa Diatta",
        "participants-0-category": "jeune",
        "budget_lines-TOTAL_FORMS": "1",
        "budget_lines-0-side": "expense",
        "budget_lines-0-label": "Hébergement",
        "budget_lines-0-cash_amount": "1 250,50",
    }

    response = coordinator_client.post(url, data, follow=True)

    mission = Mission.objects.get(title="Anima'Terre : accueil des animateurs")
    assert response.redirect_chain[-1][0] == detail_url(mission)
    assert mission.steps.count() == 11
    line = mission.budget_lines.get()
    assert (line.cash_amount, line.in_kind_amount) == (D("1250.50"), D("0"))
    text = page_text(response)
    assert "0 étape faite sur 11." in text  # French plural: 0 is singular
    assert "Awa Diatta" in text


def test_a_mission_without_project_or_partnership_is_refused(coordinator_client):
    url = reverse("missions:mission-create")
    data = form_data(coordinator_client.get(url))

    response = coordinator_client.post(
        url, data | {"title": "Orpheline", "kind": "exchange"}
    )

    assert "Rattachez la mission à un projet ou un partenariat." in page_text(response)
    assert not Mission.objects.filter(title="Orpheline").exists()


def test_a_step_state_change_is_recorded_and_shown_in_the_history(
    coordinator_client, coordinator
):
    mission = MissionFactory()
    step = MissionStepFactory(mission=mission, kind="preparation_evening")
    url = reverse("missions:mission-steps", args=[mission.pk])
    data = form_data(coordinator_client.get(url))
    data["steps-0-state"] = MissionStep.State.DONE

    response = coordinator_client.post(url, data, follow=True)

    step.refresh_from_db()
    assert step.state == "done"
    record = step.history.latest()
    assert record.history_user == coordinator
    assert record.diff_against(record.prev_record).changed_fields == ["state"]
    assert response.redirect_chain[-1][0] == detail_url(mission)
    assert "modification étape « Soirée de préparation » état : À faire → Fait" in (
        history_text(coordinator_client, mission)
    )


def post_new_step(client, mission, **fields):
    """Post the steps page of `mission` with one step added (« Ajouter une ligne »)."""
    url = reverse("missions:mission-steps", args=[mission.pk])
    data = form_data(client.get(url))
    data["steps-TOTAL_FORMS"] = "1"
    step = {"phase": "before", "kind": "other", "state": "todo"}
    data.update(
        {f"steps-0-{name}": value for name, value in {**step, **fields}.items()}
    )
    return client.post(url, data)


def test_a_coordinator_adds_a_step_of_their_own(coordinator_client):
    mission = MissionFactory()

    post_new_step(
        coordinator_client, mission, title="Demande de visas", due_date="2030-01-15"
    )

    step = mission.steps.get()
    assert (step.title, step.due_date) == (
        "Demande de visas",
        datetime.date(2030, 1, 15),
    )


def test_a_step_outside_the_list_needs_a_title(coordinator_client):
    mission = MissionFactory()

    response = post_new_step(coordinator_client, mission)

    assert "Donnez un intitulé à une étape qui n'est pas dans la liste." in page_text(
        response
    )
    assert not mission.steps.exists()


def test_a_stale_mission_form_is_refused_and_nothing_is_written(coordinator_client):
    mission = MissionFactory(title="Titre d'origine", place="Yenne")
    url = reverse("missions:mission-update", args=[mission.pk])
    data = form_data(coordinator_client.get(url))
    other = form_data(coordinator_client.get(url))
    other["place"] = "Chambéry"
    coordinator_client.post(url, other)  # someone else saves first
    data["title"] = "Mon titre"

    response = coordinator_client.post(url, data)

    assert response.status_code == 409
    assert "quelqu'un d'autre a modifié cette fiche" in page_text(response)
    mission.refresh_from_db()
    assert (mission.title, mission.place) == ("Titre d'origine", "Chambéry")


def test_deleting_asks_first_and_says_what_goes_with_the_mission(coordinator_client):
    mission = MissionFactory(title="À supprimer")
    MissionStepFactory(mission=mission)
    url = reverse("missions:mission-delete", args=[mission.pk])

    confirmation = page_text(coordinator_client.get(url))
    response = coordinator_client.post(url)

    assert "Supprimer « À supprimer » ?" in confirmation
    assert "Étapes, 1 : « Fiche d'objectifs »" in confirmation
    assert response.url == reverse("missions:mission-list")
    assert not Mission.objects.filter(pk=mission.pk).exists()


def test_a_form_posted_without_its_csrf_token_is_refused(coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    mission = MissionFactory(title="Intacte")

    response = client.post(
        reverse("missions:mission-delete", args=[mission.pk]), {"confirm": "1"}
    )

    assert response.status_code == 403
    assert Mission.objects.filter(title="Intacte").exists()


# Who may do what


def test_a_director_reads_a_mission_without_edit_buttons(client, director):
    mission = MissionFactory()
    client.force_login(director)

    text = page_text(client.get(detail_url(mission)))

    assert mission.title in text
    for button in ("Modifier", "Supprimer", "Mettre à jour", "Rédiger le compte"):
        assert button not in text


@pytest.mark.parametrize(
    "name", ["mission-update", "mission-steps", "mission-delete", "mission-report"]
)
def test_a_director_gets_403_on_every_edit_page(client, director, name):
    mission = MissionFactory()
    client.force_login(director)

    assert client.get(reverse(f"missions:{name}", args=[mission.pk])).status_code == 403
    assert (
        client.post(reverse(f"missions:{name}", args=[mission.pk])).status_code == 403
    )


def test_a_director_cannot_create_a_mission(client, director):
    client.force_login(director)

    assert client.get(reverse("missions:mission-create")).status_code == 403


def test_a_partner_writes_the_report_of_their_mission_through_the_page(
    client, partner_user, membership_factory
):
    mission = MissionFactory()
    membership_factory(user=partner_user, organisation=mission.partnership.partner)
    client.force_login(partner_user)
    url = reverse("missions:mission-report", args=[mission.pk])
    assert "Rédiger le compte rendu" in page_text(client.get(detail_url(mission)))

    response = client.post(
        url, {"report": "Les **jeunes** ont présenté leur projet.", "version": 1}
    )

    assert response.url == detail_url(mission)
    text = page_text(client.get(detail_url(mission)))
    assert "Les jeunes ont présenté leur projet." in text
    assert "Modifier" not in text.replace("Modifier le compte rendu", "")


def test_a_partner_gets_404_on_the_report_of_another_mission_and_on_edits(
    client, partner_user, membership_factory
):
    membership_factory(user=partner_user, organisation=PartnershipFactory().partner)
    other = MissionFactory()
    client.force_login(partner_user)

    report = client.post(
        reverse("missions:mission-report", args=[other.pk]),
        {"report": "Intrus", "version": 1},
    )

    assert report.status_code == 404  # out of its scope: as if it did not exist
    assert client.get(detail_url(other)).status_code == 404
    other.refresh_from_db()
    assert other.report == ""


def test_a_partner_reads_but_cannot_report_on_a_mission_it_only_travels_on(
    client, partner_user, membership_factory
):
    organisation = membership_factory(
        user=partner_user, organisation=PartnershipFactory().partner
    ).organisation
    other = MissionFactory(destination=organisation)  # of another partnership
    client.force_login(partner_user)
    url = reverse("missions:mission-report", args=[other.pk])

    detail = page_text(client.get(detail_url(other)))
    form = client.get(url)
    report = client.post(url, {"report": "Intrus", "version": 1})

    assert other.title in detail
    assert "Rédiger le compte rendu" not in detail
    assert (form.status_code, report.status_code) == (403, 403)
    other.refresh_from_db()
    assert other.report == ""


def test_a_partner_cannot_edit_their_own_mission(
    client, partner_user, membership_factory
):
    mission = MissionFactory()
    membership_factory(user=partner_user, organisation=mission.partnership.partner)
    client.force_login(partner_user)

    update = client.get(reverse("missions:mission-update", args=[mission.pk]))
    steps = client.get(reverse("missions:mission-steps", args=[mission.pk]))

    assert (update.status_code, steps.status_code) == (403, 403)


def test_a_stale_report_is_refused_with_the_text_kept(
    client, partner_user, membership_factory
):
    mission = MissionFactory(report="Version enregistrée")
    membership_factory(user=partner_user, organisation=mission.partnership.partner)
    client.force_login(partner_user)

    response = client.post(
        reverse("missions:mission-report", args=[mission.pk]),
        {"report": "Mon brouillon", "version": 0},
    )

    assert response.status_code == 409
    text = page_text(response)
    assert "Enregistrement refusé" in text
    assert "Version enregistrée" in text and "Mon brouillon" in text
    mission.refresh_from_db()
    assert mission.report == "Version enregistrée"


# Calendar and seminar series


def test_the_calendar_lists_the_missions_of_a_year_month_by_month(coordinator_client):
    MissionFactory(title="Séminaire de Tulcea", start_date="2009-10-01")
    MissionFactory(title="Séminaire d'Argeș", start_date="2009-09-01")
    MissionFactory(title="Formation 2012", start_date="2012-02-01")

    response = coordinator_client.get(
        reverse("missions:mission-calendar"), {"year": "2009"}
    )

    text = page_text(response)
    assert "Calendrier des missions 2009" in text
    assert "2 missions commencent en 2009." in text
    assert text.index("Septembre 2009") < text.index("Séminaire d'Argeș")
    assert text.index("Séminaire d'Argeș") < text.index("Octobre 2009")
    assert text.index("Octobre 2009") < text.index("Séminaire de Tulcea")
    assert "Formation 2012" not in text
    assert "Années avec des missions : 2009 · 2012" in text


def test_the_seminar_series_of_a_project_is_the_table_of_the_2009_seminar_report(
    coordinator_client,
):
    project = ProjectFactory(title="Renforcement institutionnel et action sociale")
    arad, sibiu = (
        OrganisationFactory(name="Judet d'Arad"),
        OrganisationFactory(name="Judet de Sibiu"),
    )
    arges = MissionFactory(
        project=project,
        partnership=None,
        kind="seminar",
        start_date="2009-09-01",
        organiser=OrganisationFactory(name="Judet d'Argeș"),
        other_participants="- ONG locales",
        themes_note="- Organisationnel",
    )
    arges.participating_authorities.set([arad, sibiu])
    MissionFactory(
        project=project,
        partnership=None,
        kind="seminar",
        start_date="2009-12-01",
        organiser=OrganisationFactory(name="Raion de Cahul"),
    )
    MissionFactory(project=project, partnership=None, kind="training")

    response = coordinator_client.get(
        reverse("missions:seminar-series", args=[project.slug])
    )

    text = page_text(response)
    assert "Série de 2 séminaires" in text
    assert (
        "Judet d'Argeș Judet d'Arad, Judet de Sibiu ONG locales Organisationnel — "
        "Septembre 2009"
    ) in text
    assert text.index("Judet d'Argeș") < text.index("Raion de Cahul")
