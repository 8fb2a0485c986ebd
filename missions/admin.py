from django.contrib import admin

from core.admin import VersionedAdmin

from .models import BudgetLine, Mission, MissionDay, MissionStep, Participant


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    autocomplete_fields = ["organisation"]


class MissionDayInline(admin.TabularInline):
    model = MissionDay
    extra = 0


class MissionStepInline(admin.TabularInline):
    model = MissionStep
    extra = 0


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


@admin.register(Mission)
class MissionAdmin(VersionedAdmin):
    list_display = [
        "title",
        "kind",
        "origin",
        "destination",
        "start_date",
        "period_note",
    ]
    list_filter = ["kind", "partnership", "project"]
    search_fields = ["title", "place", "objectives"]
    list_select_related = ["origin", "destination"]
    autocomplete_fields = [
        "project",
        "partnership",
        "origin",
        "destination",
        "organiser",
        "participating_authorities",
    ]
    date_hierarchy = "start_date"
    inlines = [ParticipantInline, MissionDayInline, MissionStepInline, BudgetLineInline]
