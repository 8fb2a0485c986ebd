"""The JSON views the carrier, programme, project and funder selects ask as one
types (see core.autocomplete), scoped as the lists they filter: a partner account is
offered only the records of its partnerships."""

from core.autocomplete import AutocompleteView

from ..filters import (
    visible_carriers,
    visible_funders,
    visible_line_projects,
    visible_programmes,
)
from ..selectors import project_scope


class CarrierAutocomplete(AutocompleteView):
    permission_required = ("projects.view_project",)
    search_fields = ("name", "short_name")
    ordering = ("name",)

    def get_queryset(self):
        return visible_carriers(self.request)


class ProgrammeAutocomplete(AutocompleteView):
    permission_required = ("projects.view_programme",)
    search_fields = ("title",)
    ordering = ("title",)

    def get_queryset(self):
        return visible_programmes(self.request)


class LineProjectAutocomplete(AutocompleteView):
    """The projects of the funding lines the user may read."""

    permission_required = ("projects.view_fundingline",)
    search_fields = ("title",)
    ordering = ("title",)

    def get_queryset(self):
        return visible_line_projects(self.request)


class FunderAutocomplete(AutocompleteView):
    """The funders of the funding lines the user may read."""

    permission_required = ("projects.view_fundingline",)
    search_fields = ("name", "short_name")
    ordering = ("name",)

    def get_queryset(self):
        return visible_funders(self.request)


class ProjectAutocomplete(AutocompleteView):
    """The projects the user may read (the project of a mission, of an
    evaluation)."""

    permission_required = ("projects.view_project",)
    search_fields = ("title", "aliases")
    ordering = ("title",)

    def get_queryset(self):
        return project_scope(user=self.request.user).only("title")
