from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .forms import AccountPreferencesForm
from .models import AccountPreferences
from .reminders import reminder_mark, reminders_due
from .selectors import dashboard


def home(request):
    """The dashboard: counts, funding totals, next missions, latest changes."""
    return render(request, "home.html", dashboard(user=request.user))


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
    """The person's account: the weekly digest on or off, their password."""
    preferences, _created = AccountPreferences.objects.get_or_create(user=request.user)
    data = request.POST if request.method == "POST" else None
    form = AccountPreferencesForm(data, instance=preferences)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Vos préférences sont enregistrées."))
        return redirect("account")
    return render(request, "portal/account.html", {"form": form})
