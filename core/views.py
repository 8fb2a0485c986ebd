"""Pages of the background jobs: progress, then the file, for their owner only."""

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .files import stored_file_response
from .jobs import job_for
from .models import BackgroundJob


def owned_job(request, pk: int) -> BackgroundJob:
    """Somebody else's job is a 404: its existence is not theirs to learn."""
    try:
        return job_for(user=request.user, pk=pk)
    except BackgroundJob.DoesNotExist:
        raise Http404(_("Aucun traitement ne correspond à cette adresse.")) from None


def job_detail(request, pk: int):
    """The job's progress (the page refreshes itself without JavaScript; with it, the
    bar moves in place), then its download link or the reason it failed."""
    return render(request, "core/job_detail.html", {"job": owned_job(request, pk)})


def job_status(request, pk: int):
    job = owned_job(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "finished": job.finished,
            "message": job.message,
        }
    )


def job_file(request, pk: int):
    job = owned_job(request, pk)
    if job.status != BackgroundJob.Status.DONE or not job.file:
        raise Http404(_("Ce fichier n'est pas (ou plus) disponible."))
    return stored_file_response(job.file, filename=job.file_name)
