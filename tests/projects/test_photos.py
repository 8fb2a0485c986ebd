"""A project's photos: uploaded through their page (checked, resized once, stored
without their metadata), printed on the sheet with their caption and credit, and
served to a browser only to whoever may read the project."""

import io

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from projects import sheets
from projects.models import Project, ProjectPhoto
from projects.sheets import pdf as weasyprint_child
from tests.factories import MembershipFactory, PartnershipFactory, ProjectFactory
from tests.pages import admin_form_data, form_data, page_text, pdf_pages
from tests.projects.test_sheets import alt_texts, normalise

pytestmark = pytest.mark.django_db

EXIF_ARTIST = 0x013B  # the Artist tag
EXIF_MAKE = 0x010F


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """A media folder of the test's own, which the sheet renderers read too: those
    forked before it (by an earlier test) would look for the photos elsewhere."""
    weasyprint_child.renderers_stop()
    settings.MEDIA_ROOT = tmp_path / "media"
    caches["default"].clear()
    yield
    weasyprint_child.renderers_stop()


def image_bytes(size=(3000, 1500), image_format="PNG", with_exif=True) -> bytes:
    image = Image.new("RGB", size, (30, 120, 60))
    exif = Image.Exif()
    exif[EXIF_ARTIST] = "Appareil de Jeanne"
    exif[EXIF_MAKE] = "Marque secrète"
    output = io.BytesIO()
    image.save(output, format=image_format, **({"exif": exif} if with_exif else {}))
    return output.getvalue()


def photo_of(project, *, caption="Le jardin partagé", credit="", name="jardin.png"):
    return ProjectPhoto.objects.create(
        project=project,
        image=SimpleUploadedFile(name, image_bytes(size=(400, 300))),
        caption=caption,
        credit=credit,
    )


def post_photo(client, project, upload, **values):
    url = reverse("projects:project-photos", args=[project.slug])
    data = form_data(client.get(url)) | {
        "photos-TOTAL_FORMS": 1,
        "photos-0-image": upload,
        "photos-0-caption": values.get("caption", "Atelier de cuisine"),
        "photos-0-credit": values.get("credit", "Pays de Savoie solidaires"),
        "photos-0-on_sheet": "on",
    }
    return client.post(url, data)


def test_a_coordinator_uploads_a_photo_stored_resized_and_without_its_exif(
    client, coordinator
):
    project = ProjectFactory()
    original = image_bytes()
    assert Image.open(io.BytesIO(original)).getexif()[EXIF_ARTIST]  # it had some
    client.force_login(coordinator)

    response = post_photo(
        client, project, SimpleUploadedFile("atelier.png", original, "image/png")
    )

    assert response.status_code == 302
    photo = project.photos.get()
    assert (photo.caption, photo.credit, photo.on_sheet) == (
        "Atelier de cuisine",
        "Pays de Savoie solidaires",
        True,
    )
    with photo.image.open("rb") as stored_file:
        stored_bytes = stored_file.read()
    stored = Image.open(io.BytesIO(stored_bytes))
    assert stored.format == "PNG"
    assert stored.size == (2000, 1000)  # longest side brought down, ratio kept
    assert not stored.getexif()
    assert b"Appareil de Jeanne" not in stored_bytes
    assert b"Marque secr" not in stored_bytes
    # the page says it is there
    page = client.get(reverse("projects:project-photos", args=[project.slug]))
    assert "Atelier de cuisine" in page.content.decode()


@pytest.mark.parametrize(
    "name, image_format", [("marche.jpg", "JPEG"), ("marche.webp", "WEBP")]
)
def test_a_jpeg_or_webp_keeps_its_format_without_its_exif(
    client, coordinator, name, image_format
):
    project = ProjectFactory()
    client.force_login(coordinator)
    upload = SimpleUploadedFile(
        name, image_bytes(size=(800, 600), image_format=image_format)
    )

    assert post_photo(client, project, upload).status_code == 302

    stored = Image.open(project.photos.get().image.open("rb"))
    assert stored.format == image_format
    assert stored.size == (800, 600)  # small enough: not enlarged
    assert not stored.getexif()


