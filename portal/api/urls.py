from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from .views.docs import ApiDocsView, ApiNotFoundView
from .views.evaluations import EvaluationViewSet, IndicatorViewSet
from .views.missions import MissionViewSet
from .views.partnerships import OrganisationViewSet, PartnershipViewSet
from .views.projects import FundingLineViewSet, ProgrammeViewSet, ProjectViewSet

app_name = "api"

router = SimpleRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("partenariats", PartnershipViewSet, basename="partnership")
router.register("programmes", ProgrammeViewSet, basename="programme")
router.register("projets", ProjectViewSet, basename="project")
router.register("financements", FundingLineViewSet, basename="fundingline")
router.register("missions", MissionViewSet, basename="mission")
router.register("evaluations", EvaluationViewSet, basename="evaluation")
router.register("indicateurs", IndicatorViewSet, basename="indicator")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(), name="docs"),
    *router.urls,
    # last: any other address is a 404 in JSON
    re_path(r"^(?P<rest>.*)$", ApiNotFoundView.as_view(), name="not-found"),
]
