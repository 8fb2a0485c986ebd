"""Long work in the background: the catalogue of many sheets made by a task, its
progress page, its file for its owner only, and a real task worker (a process of its
own on the database queue) that finishes a job, or is killed in the middle and leaves
a failed job, never a half-made file."""

import io
import signal
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from core.jobs import STALLED_MESSAGE, job_create, jobs_fail_stalled
from core.models import BackgroundJob
from projects.sheets import documents as sheet_documents
from projects.sheets import pdf as sheet_pdf_module
from tests.factories import ProjectFactory, UserFactory
from tests.jobs_tasks import slow_job
from tests.pages import page_text
from tests.workers import wait_for, worker

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def background_catalogue(settings, tmp_path):
    settings.SHEET_CATALOGUE_IN_REQUEST = 2
    settings.MEDIA_ROOT = tmp_path
    return settings


def catalogue_url(projects) -> str:
    slugs = "&".join(f"slug={project.slug}" for project in projects)
    return f"{reverse('projects:catalogue-pdf')}?{slugs}"


@pytest.mark.django_db
def test_a_catalogue_of_many_sheets_is_made_in_the_background_then_downloaded(
    client, director, background_catalogue
):
    projects = [ProjectFactory(title=f"Projet pilote {n}") for n in range(3)]
    client.force_login(director)

    response = client.get(catalogue_url(projects))

    job = BackgroundJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("core:job-detail", args=[job.pk])
    page = client.get(response.url)
    text = page_text(page)
    assert "Catalogue de 3 fiches" in text
    assert "Terminé : 4 / 4 étapes" in text  # three sheets, then the catalogue
    assert "Télécharger catalogue-fiches.pdf" in text
    download = client.get(reverse("core:job-file", args=[job.pk]))
    content = b"".join(download.streaming_content)
    assert download["Content-Disposition"].startswith("attachment")
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(content)).pages]
    for project in projects:
        assert any(project.title.upper() in p for p in pages)


@pytest.mark.django_db
def test_the_progress_page_says_how_far_a_job_is_and_refreshes_without_javascript(
    client, director
):
    job = job_create(
        kind="catalogue", label="Catalogue de 13 fiches", user=director, total=14
    )
    BackgroundJob.objects.filter(pk=job.pk).update(status="running", done=5)
    client.force_login(director)

    page = client.get(job.get_absolute_url())
    status = client.get(reverse("core:job-status", args=[job.pk])).json()

    assert "En cours : 5 / 14 étapes" in page_text(page)
    assert b'<noscript><meta http-equiv="refresh"' in page.content
    assert b'<progress class="job-progress" max="100" value="36">' in page.content
    assert (status["done"], status["total"], status["finished"]) == (5, 14, False)
    file = client.get(reverse("core:job-file", args=[job.pk]))
    assert file.status_code == 404  # nothing to download before the end


@pytest.mark.django_db
def test_a_job_is_its_owners_only(client, director, background_catalogue):
    job = job_create(kind="catalogue", label="Catalogue", user=director, total=1)
    other = UserFactory(username="autre-directeur", role="directeur")
    client.force_login(other)

    for name in ("core:job-detail", "core:job-status", "core:job-file"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404


@pytest.mark.django_db
def test_a_failed_catalogue_says_why_in_french(
    client, director, background_catalogue, monkeypatch
):
    def too_slow(html, seconds):
        raise sheet_pdf_module.SheetRenderTimeout()

    monkeypatch.setattr(sheet_documents, "html_to_pdf", too_slow)
    projects = [ProjectFactory() for _n in range(3)]
    client.force_login(director)

    response = client.get(catalogue_url(projects))

    assert response.status_code == 302  # to the job's page, which says why
    job = BackgroundJob.objects.get()
    page = page_text(client.get(job.get_absolute_url()))
    assert "Échec" in page
    assert "a pris trop de temps et a été interrompue" in page
    assert not job.file


@pytest.mark.django_db
def test_a_running_job_without_sign_of_life_is_marked_failed(client, director):
    job = job_create(kind="catalogue", label="Catalogue", user=director, total=3)
    long_ago = timezone.now() - timedelta(hours=1)
    BackgroundJob.objects.filter(pk=job.pk).update(
        status="running", updated_at=long_ago
    )
    client.force_login(director)

    page = page_text(client.get(job.get_absolute_url()))

    assert "Échec" in page
    assert STALLED_MESSAGE.split(":")[0] in page
    assert BackgroundJob.objects.get(pk=job.pk).status == "failed"


# -- a real worker -----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_the_catalogue_of_the_queue(
    client, director, background_catalogue
):
    background_catalogue.TASKS = DATABASE_TASKS
    projects = [ProjectFactory(title=f"Démarche {n}") for n in range(3)]
    client.force_login(director)

    client.get(catalogue_url(projects))
    job = BackgroundJob.objects.get()
    assert job.status == "waiting"  # nothing runs in the request any more
    process = worker("--batch")
    _out, errors = process.communicate(timeout=120)

    assert process.returncode == 0, errors.decode()
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 4, 4)
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"
    content = b"".join(
        client.get(reverse("core:job-file", args=[job.pk])).streaming_content
    )
    assert content.startswith(b"%PDF")


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_task_leaves_a_failed_job_not_a_half_made_one(
    director, settings, tmp_path
):
    settings.TASKS = DATABASE_TASKS
    settings.MEDIA_ROOT = tmp_path
    job = job_create(kind="test", label="Long", user=director, total=100)
    result = slow_job.enqueue(job_id=job.pk, steps=100, seconds=0.05)
    BackgroundJob.objects.filter(pk=job.pk).update(task_id=result.id)

    process = worker()
    try:
        wait_for(lambda: BackgroundJob.objects.get(pk=job.pk).done >= 3)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    job.refresh_from_db()
    assert job.status == "running" and 3 <= job.done < 100
    assert not job.file and list(tmp_path.iterdir()) == []
    later = timezone.now() + timedelta(seconds=settings.JOB_STALLED_SECONDS + 1)
    assert jobs_fail_stalled(now=later) == 1
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.message.startswith("Le traitement s'est interrompu")
    assert DBTaskResult.objects.get(id=result.id).status == "FAILED"
