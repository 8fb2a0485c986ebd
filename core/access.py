"""Who sees which records.

Coordinators, directors and administrators see every record their permissions name.
A partner-side account (group `partenaire`) sees only the records that involve the
organisations it is attached to; the selectors of each app apply that scope.
"""

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser, User

from . import roles

UNSCOPED_ROLES = {roles.COORDINATOR, roles.DIRECTOR, roles.ADMINISTRATOR}


def partner_scope(user: User | AnonymousUser) -> frozenset[int] | None:
    """The organisation ids a partner-side account is limited to, or None when the
    account is not limited. Computed once per request (kept on the user object)."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_partner_scope"):
        if user.is_superuser or group_names(user) & UNSCOPED_ROLES:
            user._partner_scope = None
        else:
            user._partner_scope = frozenset(
                user.memberships.values_list("organisation_id", flat=True)
            )
    return user._partner_scope


def group_names(user: User) -> frozenset[str]:
    """The names of the account's groups (its roles), read once per request."""
    if not hasattr(user, "_group_names"):
        user._group_names = frozenset(group.name for group in user.groups.all())
    return user._group_names


def has_role(user: User, *role_names: str) -> bool:
    """Whether the account has one of the roles: from group_names, no query of its
    own."""
    return user.is_superuser or bool(group_names(user) & set(role_names))


def partner_organisation_name(user: User, *, among: Iterable[int] = ()) -> str:
    """The name of the partner organisation `user` speaks for (a proposal, a comment,
    the mark of a row it wrote): the first of its organisations, in the order they
    were attached to it, that is `among` the ones the record names; the first of
    them otherwise; its username when it has none."""
    among = set(among)
    memberships = list(user.memberships.select_related("organisation").order_by("pk"))
    named = [m for m in memberships if m.organisation_id in among] or memberships
    return named[0].organisation.name if named else user.get_username()
