from django.views.generic import TemplateView


class ApiDocsView(TemplateView):
    """The API's documentation (Swagger UI), for a logged-in person: its files come
    from drf-spectacular-sidecar through our static files, its start-up from
    static/js/api-docs.js, so that the Content-Security-Policy (scripts and styles of
    our own origin, nothing inline) lets it run."""

    template_name = "portal/api_docs.html"
