"""The public pages, for anonymous visitors: the directory of the public pilot
projects (with the list's filters), each one's sheet as a page and as PDF, the
catalogue of the public sheets and the map of the public projects.

Only projects an administrator made public (`Project.is_public`) appear, and their
sheet is the public one (projects.sheets.Sheet, `public`): no contact's e-mail or
phone number, no funding unless the project publishes it; nothing else of the
portal (notes, history, files other than the sheet's photos) is reachable from here.

These pages are what search engines and partners' websites hit most: each answers
a conditional GET with 304 from its ETag and Last-Modified, computed from the
versions and modification times of the public projects, before anything is read or
rendered. They carry no CSRF token and nothing of the visitor, so a shared cache
may keep them."""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Count, Max, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_safe

from core.files import stored_file_response
from projects.models import Project, ProjectPhoto, Theme
from projects.sheets import (
    SheetRenderError,
    catalogue_pdf,
    sheet_body_html,
    sheet_html,
    sheet_pdf,
    sheet_prefetch,
    sheet_setting,
)
from projects.views.sheets import CataloguePdfView, pdf_response, render_error

from ..worldmap import projects_map
from .filters import PublicProjectFilter

# How long a browser or a shared cache may keep a page before asking again (then
# usually answered 304).
PUBLIC_MAX_AGE = 300
# Bump when the public pages change in a way their records do not show.
PUBLIC_FORMAT = "1"
DIRECTORY_PAGE_SIZE = 24


def public_projects():
    return Project.objects.public()


@dataclass(frozen=True)
class Freshness:
    etag: str
    last_modified: datetime | None


def _etag(*parts) -> str:
    digest = hashlib.sha256()
    for part in (PUBLIC_FORMAT, get_language() or "", *parts):
        digest.update(str(part).encode())
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def directory_freshness(request, *args, **kwargs) -> Freshness:
    """One query over every public project: their number, the sum of their versions
    and the last modification move with any public project's change, its
    publication or withdrawal. The query string is part of the URL, hence of what
    a cache keys on; it goes into the ETag all the same."""
    if not hasattr(request, "_public_directory_freshness"):
        state = public_projects().aggregate(
            count=Count("pk"), versions=Sum("version"), last=Max("updated_at")
        )
        request._public_directory_freshness = Freshness(
            etag=_etag(
                "directory",
                state["count"],
                state["versions"],
                state["last"].isoformat() if state["last"] else "",
                request.GET.urlencode(),
            ),
            last_modified=state["last"],
        )
    return request._public_directory_freshness


def sheet_freshness(request, slug, **kwargs) -> Freshness | None:
    """The project's version and modification time (every row of its sheet moves
    its version); None for a project that is not public (the view answers 404)."""
    if not hasattr(request, "_public_sheet_freshness"):
        state = (
            public_projects()
            .filter(slug=slug)
            .values("pk", "version", "updated_at", "funding_is_public")
            .first()
        )
        request._public_sheet_freshness = (
            Freshness(
                etag=_etag(
                    "sheet",
                    state["pk"],
                    state["version"],
                    state["updated_at"].isoformat(),
                    state["funding_is_public"],
                ),
                last_modified=state["updated_at"],
            )
            if state
            else None
        )
    return request._public_sheet_freshness


def _directory_etag(request, *args, **kwargs):
    return directory_freshness(request).etag


def _directory_last_modified(request, *args, **kwargs):
    return directory_freshness(request).last_modified


def _sheet_etag(request, slug, **kwargs):
    freshness = sheet_freshness(request, slug)
    return freshness.etag if freshness else None


def _sheet_last_modified(request, slug, **kwargs):
    freshness = sheet_freshness(request, slug)
    return freshness.last_modified if freshness else None


directory_condition = condition(
    etag_func=_directory_etag, last_modified_func=_directory_last_modified
)
sheet_condition = condition(
    etag_func=_sheet_etag, last_modified_func=_sheet_last_modified
)


