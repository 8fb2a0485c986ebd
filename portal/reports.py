"""The yearly restitution report ("une restitution annuelle des avancées", as the
Savoie–Bignona sheet promises): for a project or a partnership and a calendar year,
the missions of the year, indicator progress on both sides, funding, the cross-view
questions and the quotes, in the sheets' style, as a page and as a PDF."""

from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone

from missions.models import Mission, MissionStep
from missions.selectors import mission_scope
from partnerships.models import Partnership
from partnerships.selectors import partnership_list
from projects.models import Project
from projects.selectors import project_detail, project_scope
from projects.sheets import html_to_pdf, sheet_setting

KINDS = ("project", "partnership")


@dataclass
class YearlyReport:
    kind: str  # "project" or "partnership"
    subject: Project | Partnership
    year: int
    projects: list[Project]
    missions: list[Mission] = field(default_factory=list)

    @property
    def title(self) -> str:
        return str(self.subject)

    @property
    def steps_done(self) -> int:
        return sum(m.report_steps_done for m in self.missions)

    @property
    def participants(self) -> int:
        return sum(len(m.participants.all()) for m in self.missions)

    @property
    def days(self) -> int:
        return sum(len(m.days.all()) for m in self.missions)


def _missions_of_the_year(missions, *, user: User, year: int) -> list[Mission]:
    missions = mission_scope(missions, user=user).filter(start_date__year=year)
    missions = missions.select_related("origin", "destination").prefetch_related(
        "participants__organisation",
        "days",
        Prefetch("steps", queryset=MissionStep.objects.order_by("order", "pk")),
    )
    missions = list(missions.order_by("start_date", "pk"))
    for mission in missions:
        mission.report_steps_done = sum(
            1 for step in mission.steps.all() if step.state == MissionStep.State.DONE
        )
    return missions


def yearly_report(*, user: User, kind: str, key: str | int, year: int) -> YearlyReport:
    """The report of the project `key` (its slug) or the partnership `key` (its id)
    for `year`, of what `user` may read (Http404 otherwise)."""
    if kind == "project":
        project = get_object_or_404(project_detail(user=user), slug=key)
        projects = [project]
        missions = Mission.objects.filter(project=project)
        subject = project
    else:
        subject = get_object_or_404(partnership_list(user=user), pk=key)
        projects = list(
            project_scope(project_detail(user=user), user=user).filter(
                pk__in=subject.projects.values("pk")
            )
        )
        missions = Mission.objects.filter(partnership=subject) | Mission.objects.filter(
            project__in=subject.projects.values("pk")
        )
    return YearlyReport(
        kind=kind,
        subject=subject,
        year=year,
        projects=projects,
        missions=_missions_of_the_year(missions.distinct(), user=user, year=year),
    )


def yearly_report_pdf(report: YearlyReport) -> bytes:
    html = render_to_string(
        "portal/yearly_report_document.html",
        {"report": report, "produced_on": timezone.localdate()},
    )
    return html_to_pdf(html, seconds=sheet_setting("SHEET_BACKGROUND_TIME_LIMIT"))
