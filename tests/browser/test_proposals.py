"""The partner side writes its half, the coordinator reviews it: the Bignona partner
proposes the Bignona column of the cross-view table and a measurement "là-bas", the
coordinator accepts one and returns the other, the partner fixes and resubmits; the
accepted answer shows on the page and in the PDF sheet, marked as the partner's."""

import datetime
import os
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.urls import reverse
from playwright.sync_api import expect

from core import roles
from evaluations.models import Measurement
from portal.models import AccountPreferences
from projects.models import CrossViewRow
from projects.sheets.pdf import renderers_stop
from tests.factories import (
    CrossViewRowFactory,
    EvaluationFactory,
    EvaluativeQuestionFactory,
    IndicatorFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    ProjectFactory,
    UserFactory,
)
from tests.pages import pdf_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

SCREENSHOTS = "/tmp/partners-shots"
os.makedirs(SCREENSHOTS, exist_ok=True)


@pytest.fixture
def savoie_bignona(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    renderers_stop()
    caches["default"].clear()
    savoie = OrganisationFactory(name="Département de la Savoie")
    bignona = OrganisationFactory(
        name="Département de Bignona", country="SN", kind="departement"
    )
    project = ProjectFactory(
        title="Savoie – Bignona : l'action sociale de l'Autre",
        partnership=PartnershipFactory(french_authority=savoie, partner=bignona),
        carrier=savoie,
        cross_view_french_label="la Savoie",
        cross_view_partner_label="Bignona",
    )
    row = CrossViewRowFactory(
        project=project,
        theme="Réseautage",
        french_side="Comment développer le réseau ici ?",
        partner_side="",
    )
    indicator = IndicatorFactory(
        question=EvaluativeQuestionFactory(
            evaluation=EvaluationFactory(project=project, title="Évaluation croisée")
        ),
        name="Jeunes accompagnés",
        unit="jeunes",
        target=Decimal("40"),
    )
    partner = UserFactory(username="partenaire-bignona", role=roles.PARTNER)
    MembershipFactory(user=partner, organisation=bignona)
    UserFactory(username="coordinatrice", role=roles.COORDINATOR)
    yield {"project": project, "row": row, "indicator": indicator}
    renderers_stop()


def shot(page, name):
    page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


def test_the_partner_proposes_the_coordinator_reviews_the_partner_resubmits(
    browser, live_server, login, savoie_bignona
):
    project, indicator = savoie_bignona["project"], savoie_bignona["indicator"]
    partner = login(browser.new_page(), "partenaire-bignona")

    # the Bignona column of the cross-view table
    partner.goto(f"{live_server.url}{project.get_absolute_url()}")
    partner.get_by_role(
        "link", name="Proposer la colonne de votre territoire : Réseautage"
    ).click()
    partner.get_by_label("Questionnements pour votre territoire").fill(
        "Comment impliquer les jeunes de Bignona dans le réseau ?"
    )
    partner.get_by_role("button", name="Soumettre au coordinateur").click()
    expect(partner.get_by_text("Proposition soumise")).to_be_visible()
    # a measurement "là-bas", with its evidence
    partner.goto(f"{live_server.url}{indicator.get_absolute_url()}")
    partner.get_by_role(
        "link", name="Proposer une mesure « là-bas » pour votre territoire"
    ).click()
    partner.get_by_label("Date").fill("2026-11-30")
    partner.get_by_label("Valeur").fill("120")
    partner.get_by_label("Commentaire (comment elle a été mesurée)").fill(
        "Registre des inscriptions"
    )
    partner.get_by_label("Justificatifs").set_input_files(
        files=[
            {
                "name": "registre.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4 registre",
            }
        ]
    )
    shot(partner, "1-partner-measurement-form")
    partner.get_by_role("button", name="Soumettre au coordinateur").click()
    expect(partner.get_by_text("Proposition soumise")).to_be_visible()

    # the coordinator's queue
    coordinator = login(browser.new_page(), "coordinatrice")
    queue = coordinator.locator(".review-queue")
    expect(
        queue.get_by_role("link", name="Regard croisé : colonne du partenaire")
    ).to_be_visible()
    expect(queue.get_by_role("link", name="Mesure « là-bas »")).to_be_visible()
    shot(coordinator, "2-coordinator-queue")
    queue.get_by_role("link", name="Regard croisé : colonne du partenaire").click()
    expect(
        coordinator.get_by_text("Comment impliquer les jeunes de Bignona")
    ).to_be_visible()
    coordinator.get_by_role("button", name="Accepter").click()
    expect(coordinator.get_by_text("Proposition acceptée")).to_be_visible()
    coordinator.goto(f"{live_server.url}/")
    coordinator.locator(".review-queue").get_by_role(
        "link", name="Mesure « là-bas »"
    ).click()
    expect(coordinator.get_by_role("link", name="registre.pdf")).to_be_visible()
    coordinator.get_by_label("Commentaire pour le partenaire").fill(
        "120 dépasse le nombre d'inscrits : vérifiez le registre."
    )
    shot(coordinator, "3-coordinator-review")
    coordinator.get_by_role("button", name="Renvoyer avec le commentaire").click()
    expect(coordinator.get_by_text("Proposition renvoyée")).to_be_visible()

    # the partner sees why, fixes and resubmits
    partner.goto(f"{live_server.url}/")
    mine = partner.locator(".my-proposals")
    expect(mine.get_by_text("120 dépasse le nombre d'inscrits")).to_be_visible()
    expect(mine.get_by_text("Renvoyée")).to_be_visible()
    expect(mine.get_by_text("Acceptée")).to_be_visible()
    shot(partner, "4-partner-dashboard")
    mine.get_by_role("link", name="Mesure « là-bas »").click()
    expect(partner.get_by_role("note")).to_contain_text("vérifiez le registre")
    expect(partner.get_by_label("Valeur")).to_have_value("120")
    partner.get_by_label("Valeur").fill("32")
    partner.get_by_role("button", name="Soumettre au coordinateur").click()
    expect(partner.get_by_text("Proposition soumise")).to_be_visible()

    coordinator.goto(f"{live_server.url}/")
    coordinator.locator(".review-queue").get_by_role(
        "link", name="Mesure « là-bas »"
    ).click()
    coordinator.get_by_role("button", name="Accepter").click()
    expect(coordinator.get_by_text("Proposition acceptée")).to_be_visible()

    measurement = Measurement.objects.get()
    assert (measurement.value, measurement.date) == (
        Decimal("32"),
        datetime.date(2026, 11, 30),
    )
    assert measurement.source == "Département de Bignona"

    # the accepted answer, marked as the partner's, on the page and on the sheet
    partner.goto(f"{live_server.url}{project.get_absolute_url()}")
    cross_view = partner.locator("#regard-croise")
    expect(cross_view).to_contain_text(
        "Comment impliquer les jeunes de Bignona dans le réseau ?"
    )
    expect(cross_view).to_contain_text("Réponse de Département de Bignona")
    expect(cross_view.get_by_text("Acceptée")).to_be_visible()
    shot(partner, "5-project-page")
    partner.goto(f"{live_server.url}{indicator.get_absolute_url()}")
    expect(partner.locator("table")).to_contain_text("Mesure de Département de Bignona")
    shot(partner, "6-indicator-page")
    sheet = partner.request.get(
        live_server.url + reverse("projects:sheet-pdf", args=[project.slug])
    )
    assert sheet.ok
    text = " ".join(pdf_text(sheet.body()).split())
    assert "Comment impliquer les jeunes de Bignona dans le réseau ?" in text
    assert "Réponse de Département de Bignona" in text
    with open(f"{SCREENSHOTS}/sheet.pdf", "wb") as output:
        output.write(sheet.body())
    assert CrossViewRow.objects.get().partner_side_source == "Département de Bignona"
    partner.goto(live_server.url + reverse("projects:sheet", args=[project.slug]))
    shot(partner, "8-sheet-page")

    # a comment on the project, read by the French side
    partner.goto(f"{live_server.url}{project.get_absolute_url()}")
    partner.get_by_label(
        "Votre commentaire (lu par les deux côtés du partenariat)"
    ).fill("Le comité local de Bignona se réunit en janvier.")
    partner.get_by_role("button", name="Envoyer le commentaire").click()
    expect(partner.get_by_text("Commentaire envoyé.")).to_be_visible()
    coordinator.goto(f"{live_server.url}{project.get_absolute_url()}")
    comments = coordinator.locator("#commentaires")
    expect(comments).to_contain_text("Le comité local de Bignona se réunit en janvier.")
    expect(comments).to_contain_text("partenaire-bignona — Département de Bignona")
    coordinator.set_viewport_size({"width": 390, "height": 800})
    shot(coordinator, "9-project-page-390")


def test_a_romanian_speaking_partner_proposes_in_a_romanian_interface(
    page, live_server, login, savoie_bignona
):
    partner = UserFactory(username="partenaire-arges", role=roles.PARTNER)
    arges = OrganisationFactory(name="Județul Argeș", country="RO", kind="judet")
    MembershipFactory(user=partner, organisation=arges)
    savoie_bignona["project"].partnerships.add(
        PartnershipFactory(
            french_authority=savoie_bignona["project"].carrier, partner=arges
        )
    )
    AccountPreferences.objects.create(user=partner, language="ro")

    login(page, "partenaire-arges")
    page.goto(f"{live_server.url}/propositions/")

    expect(page.locator("html")).to_have_attribute("lang", "ro")
    navigation = page.get_by_role("navigation", name="Navigare principală")
    expect(navigation.get_by_role("link", name="Parteneriate")).to_be_visible()
    expect(page.get_by_role("button", name="Deconectare")).to_be_visible()
    shot(page, "7-romanian-proposals")
