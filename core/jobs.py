"""Long work done by a task worker, and what the person who asked for it sees of it.

A view creates a BackgroundJob and enqueues a task (django-tasks: the API of Django
6's `django.tasks`) with the job's id; the task runs inside `job_run`, reports each
step with `job_step` and ends with `job_finish`, which writes the file. The job's page
shows the progress and then the download link, to its owner only.

A worker killed in the middle of a task leaves no half-made file (the file is written
only by `job_finish`); its job stops giving signs of life, and `jobs_fail_stalled`
marks it failed with the reason, so that nobody waits for ever for it.
"""

import contextlib
import logging
from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from .models import BackgroundJob

logger = logging.getLogger(__name__)

Status = BackgroundJob.Status


def job_setting(name: str, default: int) -> int:
    return getattr(settings, name, default)


def job_create(*, kind: str, label: str, user: User, total: int) -> BackgroundJob:
    """A job waiting for its worker, kept for its owner for JOB_KEEP_HOURS."""
    keep = timedelta(hours=job_setting("JOB_KEEP_HOURS", 24))
    return BackgroundJob.objects.create(
        kind=kind,
        label=label,
        user=user,
        total=total,
        expires_at=timezone.now() + keep,
    )


def job_start(
    *, kind: str, label: str, user: User, total: int, task: Task, **arguments
) -> BackgroundJob:
    """Create the job and enqueue `task` for it (called with `job_id` and
    `arguments`, which must be JSON values: ids, not records)."""
    job = job_create(kind=kind, label=label, user=user, total=total)
    result = task.enqueue(job_id=job.pk, **arguments)
    BackgroundJob.objects.filter(pk=job.pk).update(task_id=result.id)
    job.refresh_from_db()
    return job


def job_step(job_id: int, *, done: int) -> None:
    """`done` steps of the job are made: its page moves, and it gave a sign of life."""
    BackgroundJob.objects.filter(pk=job_id).update(
        status=Status.RUNNING, done=done, updated_at=timezone.now()
    )


@transaction.atomic
def job_finish(
    job_id: int,
    *,
    content: bytes | None = None,
    file_name: str = "",
    result_url: str = "",
    message: str = "",
) -> None:
    """Mark the job done with what it gives: a file (stored first: both or neither),
    or a page to open, and a message for its owner."""
    job = BackgroundJob.objects.select_for_update().get(pk=job_id)
    if content is not None:
        job.file.save(file_name, ContentFile(content), save=False)
        job.file_name = file_name
    job.result_url = result_url
    job.message = message
    job.status = Status.DONE
    job.done = job.total
    job.save()


def job_fail(job_id: int, *, message: str) -> None:
    BackgroundJob.objects.filter(pk=job_id).exclude(status=Status.DONE).update(
        status=Status.FAILED, message=message, updated_at=timezone.now()
    )


@contextlib.contextmanager
def job_run(job_id: int) -> Iterator[BackgroundJob]:
    """Run the body as the work of the job: marked running, then failed with a French
    reason if the body raises (the exception goes on to the task's own result)."""
    BackgroundJob.objects.filter(pk=job_id).update(
        status=Status.RUNNING, updated_at=timezone.now()
    )
    try:
        yield BackgroundJob.objects.get(pk=job_id)
    except Exception as error:
        logger.exception("Background job %s failed", job_id)
        job_fail(job_id, message=failure_message(error))
        raise


def failure_message(error: Exception) -> str:
    """What the owner of a failed job reads: our own errors carry a French message;
    anything else is said plainly, without the technical detail (which is logged)."""
    if getattr(error, "user_message", None):
        return str(error.user_message)
    return _(
        "Le traitement a échoué à cause d'une erreur inattendue ; l'équipe technique "
        "en a la trace. Demandez-le à nouveau, ou signalez-le s'il échoue encore."
    )


STALLED_MESSAGE = gettext_noop(
    "Le traitement s'est interrompu : le processus qui le faisait s'est arrêté "
    "avant la fin. Rien n'a été produit à moitié ; demandez-le à nouveau."
)


def jobs_fail_stalled(*, now=None, jobs=None) -> int:
    """Mark failed the running jobs that gave no sign of life for JOB_STALLED_SECONDS
    (their worker was killed or lost), and their task results with them. Returns how
    many were marked."""
    now = now or timezone.now()
    limit = timedelta(seconds=job_setting("JOB_STALLED_SECONDS", 900))
    jobs = BackgroundJob.objects.all() if jobs is None else jobs
    stalled = list(
        jobs.filter(status=Status.RUNNING, updated_at__lt=now - limit).values_list(
            "pk", "task_id"
        )
    )
    if not stalled:
        return 0
    with transaction.atomic():
        BackgroundJob.objects.filter(pk__in=[pk for pk, _task in stalled]).update(
            status=Status.FAILED, message=_(STALLED_MESSAGE), updated_at=now
        )
        DBTaskResult.objects.filter(
            id__in=[task for _pk, task in stalled if task], status="RUNNING"
        ).update(
            status="FAILED",
            finished_at=now,
            exception_class_path="core.jobs.WorkerLost",
            traceback="The worker stopped giving signs of life.",
        )
    logger.warning("Marked %s stalled background job(s) failed", len(stalled))
    return len(stalled)


def jobs_purge_expired(*, now=None) -> int:
    """Delete the jobs past keeping; their files go with them (core.files)."""
    now = now or timezone.now()
    count = 0
    for job in BackgroundJob.objects.filter(expires_at__lt=now):
        job.delete()
        count += 1
    return count


def job_for(*, user: User, pk: int) -> BackgroundJob:
    """The job `pk` of `user` (BackgroundJob.DoesNotExist for anybody else's), marked
    failed first if it stalled."""
    jobs = BackgroundJob.objects.filter(user=user)
    jobs_fail_stalled(jobs=jobs.filter(pk=pk))
    return jobs.get(pk=pk)
