"""The portal's long work, done by a task worker: the yearly report's PDF."""

from django.contrib.auth.models import User
from django.utils import translation
from django_tasks import task

from core.jobs import job_finish, job_run, job_step

from .reports import yearly_report, yearly_report_pdf


@task()
def yearly_report_build(
    *,
    job_id: int,
    user_id: int,
    subject_kind: str,
    key: str,
    year: int,
    language: str,
) -> None:
    """The PDF of a yearly report, read with the rights of who asked for it."""
    with translation.override(language), job_run(job_id):
        report = yearly_report(
            user=User.objects.get(pk=user_id), kind=subject_kind, key=key, year=year
        )
        job_step(job_id, done=1)
        content = yearly_report_pdf(report)
        name = f"restitution-{year}-{report.subject.slug}.pdf"
        job_finish(job_id, content=content, file_name=name)
