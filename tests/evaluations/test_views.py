import re
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from evaluations.models import Evaluation, Measurement
from evaluations.selectors import project_evaluation_summary_prefetch
from missions.pdf import html_document
from projects.models import Project
from tests.factories import (
    EvaluationFactory,
    EvaluativeQuestionFactory,
    IndicatorFactory,
    MeasurementFactory,
    OrganisationFactory,
    ProjectFactory,
)
from tests.pages import count_queries, form_data, page_text, pdf_pages

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def indicator(partnership_indicator):
    """« Nombre de participants », target 40, in the evaluation of a Savoie - Argeș
    project, with two measurements here and one there."""
    indicator = partnership_indicator(
        partner="Judet d'Argeș",
        country="RO",
        kind="judet",
        project="Renforcement institutionnel et action sociale",
        evaluation="Suivi évaluation des 6 séminaires",
        question="Est-ce que le taux de participation était fort ?",
    )
    savoie = indicator.question.evaluation.project.carrier
    MeasurementFactory(indicator=indicator, date="2009-09-15", side="french", value=25)
    MeasurementFactory(
        indicator=indicator,
        date="2009-12-10",
        side="french",
        value=35,
        territory=savoie,
    )
    MeasurementFactory(indicator=indicator, date="2009-10-20", side="partner", value=42)
    return indicator


def grid_url(evaluation):
    return reverse("evaluations:evaluation-detail", args=[evaluation.pk])


# The grid


def test_the_grid_shows_the_latest_value_on_each_side_beside_the_target(
    coordinator_client, indicator
):
    response = coordinator_client.get(grid_url(indicator.question.evaluation))

    text = page_text(response)
    assert (
        "1. Est-ce que le taux de participation était fort ? Modifier les indicateurs"
    ) in text
    assert (
        "Nombre de participants personnes — 40 "
        "35 personnes au 10/12/2009 · Département de la Savoie "
        "88 % du chemin vers la cible "
        "42 personnes au 20/10/2009 105 % du chemin vers la cible"
    ) in text
    assert "<svg" in response.content.decode()


def test_the_grid_costs_the_same_queries_for_few_or_many_rows(
    coordinator_client, indicator, django_assert_max_num_queries
):
    url = grid_url(indicator.question.evaluation)
    few = count_queries(coordinator_client, url)
    for n in range(6):
        question = EvaluativeQuestionFactory(evaluation=indicator.question.evaluation)
        for _ in range(3):
            other = IndicatorFactory(question=question, name=f"Indicateur {n}")
            MeasurementFactory(indicator=other, side="partner")
            MeasurementFactory(
                indicator=other,
                side="french",
                territory=indicator.question.evaluation.project.carrier,
            )

    with django_assert_max_num_queries(few):
        coordinator_client.get(url)


def test_the_list_filters_counts_and_costs_the_same_queries(
    coordinator_client, indicator, django_assert_max_num_queries
):
    EvaluationFactory(title="Évaluation finale", status=Evaluation.Status.DONE)
    url = reverse("evaluations:evaluation-list")

    text = page_text(coordinator_client.get(url, {"country": "RO"}))
    done = page_text(coordinator_client.get(url, {"status": "done", "q": "finale"}))
    few = count_queries(coordinator_client, url)
    for _ in range(10):
        EvaluativeQuestionFactory(evaluation=EvaluationFactory())

    assert "1 résultat" in text
    assert "Suivi évaluation des 6 séminaires" in text
    assert "Évaluation finale" not in text
    assert "Évaluation finale" in done and "Suivi évaluation" not in done
    with django_assert_max_num_queries(few):
        coordinator_client.get(url)


# Measurements


def test_a_coordinator_enters_a_measurement_and_sees_it_on_the_chart(
    coordinator_client, indicator
):
    url = reverse("evaluations:indicator-detail", args=[indicator.pk])
    arges = indicator.question.evaluation.project.partnerships.get().partner

    response = coordinator_client.post(
        url,
        {
            "date": "2010-03-01",
            "side": "partner",
            "territory": arges.pk,
            "value": "38,5",
            "comment": "Séminaire de Cahul",
        },
        follow=True,
    )

    measurement = indicator.measurements.get(date="2010-03-01")
    assert (measurement.value, measurement.territory) == (D("38.5"), arges)
    text = page_text(response)
    assert "Mesure enregistrée." in text
    assert "38,5 personnes au 01/03/2010 · Judet d'Argeș" in text
    assert 'data-date="2010-03-01"' in response.content.decode()