def publicly_cacheable(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    # the language is read from the visitor's cookie or browser
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


def public_photo_url(photo: ProjectPhoto) -> str:
    return reverse("public:photo", args=[photo.pk])


def directory_projects():
    """The public projects with what a card of the directory shows."""
    return (
        public_projects()
        .select_related("carrier")
        .prefetch_related("themes", "partners", "partnerships__partner")
    )


def _filtered(request) -> PublicProjectFilter:
    return PublicProjectFilter(
        request.GET, queryset=directory_projects(), request=request
    )


@login_not_required
@require_safe
@directory_condition
def directory(request):
    filterset = _filtered(request)
    page = Paginator(filterset.qs, DIRECTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    response = render(
        request,
        "public/directory.html",
        {
            "filter": filterset,
            "page_obj": page,
            "paginator": page.paginator,
            "object_list": page.object_list,
            "query": query.urlencode(),
        },
    )
    return publicly_cacheable(response)


def _public_sheet_project(slug: str) -> Project:
    return get_object_or_404(sheet_prefetch(public_projects()), slug=slug)


@login_not_required
@require_safe
@sheet_condition
def sheet(request, slug):
    """The public sheet, the very document its PDF is made from."""
    project = _public_sheet_project(slug)
    body = sheet_body_html(
        project, screen=True, public=True, photo_url=public_photo_url
    )
    response = render(
        request,
        "public/sheet.html",
        {"project": project, "document": sheet_html(project, body=body)},
    )
    return publicly_cacheable(response)


@login_not_required
@require_safe
@sheet_condition
def sheet_pdf_file(request, slug):
    project = _public_sheet_project(slug)
    try:
        pdf = sheet_pdf(project=project, public=True)
    except SheetRenderError as error:
        return render_error(request, error)
    response = pdf_response(pdf.content, filename=f"fiche-{project.slug}.pdf")
    del response["Cache-Control"]
    return publicly_cacheable(response)


@login_not_required
@require_safe
@directory_condition
def catalogue(request):
    """One PDF of the public sheets the directory shows with the same filters. It is
    made in the request (a visitor has no job page to wait on): a selection larger
    than SHEET_CATALOGUE_IN_REQUEST sheets is refused, to be narrowed."""
    filterset = _filtered(request)
    limit = min(
        sheet_setting("SHEET_CATALOGUE_MAX_SHEETS"),
        sheet_setting("SHEET_CATALOGUE_IN_REQUEST"),
    )
    projects = list(sheet_prefetch(filterset.qs)[: limit + 1])
    if not projects:
        raise Http404(_("Aucun projet ne correspond à ces critères."))
    if len(projects) > limit:
        return render(
            request,
            "projects/sheet/error.html",
            {
                "title": _("Sélection trop grande"),
                "message": _(
                    "Un catalogue réunit au plus %(limit)s fiches : "
                    "affinez les filtres."
                )
                % {"limit": limit},
            },
            status=400,
        )
    try:
        content = catalogue_pdf(
            projects=projects,
            author=_("Portail de la coopération décentralisée"),
            criteria=CataloguePdfView.criteria(filterset),
            public=True,
        )
    except SheetRenderError as error:
        return render_error(request, error)
    response = pdf_response(content, filename="catalogue-public.pdf")
    del response["Cache-Control"]
    return publicly_cacheable(response)


@login_not_required
@require_safe
def photo(request, pk):
    """A photo a public sheet shows, and no other upload."""
    photo = get_object_or_404(
        ProjectPhoto, pk=pk, on_sheet=True, project__is_public=True
    )
    response = stored_file_response(photo.image, as_attachment=False)
    return publicly_cacheable(response)


def map_projects():
    return (
        public_projects()
        .prefetch_related(
            "themes",
            "co_carriers",
            "partners",
            "partnerships__partner",
        )
        .select_related("carrier")
    )


@login_not_required
@require_safe
@directory_condition
def world_map(request):
    """The public projects on the world map, from their carrier to their partners."""
    world = projects_map(
        map_projects(),
        themes=Theme.objects.all(),
        url_of=lambda project: reverse("public:sheet", args=[project.slug]),
    )
    response = render(request, "public/map.html", {"map": world})
    return publicly_cacheable(response)
