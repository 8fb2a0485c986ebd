from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView

from core.exports import export_response, requested_export_format
from core.generic import (
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordHistoryView,
    RecordListView,
    RecordMixin,
    RecordUpdateView,
)
from core.mixins import ScopedObjectMixin
from core.proposals import may_propose, proposal_kind

from .filters import EvaluationFilter
from .forms import (
    EvaluationForm,
    IndicatorFormSet,
    MeasurementForm,
    QuestionForm,
    QuestionFormSet,
)
from .models import Evaluation, EvaluativeQuestion, Indicator, Measurement
from .proposals import MEASUREMENT_THERE
from .resources import MeasurementResource
from .selectors import (
    evaluation_detail,
    evaluation_list,
    evaluation_scope,
    indicator_list,
    measurement_list,
    question_list,
)
from .services import measurement_record, question_save

QUESTION_FORMSETS = [
    ("questions", QuestionFormSet, gettext_lazy("Questions évaluatives")),
]
# The rows of an evaluation, down to the measurements, for its history.
EVALUATION_ROWS = (
    (EvaluativeQuestion, "evaluation"),
    (Indicator, "question__evaluation"),
    (Measurement, "indicator__question__evaluation"),
)


class EvaluationListView(RecordListView):
    model = Evaluation
    filterset_class = EvaluationFilter
    selector = evaluation_list


class EvaluationDetailView(RecordDetailView):
    """The evaluation grid: questions, indicators, latest values on each side beside
    the target, progress and charts."""

    model = Evaluation
    selector = evaluation_detail
    history_url_name = "evaluations:evaluation-history"

    def get(self, request, *args, **kwargs):
        """`?export=xlsx|csv`: the measurements of the grid, as a spreadsheet."""
        file_format = requested_export_format(request)
        if file_format is None:
            return super().get(request, *args, **kwargs)
        evaluation = self.get_object()
        return export_response(
            queryset=Measurement.objects.filter(
                indicator__question__evaluation=evaluation
            ),
            resource_class=MeasurementResource,
            file_format=file_format,
            filename=f"mesures-{evaluation.pk}",
        )


class EvaluationHistoryView(RecordHistoryView):
    """The history of an evaluation and of its grid, down to the measurements,
    fetched by its page when opened."""

    model = Evaluation
    history_rows = EVALUATION_ROWS
    selector = evaluation_scope


class EvaluationCreateView(RecordCreateView):
    model = Evaluation
    form_class = EvaluationForm
    formset_classes = QUESTION_FORMSETS
    create_title = gettext_lazy("Nouvelle évaluation")
    cancel_url = reverse_lazy("evaluations:evaluation-list")


class EvaluationUpdateView(RecordUpdateView):
    model = Evaluation
    selector = evaluation_list
    form_class = EvaluationForm
    formset_classes = QUESTION_FORMSETS


class EvaluationDeleteView(RecordDeleteView):
    model = Evaluation
    selector = evaluation_list
    success_url = reverse_lazy("evaluations:evaluation-list")


class QuestionUpdateView(RecordUpdateView):
    """A question of the grid and its indicators (unit, baseline, target)."""

    model = EvaluativeQuestion
    selector = question_list
    form_class = QuestionForm
    formset_classes = [("indicators", IndicatorFormSet, gettext_lazy("Indicateurs"))]
    template_name = "evaluations/question_form.html"

    def get_permission_required(self):
        return ["evaluations.change_evaluation"]

    def save_records(self, *, form, formsets):
        return question_save(
            form=form, formsets=formsets, version=form.cleaned_data.get("version")
        )

    def get_success_url(self):
        return self.object.get_absolute_url()


class IndicatorDetailView(RecordMixin, ScopedObjectMixin, DetailView):
    """An indicator: its chart, its measurements, and the form to enter one."""

    model = Indicator
    selector = indicator_list
    context_object_name = "indicator"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_add_measurement"] = user.has_perm("evaluations.add_measurement")
        context["can_delete_measurement"] = user.has_perm(
            "evaluations.delete_measurement"
        )
        context["evaluation"] = self.object.question.evaluation
        # a partner account proposes a measurement for its own territory
        kind = proposal_kind(MEASUREMENT_THERE)
        if may_propose(user) and kind.targets(user).filter(pk=self.object.pk).exists():
            context["measurement_kind"] = MEASUREMENT_THERE
        if context["can_add_measurement"]:
            context.setdefault(
                "form", MeasurementForm(evaluation=self.object.question.evaluation)
            )
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("evaluations.add_measurement"):
            raise PermissionDenied
        self.object = indicator = self.get_object()
        form = MeasurementForm(request.POST, evaluation=indicator.question.evaluation)
        if form.is_valid():
            try:
                measurement_record(
                    indicator=indicator, user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("Mesure enregistrée."))
        return HttpResponseRedirect(indicator.get_absolute_url())


class MeasurementDeleteView(RecordDeleteView):
    model = Measurement
    selector = measurement_list

    def get_success_url(self):
        return self.object.get_absolute_url()
