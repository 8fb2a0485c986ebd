"""The public pages (portal.public): what an anonymous visitor reads, what stays
private, the conditional GETs, and who may publish a project."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core import roles
from projects.models import Project, ProjectContact, ProjectPhoto, Theme
from tests.factories import (
    ContactFactory,
    FundingLineFactory,
    OrganisationFactory,
    PartnershipFactory,
    ProjectFactory,
    UserFactory,
)
from tests.pages import (
    admin_form_data,
    count_queries,
    form_data,
    framed_text,
    page_text,
    pdf_text,
)
from tests.portal.test_access_matrix import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous():
    return Client()


def public_project(**kwargs) -> Project:
    """A published project with a contact (e-mail and phone) and a funding line
    carrying a remark."""
    project = ProjectFactory(
        title="Jeunesse en partage",
        slug="jeunesse-en-partage",
        is_public=True,
        **kwargs,
    )
    contact = ContactFactory(
        full_name="Awa Diatta",
        role="chargée de mission",
        email="awa.diatta@example.org",
        phone="+221 33 991 12 34",
    )
    ProjectContact.objects.create(project=project, contact=contact)
    FundingLineFactory(
        project=project,
        funder=OrganisationFactory(name="Fondation Horizon"),
        amount=Decimal("12500"),
        note="versement à relancer",
    )
    return project


def moved(project: Project) -> None:
    """A save through the portal: the version goes up, the modification time on."""
    Project.objects.filter(pk=project.pk).update(
        version=F("version") + 1, updated_at=timezone.now()
    )


class TestAnonymousVisitor:
    def test_reads_the_directory_of_public_projects_only(self, anonymous):
        public_project()
        ProjectFactory(title="Projet interne en préparation")

        response = anonymous.get(reverse("public:directory"))

        text = page_text(response)
        assert response.status_code == 200
        assert "Jeunesse en partage" in text
        assert "Projet interne en préparation" not in text
        assert "Tableau de bord" not in text  # no staff navigation

    def test_filters_the_directory_by_theme(self, anonymous):
        youth, women = Theme.objects.all()[:2]
        public_project().themes.add(youth)
        other = ProjectFactory(title="Égalité et territoires", is_public=True)
        other.themes.add(women)

        response = anonymous.get(reverse("public:directory"), {"theme": women.pk})

        text = page_text(response)
        assert "Égalité et territoires" in text
        assert "Jeunesse en partage" not in text

    def test_the_filters_name_nothing_private(self, anonymous):
        public_project()

        response = anonymous.get(reverse("public:directory"))

        fields = set(response.context["filter"].form.fields)
        assert fields == {"q", "theme", "country", "recommendation", "sdg", "ordering"}

    def test_the_countries_offered_are_those_of_public_projects_even_to_staff(
        self, anonymous, director
    ):
        shown = PartnershipFactory(partner=OrganisationFactory(country="SN"))
        ProjectFactory(title="Publié", is_public=True, partnership=shown)
        hidden = PartnershipFactory(partner=OrganisationFactory(country="RO"))
        ProjectFactory(title="Interne", partnership=hidden)
        staff = Client()
        staff.force_login(director)

        for client in (anonymous, staff):
            html = client.get(reverse("public:directory")).content.decode()
            assert '<option value="SN"' in html
            assert '<option value="RO"' not in html

    def test_reads_a_public_sheet_as_a_page_and_as_pdf(self, anonymous):
        project = public_project(lead="Des jeunes savoyards et sénégalais.")

        page = anonymous.get(reverse("public:sheet", args=[project.slug]))
        pdf = anonymous.get(reverse("public:sheet-pdf", args=[project.slug]))

        assert page.status_code == 200
        assert "Des jeunes savoyards et sénégalais." in framed_text(page)
        assert pdf.status_code == 200
        text = pdf_text(pdf.content)
        assert "Jeunesse en partage" in text
        assert "Awa Diatta" in text

    def test_a_project_that_is_not_public_is_not_found(self, anonymous):
        project = ProjectFactory(slug="projet-interne")

        for name in ("public:sheet", "public:sheet-pdf"):
            response = anonymous.get(reverse(name, args=[project.slug]))
            assert response.status_code == 404

    def test_is_sent_to_the_login_page_everywhere_else(self, anonymous):
        project = public_project()

        for url in (
            reverse("projects:sheet", args=[project.slug]),
            reverse("projects:project-detail", args=[project.slug]),
            reverse("map"),
        ):
            response = anonymous.get(url)
            assert response.status_code == 302
            assert response.url.startswith(reverse("login"))

    def test_the_public_catalogue_holds_the_public_sheets_only(self, anonymous):
        public_project()
        ProjectFactory(title="Projet interne en préparation")

        response = anonymous.get(reverse("public:catalogue-pdf"))

        assert response.status_code == 200
        text = pdf_text(response.content)
        assert "Jeunesse en partage" in text
        assert "Projet interne en préparation" not in text
        assert "awa.diatta@example.org" not in text


class TestWhatStaysPrivate:
    def test_no_phone_email_or_funding_when_the_project_did_not_opt_in(self, anonymous):
        project = public_project()

        page = framed_text(anonymous.get(reverse("public:sheet", args=[project.slug])))
        pdf = pdf_text(
            anonymous.get(reverse("public:sheet-pdf", args=[project.slug])).content
        )

        for text in (page, pdf):
            assert "Awa Diatta" in text
            assert "awa.diatta@example.org" not in text
            assert "991 12 34" not in text
            assert "Fondation Horizon" not in text
            assert "versement à relancer" not in text
            assert "Le financement du projet" not in text

    def test_the_funding_shows_once_the_project_publishes_it(self, anonymous):
        project = public_project(funding_is_public=True)

        text = framed_text(anonymous.get(reverse("public:sheet", args=[project.slug])))

        assert "Le financement du projet" in text
        assert "Fondation Horizon" in text
        assert "12 500 €" in text
        assert "awa.diatta@example.org" not in text

    def test_the_staff_sheet_keeps_everything(self, client, director):
        project = public_project()
        client.force_login(director)

        text = framed_text(client.get(reverse("projects:sheet", args=[project.slug])))

        assert "awa.diatta@example.org" in text
        assert "Fondation Horizon" in text

    def test_only_the_photos_of_public_sheets_are_served(
        self, anonymous, settings, tmp_path
    ):
        settings.MEDIA_ROOT = tmp_path
        project = public_project()
        shown = ProjectPhoto.objects.create(
            project=project, image=SimpleUploadedFile("a.png", png_bytes())
        )
        hidden = ProjectPhoto.objects.create(
            project=project,
            image=SimpleUploadedFile("b.png", png_bytes()),
            on_sheet=False,
        )
        private = ProjectPhoto.objects.create(
            project=ProjectFactory(),
            image=SimpleUploadedFile("c.png", png_bytes()),
        )

        statuses = [
            anonymous.get(reverse("public:photo", args=[photo.pk])).status_code
            for photo in (shown, hidden, private)
        ]
        page = anonymous.get(reverse("public:sheet", args=[project.slug]))

        assert statuses == [200, 404, 404]
        assert reverse("public:photo", args=[shown.pk]) in page.content.decode()


class TestConditionalGet:
    @pytest.mark.parametrize("name", ["public:directory", "public:map"])
    def test_the_directory_answers_304_until_a_public_project_changes(
        self, anonymous, name
    ):
        project = public_project()
        url = reverse(name)
        first = anonymous.get(url)
        etag = first["ETag"]

        unchanged = anonymous.get(url, HTTP_IF_NONE_MATCH=etag)
        moved(project)
        changed = anonymous.get(url, HTTP_IF_NONE_MATCH=etag)

        assert "public" in first["Cache-Control"]
        assert unchanged.status_code == 304
        assert changed.status_code == 200
        assert changed["ETag"] != etag

    def test_a_publication_moves_the_directory_s_etag(self, anonymous):
        public_project()
        etag = anonymous.get(reverse("public:directory"))["ETag"]

        ProjectFactory(is_public=True)

        assert anonymous.get(reverse("public:directory"))["ETag"] != etag

    @pytest.mark.parametrize("name", ["public:sheet", "public:sheet-pdf"])
    def test_a_sheet_answers_304_until_its_project_changes(self, anonymous, name):
        project = public_project()
        url = reverse(name, args=[project.slug])
        first = anonymous.get(url)

        unchanged = anonymous.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        since = anonymous.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        moved(project)
        changed = anonymous.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

        assert unchanged.status_code == 304
        assert since.status_code == 304
        assert changed.status_code == 200
        assert changed["ETag"] != first["ETag"]

    def test_the_directory_costs_the_same_queries_for_10_or_50_projects(
        self, anonymous
    ):
        theme = Theme.objects.first()

        def publish(count):
            for _ in range(count):
                partnership = PartnershipFactory()
                project = ProjectFactory(partnership=partnership, is_public=True)
                project.themes.add(theme)
                project.partners.add(partnership.partner)

        url = reverse("public:directory")
        publish(10)
        ten = count_queries(anonymous, url)
        publish(40)
        fifty = count_queries(anonymous, url)

        assert ten == fifty


class TestWhoPublishes:
    def test_a_coordinator_cannot_publish_through_the_project_form(
        self, client, coordinator
    ):
        project = ProjectFactory()
        client.force_login(coordinator)
        url = reverse("projects:project-update", args=[project.slug])
        data = form_data(client.get(url))

        data.update(is_public="on", funding_is_public="on")
        response = client.post(url, data)

        project.refresh_from_db()
        assert response.status_code == 302  # saved, without the flags
        assert not project.is_public
        assert not project.funding_is_public

    def test_a_staff_coordinator_sees_the_flags_read_only_in_the_admin(self, client):
        coordinator = UserFactory(
            username="coordinatrice-admin", role=roles.COORDINATOR, is_staff=True
        )
        project = ProjectFactory()
        client.force_login(coordinator)
        url = reverse("admin:projects_project_change", args=[project.pk])
        response = client.get(url)
        data = admin_form_data(response)

        data.update(is_public="on", funding_is_public="on")
        client.post(url, data)

        project.refresh_from_db()
        assert "is_public" not in response.context["adminform"].form.fields
        assert not project.is_public
        assert not project.funding_is_public

    def test_an_administrator_publishes_in_the_admin(self, client, administrator):
        project = ProjectFactory()
        client.force_login(administrator)
        url = reverse("admin:projects_project_change", args=[project.pk])
        data = admin_form_data(client.get(url))

        data.update(is_public="on", funding_is_public="on")
        response = client.post(url, data)

        project.refresh_from_db()
        assert response.status_code == 302
        assert project.is_public
        assert project.funding_is_public
