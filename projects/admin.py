from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.access import has_role
from core.admin import VersionedAdmin, VersionedAdminForm
from core.roles import ADMINISTRATOR

from .forms import (
    FundingLineForm,
    FundingLineYearForm,
    FundingLineYearRows,
    ProjectPhotoForm,
)
from .models import (
    CostLine,
    CostTable,
    CrossViewRow,
    FundingLine,
    FundingLineYear,
    KeyFigure,
    Payment,
    PrintedName,
    Programme,
    ProgrammeAxis,
    Project,
    ProjectContact,
    ProjectPhoto,
    ProjectRecommendation,
    Quote,
    RecommendationCategory,
    SustainableDevelopmentGoal,
    Theme,
)
from .services import partnerships_change_reason


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
    """The portal's rules of a line: an amount or « non évaluable », a period in
    order, no new amount on a line split by year but with its split."""

    model = FundingLine
    form = FundingLineForm
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


class PrintedNameInline(admin.TabularInline):
    model = PrintedName
    extra = 0
    autocomplete_fields = ["organisation"]


class ProjectPhotoInline(admin.TabularInline):
    """Checked, stripped and resized on upload by their field, as on the photos page;
    a stored photo links to its scoped file view (the media folder serves nothing)."""

    model = ProjectPhoto
    form = ProjectPhotoForm
    extra = 0


@admin.register(Project)
class ProjectAdmin(VersionedAdmin):
    list_display = [
        "title",
        "carrier",
        "partnership_names",
        "status",
        "start_year",
        "guide_order",
    ]
    list_filter = [
        "status",
        "is_public",
        "themes",
        "sdgs",
        "recommendations__category",
        "partnerships",
    ]
    search_fields = ["title", "lead", "carrier__name", "partners__name"]
    list_select_related = ["carrier"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["carrier", "co_carriers", "partners"]
    filter_horizontal = ["themes", "sdgs", "partnerships"]
    inlines = [
        KeyFigureInline,
        ProjectRecommendationInline,
        FundingLineInline,
        CostTableInline,
        CrossViewRowInline,
        QuoteInline,
        ProjectContactInline,
        PrintedNameInline,
        ProjectPhotoInline,
    ]

    # What the public pages and the IATI file show: an administrator's decision.
    publication_fields = ["is_public", "funding_is_public"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("partnerships")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not has_role(request.user, ADMINISTRATOR):
            readonly += self.publication_fields
        return readonly

    def save_model(self, request, obj, form, change):
        # the history keeps no many-to-many: name the change of partnerships in it
        reason = partnerships_change_reason(
            project=obj, chosen=form.cleaned_data.get("partnerships") or []
        )
        if reason:
            obj._change_reason = reason
        super().save_model(request, obj, form, change)

    @admin.display(description=_("partenariats"))
    def partnership_names(self, project):
        return ", ".join(str(partnership) for partnership in project.partnerships.all())


class CostLineInline(admin.TabularInline):
    model = CostLine
    extra = 0


@admin.register(CostTable)
class CostTableAdmin(VersionedAdmin):
    """A cost table and its lines are a part of their project: its version guards
    them, as on the portal's page of the lines."""

    version_guard_path = "project"
    list_display = ["caption", "project"]
    search_fields = ["caption", "project__title"]
    inlines = [CostLineInline]


class PaymentInline(admin.TabularInline):
    model = Payment
    extra = 0
    autocomplete_fields = ["payer", "payee"]


class FundingLineYearInline(admin.TabularInline):
    """The split by year, checked as on the portal's page: the parts add up to the
    line's amount, each year once, within the line's period."""

    model = FundingLineYear
    form = FundingLineYearForm
    formset = FundingLineYearRows
    extra = 0


class FundingLineAdminForm(VersionedAdminForm, FundingLineForm):
    """The line's rules of the portal, and the version of its project."""


@admin.register(FundingLine)
class FundingLineAdmin(VersionedAdmin):
    """Funding lines across projects, guarded by their project's version; their
    spreadsheet import and export are added by the imports app (imports/admin.py)."""

    version_guard_path = "project"

    list_display = [
        "project",
        "display_label",
        "amount",
        "currency",
        "nature",
        "status",
        "note",
    ]
    list_filter = ["status", "nature", "currency"]
    search_fields = ["project__title", "funder__name", "label"]
    list_select_related = ["project", "funder"]
    autocomplete_fields = ["project", "funder"]
    form = FundingLineAdminForm
    inlines = [FundingLineYearInline, PaymentInline]
