from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet

from core.access import partner_scope

from .models import Organisation, Partnership


def partnership_visible_q(scope: frozenset[int], prefix: str = "") -> Q:
    """Partnerships in which one of the organisations of `scope` takes part."""
    return (
        Q(**{f"{prefix}french_authority__in": scope})
        | Q(**{f"{prefix}partner__in": scope})
        | Q(**{f"{prefix}operator__in": scope})
    )


def partnership_list(*, user: User | AnonymousUser) -> QuerySet[Partnership]:
    """The partnerships `user` may read, with what a list shows of them."""
    partnerships = Partnership.objects.select_related(
        "french_authority", "partner", "operator"
    )
    scope = partner_scope(user)
    if scope is not None:
        partnerships = partnerships.filter(partnership_visible_q(scope))
    return partnerships


def french_authority_list(*, user: User | AnonymousUser) -> QuerySet[Organisation]:
    """The French authorities of the partnerships `user` may read, by name."""
    return Organisation.objects.filter(
        pk__in=partnership_list(user=user).values("french_authority")
    ).order_by("name")


def organisation_detail(*, user: User | AnonymousUser) -> QuerySet:
    """Organisations with what their page shows: partnerships, projects, contacts."""
    return Organisation.objects.prefetch_related(
        "partnerships_as_french_authority__partner",
        "partnerships_as_partner__french_authority",
        "carried_projects",
        "partner_projects",
        "funding_lines__project",
        "contacts",
    )
