"""Evaluative questions and their indicators keep the order people put them in: no
order number to type, a new one goes last, up / down buttons move them."""

import pytest
from django.urls import reverse

from tests.factories import (
    EvaluationFactory,
    EvaluativeQuestionFactory,
    IndicatorFactory,
)
from tests.pages import form_data, page_text

pytestmark = pytest.mark.django_db


def test_a_new_question_goes_last_and_shows_last(coordinator_client):
    evaluation = EvaluationFactory()
    EvaluativeQuestionFactory(evaluation=evaluation, text="Effets ici ?", order=1)
    EvaluativeQuestionFactory(evaluation=evaluation, text="Effets là-bas ?", order=2)
    url = reverse("evaluations:evaluation-update", args=[evaluation.pk])
    data = form_data(coordinator_client.get(url))
    assert "questions-0-order" not in data
    data |= {"questions-TOTAL_FORMS": "3", "questions-2-text": "Et après ?"}

    response = coordinator_client.post(url, data, follow=True)

    texts = list(evaluation.questions.values_list("text", flat=True))
    assert texts == ["Effets ici ?", "Effets là-bas ?", "Et après ?"]
    assert "3. Et après ?" in page_text(response)


def test_questions_move_up_without_javascript_then_save(coordinator_client):
    evaluation = EvaluationFactory()
    first = EvaluativeQuestionFactory(evaluation=evaluation, text="Un ?", order=1)
    second = EvaluativeQuestionFactory(evaluation=evaluation, text="Deux ?", order=2)
    url = reverse("evaluations:evaluation-update", args=[evaluation.pk])
    data = form_data(coordinator_client.get(url))
    assert 'value="questions-1:up"' in coordinator_client.get(url).content.decode()

    moved = coordinator_client.post(url, data | {"move": "questions-1:up"})

    shown = [row["text"].value() for row in moved.context["formsets"]["questions"].rows]
    assert shown == ["Deux ?", "Un ?"]
    assert coordinator_client.post(url, form_data(moved)).status_code == 302
    assert list(evaluation.questions.all()) == [second, first]


def test_indicators_move_and_a_new_one_goes_last(coordinator_client):
    question = EvaluativeQuestionFactory()
    IndicatorFactory(question=question, name="ONG", order=1)
    IndicatorFactory(question=question, name="Communes", order=2)
    url = reverse("evaluations:question-update", args=[question.pk])
    data = form_data(coordinator_client.get(url))
    assert "indicators-0-order" not in data

    added = coordinator_client.post(url, data | {"add_row": "indicators"})
    data = form_data(added) | {"indicators-2-name": "Écoles", "indicators-2-unit": "u"}
    moved = coordinator_client.post(url, data | {"move": "indicators-1:up"})
    assert coordinator_client.post(url, form_data(moved)).status_code == 302

    names = list(question.indicators.values_list("name", flat=True))
    assert names == ["Communes", "ONG", "Écoles"]
