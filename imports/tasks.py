"""The imports' long work, done by a task worker: the confirmation of a large file."""

from django.contrib.auth.models import User
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from core.jobs import job_fail, job_finish, job_run, job_step

from .records import import_confirm

NOT_WRITTEN = gettext_noop(
    "Rien n'a été écrit : des lignes sont refusées, les données ont changé depuis "
    "l'aperçu. Ouvrez l'aperçu pour les voir."
)


@task()
def import_confirm_build(*, job_id: int, record_id: int, user_id: int, language: str):
    """Confirm the import `record_id` with the same guarantees as in a request: all
    of it in one transaction or nothing, once (the record is locked and must still
    be pending)."""
    with translation.override(language), job_run(job_id):
        job_step(job_id, done=1)
        record, report = import_confirm(
            record_id=record_id, user=User.objects.get(pk=user_id)
        )
        if not report.committed:
            job_fail(job_id, message=_(NOT_WRITTEN))
            return
        job_finish(
            job_id,
            result_url=record.get_absolute_url(),
            message=_("Import confirmé : %(summary)s.") % {"summary": report.summary()},
        )
