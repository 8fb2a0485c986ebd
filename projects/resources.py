"""import-export resources of the projects app: the columns of its exports, and the
admin's import of funding lines (run by the portal's import service)."""

from django.utils.translation import gettext_lazy as _
from import_export.resources import ModelResource

from config.exports import (
    ExportQuerysetMixin,
    integer_column,
    list_column,
    number_column,
    text_column,
)
from partnerships.models import Organisation

from .imports.admin import ServiceImportResourceMixin
from .imports.funding_lines import COLUMN
from .models import FundingLine, ImportRecord, Project, Theme


class FundingLineResource(
    ServiceImportResourceMixin, ExportQuerysetMixin, ModelResource
):
    """Exactly the columns the funding-lines import reads, so that an exported file
    imports back unchanged."""

    project = text_column(COLUMN["project"].label, "project__title")
    project_slug = text_column(COLUMN["project_slug"].label, "project__slug")
    funder = text_column(COLUMN["funder"].label, "funder__name")
    label = text_column(COLUMN["label"].label, "label")
    amount = number_column(COLUMN["amount"].label, "amount")
    currency = text_column(COLUMN["currency"].label, "currency")
    note = text_column(COLUMN["note"].label, "note")

    import_kind = ImportRecord.Kind.FUNDING_LINES
    export_select_related = ("project", "funder")

    class Meta:
        model = FundingLine
        fields = (
            "project",
            "project_slug",
            "funder",
            "label",
            "amount",
            "currency",
            "note",
        )
        name = _("Lignes de financement")


class ProjectResource(ExportQuerysetMixin, ModelResource):
    title = text_column(_("Titre"), "title")
    slug = text_column(_("Identifiant"), "slug")
    status = text_column(_("Statut"), "get_status_display")
    carrier = text_column(_("Porteur"), "carrier__name")
    partnership = text_column(_("Partenariat"), "partnership")
    programme = text_column(_("Programme"), "programme__title")
    start_year = integer_column(_("Année de début"), "start_year")
    end_year = integer_column(_("Année de fin"), "end_year")
    themes = list_column(_("Thématiques"), "themes", Theme)
    partners = list_column(_("Partenaires"), "partners", Organisation)
    funding_total = number_column(_("Total des financements"), "funding_total")
    funding_currency = text_column(_("Devise"), "funding_currency")

    export_select_related = (
        "carrier",
        "programme",
        "partnership__french_authority",
        "partnership__partner",
    )
    export_prefetch_related = ("themes", "partners", "funding_lines")

    class Meta:
        model = Project
        fields = (
            "title",
            "slug",
            "status",
            "carrier",
            "partnership",
            "programme",
            "start_year",
            "end_year",
            "themes",
            "partners",
            "funding_total",
            "funding_currency",
        )