def test_a_measurement_on_the_wrong_side_is_refused_in_the_form(
    coordinator_client, indicator
):
    url = reverse("evaluations:indicator-detail", args=[indicator.pk])
    arges = indicator.question.evaluation.project.partnerships.get().partner

    response = coordinator_client.post(
        url,
        {"date": "2010-03-01", "side": "french", "territory": arges.pk, "value": "9"},
    )

    assert response.status_code == 400
    assert (
        "Judet d'Argeș est du côté « Territoire partenaire » : la mesure ne peut pas "
        "être enregistrée pour le « Territoire français »."
    ) in page_text(response)
    assert not indicator.measurements.filter(date="2010-03-01").exists()


def test_the_territories_offered_are_those_of_the_project_with_their_side(
    coordinator_client, indicator
):
    OrganisationFactory(name="Ville de Dessalines", country="HT", kind="ville")

    response = coordinator_client.get(
        reverse("evaluations:indicator-detail", args=[indicator.pk])
    )

    options = re.findall(
        r"<option value=\"\d+\">([^<]+)</option>", response.content.decode()
    )
    assert [o.replace("&#x27;", "'") for o in options] == [
        "Département de la Savoie (Territoire français)",
        "Judet d'Argeș (Territoire partenaire)",
    ]


def test_a_director_reads_the_indicator_but_cannot_enter_a_measurement(
    client, director, indicator
):
    client.force_login(director)
    url = reverse("evaluations:indicator-detail", args=[indicator.pk])

    text = page_text(client.get(url))
    response = client.post(url, {"date": "2010-01-01", "side": "french", "value": "1"})

    assert "Nombre de participants" in text
    assert "Saisir une mesure" not in text and "Supprimer" not in text
    assert response.status_code == 403
    assert indicator.measurements.count() == 3


def test_deleting_a_measurement_asks_first(coordinator_client, indicator):
    measurement = indicator.measurements.get(side="partner")
    url = reverse("evaluations:measurement-delete", args=[measurement.pk])

    assert "Supprimer « 20/10/2009 Territoire partenaire : 42 » ?" in page_text(
        coordinator_client.get(url)
    )
    response = coordinator_client.post(url)

    assert response.url == reverse("evaluations:indicator-detail", args=[indicator.pk])
    assert not Measurement.objects.filter(pk=measurement.pk).exists()


# Editing the grid: questions on the evaluation, indicators on each question


def test_a_coordinator_creates_an_evaluation_with_its_questions(coordinator_client):
    project = ProjectFactory()

    url = reverse("evaluations:evaluation-create")
    data = form_data(coordinator_client.get(url)) | {
        "project": project.pk,
        "title": "Évaluation des impacts ici et là-bas",
        "status": "planned",
        "start_date": "2016-01-01",
        "end_date": "2017-06-30",
        "questions-TOTAL_FORMS": "2",
        "questions-0-text": "Quels ont été les effets sur le territoire français ?",
        "questions-1-text": "Quels ont été les effets sur le territoire marocain ?",
    }

    response = coordinator_client.post(url, data, follow=True)

    evaluation = Evaluation.objects.get(title="Évaluation des impacts ici et là-bas")
    assert [q.text for q in evaluation.questions.all()] == [
        "Quels ont été les effets sur le territoire français ?",
        "Quels ont été les effets sur le territoire marocain ?",
    ]
    text = page_text(response)
    assert "2. Quels ont été les effets sur le territoire marocain ?" in text


def test_a_coordinator_defines_the_indicators_of_a_question(
    coordinator_client, indicator
):
    question = indicator.question
    url = reverse("evaluations:question-update", args=[question.pk])
    data = form_data(coordinator_client.get(url))
    data.update(
        {
            "indicators-TOTAL_FORMS": "2",
            "indicators-1-name": "Nombre d'ONG mobilisées",
            "indicators-1-unit": "ONG",
            "indicators-1-baseline": "2",
            "indicators-1-target": "1 200,5",
        }
    )

    response = coordinator_client.post(url, data, follow=True)

    added = question.indicators.get(name="Nombre d'ONG mobilisées")
    assert (added.baseline, added.target) == (D("2"), D("1200.5"))
    assert "Nombre d'ONG mobilisées ONG 2 1 200,5" in page_text(response)
    question.evaluation.refresh_from_db()
    assert question.evaluation.version == 2


