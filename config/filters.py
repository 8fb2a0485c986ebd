import django_filters
from django.db.models import Q
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


# The choices a filter offers are read through the selectors: a partner account is
# not shown the names of partnerships, carriers or programmes it may not read.


def visible_partnerships(request):
    from partnerships.models import Partnership
    from partnerships.selectors import partnership_list

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


def visible_carriers(request):
    from partnerships.models import Organisation
    from projects.models import Project
    from projects.selectors import project_scope

    if request is None:
        return Organisation.objects.none()
    projects = project_scope(Project.objects.all(), user=request.user)
    return (
        Organisation.objects.filter(pk__in=projects.values("carrier"))
        .only("name")
        .order_by("name")
    )


def visible_programmes(request):
    from projects.models import Programme
    from projects.selectors import programme_list

    if request is None:
        return Programme.objects.none()
    return programme_list(user=request.user)
