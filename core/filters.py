import django_filters
from django.db.models import Q

from core.forms import use_fast_selects


class PortalFilterSet(django_filters.FilterSet):
    """The filters of a list page; their selects render fast (see FastSelect).

    A free-text filter `q = CharFilter(method="search")` looks for the words in the
    fields named by `search_fields`."""

    search_fields: tuple[str, ...] = ()

    def search(self, queryset, name, value):
        matches = Q()
        for field in self.search_fields:
            matches |= Q(**{f"{field}__icontains": value})
        return queryset.filter(matches)

    @property
    def form(self):
        form = super().form
        if not getattr(form, "fast_selects", False):
            use_fast_selects(form.fields)
            form.fast_selects = True
        return form
