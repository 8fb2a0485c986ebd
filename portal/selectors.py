"""The dashboard's figures: a few aggregate queries, whatever the number of records."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Exists, OuterRef, Sum
from django.utils import timezone

from core.access import partner_scope
from core.history import ACTIONS, deleted_related, with_related
from core.models import Proposal
from core.proposals import may_propose, may_review, proposal_rows, proposals_visible
from evaluations.models import Evaluation
from evaluations.selectors import evaluation_list, evaluation_scope
from missions.models import Mission
from missions.selectors import mission_list, mission_scope
from partnerships.models import Organisation, Partnership
from partnerships.selectors import partnership_list
from projects.models import FundingLine, Project
from projects.selectors import project_scope

from .reminders import reminders_due

REMINDERS_SHOWN = 12


@dataclass
class FundingTotal:
    label: str
    currency: str
    total: Decimal


def _by_total(totals: dict[tuple[str, str], Decimal]) -> list[FundingTotal]:
    return sorted(
        (
            FundingTotal(label, currency, total)
            for (label, currency), total in totals.items()
        ),
        key=lambda row: row.total,
        reverse=True,
    )


def funding_totals(*, user: User | AnonymousUser) -> dict[str, list[FundingTotal]]:
    """The funding of the projects `user` may read, summed by partnership, by funder
    (the ten largest) and by start year of the project: the lines with an amount, per
    currency, as every funding total (`projects.funding`); the funders leave out the
    money still to raise ("à mobiliser").

    A project of several partnerships is counted in each of them; the total of all
    partnerships (`funding_overall`: the projects of at least one) counts it once.

    Three aggregate queries over the funding lines, whatever their number: one
    grouped by partnership, one by start year (the overall total is added up from
    its few rows too), one by funder; the names are read afterwards for the groups only.
    """
    lines = FundingLine.objects.counted()
    if partner_scope(user) is not None:  # no filter at all for everything
        projects = project_scope(Project.objects.all(), user=user)
        lines = lines.filter(project__in=projects.values("pk"))

    by_partnership: dict[tuple[int | None, str], Decimal] = defaultdict(Decimal)
    by_year: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    overall: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    # a line of a project of two partnerships is a row of each group
    groups = lines.values_list("project__partnerships", "currency").annotate(
        total=Sum("amount")
    )
    for partnership_id, currency, total in groups.order_by():
        by_partnership[partnership_id, currency] += total
    # grouped by start year and by whether the project has a partnership at all:
    # the lines of the projects of any partnership, each once, make the overall total
    in_a_partnership = Exists(
        Project.partnerships.through.objects.filter(project_id=OuterRef("project_id"))
    )
    groups = (
        lines.annotate(in_a_partnership=in_a_partnership)
        .values_list("project__start_year", "in_a_partnership", "currency")
        .annotate(total=Sum("amount"))
    )
    for year, in_partnership, currency, total in groups.order_by():
        by_year[str(year or ""), currency] += total
        if in_partnership:
            overall["", currency] += total
    partnerships = Partnership.objects.select_related(
        "french_authority", "partner"
    ).in_bulk([pk for pk, _currency in by_partnership if pk is not None])

    def partnership_label(pk: int | None) -> str:
        if pk is None:
            return ""
        partnership = partnerships[pk]
        authority = partnership.french_authority.short_name
        return f"{authority} – {partnership.partner.short_name}"

    # money still to raise is in the totals above, never a funder
    funders = (
        lines.funders()
        .values_list("funder_id", "label", "currency")
        .annotate(total=Sum("amount"))
        .order_by("-total")[:10]
    )
    funders = list(funders)
    names = Organisation.objects.in_bulk(
        {funder_id for funder_id, *_rest in funders if funder_id is not None}
    )
    return {
        "funding_by_partnership": _by_total(
            {
                (partnership_label(pk), currency): total
                for (pk, currency), total in by_partnership.items()
            }
        ),
        "funding_by_funder": [
            FundingTotal(names[funder_id].name if funder_id else label, currency, total)
            for funder_id, label, currency, total in funders
        ],
        "funding_by_year": sorted(
            _by_total(by_year), key=lambda row: row.label, reverse=True
        ),
        "funding_overall": _by_total(overall),
    }


def dashboard(
    *, user: User | AnonymousUser, today: datetime.date | None = None
) -> dict:
    """Counts, funding totals by partnership / funder / year, the next missions and the
    latest changes, of what `user` may read: the same queries for 10 projects or
    10,000, each an aggregate or a short page of rows."""
    today = today or timezone.localdate()
    next_missions = mission_scope(
        Mission.objects.filter(start_date__gte=today), user=user
    ).order_by("start_date", "title", "pk")[:5]
    return {
        "counts": {
            "partnerships": partnership_list(user=user).count(),
            "projects": project_scope(Project.objects.all(), user=user).count(),
            "missions": mission_scope(Mission.objects.all(), user=user).count(),
            "evaluations": evaluation_scope(
                Evaluation.objects.all(), user=user
            ).count(),
        },
        **funding_totals(user=user),
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
            proposals_visible(user=user)
            .filter(state=Proposal.State.SUBMITTED)
            .order_by("submitted_at", "pk")
        )
        return {"review_queue": proposal_rows(queue[:PROPOSALS_SHOWN])}
    if may_propose(user):
        mine = proposals_visible(user=user)[:PROPOSALS_SHOWN]
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
        (project_scope(Project.objects.all(), user=user), ()),
        (mission_list(user=user), ()),
        (evaluation_list(user=user), ()),
    ]
    changes = []
    for queryset, related in visible:
        model = queryset.model
        records = list(
            model.history.filter(id__in=queryset.values("pk"))
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
