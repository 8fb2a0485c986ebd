from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from evaluations.filters import EvaluationFilter
from evaluations.forms import MeasurementForm
from evaluations.selectors import evaluation_detail, evaluation_list, indicator_list
from evaluations.services import measurement_record

from ..exceptions import form_refused
from ..serializers.evaluations import (
    EvaluationListSerializer,
    EvaluationSerializer,
    IndicatorSerializer,
    MeasurementSerializer,
    MeasurementWriteSerializer,
)
from .base import ScopedViewSet


@extend_schema_view(
    list=extend_schema(summary="Évaluations"),
    retrieve=extend_schema(
        summary="Une évaluation, avec ses questions, indicateurs et mesures"
    ),
)
class EvaluationViewSet(ScopedViewSet):
    list_selector = staticmethod(evaluation_list)
    detail_selector = staticmethod(evaluation_detail)
    serializer_class = EvaluationSerializer
    list_serializer_class = EvaluationListSerializer
    filterset_class = EvaluationFilter


@extend_schema_view(
    list=extend_schema(summary="Indicateurs, avec leurs mesures"),
    retrieve=extend_schema(summary="Un indicateur, avec ses mesures"),
)
class IndicatorViewSet(ScopedViewSet):
    list_selector = staticmethod(indicator_list)
    serializer_class = IndicatorSerializer

    def get_queryset(self):
        return super().get_queryset().order_by("question__evaluation", "order", "pk")

    @extend_schema(
        summary="Enregistrer une mesure d'un indicateur",
        request=MeasurementWriteSerializer,
        responses={201: MeasurementSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="mesures",
        url_name="measurements",
        permission_classes=[permissions.IsAuthenticated],
    )
    def measurements(self, request, pk=None):
        """Through the indicator page's form and measurement_record, under the version
        of the evaluation read (stale: 409); the history records who measured."""
        if not request.user.has_perm("evaluations.add_measurement"):
            raise PermissionDenied
        indicator = self.get_object()
        serializer = MeasurementWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        sent = serializer.validated_data
        form = MeasurementForm(
            data={
                "date": sent["date"],
                "side": sent["side"],
                "value": str(sent["value"]),
                "territory": sent.get("territory") or "",
                "comment": sent.get("comment", ""),
            },
            evaluation=indicator.question.evaluation,
        )
        if not form.is_valid():
            raise form_refused(form, fallback=_("Mesure refusée."))
        measurement = measurement_record(
            indicator=indicator,
            user=request.user,
            version=sent["version"],
            **form.cleaned_data,
        )
        return Response(
            MeasurementSerializer(measurement).data, status=status.HTTP_201_CREATED
        )
