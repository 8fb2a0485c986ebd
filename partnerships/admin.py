from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from config.admin import VersionedAdmin
from projects.imports.admin import SpreadsheetImportAdminMixin
from projects.models import ImportRecord

from .models import (
    Agreement,
    Contact,
    Organisation,
    OrganisationMembership,
    Partnership,
    PartnershipEvent,
)
from .resources import OrganisationResource


@admin.register(Organisation)
class OrganisationAdmin(SpreadsheetImportAdminMixin, VersionedAdmin):
    """Import of organisations and contacts (administrators only), through the same
    service as the portal's import; export of organisations."""

    resource_classes = [OrganisationResource]
    import_kind = ImportRecord.Kind.ORGANISATIONS
    import_permission = "projects.import_fundingline"
    list_display = ["name", "short_name", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "short_name"]


class PartnershipEventInline(admin.TabularInline):
    model = PartnershipEvent
    extra = 0


class AgreementInline(admin.TabularInline):
    model = Agreement
    extra = 0


@admin.register(Partnership)
class PartnershipAdmin(VersionedAdmin):
    list_display = ["__str__", "start_year", "status", "operator"]
    list_filter = ["status", "partner__country"]
    search_fields = ["french_authority__name", "partner__name", "description"]
    list_select_related = ["french_authority", "partner", "operator"]
    autocomplete_fields = ["french_authority", "partner", "operator"]
    inlines = [PartnershipEventInline, AgreementInline]


@admin.register(Contact)
class ContactAdmin(VersionedAdmin):
    list_display = ["full_name", "role", "organisation", "email", "phone"]
    list_filter = ["organisation__kind"]
    search_fields = ["full_name", "role", "email", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]


@admin.register(OrganisationMembership)
class OrganisationMembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisation"]
    autocomplete_fields = ["organisation"]
    list_select_related = ["user", "organisation"]
