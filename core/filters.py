import django_filters

from core.forms import use_fast_selects
from core.search import text_search


class PortalFilterSet(django_filters.FilterSet):
    """The filters of a list page; their selects render fast (see FastSelect).

    A free-text filter `q = CharFilter(method="search")` looks for the words in the
    fields named by `search_fields`, accents and case aside (core.search); the global
    search of the portal reads the same fields."""

    search_fields: tuple[str, ...] = ()

    def search(self, queryset, name, value):
        return text_search(queryset, self.search_fields, value)

    @property
    def form(self):
        form = super().form
        if not getattr(form, "fast_selects", False):
            use_fast_selects(form.fields)
            form.fast_selects = True
        return form
