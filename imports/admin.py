"""The admin's side of the imports: the record of imports, and the spreadsheet import
and export of funding lines and organisations, through the portal's import services.

The apps below do not know about imports: their admins are registered again here with
the import added, so that the layers only import downwards.
"""

from django.contrib import admin

from partnerships.admin import OrganisationAdmin
from partnerships.models import Organisation
from partnerships.resources import OrganisationResource
from projects.admin import FundingLineAdmin
from projects.models import FundingLine
from projects.resources import FundingLineResource

from .admin_mixins import ServiceImportResourceMixin, SpreadsheetImportAdminMixin
from .models import ImportRecord


class FundingLineImportResource(ServiceImportResourceMixin, FundingLineResource):
    import_kind = ImportRecord.Kind.FUNDING_LINES

    class Meta(FundingLineResource.Meta):
        pass


class OrganisationImportResource(ServiceImportResourceMixin, OrganisationResource):
    import_kind = ImportRecord.Kind.ORGANISATIONS

    class Meta(OrganisationResource.Meta):
        pass


class FundingLineImportAdmin(SpreadsheetImportAdminMixin, FundingLineAdmin):
    """Import (administrators only) and export of funding lines, through the same
    service as the portal's import."""

    resource_classes = [FundingLineImportResource]
    import_kind = ImportRecord.Kind.FUNDING_LINES


class OrganisationImportAdmin(SpreadsheetImportAdminMixin, OrganisationAdmin):
    """Import of organisations and contacts (administrators only), through the same
    service as the portal's import; export of organisations."""

    resource_classes = [OrganisationImportResource]
    import_kind = ImportRecord.Kind.ORGANISATIONS
    import_permission = "projects.import_fundingline"


admin.site.unregister(FundingLine)
admin.site.register(FundingLine, FundingLineImportAdmin)
admin.site.unregister(Organisation)
admin.site.register(Organisation, OrganisationImportAdmin)


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    """The record of imports: read only, it says what happened."""

    list_display = [
        "created_at",
        "file_name",
        "kind",
        "status",
        "channel",
        "user",
        "created_count",
        "updated_count",
        "unchanged_count",
        "refused_count",
    ]
    list_filter = ["status", "kind", "channel"]
    list_select_related = ["user"]
    exclude = ["file_content"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("file_content")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
