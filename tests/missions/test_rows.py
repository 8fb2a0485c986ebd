"""The rows of a mission (participants, budget lines, steps) stay in the order people
put them in: a new row goes last, rows move up and down without JavaScript, and
« Ajouter une ligne » works without it too."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from missions.models import Participant
from tests.factories import (
    BudgetLineFactory,
    MissionFactory,
    MissionStepFactory,
    ParticipantFactory,
)
from tests.pages import form_data, page_text

pytestmark = pytest.mark.django_db


def edit_url(mission):
    return reverse("missions:mission-update", args=[mission.pk])


def names(mission):
    return list(mission.participants.values_list("full_name", flat=True))


def test_a_new_participant_goes_last_not_by_name(coordinator_client):
    mission = MissionFactory()
    ParticipantFactory(mission=mission, full_name="Moussa Sané", order=0)
    ParticipantFactory(mission=mission, full_name="Zoé Martin", order=1)
    data = form_data(coordinator_client.get(edit_url(mission)))
    data |= {
        "participants-TOTAL_FORMS": "3",
        "participants-2-full_name": "Awa Diatta",
        "participants-2-category": "jeune",
    }

    assert coordinator_client.post(edit_url(mission), data).status_code == 302

    assert names(mission) == ["Moussa Sané", "Zoé Martin", "Awa Diatta"]
    page = page_text(
        coordinator_client.get(reverse("missions:mission-detail", args=[mission.pk]))
    )
    assert (
        page.index("Moussa Sané") < page.index("Zoé Martin") < page.index("Awa Diatta")
    )


def test_the_participants_have_no_order_number_but_move_buttons(coordinator_client):
    mission = MissionFactory()
    ParticipantFactory(mission=mission, full_name="Awa Diatta")

    page = coordinator_client.get(edit_url(mission)).content.decode()

    block = page[page.index('id="fs-participants"') :]
    block = block[: block.index("</fieldset>")]
    assert 'name="participants-0-order"' not in block
    assert 'type="hidden" name="participants-0-ORDER"' in block
    assert 'value="participants-0:up"' in block


def test_moving_a_participant_down_then_saving_keeps_that_order(coordinator_client):
    mission = MissionFactory()
    first = ParticipantFactory(mission=mission, full_name="Awa Diatta", order=0)
    second = ParticipantFactory(mission=mission, full_name="Moussa Sané", order=1)
    data = form_data(coordinator_client.get(edit_url(mission)))

    moved = coordinator_client.post(
        edit_url(mission), data | {"move": "participants-0:down"}
    )

    assert moved.status_code == 200
    shown = [
        row["full_name"].value()
        for row in moved.context["formsets"]["participants"].rows
    ]
    assert shown == ["Moussa Sané", "Awa Diatta"]
    assert names(mission) == ["Awa Diatta", "Moussa Sané"]  # nothing saved yet

    assert (
        coordinator_client.post(edit_url(mission), form_data(moved)).status_code == 302
    )
    assert list(mission.participants.all()) == [second, first]


def test_adding_a_row_without_javascript_keeps_what_was_typed(coordinator_client):
    mission = MissionFactory()
    ParticipantFactory(mission=mission, full_name="Awa Diatta")
    data = form_data(coordinator_client.get(edit_url(mission)))
    data |= {
        "title": "Titre en cours de saisie",
        "participants-0-full_name": "Awa Diatta-Sow",
    }

    response = coordinator_client.post(
        edit_url(mission), data | {"add_row": "participants"}
    )

    assert response.status_code == 200
    rows = response.context["formsets"]["participants"].rows
    assert [row["full_name"].value() for row in rows] == ["Awa Diatta-Sow", None]
    assert response.context["form"]["title"].value() == "Titre en cours de saisie"
    html = response.content.decode()
    assert 'name="participants-1-full_name"' in html
    assert 'name="participants-TOTAL_FORMS" value="2"' in html
    mission.refresh_from_db()
    assert mission.title != "Titre en cours de saisie"  # nothing saved
    assert names(mission) == ["Awa Diatta"]

    # the empty row is filled in, and the form saved: it comes last
    data = form_data(response) | {
        "participants-1-full_name": "Zoé Martin",
        "participants-1-category": "elu",
    }
    assert coordinator_client.post(edit_url(mission), data).status_code == 302
    assert names(mission) == ["Awa Diatta-Sow", "Zoé Martin"]


def test_the_add_row_button_is_a_submit_button(coordinator_client):
    mission = MissionFactory()

    page = coordinator_client.get(edit_url(mission)).content.decode()

    assert 'type="submit" class="button" name="add_row" value="participants"' in page


def test_an_unknown_add_row_prefix_adds_nothing(coordinator_client):
    mission = MissionFactory()
    data = form_data(coordinator_client.get(edit_url(mission)))

    response = coordinator_client.post(edit_url(mission), data | {"add_row": "bogus"})

    assert response.status_code == 200
    assert response.context["formsets"]["participants"].total_form_count() == 0


def test_a_new_budget_line_goes_last_and_lines_move(coordinator_client):
    mission = MissionFactory()
    BudgetLineFactory(mission=mission, side="expense", label="Transport", order=0)
    BudgetLineFactory(mission=mission, side="expense", label="Hébergement", order=1)
    data = form_data(coordinator_client.get(edit_url(mission)))
    assert "budget_lines-0-order" not in data
    data |= {
        "budget_lines-TOTAL_FORMS": "3",
        "budget_lines-2-side": "expense",
        "budget_lines-2-label": "Repas",
        "budget_lines-2-cash_amount": "100",
    }

    moved = coordinator_client.post(
        edit_url(mission), data | {"move": "budget_lines-1:up"}
    )
    assert (
        coordinator_client.post(edit_url(mission), form_data(moved)).status_code == 302
    )

    labels = list(mission.budget_lines.values_list("label", flat=True))
    assert labels == ["Hébergement", "Transport", "Repas"]


def test_a_new_step_goes_last_within_the_steps(coordinator_client):
    mission = MissionFactory()
    MissionStepFactory(mission=mission, kind="other", title="Premier", order=0)
    MissionStepFactory(mission=mission, kind="other", title="Second", order=1)
    url = reverse("missions:mission-steps", args=[mission.pk])
    data = form_data(coordinator_client.get(url))
    assert "steps-0-order" not in data
    data |= {
        "steps-TOTAL_FORMS": "3",
        "steps-2-phase": "before",
        "steps-2-kind": "other",
        "steps-2-state": "todo",
        "steps-2-title": "Nouveau",
    }

    assert coordinator_client.post(url, data).status_code == 302

    titles = list(mission.steps.values_list("title", flat=True))
    assert titles == ["Premier", "Second", "Nouveau"]


def test_the_migration_numbers_the_participants_alphabetically_per_mission():
    migration = importlib.import_module("missions.migrations.0004_participant_order")
    one, two = MissionFactory(), MissionFactory()
    for mission, name in [(one, "Zoé"), (two, "Bruno"), (one, "Awa"), (one, "Moussa")]:
        ParticipantFactory(mission=mission, full_name=name, order=0)

    migration.number_alphabetically(apps, None)

    assert names(one) == ["Awa", "Moussa", "Zoé"]
    assert list(
        Participant.objects.filter(mission=one).values_list("order", flat=True)
    ) == [0, 1, 2]
    assert list(two.participants.values_list("order", flat=True)) == [0]
