from django.db.models import Q, QuerySet

from config.access import partner_scope
from partnerships.selectors import partnership_visible_q
from projects.selectors import project_visible_q

from .models import Mission


def mission_scope(missions: QuerySet[Mission], *, user) -> QuerySet[Mission]:
    """Missions of a visible partnership or project, or to or from an organisation of
    the partner account."""
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


def mission_list(*, user) -> QuerySet[Mission]:
    missions = Mission.objects.select_related(
        "project",
        "partnership__french_authority",
        "partnership__partner",
        "origin",
        "destination",
    )
    return mission_scope(missions, user=user)
