"""The JSON views the partnership and organisation selects ask as one types (see
core.autocomplete): a partner account is offered only the partnerships (and their
French authorities) it may read;
the organisations (offered in the forms) need the right to read organisations."""

from core.autocomplete import AutocompleteView

from .filters import visible_french_authorities, visible_partnerships
from .models import Organisation


class PartnershipAutocomplete(AutocompleteView):
    permission_required = ("partnerships.view_partnership",)
    search_fields = (
        "french_authority__name",
        "french_authority__short_name",
        "partner__name",
        "partner__short_name",
    )
    ordering = ("french_authority__name", "partner__name")

    def get_queryset(self):
        return visible_partnerships(self.request)


class FrenchAuthorityAutocomplete(AutocompleteView):
    """The French authorities of the partnerships the user may read (the dashboard's
    funding, the partnership list's filter)."""

    permission_required = ("partnerships.view_partnership",)
    search_fields = ("name", "short_name")
    ordering = ("name",)

    def get_queryset(self):
        return visible_french_authorities(self.request).only("name")


class OrganisationAutocomplete(AutocompleteView):
    permission_required = ("partnerships.view_organisation",)
    search_fields = ("name", "short_name")
    ordering = ("name",)

    def get_queryset(self):
        return Organisation.objects.only("name")
