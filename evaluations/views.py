from config.generic import RecordDetailView, RecordListView

from .filters import EvaluationFilter
from .models import Evaluation, EvaluativeQuestion
from .selectors import evaluation_list


class EvaluationListView(RecordListView):
    model = Evaluation
    filterset_class = EvaluationFilter
    selector = evaluation_list


class EvaluationDetailView(RecordDetailView):
    model = Evaluation
    selector = evaluation_list
    history_rows = ((EvaluativeQuestion, "evaluation"),)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("questions__indicators")
