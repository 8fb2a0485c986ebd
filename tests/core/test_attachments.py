"""Attachments: only accepted types whose content matches their extension, within
ATTACHMENT_MAX_BYTES, checked in the real forms; and files go with their record,
removed from storage once the deletion (or the replacement) commits."""

import datetime
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from core.jobs import job_create, job_finish, jobs_purge_expired
from core.uploads import ATTACHMENT_TYPES, MB, content_matches
from missions.models import MissionStep
from partnerships.models import Agreement
from tests.factories import (
    AgreementFactory,
    MissionFactory,
    MissionStepFactory,
    PartnershipFactory,
)
from tests.pages import blank_pdf, form_data, page_text

pytestmark = pytest.mark.django_db

# a Windows program: what a .exe renamed .pdf starts with
PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(200)


def real_xlsx() -> bytes:
    workbook = Workbook()
    workbook.active["A1"] = "Budget"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def real_odt() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root) -> list[str]:
    return sorted(path.name for path in root.rglob("*") if path.is_file())


def post_step_document(client, mission, name: str, content: bytes):
    url = reverse("missions:mission-steps", args=[mission.pk])
    data = form_data(client.get(url))
    data.update(
        {
            "steps-TOTAL_FORMS": "1",
            "steps-0-phase": "before",
            "steps-0-kind": "objectives_sheet",
            "steps-0-state": "todo",
            "steps-0-document": SimpleUploadedFile(name, content),
        }
    )
    return client.post(url, data)


def test_a_real_pdf_is_accepted_as_a_step_document(coordinator_client, media):
    mission = MissionFactory()

    response = post_step_document(
        coordinator_client, mission, "objectifs.pdf", blank_pdf()
    )

    assert response.status_code == 302
    assert mission.steps.get().document.read().startswith(b"%PDF-")
    assert stored_files(media) == ["objectifs.pdf"]


def test_a_program_renamed_pdf_is_refused_and_not_stored(coordinator_client, media):
    mission = MissionFactory()

    response = post_step_document(coordinator_client, mission, "objectifs.pdf", PROGRAM)

    assert (
        "Le contenu du fichier ne correspond pas à son extension .pdf : "
        "enregistrez-le à nouveau dans ce format."
    ) in page_text(response)
    assert not mission.steps.exists()
    assert stored_files(media) == []


def test_a_type_not_accepted_is_refused_with_the_accepted_list(
    coordinator_client, media
):
    response = post_step_document(
        coordinator_client, MissionFactory(), "outil.exe", PROGRAM
    )

    assert (
        "Type de fichier non accepté : .exe. Types acceptés : .csv, .doc, .docx, "
        ".jpeg, .jpg, .odp, .ods, .odt, .pdf, .png, .ppt, .pptx, .txt, .xls, .xlsx."
    ) in page_text(response)


def test_an_oversize_file_is_refused(coordinator_client, media, settings):
    settings.ATTACHMENT_MAX_BYTES = 2 * MB
    big = blank_pdf() + b"%" * int(2.5 * MB)

    response = post_step_document(coordinator_client, MissionFactory(), "gros.pdf", big)

    assert "Fichier trop volumineux : 2,6 Mo (maximum 2 Mo)." in page_text(response)
    assert stored_files(media) == []


def test_an_agreement_document_is_checked_in_the_partnership_form(
    coordinator_client, media
):
    partnership = PartnershipFactory()
    url = reverse("partnerships:partnership-update", args=[partnership.pk])
    data = form_data(coordinator_client.get(url)) | {
        "agreements-TOTAL_FORMS": "1",
        "agreements-0-title": "Convention 2016-2018",
    }

    refused = coordinator_client.post(
        url, data | {"agreements-0-file": SimpleUploadedFile("c.pdf", PROGRAM)}
    )
    accepted = coordinator_client.post(
        url, data | {"agreements-0-file": SimpleUploadedFile("c.odt", real_odt())}
    )

    assert "ne correspond pas à son extension .pdf" in page_text(refused)
    assert accepted.status_code == 302
    assert Agreement.objects.get(partnership=partnership).file.name.endswith(".odt")


def test_a_mission_deleted_takes_its_step_documents_once_committed(
    coordinator_client, media, django_capture_on_commit_callbacks
):
    mission = MissionFactory()
    MissionStepFactory(mission=mission, document=ContentFile(blank_pdf(), "a.pdf"))
    assert stored_files(media) == ["a.pdf"]

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(reverse("missions:mission-delete", args=[mission.pk]))
        assert stored_files(media) == ["a.pdf"]  # not before the commit

    assert stored_files(media) == []


def test_a_deletion_rolled_back_keeps_the_file(
    media, django_capture_on_commit_callbacks
):
    agreement = AgreementFactory(file=ContentFile(blank_pdf(), "convention.pdf"))

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        agreement.partnership.delete()
        raise RuntimeError

    assert callbacks == []
    assert stored_files(media) == ["convention.pdf"]
    assert Agreement.objects.filter(pk=agreement.pk).exists()


def test_a_document_replaced_by_a_new_upload_is_removed(
    coordinator_client, media, django_capture_on_commit_callbacks
):
    mission = MissionFactory()
    step = MissionStepFactory(
        mission=mission,
        kind="objectives_sheet",
        document=ContentFile(blank_pdf(), "ancien.pdf"),
    )
    url = reverse("missions:mission-steps", args=[mission.pk])
    data = form_data(coordinator_client.get(url))
    data["steps-0-document"] = SimpleUploadedFile("nouveau.xlsx", real_xlsx())

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(url, data)

    assert response.status_code == 302
    step.refresh_from_db()
    assert step.document.name.endswith("nouveau.xlsx")
    assert stored_files(media) == ["nouveau.xlsx"]


