"""The projects' long work, done by a task worker: the catalogue of many sheets."""

from django.utils import translation
from django_tasks import task

from core.jobs import job_finish, job_run, job_step

from .models import Project
from .sheets import catalogue_pdf, sheet_pdf, sheet_prefetch, sheet_setting

CATALOGUE_FILE_NAME = "catalogue-fiches.pdf"


@task()
def catalogue_build(
    *,
    job_id: int,
    project_ids: list[int],
    author: str,
    criteria: list[str],
    language: str,
) -> None:
    """The catalogue of `project_ids` (already scoped to who asked, in their order):
    each sheet's PDF first (one step each, cached for the next catalogue), then the
    whole catalogue; its file is stored only when it is complete."""
    with translation.override(language), job_run(job_id):
        order = {pk: index for index, pk in enumerate(project_ids)}
        projects = sorted(
            sheet_prefetch(Project.objects.filter(pk__in=project_ids)),
            key=lambda project: order[project.pk],
        )
        for done, project in enumerate(projects, start=1):
            sheet_pdf(project=project)
            job_step(job_id, done=done)
        content = catalogue_pdf(
            projects=projects,
            author=author,
            criteria=criteria,
            seconds=sheet_setting("SHEET_BACKGROUND_TIME_LIMIT"),
        )
        job_finish(job_id, content=content, file_name=CATALOGUE_FILE_NAME)
