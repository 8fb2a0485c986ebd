from decimal import Decimal

from django.forms.models import model_to_dict
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status
from rest_framework.response import Response

from core.services import record_save
from projects.filters import FundingLineFilter, ProgrammeFilter, ProjectFilter
from projects.forms import FundingLineForm
from projects.models import FundingLine
from projects.selectors import (
    funding_line_list,
    programme_list,
    project_detail,
    project_list,
)

from ..exceptions import form_refused
from ..permissions import ModelPermissions
from ..serializers.projects import (
    FundingLineSerializer,
    FundingLineWriteSerializer,
    ProgrammeSerializer,
    ProjectListSerializer,
    ProjectSerializer,
)
from .base import ScopedViewSet


@extend_schema_view(
    list=extend_schema(summary="Programmes"),
    retrieve=extend_schema(summary="Un programme"),
)
class ProgrammeViewSet(ScopedViewSet):
    list_selector = staticmethod(programme_list)
    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilter


@extend_schema_view(
    list=extend_schema(summary="Projets (démarches)"),
    retrieve=extend_schema(
        summary="Un projet, avec ses financements, chiffres clés, thèmes et ODD"
    ),
)
class ProjectViewSet(ScopedViewSet):
    list_selector = staticmethod(project_list)
    detail_selector = staticmethod(project_detail)
    list_prefetch = ("sdgs",)
    serializer_class = ProjectSerializer
    list_serializer_class = ProjectListSerializer
    filterset_class = ProjectFilter

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action != "list":
            queryset = queryset.prefetch_related("sdgs", "co_carriers", "partners")
        return queryset.order_by("title", "pk")


class FundingLinePermissions(ModelPermissions):
    """A project's funding lines are written by whoever may change the project, as
    on its page."""

    perms_map = {
        **ModelPermissions.perms_map,
        "POST": ["projects.change_project"],
        "PUT": ["projects.change_project"],
        "PATCH": ["projects.change_project"],
    }


@extend_schema_view(
    list=extend_schema(summary="Lignes de financement"),
    retrieve=extend_schema(summary="Une ligne de financement"),
    create=extend_schema(
        summary="Ajouter une ligne de financement à un projet",
        request=FundingLineWriteSerializer,
        responses={201: FundingLineSerializer},
    ),
    update=extend_schema(
        summary="Modifier une ligne de financement",
        request=FundingLineWriteSerializer,
        responses={200: FundingLineSerializer},
    ),
    partial_update=extend_schema(
        summary="Modifier une partie d'une ligne de financement",
        request=FundingLineWriteSerializer,
        responses={200: FundingLineSerializer},
    ),
)
class FundingLineViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedViewSet
):
    """Written through the project page's own form of a funding row and record_save,
    under the version of the project (which guards its lines): a stale version is a
    409, and the history records who wrote."""

    list_selector = staticmethod(funding_line_list)
    serializer_class = FundingLineSerializer
    filterset_class = FundingLineFilter
    permission_classes = [FundingLinePermissions]

    def create(self, request, *args, **kwargs):
        sent = self.sent(request)
        projects = project_list(user=request.user)
        project = projects.filter(pk=sent.get("project")).first()
        if project is None:
            raise exceptions.ValidationError(
                {
                    "project": [
                        _("Ce projet n'existe pas, ou vous ne pouvez pas le lire.")
                    ]
                }
            )
        line = FundingLine(project=project)
        line = self.save(line, sent, data=self.form_data(line))
        return Response(
            FundingLineSerializer(line).data, status=status.HTTP_201_CREATED
        )

    def update(self, request, *args, **kwargs):
        line = self.get_object()
        partial = kwargs.get("partial", False)
        sent = self.sent(request)
        # a full update starts from a new line's defaults, a partial one from the line
        start = line if partial else FundingLine()
        line = self.save(line, sent, data=self.form_data(start))
        return Response(FundingLineSerializer(line).data)

    @staticmethod
    def form_data(line: FundingLine) -> dict:
        data = model_to_dict(line, fields=FundingLineForm._meta.fields)
        return {name: "" if value is None else value for name, value in data.items()}

    def sent(self, request) -> dict:
        serializer = FundingLineWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def save(self, line: FundingLine, sent: dict, *, data: dict) -> FundingLine:
        data = dict(data)
        for name in FundingLineForm._meta.fields:
            if name in sent:
                value = sent[name]
                data[name] = "" if value is None else value
        # the form reads amounts as text, the French way or the English way
        data = {
            name: str(value) if isinstance(value, Decimal) else value
            for name, value in data.items()
        }
        form = FundingLineForm(data=data, instance=line)
        if not form.is_valid():
            raise form_refused(form)
        return record_save(form=form, version=sent["version"], guard=line.project)
