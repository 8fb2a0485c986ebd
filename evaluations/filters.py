import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.filters import PortalFilterSet

from .models import Evaluation


class EvaluationFilter(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Recherche"), method="search")
    status = django_filters.ChoiceFilter(label=_("Statut"), choices=Evaluation.Status)
    year = django_filters.NumberFilter(
        label=_("Année"), field_name="start_date", lookup_expr="year"
    )

    class Meta:
        model = Evaluation
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(purpose__icontains=value)
            | Q(project__title__icontains=value)
        )
