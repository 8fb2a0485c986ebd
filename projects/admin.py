from django.contrib import admin

from config.admin import VersionedAdmin

from .imports.admin import SpreadsheetImportAdminMixin
from .models import (
    CostLine,
    CostTable,
    CrossViewRow,
    FundingLine,
    ImportRecord,
    KeyFigure,
    Programme,
    ProgrammeAxis,
    Project,
    ProjectContact,
    ProjectRecommendation,
    Quote,
    RecommendationCategory,
    SustainableDevelopmentGoal,
    Theme,
)
from .resources import FundingLineResource


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(RecommendationCategory)
class RecommendationCategoryAdmin(admin.ModelAdmin):
    list_display = ["order", "name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SustainableDevelopmentGoal)
class SustainableDevelopmentGoalAdmin(admin.ModelAdmin):
    list_display = ["number", "label"]


class ProgrammeAxisInline(admin.StackedInline):
    model = ProgrammeAxis
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(VersionedAdmin):
    list_display = ["title", "partnership", "start_year", "end_year"]
    list_filter = ["partnership"]
    search_fields = ["title", "orientation"]
    inlines = [ProgrammeAxisInline]


class KeyFigureInline(admin.TabularInline):
    model = KeyFigure
    extra = 0


class ProjectRecommendationInline(admin.StackedInline):
    model = ProjectRecommendation
    extra = 0


class FundingLineInline(admin.TabularInline):
    model = FundingLine
    extra = 0
    autocomplete_fields = ["funder"]


class CostTableInline(admin.TabularInline):
    model = CostTable
    extra = 0
    show_change_link = True


class CrossViewRowInline(admin.StackedInline):
    model = CrossViewRow
    extra = 0


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0


class ProjectContactInline(admin.TabularInline):
    model = ProjectContact
    extra = 0
    autocomplete_fields = ["contact"]


@admin.register(Project)
class ProjectAdmin(VersionedAdmin):
    list_display = [
        "title",
        "carrier",
        "partnership",
        "status",
        "start_year",
        "guide_order",
    ]
    list_filter = [
        "status",
        "themes",
        "sdgs",
        "recommendations__category",
        "partnership",
    ]
    search_fields = ["title", "lead", "carrier__name", "partners__name"]
    list_select_related = [
        "carrier",
        "partnership__french_authority",
        "partnership__partner",
    ]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["carrier", "co_carriers", "partners"]
    filter_horizontal = ["themes", "sdgs"]
    inlines = [
        KeyFigureInline,
        ProjectRecommendationInline,
        FundingLineInline,
        CostTableInline,
        CrossViewRowInline,
        QuoteInline,
        ProjectContactInline,
    ]


class CostLineInline(admin.TabularInline):
    model = CostLine
    extra = 0


@admin.register(CostTable)
class CostTableAdmin(admin.ModelAdmin):
    list_display = ["caption", "project"]
    search_fields = ["caption", "project__title"]
    inlines = [CostLineInline]


@admin.register(FundingLine)
class FundingLineAdmin(SpreadsheetImportAdminMixin, admin.ModelAdmin):
    """Import (administrators only) and export of funding lines, through the same
    service as the portal's import."""

    resource_classes = [FundingLineResource]
    import_kind = ImportRecord.Kind.FUNDING_LINES
    list_display = ["project", "display_label", "amount", "currency", "note"]
    list_filter = ["currency"]
    search_fields = ["project__title", "funder__name", "label"]
    list_select_related = ["project", "funder"]
    autocomplete_fields = ["project", "funder"]


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
