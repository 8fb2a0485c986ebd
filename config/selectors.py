"""The dashboard's figures: a few aggregate queries, whatever the number of records."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.utils import timezone

from evaluations.selectors import evaluation_list
from missions.selectors import mission_list
from partnerships.selectors import partnership_list
from projects.models import FundingLine, Project
from projects.selectors import project_scope

from .history import ACTIONS, with_related


@dataclass
class FundingTotal:
    label: str
    currency: str
    total: Decimal


def _totals(lines: QuerySet[FundingLine], *group: str, limit: int | None = None):
    rows = lines.values(*group, "currency").annotate(total=Sum("amount"))
    return rows.order_by("-total")[:limit] if limit else rows.order_by("-total")


def dashboard(*, user, today: datetime.date | None = None) -> dict:
    """Counts, funding totals by partnership / funder / year, the next missions and the
    latest changes, of what `user` may read."""
    today = today or timezone.localdate()
    projects = project_scope(Project.objects.all(), user=user)
    lines = FundingLine.objects.filter(
        amount__isnull=False, project__in=projects.values("pk")
    )
    missions = mission_list(user=user)
    authority = "project__partnership__french_authority__short_name"
    partner = "project__partnership__partner__short_name"
    return {
        "counts": {
            "partnerships": partnership_list(user=user).count(),
            "projects": projects.count(),
            "missions": missions.count(),
            "evaluations": evaluation_list(user=user).count(),
        },
        "funding_by_partnership": [
            FundingTotal(
                f"{row[authority]} – {row[partner]}" if row[partner] else "",
                row["currency"],
                row["total"],
            )
            for row in _totals(lines, authority, partner)
        ],
        "funding_by_funder": [
            FundingTotal(
                row["funder__name"] or row["label"], row["currency"], row["total"]
            )
            for row in _totals(lines, "funder__name", "label", limit=10)
        ],
        "funding_by_year": sorted(
            (
                FundingTotal(
                    str(row["project__start_year"] or ""), row["currency"], row["total"]
                )
                for row in _totals(lines, "project__start_year")
            ),
            key=lambda total: total.label,
            reverse=True,
        ),
        "next_missions": list(
            missions.filter(start_date__gte=today).order_by("start_date")[:5]
        ),
        "latest_changes": recent_changes(user=user, limit=10),
    }


@dataclass
class RecentChange:
    date: datetime.datetime
    user: object
    action: str
    kind: str
    label: str
    url: str


def recent_changes(*, user, limit: int = 10) -> list[RecentChange]:
    """The latest changes to partnerships, projects, missions and evaluations that
    `user` may read: one query per kind of record."""
    from evaluations.selectors import evaluation_list
    from missions.selectors import mission_list
    from partnerships.selectors import partnership_list
    from projects.models import Project
    from projects.selectors import project_scope

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
        records = (
            model.history.filter(id__in=queryset.values("pk"))
            .select_related("history_user", *related)
            .order_by("-history_date")[:limit]
        )
        for record in records:
            live = with_related(record, related)
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