@pytest.mark.parametrize(
    "name, content",
    [
        ("photo.jpg", b"Ceci n'est pas une image, juste du texte." * 10),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),  # a signature, no image
    ],
)
def test_a_file_that_is_not_an_image_is_refused_with_its_message(
    client, coordinator, name, content
):
    project = ProjectFactory()
    client.force_login(coordinator)

    response = post_photo(client, project, SimpleUploadedFile(name, content))

    assert response.status_code == 200
    assert "n&#x27;est pas une image lisible" in response.content.decode()
    assert not ProjectPhoto.objects.exists()


def test_a_gif_is_refused_with_the_accepted_types(client, coordinator):
    project = ProjectFactory()
    client.force_login(coordinator)
    output = io.BytesIO()
    Image.new("RGB", (10, 10)).save(output, format="GIF")

    response = post_photo(
        client, project, SimpleUploadedFile("anim.gif", output.getvalue())
    )

    text = response.content.decode()
    assert "Type de fichier non accepté : .gif" in text
    assert ".jpg, .jpeg, .png, .webp" in text
    assert not ProjectPhoto.objects.exists()


def test_a_photo_over_the_size_limit_is_refused(client, coordinator, settings):
    settings.PHOTO_MAX_BYTES = 1024
    project = ProjectFactory()
    client.force_login(coordinator)

    response = post_photo(
        client, project, SimpleUploadedFile("grande.png", image_bytes())
    )

    assert "Photo trop volumineuse" in response.content.decode()
    assert "maximum 0 Mo" not in response.content.decode()
    assert not ProjectPhoto.objects.exists()


def test_a_photo_of_too_many_pixels_is_refused_before_it_is_decoded(
    client, coordinator, monkeypatch
):
    monkeypatch.setattr("core.uploads.PHOTO_MAX_PIXELS", 100 * 100)
    project = ProjectFactory()
    client.force_login(coordinator)

    response = post_photo(
        client, project, SimpleUploadedFile("vaste.png", image_bytes(size=(101, 100)))
    )

    assert "Photo trop grande : 101 × 100 pixels" in response.content.decode()
    assert not ProjectPhoto.objects.exists()


def test_the_sheet_prints_the_photos_with_caption_credit_and_alt_text(db):
    project = ProjectFactory(title="Un projet en images", genesis="Une genèse.")
    photo_of(project, caption="Le jardin partagé", credit="Mairie de Chambéry")
    photo_of(project, caption="La fête de quartier", name="fete.png")
    hidden = photo_of(project, caption="Une photo de travail", name="travail.png")
    hidden.on_sheet = False
    hidden.save()
    project = sheets.sheet_prefetch(Project.objects.filter(pk=project.pk)).get()

    reader = PdfReader(io.BytesIO(sheets.sheet_pdf(project=project).content))

    resources = reader.pages[0]["/Resources"]
    images = [
        xobject.get_object()
        for xobject in resources["/XObject"].values()
        if xobject.get_object()["/Subtype"] == "/Image"
    ]
    assert len(images) >= 2  # the large one and the one beside the text
    first_page = normalise(pdf_pages(sheets.sheet_pdf(project=project).content)[0])
    assert "Le jardin partagé Mairie de Chambéry" in first_page
    assert "La fête de quartier" in first_page
    assert "Une photo de travail" not in first_page
    structure = reader.trailer["/Root"]["/StructTreeRoot"]
    assert {"Le jardin partagé", "La fête de quartier"} <= set(alt_texts(structure))


def test_the_credit_line_of_the_sheet_comes_with_its_photos_only(db):
    project = ProjectFactory(photo_credits="Département de l'Aude")
    prefetched = Project.objects.filter(pk=project.pk)

    def sheet_html():
        return normalise(
            sheets.sheet_body_html(sheets.sheet_prefetch(prefetched).get())
        )

    without = sheet_html()
    photo_of(project)
    with_photo = sheet_html()

    assert "Crédits photos" not in without
    assert "Crédits photos&nbsp;:</strong> Département de l&#x27;Aude" in with_photo


def test_the_preview_shows_the_photos_through_their_scoped_view(client, director):
    project = ProjectFactory()
    photo = photo_of(project)
    client.force_login(director)

    document = client.get(reverse("projects:sheet", args=[project.slug])).context[
        "document"
    ]
    file_url = reverse("projects:photo-file", args=[photo.pk])

    assert f'src="{file_url}"' in document
    assert "/media/" not in document
    response = client.get(file_url)
    assert response.status_code == 200
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (
        400,
        300,
    )


