"""Access checks for the portal's views: in the view, never by hiding a button."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import ProtectedError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View

from .access import partner_scope
from .deletion import deletion_plan
from .files import stored_file_response
from .forms import add_row, error_summary, move_row, normalise_text
from .markdown import render_markdown
from .services import StaleRecordError, record_delete, record_save


class PermissionMixin(PermissionRequiredMixin):
    """A missing permission gives the 403 page, never a redirect to the login page."""

    raise_exception = True


class ScopedObjectMixin:
    """Reads the object through the app's selector (`scoped_queryset`). A record
    outside a partner account's scope is a 404, as a missing one is: a partner cannot
    learn that a guessed project exists. An unscoped account (staff) gets a 404 for a
    missing record and a 403 for one its selector leaves out."""

    def scoped_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        return self.scoped_queryset()

    def get_object(self, queryset=None):
        lookup = (
            {self.slug_field: self.kwargs[self.slug_url_kwarg]}
            if (self.slug_url_kwarg in self.kwargs)
            else {"pk": self.kwargs[self.pk_url_kwarg]}
        )
        queryset = self.get_queryset() if queryset is None else queryset
        obj = queryset.filter(**lookup).first()
        if obj is None:
            if partner_scope(self.request.user) is not None:
                raise Http404
            get_object_or_404(self.model, **lookup)  # 404 when it does not exist
            raise PermissionDenied
        return obj


class InlineFormsetsMixin:
    """A create/update view with inline formsets, saved with the record through
    record_save: all or nothing, and a stale form is refused."""

    # (prefix, inline formset class, title shown above its rows)
    formset_classes: list = []

    def get_formsets(self, data=None):
        instance = self.object if self.object is not None else self.model()
        if data is None and self.request.method == "POST":
            data = self.request.POST
        files = self.request.FILES if self.request.method == "POST" else None
        formsets = {}
        for prefix, formset_class, title in self.formset_classes:
            formset = formset_class(data, files, instance=instance, prefix=prefix)
            formset.title = title
            formsets[prefix] = formset
        return formsets

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("formsets", self.get_formsets())
        form = context.get("form")
        if form is not None and form.is_bound and not context.get("unsaved"):
            context["errors"] = error_summary(form, context["formsets"].values())
        return context

    def redisplay(self, request):
        """The form again, as posted, with one row moved ("move"), one empty row
        added to a formset ("add_row", the button without JavaScript) or a Markdown
        text previewed ("preview"), through the same render_markdown as the pages.
        Nothing is validated or saved: that waits for Enregistrer."""
        move = request.POST.get("move", "")
        data = move_row(request.POST, move) if move else request.POST
        prefix = request.POST.get("add_row", "")
        if prefix in {known for known, *_rest in self.formset_classes}:
            data = add_row(data, prefix)
        form = self.get_form_class()(**{**self.get_form_kwargs(), "data": data})
        previews = {}
        name = request.POST.get("preview", "")
        if name in getattr(form, "markdown_fields", ()):
            text = normalise_text(data.get(form.add_prefix(name), ""))
            previews[name] = render_markdown(text)
        return self.render_to_response(
            self.get_context_data(
                form=form,
                formsets=self.get_formsets(data),
                unsaved=True,
                previews=previews,
            )
        )

    def save_records(self, *, form, formsets):
        """Write the record and its rows. A view whose save does more (a service that
        also creates rows) overrides this; it keeps record_save's guarantees."""
        return record_save(
            form=form, formsets=formsets, version=form.cleaned_data.get("version")
        )

    def post(self, request, *args, **kwargs):
        self.object = self.get_object() if self.kwargs else None
        if {"move", "add_row", "preview"} & set(request.POST):
            return self.redisplay(request)
        form = self.get_form()
        formsets = self.get_formsets()
        if not (form.is_valid() and all(fs.is_valid() for fs in formsets.values())):
            return self.render_to_response(
                self.get_context_data(form=form, formsets=formsets)
            )
        try:
            self.object = self.save_records(form=form, formsets=list(formsets.values()))
        except StaleRecordError as error:
            # the page shows the record as it is now; when a guard (the project of
            # a cost table, of a funding line) changed, the page's record stays
            current = error.current
            if not isinstance(current, type(self.object)):
                current = self.object
            return self.render_to_response(
                self.get_context_data(
                    form=form, formsets=formsets, conflict=error, object=current
                ),
                status=409,
            )
        messages.success(request, _("Enregistré."))
        return HttpResponseRedirect(self.get_success_url())


class DeleteSummaryMixin:
    """A delete confirmation page that names what goes with the record and what only
    loses its link to it (core.deletion), and refuses (with the list of what holds
    it) when a protected record depends on it. The deletion goes through
    record_delete, which keeps the unlinked records' history."""

    template_name = "confirm_delete.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["plan"] = deletion_plan(self.object)
        return context

    def form_valid(self, form):
        try:
            record_delete(record=self.object, user=self.request.user)
        except ProtectedError:
            messages.error(
                self.request,
                _("Suppression impossible : d'autres enregistrements en dépendent."),
            )
            return HttpResponseRedirect(self.object.get_absolute_url())
        messages.success(self.request, _("Supprimé."))
        return HttpResponseRedirect(self.get_success_url())


class ScopedFileView(PermissionMixin, ScopedObjectMixin, View):
    """Sends a record's uploaded file as an attachment, to whoever may read the
    record: uploads are never served straight from the media folder."""

    file_field = "file"
    # False for what a page shows inline (a photo in an <img>)
    as_attachment = True
    # whose readers read the file: (the selector of the records it belongs to, the
    # lookup from the file's row to them), e.g. (project_list, "line__project")
    read_through: tuple = ()
    pk_url_kwarg = "pk"
    slug_url_kwarg = "slug"
    slug_field = "slug"

    def scoped_queryset(self):
        selector, lookup = self.read_through
        records = selector(user=self.request.user)
        return self.model.objects.filter(**{f"{lookup}__in": records.values("pk")})

    def get(self, request, *args, **kwargs):
        record = self.get_object()
        return stored_file_response(
            getattr(record, self.file_field), as_attachment=self.as_attachment
        )
