from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import VersionedAdmin

from .models import (
    Agreement,
    Contact,
    Organisation,
    OrganisationMembership,
    Partnership,
    PartnershipEvent,
)


@admin.register(Organisation)
class OrganisationAdmin(VersionedAdmin):
    """The directory of organisations; its spreadsheet import and export are added by
    the imports app (imports/admin.py)."""

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
