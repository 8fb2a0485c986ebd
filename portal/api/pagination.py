from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import PageNumberPagination


class PortalPagination(PageNumberPagination):
    """25 rows a page, as the list pages; a client may ask for up to 200."""

    page_size = 25
    page_query_param = "page"
    page_size_query_param = "taille"
    page_size_query_description = _("Nombre de résultats par page (200 au plus).")
    page_query_description = _("Numéro de la page.")
    max_page_size = 200
    invalid_page_message = _("Page invalide.")
