import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.autocomplete import AutocompleteSelect
from core.filters import PortalFilterSet, YearFilter
from partnerships.filters import (
    CountryChoicesMixin,
    recorded_countries,
    visible_partnerships,
)
from projects.models import Project

from .models import Mission


class MissionFilter(CountryChoicesMixin, PortalFilterSet):
    country_sources = (
        "origin",
        "destination",
        "partnership__partner",
        "project__partnerships__partner",
    )
    search_fields = ("title", "place", "objectives", "themes_note", "project__title")

    q = django_filters.CharFilter(label=_("Recherche"), method="search")
    partnership = django_filters.ModelChoiceFilter(
        label=_("Partenariat"),
        queryset=visible_partnerships,
        method="filter_partnership",
        widget=AutocompleteSelect("partnerships:partnership-choices"),
    )
    country = django_filters.ChoiceFilter(
        label=_("Pays"), choices=recorded_countries, method="filter_country"
    )
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=Mission.Kind)
    year = YearFilter(label=_("Année"), field_name="start_date", lookup_expr="year")
    ordering = django_filters.OrderingFilter(
        label=_("Trier par"),
        fields=[("start_date", "start_date"), ("title", "title"), ("kind", "kind")],
        field_labels={
            "start_date": _("Date"),
            "title": _("Titre"),
            "kind": _("Type"),
        },
    )

    class Meta:
        model = Mission
        fields = []

    def filter_partnership(self, queryset, name, value):
        """Missions of the partnership, directly or through one of its projects (a
        project of several partnerships as a subquery: each mission listed once)."""
        projects = Project.objects.filter(partnerships=value).values("pk")
        return queryset.filter(Q(partnership=value) | Q(project__in=projects))

    def filter_country(self, queryset, name, value: str):
        """Missions from or to that country, or with a partner there."""
        return queryset.filter(
            Q(origin__country=value)
            | Q(destination__country=value)
            | Q(partnership__partner__country=value)
            | Q(
                project__in=Project.objects.filter(
                    partnerships__partner__country=value
                ).values("pk")
            )
        )