def test_a_document_cleared_in_the_form_is_removed(
    coordinator_client, media, django_capture_on_commit_callbacks
):
    mission = MissionFactory()
    step = MissionStepFactory(
        mission=mission, document=ContentFile(blank_pdf(), "ancien.pdf")
    )
    url = reverse("missions:mission-steps", args=[mission.pk])
    data = form_data(coordinator_client.get(url)) | {"steps-0-document-clear": "on"}

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(url, data)

    assert response.status_code == 302
    step.refresh_from_db()
    assert not step.document
    assert stored_files(media) == []


def test_a_document_still_named_by_another_row_is_kept(
    media, django_capture_on_commit_callbacks
):
    first = MissionStepFactory(document=ContentFile(blank_pdf(), "commun.pdf"))
    MissionStepFactory(document=first.document.name)

    with django_capture_on_commit_callbacks(execute=True):
        first.delete()

    assert stored_files(media) == ["commun.pdf"]
    assert MissionStep.objects.filter(document=first.document.name).exists()


def test_an_expired_job_is_purged_with_its_file(
    media, coordinator, django_capture_on_commit_callbacks
):
    job = job_create(kind="catalogue", label="Catalogue", user=coordinator, total=1)
    job_finish(job.pk, content=blank_pdf(), file_name="catalogue.pdf")
    assert len(stored_files(media)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        purged = jobs_purge_expired(now=timezone.now() + datetime.timedelta(days=400))

    assert purged == 1
    assert stored_files(media) == []


SIGNATURES = {
    extension: signatures
    for extension, signatures in ATTACHMENT_TYPES.items()
    if signatures
}


@given(
    extension=st.sampled_from(sorted(ATTACHMENT_TYPES) + [".exe", ".PDF", ""]),
    content=st.binary(max_size=300),
)
def test_sniffing_random_bytes_never_crashes_nor_accepts_a_wrong_start(
    extension, content
):
    accepted = content_matches(extension, io.BytesIO(content))

    signatures = ATTACHMENT_TYPES.get(extension.lower())
    if signatures is None:
        assert not accepted
    elif signatures:
        assert not accepted or content.startswith(signatures)
    else:  # text
        assert not accepted or b"\x00" not in content


@given(
    extension=st.sampled_from(sorted(SIGNATURES)),
    tail=st.binary(max_size=200),
)
def test_sniffing_a_signature_followed_by_random_bytes_never_crashes(extension, tail):
    for signature in SIGNATURES[extension]:
        accepted = content_matches(extension, io.BytesIO(signature + tail))
        assert accepted in (True, False)
        if extension in {".pdf", ".png", ".jpg", ".jpeg", ".doc", ".xls", ".ppt"}:
            assert accepted


@pytest.mark.parametrize(
    ("extension", "content", "accepted"),
    [
        (".pdf", blank_pdf(), True),
        (".xlsx", real_xlsx(), True),
        (".odt", real_odt(), True),
        (".ods", real_odt(), False),  # an ODF text is not a spreadsheet
        (".docx", real_odt(), False),
        (".csv", "nom;montant\nÉcole;1 234,56\n".encode(), True),
        (".csv", "nom;montant\nÉcole;1 234,56\n".encode("cp1252"), True),
        (".txt", PROGRAM, False),
        (".png", b"\x89PNG\r\n\x1a\n" + bytes(20), True),
    ],
    # named, not shown by their bytes: a zip made at collection holds its time, and
    # xdist workers collecting at other seconds would not agree on the tests
    ids=[
        "pdf",
        "xlsx",
        "odt",
        "odt-as-ods",
        "odt-as-docx",
        "csv-utf8",
        "csv-cp1252",
        "program-as-txt",
        "png",
    ],
)
def test_sniffing_examples(extension, content, accepted):
    assert content_matches(extension, io.BytesIO(content)) is accepted


def test_the_file_picker_offers_the_accepted_types(coordinator_client):
    mission = MissionFactory()
    MissionStepFactory(mission=mission)

    page = coordinator_client.get(reverse("missions:mission-steps", args=[mission.pk]))

    assert 'accept=".csv,.doc,.docx,.jpeg,.jpg,.odp,.ods,.odt,.pdf,.png,' in (
        page.content.decode()
    )


@pytest.mark.parametrize("kind", ["mission steps", "partnership agreements"])
def test_the_rows_that_take_a_file_say_its_types_and_size_limit(
    coordinator_client, settings, kind
):
    settings.ATTACHMENT_MAX_BYTES = 15 * MB
    if kind == "mission steps":
        mission = MissionFactory()
        MissionStepFactory(mission=mission)
        url, prefix, name = (
            reverse("missions:mission-steps", args=[mission.pk]),
            "steps",
            "document",
        )
    else:
        partnership = PartnershipFactory()
        AgreementFactory(partnership=partnership)
        url = reverse("partnerships:partnership-update", args=[partnership.pk])
        prefix, name = "agreements", "file"

    page = coordinator_client.get(url)

    help_text = "PDF, image, document bureautique ou texte ; 15 Mo au plus."
    markup = page.content.decode()
    start = markup.index(f'id="fs-{prefix}"')
    header = markup[start : markup.index("</thead>", start)]
    assert help_text in page_text(header)
    # each row's input is described by it (read aloud; shown on narrow screens)
    field = f"id_{prefix}-0-{name}"
    assert f'aria-describedby="{field}_helptext"' in markup
    assert f'id="{field}_helptext">{help_text}<' in markup
