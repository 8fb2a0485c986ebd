import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.filters import PortalFilterSet, recorded_countries

from .models import Contact, Organisation, Partnership
from .selectors import partnership_list


class OrganisationFilter(PortalFilterSet):
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

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(short_name__icontains=value)
        )


def visible_french_authorities(request):
    if request is None:
        return Organisation.objects.none()
    partnerships = partnership_list(user=request.user)
    return Organisation.objects.filter(
        pk__in=partnerships.values("french_authority")
    ).order_by("name")


class PartnershipFilter(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Recherche"), method="search")
    country = django_filters.ChoiceFilter(
        label=_("Pays du partenaire"),
        field_name="partner__country",
        choices=recorded_countries,
    )
    status = django_filters.ChoiceFilter(label=_("Statut"), choices=Partnership.Status)
    french_authority = django_filters.ModelChoiceFilter(
        label=_("Collectivité française"), queryset=visible_french_authorities
    )
    year = django_filters.NumberFilter(
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

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(french_authority__name__icontains=value)
            | Q(partner__name__icontains=value)
            | Q(description__icontains=value)
        )


class ContactFilter(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Recherche"), method="search")
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(contacts__isnull=False).distinct(),
    )

    class Meta:
        model = Contact
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(full_name__icontains=value)
            | Q(role__icontains=value)
            | Q(email__icontains=value)
        )
