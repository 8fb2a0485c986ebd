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
class EvaluativeQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "evaluation"]
    search_fields = ["text"]
    inlines = [IndicatorInline]


class MeasurementInline(admin.TabularInline):
    model = Measurement
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "baseline", "target", "question"]
    search_fields = ["name"]
    inlines = [MeasurementInline]
