from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from projects.selectors import of_readable_projects

from .models import Evaluation, EvaluativeQuestion, Indicator, Measurement


def evaluation_scope(
    evaluations: QuerySet[Evaluation] | None = None, *, user: User | AnonymousUser
) -> QuerySet:
    """The evaluations of `evaluations` (all of them by default) of the projects
    `user` may read."""
    if evaluations is None:
        evaluations = Evaluation.objects.all()
    return of_readable_projects(evaluations, user=user)


def evaluation_list(*, user: User | AnonymousUser) -> QuerySet[Evaluation]:
    """The evaluations `user` may read, with what the list shows of them: the same
    number of queries for 10 rows or 10,000."""
    evaluations = (
        Evaluation.objects.select_related("project")
        # Counted by correlated subqueries, for the rows of the page only (a join
        # grouped by evaluation would count them for every evaluation).
        .annotate(
            question_count=_count(
                EvaluativeQuestion.objects.filter(evaluation=OuterRef("pk")),
                "evaluation",
            ),
            indicator_count=_count(
                Indicator.objects.filter(question__evaluation=OuterRef("pk")),
                "question__evaluation",
            ),
        )
        .order_by("-start_date", "title", "pk")
    )
    return evaluation_scope(evaluations, user=user)


def _count(rows: QuerySet, parent: str) -> Coalesce:
    counted = rows.order_by().values(parent).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def measurements_prefetch(path: str) -> Prefetch:
    """The measurements under `path`, with their territory, for the grid and charts."""
    return Prefetch(path, queryset=Measurement.objects.select_related("territory"))


def territories_related(prefix: str) -> tuple[list[str], list[str]]:
    """The select_related and prefetch_related paths, from `prefix` (the path to an
    evaluation), of what Evaluation.territory_sides reads."""
    project = f"{prefix}project"
    return (
        [f"{project}__carrier"],
        [f"{project}__co_carriers", f"{project}__partners", f"{project}__partnerships"],
    )


def evaluation_detail(*, user: User | AnonymousUser) -> QuerySet[Evaluation]:
    """The evaluations `user` may read, with every row their grid shows, and the
    territories of the evaluated project (for the sides of the measurements)."""
    selected, prefetched = territories_related("")
    evaluations = Evaluation.objects.select_related(*selected).prefetch_related(
        *prefetched,
        "questions__indicators",
        measurements_prefetch("questions__indicators__measurements"),
    )
    return evaluation_scope(evaluations, user=user)


def project_evaluation_summary_prefetch() -> Prefetch:
    """What the evaluation summary of a project page (and of its capitalization
    sheet) reads: `project_detail` prefetches this instead of plain "evaluations"."""
    return Prefetch(
        "evaluations",
        queryset=Evaluation.objects.prefetch_related(
            "questions__indicators",
            measurements_prefetch("questions__indicators__measurements"),
        ),
    )


def question_list(*, user: User | AnonymousUser) -> QuerySet[EvaluativeQuestion]:
    """The evaluative questions of the evaluations `user` may read."""
    evaluations = evaluation_scope(user=user)
    return EvaluativeQuestion.objects.select_related("evaluation").filter(
        evaluation__in=evaluations.values("pk")
    )


def indicator_list(*, user: User | AnonymousUser) -> QuerySet[Indicator]:
    """The indicators of the evaluations `user` may read, with their measurements
    and what deciding the side of a territory needs."""
    evaluations = evaluation_scope(user=user)
    selected, prefetched = territories_related("question__evaluation__")
    return (
        Indicator.objects.filter(question__evaluation__in=evaluations.values("pk"))
        .select_related(*selected)
        .prefetch_related(*prefetched, measurements_prefetch("measurements"))
    )


def measurement_list(*, user: User | AnonymousUser) -> QuerySet[Measurement]:
    evaluations = evaluation_scope(user=user)
    return Measurement.objects.select_related("indicator").filter(
        indicator__question__evaluation__in=evaluations.values("pk")
    )
