import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.filters import PortalFilterSet
from partnerships.models import Partnership

from .models import Mission


class MissionFilter(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Recherche"), method="search")
    partnership = django_filters.ModelChoiceFilter(
        label=_("Partenariat"),
        queryset=Partnership.objects.select_related("french_authority", "partner"),
    )
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=Mission.Kind)
    year = django_filters.NumberFilter(
        label=_("Année"), field_name="start_date", lookup_expr="year"
    )
    ordering = django_filters.OrderingFilter(
        label=_("Trier par"),
        fields=[("start_date", "start_date"), ("title", "title")],
        field_labels={"start_date": _("Date"), "title": _("Titre")},
    )

    class Meta:
        model = Mission
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(place__icontains=value)
            | Q(objectives__icontains=value)
        )
