"""The funding totals of the dashboard, kept in the same transaction as every write of
what they add up: the one place that writes `FundingTotal`.

What a project adds to the totals follows the rules of its `FundingSummary`
(`projects.funding`: counted lines, statuses, natures, year splits, funders, payments),
so the dashboard counts by the same rules as the project's page. A write sums them in
a few aggregate queries (`figures_by_project`), whatever the number of lines; the
check recomputes them from each project's summary (`summary_figures`), line by line,
and the tests hold the two equal. Its parts are stored
(`ProjectFundingParts`); a write of the project, of one of its funding lines, year
splits or payments, of its partnerships, or of a partnership or partner country it
depends on, recomputes the project's parts and adds the difference to each total row
with `amount = amount + delta` (one `INSERT … ON CONFLICT DO UPDATE` statement): two
writers of one row wait for each other, neither loses the other's amount.

Every write goes through the signals of the models (forms, the Django admin, the demo
loader, deletions and their cascades); the imports, which write in bulk without
signals, call `projects_refresh` themselves. `funding_totals_deferred()` gathers the
projects of a long write and recomputes each once at its end, inside its transaction.
`manage.py funding_totals --check` recomputes everything and compares.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import (
    Case,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import ExtractYear
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from core.models import money_field
from partnerships.models import Organisation, Partnership

from .funding import FundingSummary
from .models import (
    FundingLine,
    FundingLineYear,
    FundingTotal,
    Payment,
    Project,
    ProjectFundingParts,
)

ALL = "all"
Dimension = FundingTotal.Dimension
Key = tuple[str, str, str, str]  # scope, dimension, item, currency
Figure = tuple[str, str, str]  # dimension, item, currency
# a partnership, its French authority, its partner's country
Link = tuple[int, int, str]
CHUNK = 500


def authority_scope(authority_id: int) -> str:
    return f"a:{authority_id}"


def funder_item(funder_id: int | None, label: str) -> str:
    """A funder is its organisation, or, for a line without one, its label."""
    return f"o:{funder_id}" if funder_id else f"l:{label}"


def projects_for_parts(ids: Iterable[int]):
    """The projects with what their summaries read, prefetched: a few queries for any
    number of projects (the recomputation of `totals_check`, a partner's dashboard)."""
    return Project.objects.filter(pk__in=list(ids)).prefetch_related(
        Prefetch(
            "funding_lines",
            FundingLine.objects.prefetch_related("years", "payments"),
        ),
        Prefetch("partnerships", Partnership.objects.select_related("partner")),
    )


def summary_figures(summary: FundingSummary) -> dict[Figure, Decimal]:
    """What a project's funding adds up to, per dimension, item and currency, read
    from its summary: the rules of its page, line by line."""
    figures: dict[Figure, Decimal] = defaultdict(Decimal)
    for currency, total in summary.totals.items():
        figures[Dimension.TOTAL, "", currency] += total
    for dimension, rows in (
        (Dimension.STATUS, summary.by_status),
        (Dimension.NATURE, summary.by_nature),
        (Dimension.YEAR, summary.by_year),
    ):
        for row in rows:
            figures[dimension, str(row.key or ""), row.currency] += row.total
    for line in summary.funder_lines:
        item = funder_item(line.funder_id, line.label)
        figures[Dimension.FUNDER, item, line.currency] += line.amount
    for payment in summary.payments:
        year = str(payment.paid_on.year)
        figures[Dimension.PAID, year, payment.line.currency] += payment.amount
    return figures


def _sums(queryset, *group: str):
    """`(*group, sum of amount)` rows of `queryset`, in one GROUP BY query."""
    return queryset.order_by().values_list(*group).annotate(sum=Sum("amount"))


def figures_by_project(ids: list[int]) -> dict[int, dict[Figure, Decimal]]:
    """The figures of `summary_figures` for the projects `ids`, summed by the database:
    six aggregate queries, whatever the number of lines. The same rules, as filters:
    the counted lines (`counted()`), the funders (`funders()`), and the years of
    `projects.funding.line_years`: a split line falls into its years and puts what
    they leave in no year; a line without a split falls into the one year of its
    period, or in no year. `totals_check` holds the two ways to the same figures."""
    figures: dict[int, dict[Figure, Decimal]] = defaultdict(
        lambda: defaultdict(Decimal)
    )
    lines = FundingLine.objects.filter(project_id__in=ids)
    counted = lines.counted()
    rows = _sums(counted, "project_id", "currency", "status", "nature")
    for project, currency, status, nature, amount in rows:
        figures[project][Dimension.TOTAL, "", currency] += amount
        figures[project][Dimension.STATUS, status, currency] += amount
        figures[project][Dimension.NATURE, nature, currency] += amount
    rows = _sums(lines.funders(), "project_id", "funder_id", "label", "currency")
    for project, funder_id, label, currency, amount in rows:
        item = funder_item(funder_id, label)
        figures[project][Dimension.FUNDER, item, currency] += amount
    years = FundingLineYear.objects.filter(line__in=counted)
    rows = _sums(years, "line__project_id", "year", "line__currency")
    for project, year, currency, amount in rows:
        figures[project][Dimension.YEAR, str(year), currency] += amount
    split = (
        FundingLineYear.objects.filter(line=OuterRef("pk"))
        .order_by()
        .values("line")
        .annotate(sum=Sum("amount"))
        .values("sum")
    )
    outside = counted.annotate(
        split=Subquery(split),
        start=ExtractYear("period_start"),
        end=ExtractYear("period_end"),
    ).annotate(
        year=Case(
            When(split__isnull=True, start=F("end"), then=F("start")),
            default=None,
            output_field=IntegerField(),
        ),
        outside=Case(
            When(split__isnull=True, then=F("amount")),
            default=F("amount") - F("split"),
            output_field=money_field(""),
        ),
    )
    rows = (
        outside.order_by()
        .values_list("project_id", "year", "currency")
        .annotate(sum=Sum("outside"))
    )
    for project, year, currency, amount in rows:
        figures[project][Dimension.YEAR, str(year or ""), currency] += amount
    payments = Payment.objects.filter(line__project_id__in=ids).annotate(
        year=ExtractYear("paid_on")
    )
    rows = _sums(payments, "line__project_id", "year", "line__currency")
    for project, year, currency, amount in rows:
        figures[project][Dimension.PAID, str(year), currency] += amount
    return figures


def parts_from(figures: dict[Figure, Decimal], links: list[Link]) -> dict[Key, Decimal]:
    """What a project of these figures and partnerships adds to each total: its
    figures once in the scope of all projects and once in the scope of each French
    authority of its partnerships; in each scope, its total once per partnership and
    per partner country. Nothing for a figure of zero (no total row shows one)."""
    scopes: dict[str, list[Link]] = {ALL: links}
    for link in links:
        scopes.setdefault(authority_scope(link[1]), []).append(link)
    parts: dict[Key, Decimal] = defaultdict(Decimal)
    for scope, members in scopes.items():
        partnerships = [str(pk) for pk, _authority, _country in members] or [""]
        countries = sorted({country for _pk, _authority, country in members}) or [""]
        for (dimension, item, currency), amount in figures.items():
            if not amount:
                continue
            parts[scope, dimension, item, currency] += amount
            if dimension != Dimension.TOTAL:
                continue
            for partnership in partnerships:
                parts[scope, Dimension.PARTNERSHIP, partnership, currency] += amount
            for country in countries:
                parts[scope, Dimension.COUNTRY, country, currency] += amount
    return {key: amount for key, amount in parts.items() if amount}


def links_by_project(ids: list[int]) -> dict[int, list[Link]]:
    """The partnerships of the projects `ids`, with what their parts read of them."""
    links: dict[int, list[Link]] = defaultdict(list)
    for project, partnership, authority, country in (
        Project.partnerships.through.objects.filter(project_id__in=ids)
        .order_by()
        .values_list(
            "project_id",
            "partnership_id",
            "partnership__french_authority_id",
            "partnership__partner__country",
        )
    ):
        links[project].append((partnership, authority, str(country or "")))
    return links


def project_parts(project: Project) -> dict[Key, Decimal]:
    """What `project` adds to each total, read from its summary (`project.funding`)
    and its partnerships (prefetched by `projects_for_parts`)."""
    links = [
        (
            partnership.pk,
            partnership.french_authority_id,
            str(partnership.partner.country or ""),
        )
        for partnership in project.partnerships.all()
    ]
    return parts_from(summary_figures(project.funding), links)


def parts_of(projects: Iterable[Project]) -> dict[Key, Decimal]:
    """The parts of several projects added up (what the total rows should hold)."""
    totals: dict[Key, Decimal] = defaultdict(Decimal)
    for project in projects:
        for key, amount in project_parts(project).items():
            totals[key] += amount
    return dict(totals)


def _stored(parts: dict[Key, Decimal]) -> list:
    return [[*key, str(amount)] for key, amount in sorted(parts.items())]


def _read(stored: list) -> dict[Key, Decimal]:
    return {tuple(row[:4]): Decimal(row[4]) for row in stored}


def totals_add(deltas: dict[Key, Decimal]) -> None:
    """Add each delta to its total row, creating the rows not there yet, in one
    statement: `amount = amount + delta`, in the order of the keys (two writers lock
    the rows they share in the same order)."""
    rows = [(key, delta) for key, delta in sorted(deltas.items()) if delta]
    table = connection.ops.quote_name(FundingTotal._meta.db_table)
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(chunk))
        params = [value for key, delta in chunk for value in (*key, delta)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (scope, dimension, item, currency, amount) "
                f"VALUES {values} "
                "ON CONFLICT (scope, dimension, item, currency) "
                f"DO UPDATE SET amount = {table}.amount + excluded.amount",
                params,
            )


