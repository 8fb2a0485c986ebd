import django_filters
from django_countries import countries

from config.forms import use_fast_selects


def recorded_countries() -> list[tuple[str, str]]:
    """The countries of the organisations on record, in alphabetical order of their
    name: a filter offers the dozen that exist, not the 249 of the world."""
    from partnerships.models import Organisation

    codes = (
        Organisation.objects.exclude(country="")
        .order_by()
        .values_list("country", flat=True)
        .distinct()
    )
    names = dict(countries)
    return sorted(((code, names.get(code, code)) for code in codes), key=lambda c: c[1])


class PortalFilterSet(django_filters.FilterSet):
    """The filters of a list page; their selects render fast (see FastSelect)."""

    @property
    def form(self):
        form = super().form
        if not getattr(form, "fast_selects", False):
            use_fast_selects(form.fields)
            form.fast_selects = True
        return form