def test_a_stale_question_page_is_refused_once_the_evaluation_changed(
    coordinator_client, indicator
):
    question = indicator.question
    url = reverse("evaluations:question-update", args=[question.pk])
    stale = form_data(coordinator_client.get(url))
    evaluation_url = reverse(
        "evaluations:evaluation-update", args=[question.evaluation.pk]
    )
    other = form_data(coordinator_client.get(evaluation_url))
    other["title"] = "Titre changé entre-temps"
    coordinator_client.post(evaluation_url, other)
    stale["indicators-0-target"] = "50"

    response = coordinator_client.post(url, stale)

    assert response.status_code == 409
    assert "Titre changé entre-temps" in page_text(response)
    indicator.refresh_from_db()
    assert indicator.target == D("40")


# Who may do what


def test_a_partner_reads_only_the_evaluations_of_their_projects(
    client, partner_user, membership_factory, indicator
):
    other = EvaluationFactory(title="Évaluation d'un autre projet")
    partner = indicator.question.evaluation.project.partnerships.get().partner
    membership_factory(user=partner_user, organisation=partner)
    client.force_login(partner_user)

    listed = page_text(client.get(reverse("evaluations:evaluation-list")))
    grid = client.get(grid_url(indicator.question.evaluation))

    assert "Suivi évaluation des 6 séminaires" in listed
    assert "Évaluation d'un autre projet" not in listed
    assert client.get(grid_url(other)).status_code == 404
    assert "Modifier" not in page_text(grid)


@pytest.mark.parametrize("role", ["director", "partner_user"])
def test_only_coordinators_edit_evaluations(client, request, role, indicator):
    user = request.getfixturevalue(role)
    evaluation = indicator.question.evaluation
    if role == "partner_user":
        user.memberships.create(
            organisation=evaluation.project.partnerships.get().partner
        )
    client.force_login(user)

    urls = [
        reverse("evaluations:evaluation-create"),
        reverse("evaluations:evaluation-update", args=[evaluation.pk]),
        reverse("evaluations:evaluation-delete", args=[evaluation.pk]),
        reverse("evaluations:question-update", args=[indicator.question.pk]),
    ]

    assert [client.get(url).status_code for url in urls] == [403] * 4
    assert client.post(urls[1], {"title": "Non"}).status_code == 403


# The summary on the project page and sheet


def summary_project(project):
    return Project.objects.prefetch_related(project_evaluation_summary_prefetch()).get(
        pk=project.pk
    )


def test_the_project_summary_says_where_each_followed_indicator_stands(
    indicator, django_assert_max_num_queries
):
    IndicatorFactory(question=indicator.question, name="Non suivi", target=None)
    with django_assert_max_num_queries(5):
        project = summary_project(indicator.question.evaluation.project)
        html = render_to_string(
            "evaluations/includes/_project_summary.html", {"project": project}
        )

    text = page_text(html)
    assert "Évaluation : impacts ici et là-bas" in text
    assert "1 question évaluative, 2 indicateurs" in text
    assert "Nombre de participants 40 personnes 35 personnes" in text
    assert "Non suivi" not in text
    assert "<svg" in html


def test_the_project_summary_is_empty_without_evaluation():
    project = summary_project(ProjectFactory())

    html = render_to_string(
        "evaluations/includes/_project_summary.html", {"project": project}
    )

    assert html.strip() == ""


def test_the_summary_and_its_chart_are_readable_in_a_pdf(indicator):
    project = summary_project(indicator.question.evaluation.project)
    html = render_to_string(
        "evaluations/includes/_project_summary.html", {"project": project}
    )

    document = html_document(f"<html lang='fr'><body>{html}</body></html>")

    text = pdf_pages(document.write_pdf())[0]
    assert "Nombre de participants" in text
    assert "Cible : 40 personnes" in text  # drawn from the chart's legend
