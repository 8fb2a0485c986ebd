"""The portal's import pages: upload, preview, confirmation, who may reach them."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from imports.models import ImportRecord
from imports.services import (
    imports_purge_expired,
)
from projects.models import FundingLine
from tests.factories import (
    UserFactory,
)
from tests.spreadsheets import (
    HEADERS,
    upload,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

pytestmark = pytest.mark.django_db


# -- portal ----------------------------------------------------------------------------


def post_upload(client, data: bytes, kind: str = "funding_lines", name="f.xlsx"):
    return client.post(
        reverse("imports:import-upload"), {"kind": kind, "file": upload(data, name)}
    )


def test_the_upload_page_lists_the_columns_it_reads(client, administrator):
    client.force_login(administrator)

    content = client.get(reverse("imports:import-upload")).content.decode()

    assert "Montant</strong> (obligatoire)" in content
    assert "Remarque" in content and "Courriel" in content


def test_an_administrator_uploads_previews_then_confirms(
    client, administrator, project, savoie
):
    client.force_login(administrator)
    data = xlsx_bytes(
        [
            HEADERS,
            [project.title, savoie.name, "22 124,13 €", "", "sur 24 mois"],
            [project.title, "Fondation Nouvelle", "30 000", "", ""],
        ]
    )

    response = post_upload(client, data)
    record = ImportRecord.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:import-preview", args=[record.pk])

    preview = client.get(response["Location"])
    content = preview.content.decode()
    assert "Confirmer l'import" in content
    assert "22\u00a0124,13\u00a0€" in content
    assert "Fondation Nouvelle" in content and "financeur nouveau" in content
    assert FundingLine.objects.count() == 0  # nothing written before confirming

    confirmed = client.post(reverse("imports:import-confirm", args=[record.pk]))

    assert confirmed.status_code == 302
    assert FundingLine.objects.count() == 2
    record.refresh_from_db()
    assert record.status == ImportRecord.Status.CONFIRMED
    assert record.file_content is None
    assert (record.created_count, record.user) == (2, administrator)
    listing = client.get(reverse("imports:import-list")).content.decode()
    assert "f.xlsx" in listing and "Confirmé" in listing


def test_the_preview_shows_row_errors_and_offers_no_confirmation(
    client, administrator, project, savoie
):
    client.force_login(administrator)
    data = xlsx_bytes(
        [
            HEADERS,
            [project.title, savoie.name, "1 000", "", ""],
            ["Projet fantôme", savoie.name, "douze mille", "", ""],
        ]
    )

    response = client.get(post_upload(client, data)["Location"])

    content = response.content.decode()
    assert "Ligne 3 : montant « douze mille » illisible" in content
    assert "Ligne 3 : projet « Projet fantôme » introuvable" in content
    assert "Confirmer" not in content
    record = ImportRecord.objects.get()
    assert (record.created_count, record.refused_count) == (1, 1)
    refused = client.post(reverse("imports:import-confirm", args=[record.pk]))
    assert refused.status_code == 409
    assert "Rien n&#x27;a été écrit" in refused.content.decode()
    assert FundingLine.objects.count() == 0


def test_a_refused_file_is_recorded_and_shown_on_the_form(client, administrator):
    client.force_login(administrator)

    response = post_upload(client, b"", name="vide.csv")

    assert response.status_code == 200
    assert "Le fichier est vide." in response.content.decode()
    record = ImportRecord.objects.get()
    assert (record.status, record.file_name) == (
        ImportRecord.Status.REFUSED,
        "vide.csv",
    )


def test_a_file_over_the_size_limit_is_refused_without_being_read(
    client, administrator, settings
):
    settings.IMPORT_MAX_FILE_SIZE = 10
    client.force_login(administrator)

    response = post_upload(client, b"Projet;Financeur;Montant\r\n" * 5)

    assert "taille maximale" in response.content.decode()
    assert ImportRecord.objects.get().status == ImportRecord.Status.REFUSED


def test_confirming_twice_writes_once(client, administrator, project, savoie):
    client.force_login(administrator)
    data = xlsx_bytes([HEADERS, [project.title, savoie.name, "1 000", "", ""]])
    record_url = post_upload(client, data)["Location"]
    pk = ImportRecord.objects.get().pk
    client.post(reverse("imports:import-confirm", args=[pk]))

    again = client.post(reverse("imports:import-confirm", args=[pk]), follow=True)

    assert "plus en attente" in again.content.decode()
    assert FundingLine.objects.count() == 1
    assert client.get(record_url).status_code == 200


def test_an_upload_is_previewed_and_confirmed_by_its_uploader_only(
    client, administrator, project, savoie
):
    client.force_login(administrator)
    post_upload(client, xlsx_bytes([HEADERS, [project.title, savoie.name, 1, "", ""]]))
    record = ImportRecord.objects.get()
    other = UserFactory(username="autre-admin", role="administrateur", is_staff=True)
    client.force_login(other)

    assert (
        client.get(reverse("imports:import-preview", args=[record.pk])).status_code
        == 404
    )
    client.post(reverse("imports:import-confirm", args=[record.pk]))

    assert FundingLine.objects.count() == 0


@pytest.mark.parametrize("role", ["coordinator", "director", "partner_user"])
def test_only_administrators_reach_the_import_pages(client, request, role, project):
    user = request.getfixturevalue(role)
    client.force_login(user)
    record = ImportRecord.objects.create(
        kind="funding_lines", user=user, file_content=b"x", expires_at=timezone.now()
    )
    data = xlsx_bytes([HEADERS, [project.title, "X", 1, "", ""]])

    responses = [
        client.get(reverse("imports:import-list")),
        client.get(reverse("imports:import-upload")),
        post_upload(client, data),
        client.get(reverse("imports:import-preview", args=[record.pk])),
        client.post(reverse("imports:import-confirm", args=[record.pk])),
    ]

    assert [response.status_code for response in responses] == [403] * 5
    assert FundingLine.objects.count() == 0


def test_expired_uploads_lose_their_file(administrator):
    old = ImportRecord.objects.create(
        kind="funding_lines",
        user=administrator,
        file_content=b"data",
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    fresh = ImportRecord.objects.create(
        kind="funding_lines",
        user=administrator,
        file_content=b"data",
        expires_at=timezone.now() + timedelta(hours=1),
    )

    call_command("purge_imports")

    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.status, old.file_content) == (ImportRecord.Status.EXPIRED, None)
    assert fresh.status == ImportRecord.Status.PENDING
    assert imports_purge_expired() == 0
