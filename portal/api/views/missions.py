from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions
from rest_framework.decorators import action
from rest_framework.response import Response

from missions.filters import MissionFilter
from missions.selectors import mission_detail, mission_list
from missions.services import mission_report_write

from ..serializers.missions import (
    MissionListSerializer,
    MissionReportSerializer,
    MissionSerializer,
)
from .base import ScopedViewSet


@extend_schema_view(
    list=extend_schema(summary="Missions"),
    retrieve=extend_schema(summary="Une mission, avec ses étapes et ses participants"),
)
class MissionViewSet(ScopedViewSet):
    list_selector = staticmethod(mission_list)
    detail_selector = staticmethod(mission_detail)
    serializer_class = MissionSerializer
    list_serializer_class = MissionListSerializer
    filterset_class = MissionFilter

    @extend_schema(
        summary="Écrire le compte rendu d'une mission",
        request=MissionReportSerializer,
        responses={200: MissionSerializer},
    )
    @action(
        detail=True,
        methods=["post", "put"],
        url_path="compte-rendu",
        url_name="report",
        permission_classes=[permissions.IsAuthenticated],
        filterset_class=None,
    )
    def report(self, request, pk=None):
        """Through mission_report_write, as the report's page: who may write it (the
        `write_report` permission, a partner on its own partnerships only, else 403),
        the version of the mission read (stale: 409), and its history."""
        if not request.user.has_perm("missions.write_report"):
            raise PermissionDenied
        mission = self.get_object()
        serializer = MissionReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        mission_report_write(
            mission=mission,
            user=request.user,
            text=serializer.validated_data["report"],
            version=serializer.validated_data["version"],
        )
        mission = mission_detail(user=request.user).get(pk=mission.pk)
        return Response(MissionSerializer(mission).data)
