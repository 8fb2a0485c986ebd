"""A large import is confirmed by a task worker: the job's page says where it is,
then links to the import's result; the import's guarantees hold (all or nothing,
once)."""

import pytest
from django.urls import reverse

from core.models import BackgroundJob
from imports.models import ImportRecord
from projects.models import FundingLine
from tests.pages import page_text
from tests.spreadsheets import HEADERS, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def large(settings):
    settings.IMPORT_ROWS_IN_REQUEST = 2  # three rows are "large" here


def upload_three_lines(client, project, savoie):
    rows = [
        [project.title, savoie.name, f"{n} 000", "", f"ligne {n}"] for n in (1, 2, 3)
    ]
    client.post(
        reverse("imports:import-upload"),
        {
            "kind": "funding_lines",
            "file": upload(xlsx_bytes([HEADERS, *rows]), "f.xlsx"),
        },
    )
    return ImportRecord.objects.get()


def test_a_large_import_is_confirmed_in_the_background(
    client, administrator, project, savoie, large
):
    client.force_login(administrator)
    record = upload_three_lines(client, project, savoie)

    response = client.post(reverse("imports:import-confirm", args=[record.pk]))

    job = BackgroundJob.objects.get()
    assert response.url == job.get_absolute_url()
    page = page_text(client.get(job.get_absolute_url()))
    assert "Import de f.xlsx (3 lignes)" in page
    assert "Import confirmé : nouvelles : 3, mises à jour : 0" in page
    assert (
        f'href="{record.get_absolute_url()}"'
        in client.get(job.get_absolute_url()).content.decode()
    )
    assert FundingLine.objects.count() == 3
    record.refresh_from_db()
    assert record.status == ImportRecord.Status.CONFIRMED


def test_a_second_confirmation_in_the_background_writes_nothing(
    client, administrator, project, savoie, large
):
    client.force_login(administrator)
    record = upload_three_lines(client, project, savoie)
    client.post(reverse("imports:import-confirm", args=[record.pk]))

    client.post(reverse("imports:import-confirm", args=[record.pk]))

    second = BackgroundJob.objects.order_by("pk").last()
    assert second.status == "failed"
    assert "plus en attente" in second.message
    assert FundingLine.objects.count() == 3
