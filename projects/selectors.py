from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Prefetch, Q, QuerySet

from core.access import partner_scope
from partnerships.selectors import partnership_visible_q

from .models import FundingLine, Programme, Project
from .sheets.content import sheet_prefetch


def project_visible_q(scope: frozenset[int], prefix: str = "") -> Q:
    """Projects of a visible partnership (any of theirs), or carried by / partnering
    an organisation of `scope`."""
    return (
        partnership_visible_q(scope, prefix=f"{prefix}partnerships__")
        | Q(**{f"{prefix}carrier__in": scope})
        | Q(**{f"{prefix}co_carriers__in": scope})
        | Q(**{f"{prefix}partners__in": scope})
    )


def of_readable_projects(
    rows: QuerySet, *, user: User | AnonymousUser, project: str = "project"
) -> QuerySet:
    """`rows` of the projects `user` may read, `project` naming the project of a row
    (`pk` for projects themselves): all of them for an account without a partner
    scope."""
    scope = partner_scope(user)
    if scope is None:
        return rows
    visible = Project.objects.filter(project_visible_q(scope)).values("pk")
    return rows.filter(**{f"{project}__in": visible})


def project_scope(
    projects: QuerySet[Project] | None = None, *, user: User | AnonymousUser
) -> QuerySet[Project]:
    """The projects of `projects` (all of them by default) `user` may read."""
    if projects is None:
        projects = Project.objects.all()
    return of_readable_projects(projects, user=user, project="pk")


def project_list(*, user: User | AnonymousUser) -> QuerySet[Project]:
    """The projects `user` may read, with what the list shows of them: the same number
    of queries for 10 rows or 10,000."""
    projects = Project.objects.select_related("carrier").prefetch_related(
        "themes", "funding_lines", Prefetch("partners"), "partnerships"
    )
    return project_scope(projects, user=user)


def project_detail(*, user: User | AnonymousUser) -> QuerySet[Project]:
    """The projects `user` may read, with every row their page shows: what their
    capitalization sheet shows, the split by year and the payments of their funding
    lines, and their missions."""
    projects = sheet_prefetch(Project.objects.all()).select_related("programme")
    projects = projects.prefetch_related(
        "funding_lines__years", "funding_lines__payments", "missions"
    )
    return project_scope(projects, user=user)


def programme_list(*, user: User | AnonymousUser) -> QuerySet[Programme]:
    """The programmes of the partnerships `user` may read."""
    programmes = Programme.objects.select_related(
        "partnership__french_authority", "partnership__partner"
    )
    scope = partner_scope(user)
    if scope is None:
        return programmes
    return programmes.filter(partnership_visible_q(scope, prefix="partnership__"))


def funding_line_list(*, user: User | AnonymousUser) -> QuerySet[FundingLine]:
    """The funding lines of the projects `user` may read, with their project and
    funder."""
    lines = FundingLine.objects.select_related("project", "funder").order_by(
        "project__title", "order", "pk"
    )
    return of_readable_projects(lines, user=user)
