from django.shortcuts import render

from .selectors import dashboard


def home(request):
    """The dashboard: counts, funding totals, next missions, latest changes."""
    return render(request, "home.html", dashboard(user=request.user))
