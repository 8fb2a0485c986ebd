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

from .models import Evaluation


class EvaluationFilter(CountryChoicesMixin, PortalFilterSet):
    country_sources = ("project__partnerships__partner", "project__partners")
    search_fields = ("title", "purpose", "evaluators", "project__title")

    q = django_filters.CharFilter(label=_("Recherche"), method="search")
    partnership = django_filters.ModelChoiceFilter(
        label=_("Partenariat"),
        field_name="project__partnerships",  # what the API's schema documents
        queryset=visible_partnerships,
        method="filter_partnership",
        widget=AutocompleteSelect("partnerships:partnership-choices"),
    )
    country = django_filters.ChoiceFilter(
        label=_("Pays du partenaire"),
        choices=recorded_countries,
        method="filter_country",
    )
    status = django_filters.ChoiceFilter(label=_("Statut"), choices=Evaluation.Status)
    year = YearFilter(label=_("Année"), method="filter_year")
    ordering = django_filters.OrderingFilter(
        label=_("Trier par"),
        fields=[
            ("start_date", "start_date"),
            ("title", "title"),
            ("status", "status"),
            ("updated_at", "updated_at"),
        ],
        field_labels={
            "start_date": _("Début"),
            "title": _("Titre"),
            "status": _("Statut"),
            "updated_at": _("Dernière modification"),
        },
    )

    class Meta:
        model = Evaluation
        fields = []

    def filter_partnership(self, queryset, name, value):
        """Evaluations of a project of the partnership (one of its partnerships)."""
        projects = Project.objects.filter(partnerships=value).values("pk")
        return queryset.filter(project__in=projects)

    def filter_country(self, queryset, name, value: str):
        """Evaluations of a project with a partner in that country."""
        projects = Project.objects.filter(
            Q(partnerships__partner__country=value) | Q(partners__country=value)
        ).values("pk")
        return queryset.filter(project__in=projects)

    def filter_year(self, queryset, name, value):
        """Evaluations running during that year (an open end counts as running)."""
        return queryset.filter(
            Q(start_date__year__lte=value) | Q(start_date__isnull=True),
            Q(end_date__year__gte=value) | Q(end_date__isnull=True),
        ).exclude(start_date__isnull=True, end_date__isnull=True)
