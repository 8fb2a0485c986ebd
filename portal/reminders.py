"""What is due, for each person: the dates the portal already holds make the "À faire"
block of the dashboard and the weekly digest.

Every reminder has a stable key (the record and the moment: "agreement:12:3m" three
months before a renewal, "agreement:12:1m" one month before), so that "fait" and
"reporter" stick to it and the digest sends each one once.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.access import has_role
from core.roles import ADMINISTRATOR, DIRECTOR
from evaluations.models import Evaluation
from evaluations.selectors import evaluation_scope
from missions.models import MissionStep
from missions.selectors import mission_scope
from partnerships.models import Agreement
from partnerships.selectors import partnership_list
from projects.models import Programme
from projects.selectors import programme_list

from .models import ReminderState

SNOOZE_DAYS = 7
STEP_NOTICE_DAYS = 14  # a mission step appears two weeks before it is due
PERIOD_NOTICE_DAYS = 92  # a convention, programme or evaluation period ending
APD_CAMPAIGN = ((4, 15), (5, 31))  # the e-APD declaration campaign, 15 April–31 May


@dataclass(frozen=True)
class Reminder:
    key: str
    title: str
    due: datetime.date
    url: str
    overdue: bool

    @property
    def due_label(self) -> str:
        return date_format(self.due, "DATE_FORMAT")


def months_before(day: datetime.date, months: int) -> datetime.date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, 28))


def agreement_reminders(*, user: User, today: datetime.date) -> list[Reminder]:
    partnerships = partnership_list(user=user).values("pk")
    horizon = today + datetime.timedelta(days=PERIOD_NOTICE_DAYS)
    agreements = (
        Agreement.objects.filter(partnership__in=partnerships)
        .filter(
            Q(renewal_due__range=(today - datetime.timedelta(days=31), horizon))
            | Q(end__range=(today, horizon))
        )
        .select_related("partnership__french_authority", "partnership__partner")
    )
    reminders = []
    for agreement in agreements:
        url = agreement.partnership.get_absolute_url()
        if agreement.renewal_due:
            due = agreement.renewal_due
            notice = "1m" if today >= months_before(due, 1) else "3m"
            if today >= months_before(due, 3):
                reminders.append(
                    Reminder(
                        key=f"agreement:{agreement.pk}:renewal:{notice}",
                        title=_("Renouveler la convention « %(title)s » (%(p)s)")
                        % {"title": agreement.title, "p": agreement.partnership},
                        due=due,
                        url=url,
                        overdue=due < today,
                    )
                )
        if agreement.end and agreement.end >= today:
            reminders.append(
                Reminder(
                    key=f"agreement:{agreement.pk}:end",
                    title=_("Fin de la convention « %(title)s » (%(p)s)")
                    % {"title": agreement.title, "p": agreement.partnership},
                    due=agreement.end,
                    url=url,
                    overdue=False,
                )
            )
    return reminders


def mission_step_reminders(*, user: User, today: datetime.date) -> list[Reminder]:
    missions = mission_scope(user=user).values("pk")
    steps = (
        MissionStep.objects.filter(
            mission__in=missions,
            due_date__lte=today + datetime.timedelta(days=STEP_NOTICE_DAYS),
        )
        .exclude(state__in=[MissionStep.State.DONE, MissionStep.State.NOT_APPLICABLE])
        .select_related("mission")
    )
    return [
        Reminder(
            key=f"missionstep:{step.pk}:{'late' if step.due_date < today else 'due'}",
            title=_("%(step)s — mission « %(mission)s »")
            % {"step": step.title or step.get_kind_display(), "mission": step.mission},
            due=step.due_date,
            url=step.mission.get_absolute_url(),
            overdue=step.due_date < today,
        )
        for step in steps
    ]


def period_reminders(*, user: User, today: datetime.date) -> list[Reminder]:
    """Evaluations whose period ends soon (their last measurements to take) and
    programmes in their last quarter."""
    horizon = today + datetime.timedelta(days=PERIOD_NOTICE_DAYS)
    reminders = [
        Reminder(
            key=f"evaluation:{evaluation.pk}:end",
            title=_("Dernières mesures de l'évaluation « %(title)s »")
            % {"title": evaluation.title},
            due=evaluation.end_date,
            url=evaluation.get_absolute_url(),
            overdue=False,
        )
        for evaluation in evaluation_scope(
            Evaluation.objects.filter(end_date__range=(today, horizon)), user=user
        )
    ]
    programmes: list[Programme] = list(
        programme_list(user=user).filter(end_year=today.year)
    )
    year_end = datetime.date(today.year, 12, 31)
    if (year_end - today).days <= PERIOD_NOTICE_DAYS:
        reminders += [
            Reminder(
                key=f"programme:{programme.pk}:end",
                title=_("Fin du programme « %(title)s »") % {"title": programme.title},
                due=year_end,
                url=programme.get_absolute_url(),
                overdue=False,
            )
            for programme in programmes
        ]
    return reminders


def apd_reminders(*, user: User, today: datetime.date) -> list[Reminder]:
    """The yearly declaration of official development assistance (e-APD), for those
    who make it: directors and administrators."""
    (start_month, start_day), (end_month, end_day) = APD_CAMPAIGN
    start = datetime.date(today.year, start_month, start_day)
    end = datetime.date(today.year, end_month, end_day)
    if not (start - datetime.timedelta(days=14) <= today <= end):
        return []
    if not has_role(user, DIRECTOR, ADMINISTRATOR):
        return []
    return [
        Reminder(
            key=f"apd:{today.year}",
            title=_(
                "Déclaration de l'aide publique au développement %(year)s "
                "(campagne du 15 avril au 31 mai)"
            )
            % {"year": today.year - 1},
            due=end,
            url="",
            overdue=False,
        )
    ]


SOURCES = (agreement_reminders, mission_step_reminders, period_reminders, apd_reminders)


def reminders_due(
    *, user: User, today: datetime.date | None = None, include_handled=False
) -> list[Reminder]:
    """What concerns `user` (what they may read), soonest first: without what they
    marked done or put off, unless `include_handled`."""
    today = today or timezone.localdate()
    reminders = [r for source in SOURCES for r in source(user=user, today=today)]
    if not include_handled:
        handled = set(
            ReminderState.objects.filter(user=user)
            .filter(Q(done=True) | Q(snoozed_until__gt=today))
            .values_list("key", flat=True)
        )
        reminders = [r for r in reminders if r.key not in handled]
    return sorted(reminders, key=lambda r: (r.due, r.key))


def reminder_mark(
    *, user: User, key: str, done: bool, today: datetime.date | None = None
) -> ReminderState:
    """ "Fait" (done) or "reporter" (put off for SNOOZE_DAYS)."""
    today = today or timezone.localdate()
    snoozed = None if done else today + datetime.timedelta(days=SNOOZE_DAYS)
    state, _created = ReminderState.objects.update_or_create(
        user=user, key=key, defaults={"done": done, "snoozed_until": snoozed}
    )
    return state