def test_a_partner_of_another_partnership_gets_404_on_the_photo(client, partner_user):
    own = PartnershipFactory()
    MembershipFactory(user=partner_user, organisation=own.partner)
    own_photo = photo_of(ProjectFactory(partnership=own))
    other_photo = photo_of(ProjectFactory(partnership=PartnershipFactory()))
    client.force_login(partner_user)

    assert (
        client.get(reverse("projects:photo-file", args=[own_photo.pk])).status_code
        == 200
    )
    response = client.get(reverse("projects:photo-file", args=[other_photo.pk]))
    assert response.status_code == 404


def test_the_media_folder_serves_no_photo_to_a_browser(client, director):
    photo = photo_of(ProjectFactory())
    client.force_login(director)

    assert client.get(photo.image.url).status_code == 404


def test_a_deleted_photo_takes_its_file_with_it(django_capture_on_commit_callbacks):
    photo = photo_of(ProjectFactory())
    storage, name = photo.image.storage, photo.image.name
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()

    assert not storage.exists(name)


def test_demo_projects_get_no_photos(demo):
    assert Project.objects.exists()
    assert not ProjectPhoto.objects.exists()


def test_a_photo_kept_on_the_page_keeps_its_file_and_links_to_its_scoped_view(
    client, coordinator
):
    project = ProjectFactory()
    photo = photo_of(project, caption="Avant")
    name = photo.image.name
    url = reverse("projects:project-photos", args=[project.slug])
    client.force_login(coordinator)
    page = client.get(url)
    assert f'href="{reverse("projects:photo-file", args=[photo.pk])}"' in (
        page.content.decode()
    )
    assert "/media/" not in page.content.decode()

    response = client.post(url, form_data(page) | {"photos-0-caption": "Après"})

    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.caption, photo.image.name) == ("Après", name)
    assert photo.history.count() == 2


def test_the_other_photos_spread_over_the_sections_in_turn(db):
    project = ProjectFactory(pilot_rationale="Pilote.", genesis="Genèse.")
    for number in range(4):
        photo_of(project, caption=f"Photo {number}", name=f"p{number}.png")
    project = sheets.sheet_prefetch(Project.objects.filter(pk=project.pk)).get()

    sheet = sheets.Sheet(project)

    assert sheet.lead_photo.caption == "Photo 0"
    placed = {
        section: [photo.caption for photo in photos]
        for section, photos in sheet.side_photos_by_section.items()
    }
    assert placed == {"pilot": ["Photo 1", "Photo 3"], "project": ["Photo 2"]}


def admin_post_photo(client, project, upload):
    url = reverse("admin:projects_project_change", args=[project.pk])
    data = admin_form_data(client.get(url)) | {
        "photos-TOTAL_FORMS": 1,
        "photos-0-image": upload,
        "photos-0-caption": "Le marché de Bignona",
        "photos-0-credit": "Mairie de Bignona",
        "photos-0-on_sheet": "on",
    }
    return client.post(url, data)


def test_an_administrator_adds_a_photo_in_the_admin_checked_as_on_the_page(
    client, administrator
):
    project = ProjectFactory()
    client.force_login(administrator)

    response = admin_post_photo(
        client, project, SimpleUploadedFile("marche.png", image_bytes(), "image/png")
    )

    assert response.status_code == 302, page_text(response)[:2000]
    photo = project.photos.get()
    with photo.image.open("rb") as stored_file:
        stored = Image.open(io.BytesIO(stored_file.read()))
    assert stored.size == (2000, 1000)
    assert not stored.getexif()
    change_page = client.get(
        reverse("admin:projects_project_change", args=[project.pk])
    )
    photo_url = reverse("projects:photo-file", args=[photo.pk])
    assert photo_url in change_page.content.decode()


def test_the_admin_refuses_a_file_that_is_not_an_image_with_its_message(
    client, administrator
):
    project = ProjectFactory()
    client.force_login(administrator)

    response = admin_post_photo(
        client, project, SimpleUploadedFile("marche.png", b"not an image", "image/png")
    )

    assert response.status_code == 200
    assert "n'est pas une image" in page_text(response)
    assert not project.photos.exists()
