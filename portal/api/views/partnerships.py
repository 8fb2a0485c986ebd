from drf_spectacular.utils import extend_schema, extend_schema_view

from partnerships.filters import OrganisationFilter, PartnershipFilter
from partnerships.models import Organisation
from partnerships.selectors import partnership_list

from ..serializers.partnerships import OrganisationSerializer, PartnershipSerializer
from .base import ScopedViewSet


def organisation_list(*, user):
    """The organisations, as their list page reads them (unscoped: a partner account
    holds no permission to read the directory)."""
    return Organisation.objects.order_by("name", "pk")


@extend_schema_view(
    list=extend_schema(summary="Organisations"),
    retrieve=extend_schema(summary="Une organisation"),
)
class OrganisationViewSet(ScopedViewSet):
    list_selector = staticmethod(organisation_list)
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter


@extend_schema_view(
    list=extend_schema(summary="Partenariats"),
    retrieve=extend_schema(summary="Un partenariat"),
)
class PartnershipViewSet(ScopedViewSet):
    list_selector = staticmethod(partnership_list)
    serializer_class = PartnershipSerializer
    filterset_class = PartnershipFilter
