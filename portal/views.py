from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

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
