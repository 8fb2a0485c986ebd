from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from core.filters import FIRST_YEAR, LAST_YEAR
from core.jobs import job_start

from .forms import AccountPreferencesForm
from .middleware import language_cookie_set
from .models import AccountPreferences
from .reminders import reminder_mark, reminders_due
from .reports import yearly_report
from .search import global_search
from .selectors import dashboard, funding_authorities
from .services import account_language_switch
from .tasks import yearly_report_build


def home(request):
    """The dashboard: counts, funding totals (for one French authority, chosen in
    `?collectivite=`, or all), next missions, latest changes."""
    authorities = funding_authorities(user=request.user)
    chosen = request.GET.get("collectivite", "")
    authority = next((a for a in authorities if str(a.pk) == chosen), None)
    context = dashboard(user=request.user, authority=authority)
    return render(
        request,
        "home.html",
        {**context, "authorities": authorities, "authority": authority},
    )


def search(request):
    """The header's search box: any record the user may read, by kind."""
    text = request.GET.get("q", "").strip()[:200]
    groups = global_search(user=request.user, text=text)
    return render(request, "search.html", {"query": text, "groups": groups})


@login_not_required
@never_cache
def health(request):
    """For the load balancer: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


BARE_PAGE = (
    '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
    "<title>Banc d'essai</title></head><body><p>Page fixe.</p></body></html>"
)


@login_not_required
def bench_bare(request):
    """A fixed page through the whole middleware stack, no database, no template: the
    floor the load benchmarks set each page beside (routed only when the
    BENCH_BARE_VIEW setting is on)."""
    return HttpResponse(BARE_PAGE)


@require_POST
def reminder_update(request):
    """ "Fait" or "reporter" on a reminder of the "À faire" block."""
    key = request.POST.get("key", "")
    if key not in {r.key for r in reminders_due(user=request.user)}:
        raise Http404(_("Ce rappel n'existe pas, ou plus."))
    done = request.POST.get("action") == "done"
    reminder_mark(user=request.user, key=key, done=done)
    messages.success(
        request,
        _("Rappel marqué comme fait.") if done else _("Rappel reporté d'une semaine."),
    )
    return redirect("home")


def account(request):
    """The person's account: the weekly digest on or off, the interface language,
    their password."""
    preferences, _created = AccountPreferences.objects.get_or_create(user=request.user)
    data = request.POST if request.method == "POST" else None
    form = AccountPreferencesForm(data, instance=preferences)
    if request.method == "POST" and form.is_valid():
        preferences = form.save()
        language = preferences.language or translation.get_language()
        with translation.override(language):
            messages.success(request, _("Vos préférences sont enregistrées."))
        response = redirect("account")
        if preferences.language:
            language_cookie_set(response, preferences.language)
        return response
    return render(request, "portal/account.html", {"form": form})


@login_not_required
def language_switch(request):
    """The switch in the header (Django's set_language, which keeps the choice in
    the language cookie); for an account that chose its language, the switch
    changes that choice, which would otherwise take over the cookie."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if (
        request.method == "POST"
        and request.user.is_authenticated
        and language in dict(settings.LANGUAGES)
    ):
        account_language_switch(user=request.user, language=language)
    return response


REPORT_PERMISSIONS = {
    "project": "projects.view_project",
    "partnership": "partnerships.view_partnership",
}
REPORT_URLS = {
    "project": "project-yearly-report",
    "partnership": "partnership-yearly-report",
}


def report_check(request, kind: str, year: int) -> None:
    """The permission to read the report's subject, and a year a report can have."""
    if not request.user.has_perm(REPORT_PERMISSIONS[kind]):
        raise PermissionDenied
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404(_("Aucun rapport pour cette année."))


def yearly_report_page(request, kind: str, key, year: int):
    """The yearly restitution report of a project or a partnership, as a page."""
    report_check(request, kind, year)
    asked = request.GET.get("annee", "")
    if asked.isascii() and asked.isdigit() and FIRST_YEAR <= int(asked) <= LAST_YEAR:
        return redirect(REPORT_URLS[kind], key=key, year=int(asked))
    report = yearly_report(user=request.user, kind=kind, key=key, year=year)
    this_year = timezone.localdate().year
    context = {
        "report": report,
        "years": range(this_year + 1, this_year - 15, -1),
        "pdf_url": reverse(f"{REPORT_URLS[kind]}-pdf", args=[key, year]),
    }
    return render(request, "portal/yearly_report.html", context)


def yearly_report_pdf(request, kind: str, key, year: int):
    """Its PDF, made by a task worker: the answer is the page of the job."""
    report_check(request, kind, year)
    report = yearly_report(user=request.user, kind=kind, key=key, year=year)
    job = job_start(
        kind="yearly_report",
        label=_("Restitution annuelle %(year)s : %(title)s")
        % {"year": year, "title": report.title},
        user=request.user,
        total=2,
        task=yearly_report_build,
        user_id=request.user.pk,
        subject_kind=kind,
        key=str(key),
        year=year,
        language=get_language(),
    )
    return redirect(job)


@login_not_required
def login_lockout(request, original_response=None, credentials=None):
    """What django-axes answers to a locked-out login (AXES_LOCKOUT_CALLABLE): when
    the person may try again, and how to get back in sooner."""
    return render(
        request,
        "registration/lockout.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": settings.AXES_COOLOFF_MINUTES,
        },
        status=429,
    )
