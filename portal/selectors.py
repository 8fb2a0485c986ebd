"""The dashboard's figures: a few aggregate queries, whatever the number of records."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q
from django.utils import timezone
from django_countries.fields import Country

from core.access import partner_scope
from core.history import ACTIONS, deleted_related, history_of, with_related
from core.models import Proposal
from core.proposals import may_propose, may_review, proposal_rows, proposals_followed
from evaluations.selectors import evaluation_list, evaluation_scope
from missions.models import Mission
from missions.selectors import mission_list, mission_scope
from partnerships.models import Organisation, Partnership
from partnerships.selectors import partnership_list
from projects.funding import PlannedPaid
from projects.models import FundingLine
from projects.models import FundingTotal as TotalRow
from projects.selectors import project_scope
from projects.totals import ALL, authority_scope, parts_of, projects_for_parts

from .reminders import reminders_due

REMINDERS_SHOWN = 12


PARTNERSHIPS_SHOWN = 15
FUNDERS_SHOWN = 10
Dimension = TotalRow.Dimension


@dataclass
class FundingTotal:
    label: str
    currency: str
    total: Decimal


def _rows_of(parts: dict) -> dict[str, list[tuple[str, str, Decimal]]]:
    """`(item, currency, amount)` per dimension, largest first, from computed parts."""
    rows: dict[str, list] = defaultdict(list)
    for (_scope, dimension, item, currency), amount in parts.items():
        if amount:
            rows[dimension].append((item, currency, amount))
    for dimension in rows:
        rows[dimension].sort(key=lambda row: (-row[2], row[0]))
    return rows


def _stored_rows(scope: str) -> tuple[dict[str, list], int]:
    """The total rows of `scope` from the table: three short queries, whatever the
    number of projects (the funders and partnerships: the largest only), and how many
    partnerships have a total."""
    rows: dict[str, list] = defaultdict(list)
    stored = TotalRow.objects.filter(scope=scope).exclude(amount=0)
    a_partnership = Q(dimension=Dimension.PARTNERSHIP) & ~Q(item="")
    # every row but the funders and the partnerships themselves: a few dozen
    for dimension, item, currency, amount in (
        stored.exclude(dimension=Dimension.FUNDER)
        .exclude(a_partnership)
        .values_list("dimension", "item", "currency", "amount")
    ):
        rows[dimension].append((item, currency, amount))
    rows[Dimension.FUNDER] = list(
        stored.filter(dimension=Dimension.FUNDER)
        .order_by("-amount", "item")
        .values_list("item", "currency", "amount")[:FUNDERS_SHOWN]
    )
    partnerships = stored.filter(a_partnership)
    rows[Dimension.PARTNERSHIP] += partnerships.order_by("-amount", "item").values_list(
        "item", "currency", "amount"
    )[:PARTNERSHIPS_SHOWN]
    return rows, partnerships.count()


def _labelled(rows, label) -> list[FundingTotal]:
    return [
        FundingTotal(label(item), currency, total) for item, currency, total in rows
    ]


def funding_totals(
    *,
    user: User | AnonymousUser,
    authority: Organisation | None = None,
    year: int | None = None,
) -> dict:
    """The funding of the projects `user` may read (of `authority`'s partnerships
    only, when given), by the rules of every funding total (`projects.funding`): the
    counted lines per currency, by status, nature, year (the year splits and
    periods), partner country and partnership; the largest funders (never money
    still to raise); planned and paid in `year` (this year by default).

    A project of several partnerships is counted in each of them and in each of their
    countries; the overall total counts it once.

    For all of the portal or one authority: read from `projects.totals`, kept in the
    transaction of every write, a few short queries for 10 projects or 100,000. For a
    partner account: computed from its own projects' lines, by the same function."""
    year = year or timezone.localdate().year
    scope = authority_scope(authority.pk) if authority else ALL
    if partner_scope(user) is None:
        rows, partnerships_total = _stored_rows(scope)
    else:
        projects = project_scope(user=user)
        if authority:
            projects = projects.filter(partnerships__french_authority=authority)
        ids = projects.values_list("pk", flat=True).distinct()
        parts = parts_of(projects_for_parts(ids))
        rows = _rows_of(
            {key: amount for key, amount in parts.items() if key[0] == scope}
        )
        partnerships_total = len([r for r in rows[Dimension.PARTNERSHIP] if r[0]])
        rows[Dimension.FUNDER] = rows[Dimension.FUNDER][:FUNDERS_SHOWN]
        rows[Dimension.PARTNERSHIP] = rows[Dimension.PARTNERSHIP][
            : PARTNERSHIPS_SHOWN + 1
        ]

    partnerships = Partnership.objects.select_related(
        "french_authority", "partner"
    ).in_bulk([int(item) for item, *_rest in rows[Dimension.PARTNERSHIP] if item])
    funder_ids = [
        int(item[2:])
        for item, *_rest in rows[Dimension.FUNDER]
        if item.startswith("o:")
    ]
    funders = Organisation.objects.in_bulk(funder_ids)
    statuses = {
        key: label
        for key, label in FundingLine.Status.choices
        if key != FundingLine.Status.NOT_ASSESSABLE  # never a total
    }
    natures = dict(FundingLine.Nature.choices)

    def partnership_label(item: str) -> str:
        if not item:  # the projects of no partnership
            return ""
        partnership = partnerships[int(item)]
        authority = partnership.french_authority.short_name
        return f"{authority} – {partnership.partner.short_name}"

    def funder_label(item: str) -> str:
        return funders[int(item[2:])].name if item.startswith("o:") else item[2:]

    def in_order(dimension, order):
        chosen = [row for row in rows[dimension] if row[0] in order]
        return sorted(chosen, key=lambda row: (list(order).index(row[0]), row[1]))

    planned = {c: a for item, c, a in rows[Dimension.YEAR] if item == str(year)}
    paid = {c: a for item, c, a in rows[Dimension.PAID] if item == str(year)}
    outside = {c: a for item, c, a in rows[Dimension.PARTNERSHIP] if not item}
    in_partnerships = [
        (item, currency, total - outside.get(currency, 0))
        for item, currency, total in rows[Dimension.TOTAL]
        if total != outside.get(currency, 0)
    ]
    return {
        "funding_year": year,
        "funding_total": _labelled(rows[Dimension.TOTAL], str),
        # the projects of at least one partnership, each once
        "funding_overall": _labelled(in_partnerships, str),
        "funding_by_status": _labelled(
            in_order(Dimension.STATUS, statuses), lambda item: str(statuses[item])
        ),
        "funding_by_nature": _labelled(
            in_order(Dimension.NATURE, natures), lambda item: str(natures[item])
        ),
        "funding_by_year": _labelled(
            sorted(rows[Dimension.YEAR], key=lambda row: (not row[0], row[0], row[1])),
            str,
        ),
        "funding_by_country": _labelled(
            sorted(rows[Dimension.COUNTRY], key=lambda row: (-row[2], row[0])),
            lambda item: str(Country(item).name) if item else "",
        ),
        "funding_by_partnership": _labelled(
            sorted(rows[Dimension.PARTNERSHIP], key=lambda row: (-row[2], row[0])),
            partnership_label,
        ),
        "funding_partnerships_count": partnerships_total,
        "funding_by_funder": _labelled(rows[Dimension.FUNDER], funder_label),
        "funding_planned_paid": [
            PlannedPaid(
                str(year),
                currency,
                planned.get(currency),
                paid.get(currency, Decimal(0)),
            )
            for currency in sorted(planned.keys() | paid.keys())
        ],
    }


