from django.views.generic import TemplateView
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions
from rest_framework.views import APIView


class ApiDocsView(TemplateView):
    """The API's documentation (Swagger UI), for a logged-in person: its files come
    from drf-spectacular-sidecar through our static files, its start-up from
    static/js/api-docs.js, so that the Content-Security-Policy (scripts and styles of
    our own origin, nothing inline) lets it run."""

    template_name = "portal/api_docs.html"


@extend_schema(exclude=True)
class ApiNotFoundView(APIView):
    """Any other address under /api/v1/: a 404 in JSON, as the API's own (not the
    HTML page of the site), once the client is authenticated."""

    permission_classes = [permissions.IsAuthenticated]

    def dispatch_not_found(self, request, *args, **kwargs):
        raise exceptions.NotFound

    get = post = put = patch = delete = dispatch_not_found

    @extend_schema(exclude=True)
    def options(self, request, *args, **kwargs):
        raise exceptions.NotFound
