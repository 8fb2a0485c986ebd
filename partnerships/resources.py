"""import-export resources of the partnerships app: the columns of its exports."""

from django.utils.translation import gettext_lazy as _
from import_export.resources import ModelResource

from core.exports import ExportQuerysetMixin, integer_column, text_column
from core.spreadsheets import Column

from .models import Organisation, Partnership

# The columns of a spreadsheet of organisations and contacts, as the export writes
# them (without contacts) and the import (imports.organisations) reads them.
ORGANISATION_COLUMNS = [
    Column(
        "organisation",
        _("Organisation"),
        ("Organization", "Nom de l'organisation", "Structure"),
        required=True,
    ),
    Column("short_name", _("Nom court"), ("Sigle", "Short name", "Acronym")),
    Column("kind", _("Type"), ("Kind", "Nature")),
    Column("country", _("Pays"), ("Country",)),
    Column("website", _("Site web"), ("Website", "Site", "URL")),
    Column(
        "contact",
        _("Contact"),
        ("Nom du contact", "Contact name", "Interlocuteur", "Personne"),
    ),
    Column("role", _("Fonction"), ("Rôle", "Role", "Poste")),
    Column(
        "email",
        _("Courriel"),
        ("E-mail", "Email", "Mail", "Adresse électronique"),
    ),
    Column("phone", _("Téléphone"), ("Phone", "Tél.", "Tel")),
]
ORGANISATION_COLUMN = {column.key: column for column in ORGANISATION_COLUMNS}


class OrganisationResource(ExportQuerysetMixin, ModelResource):
    """The columns the organisations-and-contacts import reads (without contacts),
    so that an exported file imports back unchanged."""

    name = text_column(ORGANISATION_COLUMN["organisation"].label, "name")
    short_name = text_column(ORGANISATION_COLUMN["short_name"].label, "short_name")
    kind = text_column(ORGANISATION_COLUMN["kind"].label, "get_kind_display")
    country = text_column(ORGANISATION_COLUMN["country"].label, "country__name")
    website = text_column(ORGANISATION_COLUMN["website"].label, "website")

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
