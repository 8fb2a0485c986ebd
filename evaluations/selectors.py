from django.db.models import QuerySet

from config.access import partner_scope
from projects.models import Project
from projects.selectors import project_visible_q

from .models import Evaluation


def evaluation_list(*, user) -> QuerySet[Evaluation]:
    """Evaluations of the projects `user` may read."""
    evaluations = Evaluation.objects.select_related("project")
    scope = partner_scope(user)
    if scope is None:
        return evaluations
    visible = Project.objects.filter(project_visible_q(scope)).values("pk")
    return evaluations.filter(project__in=visible)
