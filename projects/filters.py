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
from partnerships.models import Organisation

from .models import (
    FundingLine,
    Programme,
    Project,
    RecommendationCategory,
    SustainableDevelopmentGoal,
    Theme,
)
from .selectors import funding_line_list, programme_list, project_scope


def visible_carriers(request):
    if request is None:
        return Organisation.objects.none()
    projects = project_scope(user=request.user)
    return (
        Organisation.objects.filter(pk__in=projects.values("carrier"))
        .only("name")
        .order_by("name")
    )


def visible_programmes(request):
    if request is None:
        return Programme.objects.none()
    return programme_list(user=request.user)


def visible_line_projects(request):
    """The projects of the funding lines the user may read."""
    if request is None:
        return Project.objects.none()
    lines = funding_line_list(user=request.user).order_by()
    return (
        Project.objects.filter(pk__in=lines.values("project"))
        .only("title")
        .order_by("title")
    )


def visible_funders(request):
    """The funders of the funding lines the user may read."""
    if request is None:
        return Organisation.objects.none()
    lines = funding_line_list(user=request.user).order_by()
    return (
        Organisation.objects.filter(pk__in=lines.values("funder"))
        .only("name")
        .order_by("name")
    )


class ProjectFilter(CountryChoicesMixin, PortalFilterSet):
    """The filters of the project list; also what the catalogue PDF and the exports of
    the list apply, so that they give what the list shows."""

    search_fields = (
        "title",
        "aliases",
        "lead",
        "carrier__name",
        "partners__name",
        "partners__short_name",
        "themes__name",
    )
    country_sources = ("partnerships__partner", "partners")

    q = django_filters.CharFilter(label=_("Recherche"), method="search")
    partnership = django_filters.ModelChoiceFilter(
        label=_("Partenariat"),
        field_name="partnerships",
        queryset=visible_partnerships,
        method="filter_related",
        widget=AutocompleteSelect("partnerships:partnership-choices"),
    )
    country = django_filters.ChoiceFilter(
        label=_("Pays du partenaire"),
        choices=recorded_countries,
        method="filter_country",
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Thématique"),
        field_name="themes",
        queryset=Theme.objects.all(),
        method="filter_related",
    )
    sdg = django_filters.ModelChoiceFilter(
        label=_("ODD"),
        field_name="sdgs",
        queryset=SustainableDevelopmentGoal.objects.all(),
        method="filter_related",
    )
    recommendation = django_filters.ModelChoiceFilter(
        label=_("Préconisation"),
        field_name="recommendations__category",
        queryset=RecommendationCategory.objects.all(),
        method="filter_related",
    )
    status = django_filters.ChoiceFilter(label=_("Statut"), choices=Project.Status)
    carrier = django_filters.ModelChoiceFilter(
        label=_("Porteur"),
        queryset=visible_carriers,
        widget=AutocompleteSelect("projects:carrier-choices"),
    )
    year = YearFilter(label=_("Année"), method="filter_year")
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"),
        queryset=visible_programmes,
        widget=AutocompleteSelect("projects:programme-choices"),
    )
    ordering = django_filters.OrderingFilter(
        label=_("Trier par"),
        fields=[
            ("title", "title"),
            ("start_year", "start_year"),
            ("updated_at", "updated_at"),
            ("guide_order", "guide_order"),
        ],
        field_labels={
            "title": _("Titre"),
            "start_year": _("Année de début"),
            "updated_at": _("Dernière modification"),
            "guide_order": _("Ordre du guide"),
        },
    )

    class Meta:
        model = Project
        fields = []

    def filter_related(self, queryset, name, value):
        """A filter across a many-to-many or reverse relation, as a subquery: a
        project with two matching rows is listed once, without a DISTINCT over the
        whole list (which sorts every project and its long texts)."""
        matching = Project.objects.filter(**{name: value}).values("pk")
        return queryset.filter(pk__in=matching)

    def filter_country(self, queryset, name, value: str):
        matching = Project.objects.filter(
            Q(partnerships__partner__country=value) | Q(partners__country=value)
        )
        return queryset.filter(pk__in=matching.values("pk"))

    def filter_year(self, queryset, name, value):
        """Projects running during that year (an open end counts as running)."""
        return queryset.filter(
            Q(start_year__lte=value) | Q(start_year__isnull=True),
            Q(end_year__gte=value) | Q(end_year__isnull=True),
        ).exclude(start_year__isnull=True, end_year__isnull=True)


def currency_choices() -> list[tuple[str, str]]:
    currencies = FundingLine.objects.order_by("currency").values_list(
        "currency", flat=True
    )
    return [(code, code) for code in currencies.distinct()]


class FundingLineFilter(PortalFilterSet):
    """The filters of the funding-lines list, which its exports apply too. The
    project and funder choices are those of the lines the user may read."""

    search_fields = ("project__title", "funder__name", "label", "note")

    q = django_filters.CharFilter(label=_("Recherche"), method="search")
    project = django_filters.ModelChoiceFilter(
        label=_("Projet"),
        queryset=visible_line_projects,
        widget=AutocompleteSelect("projects:line-project-choices"),
    )
    funder = django_filters.ModelChoiceFilter(
        label=_("Financeur"),
        queryset=visible_funders,
        widget=AutocompleteSelect("projects:funder-choices"),
    )
    currency = django_filters.ChoiceFilter(label=_("Devise"), choices=currency_choices)
    status = django_filters.ChoiceFilter(
        label=_("Statut"), choices=FundingLine.Status.choices
    )
    nature = django_filters.ChoiceFilter(
        label=_("Nature"), choices=FundingLine.Nature.choices
    )

    class Meta:
        model = FundingLine
        fields = []


class ProgrammeFilter(PortalFilterSet):
    partnership = django_filters.ModelChoiceFilter(
        label=_("Partenariat"),
        queryset=visible_partnerships,
        widget=AutocompleteSelect("partnerships:partnership-choices"),
    )

    class Meta:
        model = Programme
        fields = []
