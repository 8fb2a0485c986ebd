import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.access import partner_scope
from partnerships.selectors import partnership_visible_q
from projects.models import Project
from projects.selectors import project_visible_q

from .models import Mission, MissionStep, Participant

# What a mission's line in a list or the head of its page names: where from and to.
MISSION_RELATIONS = (
    "project",
    "partnership__french_authority",
    "partnership__partner",
    "origin",
    "destination",
)


def mission_scope(
    missions: QuerySet[Mission] | None = None, *, user: User | AnonymousUser
) -> QuerySet[Mission]:
    """Missions of `missions` (all of them by default) of a visible partnership or
    project, or to or from an organisation of the partner account."""
    if missions is None:
        missions = Mission.objects.all()
    scope = partner_scope(user)
    if scope is None:
        return missions
    visible = Mission.objects.filter(
        partnership_visible_q(scope, prefix="partnership__")
        | project_visible_q(scope, prefix="project__")
        | Q(origin__in=scope)
        | Q(destination__in=scope)
    ).values("pk")
    return missions.filter(pk__in=visible)


def mission_report_writable(*, user: User | AnonymousUser, mission: Mission) -> bool:
    """Whether `user` may write the report of `mission`: with the `write_report`
    permission, any mission for an unscoped account; for a partner account, only the
    missions of its own partnerships, directly or through one of their projects. A
    mission it only travels from or to (origin, destination) it may read, not report
    on."""
    if not user.has_perm("missions.write_report"):
        return False
    if partner_scope(user) is None:
        return True
    return missions_of_own_partnerships(user=user).filter(pk=mission.pk).exists()


def missions_of_own_partnerships(*, user: User | AnonymousUser) -> QuerySet[Mission]:
    """The missions of a partner account's own partnerships, directly or through one
    of their projects: those it writes into (its report, its proposals), not those it
    only travels from or to. Every mission for an unscoped account."""
    scope = partner_scope(user)
    if scope is None:
        return Mission.objects.all()
    own = Mission.objects.filter(
        partnership_visible_q(scope, prefix="partnership__")
        | partnership_visible_q(scope, prefix="project__partnerships__")
    )
    return Mission.objects.filter(pk__in=own.values("pk"))


def mission_list(*, user: User | AnonymousUser) -> QuerySet[Mission]:
    """The missions `user` may read, with what the list shows of them (where from and
    to, how far the steps are): the same number of queries for 10 rows or 10,000.

    The step counts are correlated subqueries, not a join grouped by mission: the
    database counts the steps of the 25 missions of a page, not of every mission
    before sorting them, and counting the list's rows reads no step at all."""
    open_states = [MissionStep.State.TODO, MissionStep.State.IN_PROGRESS]
    missions = Mission.objects.select_related(*MISSION_RELATIONS).annotate(
        steps_total=_step_count(),
        steps_done=_step_count(state=MissionStep.State.DONE),
        steps_overdue=_step_count(
            state__in=open_states, due_date__lt=timezone.localdate()
        ),
    )
    missions = missions.order_by("start_date", "title", "pk")
    return mission_scope(missions, user=user)


def _step_count(**conditions) -> Subquery:
    steps = (
        MissionStep.objects.filter(mission=OuterRef("pk"), **conditions)
        .order_by()
        .values("mission")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(steps), 0)


def mission_detail(*, user: User | AnonymousUser) -> QuerySet[Mission]:
    """The missions `user` may read, with every row their page shows."""
    missions = Mission.objects.select_related(
        *MISSION_RELATIONS, "organiser"
    ).prefetch_related(
        "participating_authorities",
        Prefetch(
            "participants",
            queryset=Participant.objects.select_related("organisation"),
        ),
        "days",
        "steps",
        "budget_lines",
    )
    return mission_scope(missions, user=user)


@dataclass
class CalendarMonth:
    month: datetime.date  # the first day of the month
    missions: list[Mission]


def mission_calendar(*, user: User | AnonymousUser, year: int) -> list[CalendarMonth]:
    """The twelve months of `year`, each with the missions starting in it (a mission
    running over several months is listed under its first month)."""
    missions = mission_scope(
        Mission.objects.select_related("project", "origin", "destination"),
        user=user,
    ).filter(start_date__year=year)
    months = [CalendarMonth(datetime.date(year, m, 1), []) for m in range(1, 13)]
    for mission in missions.order_by("start_date", "title"):
        months[mission.start_date.month - 1].missions.append(mission)
    return months


def mission_years(*, user: User | AnonymousUser) -> list[int]:
    """The years in which at least one mission `user` may read starts."""
    missions = mission_scope(user=user)
    return [day.year for day in missions.dates("start_date", "year")]


def seminar_series(
    *, user: User | AnonymousUser, project: Project
) -> QuerySet[Mission]:
    """The seminars of a project in date order, with what the series table of the
    report of the 2009 preparatory seminar shows: organiser, participating
    authorities, other participants, themes, month."""
    seminars = (
        Mission.objects.filter(project=project, kind=Mission.Kind.SEMINAR)
        .select_related("organiser", "destination")
        .prefetch_related("participating_authorities")
        .order_by("start_date", "title")
    )
    return mission_scope(seminars, user=user)
