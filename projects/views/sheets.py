"""The capitalization sheet in the portal: its HTML preview, its PDF, and the
catalogue PDF of the project list (with its filters) or of a selection."""

from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView
from django.views.generic.detail import SingleObjectMixin

from core.jobs import job_start
from core.mixins import PermissionMixin, ScopedObjectMixin

from ..filters import ProjectFilter
from ..models import Project
from ..selectors import project_list, project_scope
from ..sheets import (
    SheetRenderError,
    catalogue_pdf,
    sheet_body_html,
    sheet_html,
    sheet_pdf,
    sheet_prefetch,
    sheet_setting,
)
from ..tasks import CATALOGUE_FILE_NAME, catalogue_build


def sheet_error(request, *, title: str, message: str, status: int) -> HttpResponse:
    return render(
        request,
        "projects/sheet/error.html",
        {"title": title, "message": message},
        status=status,
    )


def render_error(request, error: SheetRenderError) -> HttpResponse:
    """A 503 page in plain French: the PDF could not be made this time."""
    return sheet_error(
        request, title=_("PDF indisponible"), message=error.user_message, status=503
    )


def pdf_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    response["Cache-Control"] = "private, no-cache"
    return response


class SheetAccessMixin(PermissionMixin, ScopedObjectMixin):
    """The sheet of a project the user may read: 403 outside a partner's scope."""

    model = Project
    permission_required = "projects.view_project"

    def scoped_queryset(self):
        return project_scope(
            sheet_prefetch(Project.objects.all()), user=self.request.user
        )


class SheetView(SheetAccessMixin, DetailView):
    """The sheet as HTML, in the portal's layout, with the PDF download button."""

    template_name = "projects/sheet/sheet_preview.html"
    context_object_name = "project"

    def get_context_data(self, **kwargs):
        # The very document the PDF is made from, in a frame of its own: the
        # portal's stylesheet cannot reach it, the screen view only adds a frame.
        # Its photos come through their scoped file view, not the media folder.
        document = sheet_html(
            self.object, body=sheet_body_html(self.object, screen=True)
        )
        return super().get_context_data(document=document, **kwargs)


class SheetPdfView(SheetAccessMixin, SingleObjectMixin, View):
    """The sheet as PDF: the stored one while the sheet has not changed.
    `X-Sheet-Cache` says whether it was made for this request (miss) or not (hit)."""

    def get(self, request, *args, **kwargs):
        project = self.get_object()
        try:
            pdf = sheet_pdf(project=project)
        except SheetRenderError as error:
            return render_error(request, error)
        response = pdf_response(pdf.content, filename=f"fiche-{project.slug}.pdf")
        response["X-Sheet-Cache"] = "hit" if pdf.from_cache else "miss"
        return response


class CataloguePdfView(PermissionMixin, View):
    """One PDF of the sheets the project list shows with the same query string (its
    filters and ordering), or of a selection: `?slug=a&slug=b`."""

    permission_required = "projects.view_project"

    def get(self, request, *args, **kwargs):
        filterset = ProjectFilter(
            request.GET, queryset=project_list(user=request.user), request=request
        )
        if not filterset.is_valid():
            return sheet_error(
                request,
                title=_("Filtres non valides"),
                message=_("Les filtres de la liste ne sont pas valides : %(errors)s")
                % {"errors": "; ".join(self.error_messages(filterset))},
                status=400,
            )
        projects = filterset.qs
        slugs = request.GET.getlist("slug")
        if slugs:
            # read through the scoped list: a sheet the user may not read is missing,
            # as a sheet that does not exist is (a partner learns nothing from it)
            projects = projects.filter(slug__in=slugs)
        limit = sheet_setting("SHEET_CATALOGUE_MAX_SHEETS")
        projects = list(sheet_prefetch(projects)[: limit + 1])
        if not projects:
            return sheet_error(
                request,
                title=_("Aucune fiche"),
                message=_("Aucun projet ne correspond à ces critères."),
                status=404,
            )
        if len(projects) > limit:
            return sheet_error(
                request,
                title=_("Sélection trop grande"),
                message=_(
                    "Un catalogue réunit au plus %(limit)s fiches : "
                    "affinez les filtres."
                )
                % {"limit": limit},
                status=400,
            )
        if slugs and not request.GET.get("ordering"):
            order = {slug: index for index, slug in enumerate(slugs)}
            projects.sort(key=lambda project: order[project.slug])
        author = request.user.get_full_name() or request.user.get_username()
        criteria = self.criteria(filterset)
        if len(projects) > sheet_setting("SHEET_CATALOGUE_IN_REQUEST"):
            return self.in_background(projects, author=author, criteria=criteria)
        try:
            content = catalogue_pdf(projects=projects, author=author, criteria=criteria)
        except SheetRenderError as error:
            return render_error(request, error)
        return pdf_response(content, filename=CATALOGUE_FILE_NAME)

    def in_background(self, projects: list[Project], *, author, criteria):
        """A catalogue of more than a few sheets is made by a task worker: the page
        of its job shows the sheets done, then the download link."""
        job = job_start(
            kind="catalogue",
            label=_("Catalogue de %(count)s fiches") % {"count": len(projects)},
            user=self.request.user,
            total=len(projects) + 1,  # each sheet, then the whole catalogue
            task=catalogue_build,
            project_ids=[project.pk for project in projects],
            author=author,
            criteria=criteria,
            language=get_language(),
        )
        return redirect(job)

    @staticmethod
    def criteria(filterset: ProjectFilter) -> list[str]:
        """The filters applied, as the cover of the catalogue lists them."""
        criteria = []
        for name, value in filterset.form.cleaned_data.items():
            if value in (None, "", []) or name == "ordering":
                continue
            field = filterset.form.fields[name]
            if isinstance(field, forms.ModelChoiceField):
                shown = str(value)
            elif isinstance(field, forms.ChoiceField):
                shown = dict(field.choices).get(value, value)
            else:
                shown = value
            criteria.append(
                _("%(filter)s : %(value)s") % {"filter": field.label, "value": shown}
            )
        return criteria

    @staticmethod
    def error_messages(filterset: ProjectFilter) -> list[str]:
        return [
            f"{filterset.form.fields[name].label} : {' '.join(errors)}"
            for name, errors in filterset.form.errors.items()
        ]
