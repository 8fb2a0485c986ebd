from django.shortcuts import render

from missions.models import Mission
from partnerships.models import Partnership
from projects.models import Project


def home(request):
    counts = {
        "partnerships": Partnership.objects.count(),
        "projects": Project.objects.count(),
        "missions": Mission.objects.count(),
    }
    return render(request, "home.html", {"counts": counts})
