"""import-export resources of the partnerships app: the columns of its exports."""

from django.utils.translation import gettext_lazy as _
from import_export.resources import ModelResource

from config.exports import ExportQuerysetMixin, integer_column, text_column
from projects.imports.admin import ServiceImportResourceMixin
from projects.imports.organisations import COLUMN
from projects.models import ImportRecord

from .models import Organisation, Partnership


class OrganisationResource(
    ServiceImportResourceMixin, ExportQuerysetMixin, ModelResource
):
    """The columns the organisations-and-contacts import reads (without contacts),
    so that an exported file imports back unchanged."""

    name = text_column(COLUMN["organisation"].label, "name")
    short_name = text_column(COLUMN["short_name"].label, "short_name")
    kind = text_column(COLUMN["kind"].label, "get_kind_display")
    country = text_column(COLUMN["country"].label, "country__name")
    website = text_column(COLUMN["website"].label, "website")

    import_kind = ImportRecord.Kind.ORGANISATIONS

    class Meta:
        model = Organisation
        fields = ("name", "short_name", "kind", "country", "website")
        name = _("Organisations et contacts")


class PartnershipResource(ExportQuerysetMixin, ModelResource):
    french_authority = text_column(
        _("Collectivité française"), "french_authority__name"
    )
    partner = text_column(_("Partenaire"), "partner__name")
    partner_country = text_column(_("Pays du partenaire"), "partner__country__name")
    operator = text_column(_("Opérateur"), "operator__name")
    slug = text_column(_("Identifiant"), "slug")
    start_year = integer_column(_("Année de début"), "start_year")
    status = text_column(_("Statut"), "get_status_display")

    export_select_related = ("french_authority", "partner", "operator")

    class Meta:
        model = Partnership
        fields = (
            "french_authority",
            "partner",
            "partner_country",
            "operator",
            "slug",
            "start_year",
            "status",
        )
