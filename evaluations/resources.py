"""import-export resources of the evaluations app: the columns of its exports."""

from django.utils.translation import gettext_lazy as _
from import_export.resources import ModelResource

from core.exports import ExportQuerysetMixin, date_column, number_column, text_column

from .models import Measurement

EVALUATION = "indicator__question__evaluation"


class MeasurementResource(ExportQuerysetMixin, ModelResource):
    project = text_column(_("Projet"), f"{EVALUATION}__project__title")
    evaluation = text_column(_("Évaluation"), f"{EVALUATION}__title")
    question = text_column(_("Question évaluative"), "indicator__question__text")
    indicator = text_column(_("Indicateur"), "indicator__name")
    unit = text_column(_("Unité"), "indicator__unit")
    date = date_column(_("Date"), "date")
    side = text_column(_("Territoire"), "get_side_display")
    value = number_column(_("Valeur"), "value")
    comment = text_column(_("Commentaire"), "comment")

    export_select_related = (f"{EVALUATION}__project",)

    class Meta:
        model = Measurement
        fields = (
            "project",
            "evaluation",
            "question",
            "indicator",
            "unit",
            "date",
            "side",
            "value",
            "comment",
        )
