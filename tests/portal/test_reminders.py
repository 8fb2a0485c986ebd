"""The year's reminders: the "À faire" block of the dashboard (fait / reporter) and
the weekly digest by e-mail, built from the dates the portal holds."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from missions.models import MissionStep
from portal.digest import digest_send, next_digest_time
from portal.models import AccountPreferences
from portal.reminders import reminders_due
from tests.factories import (
    AgreementFactory,
    MembershipFactory,
    MissionFactory,
    MissionStepFactory,
    PartnershipFactory,
)
from tests.pages import page_text

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 2)


@pytest.fixture
def due_items():
    """A convention to renew in two months, an overdue mission step, and things that
    are not due: a renewal in a year, a step done."""
    bignona = PartnershipFactory()
    renewal = AgreementFactory(
        partnership=bignona,
        title="Convention Savoie – Bignona 2024-2026",
        renewal_due=datetime.date(2027, 2, 1),
    )
    AgreementFactory(partnership=bignona, renewal_due=datetime.date(2027, 12, 1))
    mission = MissionFactory(partnership=bignona, title="Échange de jeunes 2027")
    late = MissionStepFactory(
        mission=mission,
        kind=MissionStep.Kind.OBJECTIVES_SHEET,
        due_date=datetime.date(2026, 11, 20),
    )
    MissionStepFactory(
        mission=mission,
        kind=MissionStep.Kind.LETTER_TO_ELECTED,
        due_date=datetime.date(2026, 11, 25),
        state=MissionStep.State.DONE,
    )
    return {"partnership": bignona, "renewal": renewal, "late": late}


def test_a_coordinators_digest_lists_a_renewal_in_two_months_and_a_late_step(
    coordinator, due_items
):
    coordinator.email = "coordinatrice@example.org"
    coordinator.save()

    sent = digest_send(user=coordinator, today=TODAY)
    again = digest_send(user=coordinator, today=TODAY + datetime.timedelta(days=2))

    assert len(mail.outbox) == 1 and again == []  # nothing new the same week
    message = mail.outbox[0]
    assert message.to == ["coordinatrice@example.org"]
    assert (
        message.subject == "Portail de la coopération : 2 points à voir cette semaine"
    )
    assert "Renouveler la convention « Convention Savoie – Bignona 2024-2026 »" in (
        message.body
    )
    assert "1 février 2027" in message.body
    assert "20 novembre 2026 (en retard) : Fiche d'objectifs" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Échange de jeunes 2027" in html
    assert [r.key for r in sent] == [
        f"missionstep:{due_items['late'].pk}:late",
        f"agreement:{due_items['renewal'].pk}:renewal:3m",
    ]


def test_the_next_week_sends_again_what_is_still_due(coordinator, due_items):
    coordinator.email = "c@example.org"
    coordinator.save()
    digest_send(user=coordinator, today=TODAY)

    digest_send(user=coordinator, today=TODAY + datetime.timedelta(days=7))

    assert len(mail.outbox) == 2


def test_one_month_before_the_renewal_is_a_new_reminder(coordinator, due_items):
    keys = {
        r.key for r in reminders_due(user=coordinator, today=datetime.date(2027, 1, 5))
    }

    assert f"agreement:{due_items['renewal'].pk}:renewal:1m" in keys


def test_a_person_who_turned_the_digest_off_gets_none(client, coordinator, due_items):
    coordinator.email = "c@example.org"
    coordinator.save()
    client.force_login(coordinator)

    response = client.post(reverse("account"), {})  # the box unticked

    assert response.status_code == 302
    assert not AccountPreferences.objects.get(user=coordinator).weekly_digest
    assert digest_send(user=coordinator, today=TODAY) == []
    assert mail.outbox == []


def test_a_partner_is_reminded_only_of_its_partnerships_items(partner_user, due_items):
    own = PartnershipFactory()
    MembershipFactory(user=partner_user, organisation=own.partner)
    AgreementFactory(
        partnership=own, title="Convention du partenaire", renewal_due=TODAY
    )

    titles = [r.title for r in reminders_due(user=partner_user, today=TODAY)]

    assert len(titles) == 1 and "Convention du partenaire" in titles[0]


def test_the_dashboard_lists_what_is_due_and_done_or_put_off_hides_it(
    client, coordinator, due_items, monkeypatch
):
    client.force_login(coordinator)
    late_key = f"missionstep:{due_items['late'].pk}:late"

    page = page_text(client.get(reverse("home")))
    client.post(reverse("reminder-update"), {"key": late_key, "action": "done"})
    after_done = page_text(client.get(reverse("home")))
    renewal_key = f"agreement:{due_items['renewal'].pk}:renewal:3m"
    client.post(reverse("reminder-update"), {"key": renewal_key, "action": "snooze"})
    after_snooze = page_text(client.get(reverse("home")))

    assert "À faire" in page
    assert "en retard — Fiche d'objectifs — mission « Échange de jeunes 2027 »" in page
    assert "Renouveler la convention" in page
    assert "Fiche d'objectifs" not in after_done
    assert "Renouveler la convention" not in after_snooze
    in_eight_days = datetime.date.today() + datetime.timedelta(days=8)
    assert renewal_key in {
        r.key for r in reminders_due(user=coordinator, today=in_eight_days)
    }


def test_an_unknown_reminder_cannot_be_marked(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("reminder-update"), {"key": "agreement:999:end", "action": "done"}
    )

    assert response.status_code == 404


def test_the_declaration_campaign_reminds_directors_not_coordinators(
    director, coordinator
):
    april = datetime.date(2027, 4, 20)

    assert [r.key for r in reminders_due(user=director, today=april)] == ["apd:2027"]
    assert reminders_due(user=coordinator, today=april) == []
    assert reminders_due(user=director, today=datetime.date(2027, 6, 2)) == []


def test_the_weekly_digest_is_scheduled_on_the_database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.DIGEST_WEEKDAY, settings.DIGEST_HOUR = 0, 7

    call_command("send_digests", "--schedule")

    task = DBTaskResult.objects.get()
    assert task.task_path == "portal.digest.weekly_digests"
    assert task.run_after.astimezone(datetime.UTC) > datetime.datetime.now(datetime.UTC)


def test_the_next_digest_is_the_next_monday_at_seven():
    wednesday = datetime.datetime(2026, 12, 2, 10, tzinfo=datetime.UTC)

    moment = next_digest_time(wednesday)

    assert (moment.weekday(), moment.hour, moment.day) == (0, 7, 7)
