from django.db.models import Q, QuerySet

from config.access import partner_scope

from .models import Partnership


def partnership_visible_q(scope: frozenset[int], prefix: str = "") -> Q:
    """Partnerships in which one of the organisations of `scope` takes part."""
    return (
        Q(**{f"{prefix}french_authority__in": scope})
        | Q(**{f"{prefix}partner__in": scope})
        | Q(**{f"{prefix}operator__in": scope})
    )


def partnership_list(*, user) -> QuerySet[Partnership]:
    """The partnerships `user` may read, with what a list shows of them."""
    partnerships = Partnership.objects.select_related(
        "french_authority", "partner", "operator"
    )
    scope = partner_scope(user)
    if scope is not None:
        partnerships = partnerships.filter(partnership_visible_q(scope))
    return partnerships
