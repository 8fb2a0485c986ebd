"""The generic pages of a record: list, detail, create, edit, delete.

Each app's views subclass these and say which model, selector, filters, form and inline
rows they use; access is checked here (permission, then the partner scope), never by
hiding a button.
"""

from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DeleteView, DetailView, UpdateView
from django_filters.views import FilterView

from .access import partner_scope
from .exports import export_response, requested_export_format
from .history import history_entries
from .mixins import (
    DeleteSummaryMixin,
    InlineFormsetsMixin,
    PermissionMixin,
    ScopedObjectMixin,
)
from .pagination import CappedPaginator


def permission_name(model, action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


# How far back the history pages go: each page reads page × per_page rows of
# every history table of the record.
MAX_HISTORY_PAGE = 200


class RecordMixin(PermissionMixin):
    """Works out the permission from the model and the view's action."""

    action = "view"
    # A function (*, user) -> QuerySet giving the records the user may read.
    selector = None

    def get_permission_required(self):
        return [permission_name(self.model, self.action)]

    def scoped_queryset(self):
        if self.selector is not None:
            return type(self).selector(user=self.request.user)
        return self.model.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_add"] = user.has_perm(permission_name(self.model, "add"))
        context["can_change"] = user.has_perm(permission_name(self.model, "change"))
        context["can_delete"] = user.has_perm(permission_name(self.model, "delete"))
        context["model_name_plural"] = self.model._meta.verbose_name_plural
        return context


class RecordListView(RecordMixin, FilterView):
    """A filtered, sorted, paginated list; with `export_resource` set, `?export=xlsx`
    or `?export=csv` downloads what the list shows, filters applied."""

    paginate_by = 25
    paginator_class = CappedPaginator
    template_name_suffix = "_list"
    strict = False
    export_resource = None
    export_filename = "export"

    def get_queryset(self):
        return self.scoped_queryset()

    def get(self, request, *args, **kwargs):
        file_format = requested_export_format(request)
        if file_format is None or self.export_resource is None:
            return super().get(request, *args, **kwargs)
        filterset = self.get_filterset(self.get_filterset_class())
        rows = filterset.qs if filterset.is_valid() else self.get_queryset().none()
        return export_response(
            queryset=rows,
            resource_class=self.export_resource,
            file_format=file_format,
            filename=self.export_filename,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.export_resource is not None:
            context["export_formats"] = ["xlsx", "csv"]
        return context


class HistoryMixin:
    """One page of a record's history (`?historique=2`)."""

    # (row model, foreign key name) whose history shows with the record's
    history_rows: tuple = ()
    # fields of data-entry notes: shown to staff roles, never to a partner account
    staff_only_fields: tuple[str, ...] = ()
    history_per_page = 20

    def history_page(self, *, hidden) -> dict:
        """One page of the history (`?historique=2`): reads the latest
        page × per_page changes of each history table, a bounded cost."""
        try:
            number = max(1, int(self.request.GET.get("historique", 1)))
        except ValueError:
            number = 1
        number = min(number, MAX_HISTORY_PAGE)  # each page reads page × per_page rows
        per_page = self.history_per_page
        entries = history_entries(
            self.object,
            rows=self.history_rows,
            limit=number * per_page + 1,
            hidden=frozenset(hidden),
        )
        return {
            "history": entries[(number - 1) * per_page : number * per_page],
            "history_page": number,
            "history_previous": number - 1 if number > 1 else None,
            "history_next": number + 1 if len(entries) > number * per_page else None,
        }


class RecordDetailView(RecordMixin, ScopedObjectMixin, DetailView):
    """A record's page. Its history is a page of its own (a RecordHistoryView named
    by `history_url_name`), which the detail page fetches when its "Historique" is
    opened: the detail page reads no history table."""

    history_url_name: str | None = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["show_staff_notes"] = partner_scope(self.request.user) is None
        if self.history_url_name:
            context["history_url"] = reverse(
                self.history_url_name, args=[self.kwargs[self.history_url_kwarg()]]
            )
        return context

    def history_url_kwarg(self) -> str:
        return self.slug_url_kwarg if self.slug_url_kwarg in self.kwargs else "pk"


class RecordHistoryView(HistoryMixin, RecordMixin, ScopedObjectMixin, DetailView):
    """The history of a record on a page of its own, read with the same permission
    and scope as the record's page; `?partiel=1` gives the history block alone (what
    the record's page inserts into its "Historique" when opened). Its selector needs
    only what scopes the record and names it: the prefetches of the record's page are
    not read here."""

    template_name = "history.html"

    def get_template_names(self):
        if self.request.GET.get("partiel"):
            return ["includes/_history_entries.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        staff = partner_scope(self.request.user) is None
        context["history_url"] = self.request.path
        context.update(
            self.history_page(hidden=() if staff else self.staff_only_fields)
        )
        return context


class RecordCreateView(RecordMixin, InlineFormsetsMixin, CreateView):
    action = "add"
    template_name = "object_form.html"
    create_title = _("Nouvel enregistrement")
    cancel_url = reverse_lazy("home")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["create_title"] = self.create_title
        context["cancel_url"] = self.cancel_url
        return context


class RecordUpdateView(RecordMixin, ScopedObjectMixin, InlineFormsetsMixin, UpdateView):
    action = "change"
    template_name = "object_form.html"


class RecordDeleteView(RecordMixin, ScopedObjectMixin, DeleteSummaryMixin, DeleteView):
    action = "delete"
