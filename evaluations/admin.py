from django.contrib import admin

from core.admin import VersionedAdmin

from .models import Evaluation, EvaluativeQuestion, Indicator, Measurement


class EvaluativeQuestionInline(admin.StackedInline):
    model = EvaluativeQuestion
    extra = 0
    show_change_link = True


@admin.register(Evaluation)
class EvaluationAdmin(VersionedAdmin):
    list_display = ["title", "project", "status", "start_date", "end_date"]
    list_filter = ["status"]
    search_fields = ["title", "purpose", "project__title"]
    list_select_related = ["project"]
    autocomplete_fields = ["project"]
    inlines = [EvaluativeQuestionInline]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    show_change_link = True


@admin.register(EvaluativeQuestion)
class EvaluativeQuestionAdmin(VersionedAdmin):
    """A question and its indicators are the evaluation's grid: its version guards
    them, as on the portal's page of the question."""

    version_guard_path = "evaluation"
    list_display = ["text", "evaluation"]
    search_fields = ["text"]
    inlines = [IndicatorInline]


class MeasurementInline(admin.TabularInline):
    model = Measurement
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(VersionedAdmin):
    version_guard_path = "question__evaluation"
    list_display = ["name", "unit", "baseline", "target", "question"]
    search_fields = ["name"]
    inlines = [MeasurementInline]
