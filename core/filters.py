import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import use_fast_selects
from core.search import text_search

# The years a filter accepts (the cooperations on record start in the 1980s).
FIRST_YEAR, LAST_YEAR = 1900, 2100


class YearField(forms.IntegerField):
    """A year between FIRST_YEAR and LAST_YEAR; any other value, number or not, gets
    the same French message."""

    def to_python(self, value):
        try:
            year = super().to_python(value)
        except ValidationError:
            year = FIRST_YEAR - 1
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValidationError(
                _("Saisissez une année entre %(first)s et %(last)s, par exemple 2024."),
                code="invalid_year",
                params={"first": FIRST_YEAR, "last": LAST_YEAR},
            )
        return year


class YearFilter(django_filters.NumberFilter):
    """A year filter: a value out of range is an error shown in the filter form,
    never a query (a date lookup on year 0 or 100000 fails in the database layer)."""

    field_class = YearField


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
