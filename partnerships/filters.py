import django_filters
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.autocomplete import AutocompleteSelect
from core.filters import PortalFilterSet, YearFilter

from .models import Contact, Organisation, Partnership
from .selectors import french_authority_list, partnership_list


def recorded_countries(organisations=None) -> list[tuple[str, str]]:
    """The countries of `organisations` (every organisation on record by default), in
    alphabetical order of their name: a filter offers the dozen that exist, not the
    249 of the world."""
    if organisations is None:
        organisations = Organisation.objects.all()
    return country_choices(countries_of(organisations).distinct())


def countries_of(organisations: QuerySet) -> QuerySet:
    return (
        organisations.exclude(country="").order_by().values_list("country", flat=True)
    )


def country_choices(codes) -> list[tuple[str, str]]:
    names = dict(countries)
    return sorted(
        ((code, names.get(code, code)) for code in set(codes)), key=lambda c: c[1]
    )


class CountryChoicesMixin:
    """A `country` filter offering only the countries of the organisations that the
    listed records (already scoped to the user) name through `country_sources`: a
    partner account is not shown the countries of records it may not read.

    One query: the countries named through each source, put together by a UNION (an
    OR of the sources made PostgreSQL hash every link row, 20-70 ms at 100,000
    projects, against 7-12 ms)."""

    country_sources: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        records = self.queryset.order_by()
        # every record listed (staff): no scope, no public-only selection
        every_record = not records.query.where
        first, *others = [
            countries_of(
                Organisation.objects.filter(
                    pk__in=named_by_every_record(records.model, path)
                    if every_record
                    else records.values(path)
                )
            )
            for path in self.country_sources
        ]
        codes = first.union(*others) if others else first.distinct()
        self.filters["country"].extra["choices"] = lambda: country_choices(codes)


def named_by_every_record(model, path: str) -> QuerySet:
    """The organisations the rows of `model` name through `path`, all of them read.
    Through a many-to-many field of `model` (a project's partnerships, partners),
    from its link table alone, not from a join of every record with its links: the
    partners of the partnerships that have a link (an index probe each), or the
    organisations of the links."""
    first, _, rest = path.partition("__")
    field = model._meta.pk if first == "pk" else model._meta.get_field(first)
    if not (field.many_to_many and field.concrete):
        return model._base_manager.values(path)
    link = field.remote_field.through._base_manager
    target = field.m2m_reverse_field_name()
    if not rest:
        return link.values(target)
    linked = link.filter(**{target: OuterRef("pk")})
    return field.related_model._base_manager.filter(Exists(linked)).values(rest)


# The choices a filter offers are read through the selectors: a partner account is
# not shown the names of partnerships, carriers or programmes it may not read.


def visible_partnerships(request):
    if request is None:
        return Partnership.objects.none()
    # what a choice's label needs (Partnership.__str__), not every column
    return (
        partnership_list(user=request.user)
        .select_related(None)
        .select_related("french_authority", "partner")
        .only(
            "french_authority__name",
            "french_authority__short_name",
            "partner__name",
            "partner__short_name",
        )
    )


class OrganisationFilter(CountryChoicesMixin, PortalFilterSet):
    country_sources = ("pk",)
    search_fields = ("name", "short_name")

    q = django_filters.CharFilter(label=_("Recherche"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=Organisation.Kind)
    country = django_filters.ChoiceFilter(label=_("Pays"), choices=recorded_countries)
    ordering = django_filters.OrderingFilter(
        label=_("Trier par"),
        fields=[("name", "name"), ("country", "country"), ("kind", "kind")],
        field_labels={"name": _("Nom"), "country": _("Pays"), "kind": _("Type")},
    )

    class Meta:
        model = Organisation
        fields = []


def visible_french_authorities(request):
    if request is None:
        return Organisation.objects.none()
    return french_authority_list(user=request.user)


class PartnershipFilter(CountryChoicesMixin, PortalFilterSet):
    country_sources = ("partner",)
    search_fields = (
        "french_authority__name",
        "partner__name",
        "partner__short_name",
        "description",
    )

    q = django_filters.CharFilter(label=_("Recherche"), method="search")
    country = django_filters.ChoiceFilter(
        label=_("Pays du partenaire"),
        field_name="partner__country",
        choices=recorded_countries,
    )
    status = django_filters.ChoiceFilter(label=_("Statut"), choices=Partnership.Status)
    french_authority = django_filters.ModelChoiceFilter(
        label=_("Collectivité française"),
        queryset=visible_french_authorities,
        widget=AutocompleteSelect("partnerships:authority-choices"),
    )
    year = YearFilter(
        label=_("Actif depuis au moins"), field_name="start_year", lookup_expr="lte"
    )
    ordering = django_filters.OrderingFilter(
        label=_("Trier par"),
        fields=[("partner__name", "partner"), ("start_year", "start_year")],
        field_labels={"partner": _("Partenaire"), "start_year": _("Année de début")},
    )

    class Meta:
        model = Partnership
        fields = []


class ContactFilter(PortalFilterSet):
    search_fields = ("full_name", "role", "email")

    q = django_filters.CharFilter(label=_("Recherche"), method="search")
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(contacts__isnull=False).distinct(),
    )

    class Meta:
        model = Contact
        fields = []
