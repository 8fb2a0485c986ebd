"""Autocomplete for the selects of many records (partnerships, organisations,
programmes): the page renders only the chosen option(s), and Tom Select
(static/vendor/tom-select/, wired by static/js/autocomplete.js) asks a JSON view for
the others as the person types.

- `AutocompleteView`: the records a user may read (the same selector as the list
  pages), searched accents and case aside (core.search), 20 a page:
  `{"results": [{"value": "12", "text": "…"}], "next": "?q=…&page=2" or null}`.
- `AutocompleteSelect` / `AutocompleteSelectMultiple`: the field's widget. The form
  field keeps its scoped queryset, so a chosen primary key is still validated against
  what the user may read; without JavaScript the select offers the empty choice and
  the chosen record(s) only.
- In the rows of a formset (core.forms.RowFormSet), the chosen records of each
  autocomplete field are read in one query for all the rows, not one per row.
"""

from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import JsonResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View

from .forms import record_keys
from .mixins import PermissionMixin
from .search import text_search

PAGE_SIZE = 20


class AutocompleteView(PermissionMixin, View):
    """One kind of record offered to a select. Subclasses say which records the user
    may read (`get_queryset`), which columns are searched (`search_fields`) and,
    when it is not `str(record)`, the label (`label`)."""

    search_fields: tuple[str, ...] = ()
    ordering: tuple[str, ...] = ()
    permission_required: tuple[str, ...] = ()

    def get_permission_required(self):
        return self.permission_required

    def get_queryset(self):
        raise NotImplementedError

    def label(self, record) -> str:
        return str(record)

    def get(self, request, *args, **kwargs):
        query = request.GET.get("q", "").strip()[:100]
        records = text_search(self.get_queryset(), self.search_fields, query)
        if self.ordering:
            records = records.order_by(*self.ordering, "pk")
        paginator = Paginator(records, PAGE_SIZE)
        try:
            page = paginator.page(request.GET.get("page", 1))
        except (EmptyPage, PageNotAnInteger):
            return JsonResponse({"results": [], "next": None})
        following = None
        if page.has_next():
            params = {"q": query, "page": page.next_page_number()}
            following = f"{request.path}?{urlencode(params)}"
        results = [{"value": str(r.pk), "text": self.label(r)} for r in page]
        return JsonResponse({"results": results, "next": following})


class AutocompleteSelect(forms.Select):
    """A select whose options come from the JSON view named `url_name` as one types;
    rendered with the empty choice and the chosen record only (one query, none when
    nothing is chosen), instead of every record the field accepts."""

    allow_multiple_selected = False
    # {value: label} of the chosen records, when the formset of the row read them
    # for all its rows (core.forms.RowFormSet): then rendering reads nothing
    chosen_labels: dict[str, str] | None = None

    def __init__(self, url_name: str, attrs=None):
        super().__init__(attrs)
        self.url_name = url_name

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.url_name = self.url_name
        return copy

    def chosen_options(self, values: list[str]) -> list[tuple[str, str]]:
        """(value, label) of the chosen records the field's queryset holds."""
        keys = record_keys(values)
        if self.chosen_labels is not None:
            return [
                (key, self.chosen_labels[key])
                for key in keys
                if key in self.chosen_labels
            ]
        iterator = self.choices
        queryset = getattr(iterator, "queryset", None)
        if not keys or queryset is None:
            return []
        field = iterator.field
        records = {str(r.pk): r for r in queryset.filter(pk__in=keys)}
        return [
            (key, field.label_from_instance(records[key]))
            for key in keys
            if key in records
        ]

    def optgroups(self, name, value, attrs=None):
        values = [str(v) for v in value if v not in (None, "")]
        options = []
        empty_label = getattr(self.choices, "field", None)
        empty_label = getattr(empty_label, "empty_label", None)
        if not self.allow_multiple_selected and empty_label is not None:
            options.append(("", empty_label))
        options.extend(self.chosen_options(values))
        groups = []
        for index, (option_value, label) in enumerate(options):
            selected = option_value in values
            groups.append(
                (
                    None,
                    [
                        self.create_option(
                            name, option_value, label, selected, index, attrs=attrs
                        )
                    ],
                    index,
                )
            )
        return groups

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        attrs = context["widget"]["attrs"]
        attrs["data-autocomplete"] = reverse(self.url_name)
        attrs["data-autocomplete-placeholder"] = _("Tapez pour chercher…")
        attrs["data-autocomplete-none"] = _("Aucun résultat")
        attrs["data-autocomplete-loading"] = _("Chargement…")
        return context


class AutocompleteSelectMultiple(AutocompleteSelect, forms.SelectMultiple):
    allow_multiple_selected = True

    def __init__(self, url_name: str, attrs=None):
        AutocompleteSelect.__init__(self, url_name, attrs)