def dashboard(
    *,
    user: User | AnonymousUser,
    today: datetime.date | None = None,
    authority: Organisation | None = None,
) -> dict:
    """Counts, funding totals (`funding_totals`, for one French authority or all),
    the next missions and the latest changes, of what `user` may read: the same
    queries for 10 projects or 100,000, each an aggregate or a short page of rows."""
    today = today or timezone.localdate()
    next_missions = mission_scope(
        Mission.objects.filter(start_date__gte=today), user=user
    ).order_by("start_date", "title", "pk")[:5]
    return {
        "counts": {
            "partnerships": partnership_list(user=user).count(),
            "projects": project_scope(user=user).count(),
            "missions": mission_scope(user=user).count(),
            "evaluations": evaluation_scope(user=user).count(),
        },
        **funding_totals(user=user, authority=authority, year=today.year),
        "next_missions": list(next_missions),
        "latest_changes": recent_changes(user=user, limit=10),
        "reminders": reminders_due(user=user, today=today)[:REMINDERS_SHOWN],
        **proposals_block(user=user),
    }


PROPOSALS_SHOWN = 20


def proposals_block(*, user: User | AnonymousUser) -> dict:
    """The review queue of a coordinator (the proposals submitted, oldest first), or
    the latest proposals of a partner account with their state."""
    if not user.is_authenticated:
        return {}
    if may_review(user):
        queue = (
            proposals_followed(user=user)
            .filter(state=Proposal.State.SUBMITTED)
            .order_by("submitted_at", "pk")
        )
        return {"review_queue": proposal_rows(queue[:PROPOSALS_SHOWN])}
    if may_propose(user):
        mine = proposals_followed(user=user)[:PROPOSALS_SHOWN]
        return {"my_proposals": proposal_rows(mine)}
    return {}


@dataclass
class RecentChange:
    date: datetime.datetime
    user: User | None
    action: str
    kind: str
    label: str
    url: str


def recent_changes(
    *, user: User | AnonymousUser, limit: int = 10
) -> list[RecentChange]:
    """The latest changes to partnerships, projects, missions and evaluations that
    `user` may read: one query per kind of record."""
    # (what the user may read, what the label of a change needs)
    visible = [
        (partnership_list(user=user), ("french_authority", "partner")),
        (project_scope(user=user), ()),
        (mission_list(user=user), ()),
        (evaluation_list(user=user), ()),
    ]
    changes = []
    for queryset, related in visible:
        model = queryset.model
        records = list(
            history_of(model)
            .filter(id__in=queryset.values("pk"))
            .select_related("history_user", *related)
            .order_by("-history_date")[:limit]
        )
        # an organisation a partnership had before, deleted since: named from its
        # own history
        gone = deleted_related(records, related)
        for record in records:
            live = with_related(record, related, gone)
            url = live.get_absolute_url() if record.history_type != "-" else ""
            changes.append(
                RecentChange(
                    date=record.history_date,
                    user=record.history_user,
                    action=str(ACTIONS.get(record.history_type, "")),
                    kind=str(model._meta.verbose_name),
                    label=str(live),
                    url=url,
                )
            )
    changes.sort(key=lambda change: change.date, reverse=True)
    return changes[:limit]