_pending: ContextVar[set[int] | None] = ContextVar(
    "funding_totals_pending", default=None
)


@transaction.atomic
def projects_refresh(ids: Iterable[int]) -> None:
    """Recompute the parts of the projects `ids` (deleted ones: nothing) and add the
    difference with their stored parts to the totals, in the current transaction.
    The projects' rows are locked first: two writes of one project follow each other."""
    ids = sorted({int(pk) for pk in ids if pk is not None})
    if not ids:
        return
    pending = _pending.get()
    if pending is not None:
        pending.update(ids)
        return
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        current = set(  # locked: two writes of one project follow each other
            Project.objects.select_for_update()
            .filter(pk__in=chunk)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        stored = {
            row.project_id: row
            for row in ProjectFundingParts.objects.select_for_update().filter(
                project_id__in=chunk
            )
        }
        figures = figures_by_project(chunk)
        links = links_by_project(chunk)
        deltas: dict[Key, Decimal] = defaultdict(Decimal)
        written, gone = [], []
        for pk in chunk:
            before = _read(stored[pk].parts) if pk in stored else {}
            after = parts_from(figures[pk], links[pk]) if pk in current else {}
            if before == after:
                continue
            for key, amount in before.items():
                deltas[key] -= amount
            for key, amount in after.items():
                deltas[key] += amount
            if pk in current:
                written.append(ProjectFundingParts(project_id=pk, parts=_stored(after)))
            else:
                gone.append(pk)
        totals_add(deltas)
        if gone:
            ProjectFundingParts.objects.filter(project_id__in=gone).delete()
        if written:  # one INSERT … ON CONFLICT DO UPDATE, as for the totals
            ProjectFundingParts.objects.bulk_create(
                written,
                update_conflicts=True,
                unique_fields=["project_id"],
                update_fields=["parts"],
            )


@contextmanager
def funding_totals_deferred() -> Iterator[None]:
    """Within the block, the projects written are gathered, then recomputed once each
    at its end, in the same transaction (a long import, the demo loader)."""
    if _pending.get() is not None:  # already deferred by an outer block
        yield
        return
    with transaction.atomic():
        pending: set[int] = set()
        token = _pending.set(pending)
        try:
            yield
        finally:
            _pending.reset(token)
        projects_refresh(pending)


def organisations_refresh(ids: Iterable[int]) -> None:
    """After the country of organisations changed: the projects of the partnerships
    they are the partner of."""
    projects_refresh(
        Project.partnerships.through.objects.filter(
            partnership__partner_id__in=list(ids)
        ).values_list("project_id", flat=True)
    )


def partnerships_refresh(ids: Iterable[int]) -> None:
    projects_refresh(
        Project.partnerships.through.objects.filter(
            partnership_id__in=list(ids)
        ).values_list("project_id", flat=True)
    )


def totals_check() -> dict[Key, tuple[Decimal, Decimal]]:
    """Every total row that differs from a recomputation from the lines: `{key: (in
    the table, recomputed)}`; empty when the totals are right."""
    expected: dict[Key, Decimal] = defaultdict(Decimal)
    ids = list(Project.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        for key, amount in parts_of(
            projects_for_parts(ids[start : start + CHUNK])
        ).items():
            expected[key] += amount
    stored = {
        (row.scope, row.dimension, row.item, row.currency): row.amount
        for row in FundingTotal.objects.all()
    }
    return {
        key: (stored.get(key, Decimal(0)), expected.get(key, Decimal(0)))
        for key in stored.keys() | expected.keys()
        if stored.get(key, Decimal(0)) != expected.get(key, Decimal(0))
    }


@transaction.atomic
def totals_rebuild() -> None:
    """Recompute every total from the lines (after a bulk fill, or to repair)."""
    FundingTotal.objects.all().delete()
    ProjectFundingParts.objects.all().delete()
    ids = list(Project.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        projects_refresh(ids[start : start + CHUNK])


def totals_fill_if_missing(sender, **kwargs) -> None:
    """After migrate: a database whose lines predate the totals gets them computed
    once, with today's models (the migration that made the table left it empty)."""
    if not ProjectFundingParts.objects.exists() and FundingLine.objects.exists():
        totals_rebuild()


# -- the signals: every write of what the totals read ------------------------------


def _line_saved(sender, instance, **kwargs):
    projects_refresh([instance.project_id])


def _line_part_saved(sender, instance, **kwargs):
    projects_refresh(
        FundingLine.objects.filter(pk=instance.line_id).values_list(
            "project_id", flat=True
        )
    )


def _project_deleted(sender, instance, **kwargs):
    projects_refresh([instance.pk])


def _partnership_saved(sender, instance, **kwargs):
    partnerships_refresh([instance.pk])


def _partnership_deleting(sender, instance, **kwargs):
    """Its projects, kept before the delete: the links go with it, and Django sends
    no signal for the rows of an auto-created many-to-many table."""
    instance._funding_totals_projects = list(
        Project.partnerships.through.objects.filter(
            partnership_id=instance.pk
        ).values_list("project_id", flat=True)
    )


def _partnership_deleted(sender, instance, **kwargs):
    projects_refresh(getattr(instance, "_funding_totals_projects", []))


def _organisation_saved(sender, instance, **kwargs):
    organisations_refresh([instance.pk])


def _partnerships_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear" and reverse:  # the projects are gone after the clear
        instance._funding_totals_projects = list(
            instance.projects.values_list("pk", flat=True)
        )
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        projects_refresh([instance.pk])
    elif action == "post_clear":
        projects_refresh(getattr(instance, "_funding_totals_projects", []))
    else:
        projects_refresh(pk_set or [])


def signals_connect() -> None:
    uid = "funding_totals"
    for signal in (post_save, post_delete):
        signal.connect(_line_saved, FundingLine, dispatch_uid=uid)
        signal.connect(_line_part_saved, FundingLineYear, dispatch_uid=uid)
        signal.connect(_line_part_saved, Payment, dispatch_uid=uid)
    # a project's own fields are not in its parts: only its deletion counts
    post_delete.connect(_project_deleted, Project, dispatch_uid=uid)
    post_save.connect(_partnership_saved, Partnership, dispatch_uid=uid)
    pre_delete.connect(_partnership_deleting, Partnership, dispatch_uid=uid)
    post_delete.connect(_partnership_deleted, Partnership, dispatch_uid=uid)
    post_save.connect(_organisation_saved, Organisation, dispatch_uid=uid)
    m2m_changed.connect(
        _partnerships_changed, Project.partnerships.through, dispatch_uid=uid
    )


def signals_disconnect() -> None:
    """For a benchmark that measures a save without the totals, only."""
    uid = "funding_totals"
    for signal in (post_save, pre_delete, post_delete):
        for model in (FundingLine, FundingLineYear, Payment, Project, Partnership):
            signal.disconnect(sender=model, dispatch_uid=uid)
    post_save.disconnect(sender=Organisation, dispatch_uid=uid)
    m2m_changed.disconnect(sender=Project.partnerships.through, dispatch_uid=uid)
