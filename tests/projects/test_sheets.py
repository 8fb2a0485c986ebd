"""The capitalization sheet and the catalogue: what a director reads in the PDF, who may
download it, what WeasyPrint may fetch, and when a sheet is made again."""

import html as html_lib
import io
import logging
import os
import re
import runpy
import select
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import caches
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import IndirectObject
from weasyprint import HTML as WeasyPrintHTML

import config
from partnerships.models import Organisation
from projects import sheets
from projects.models import Project, Theme
from projects.sheets import documents as sheet_documents
from projects.sheets import pdf as weasyprint_child
from tests.conftest import demo_loaded
from tests.factories import (
    ContactFactory,
    CostLineFactory,
    CostTableFactory,
    CrossViewRowFactory,
    EvaluationFactory,
    FundingLineFactory,
    KeyFigureFactory,
    OrganisationFactory,
    PartnershipFactory,
    ProjectFactory,
    QuoteFactory,
    RecommendationFactory,
)
from tests.pages import (
    blank_pdf,
    form_data,
    out_of_order,
    pdf_pages,
    pdf_text,
    plain_spaces,
)

SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Extracted text with hyphenated words made whole again (WeasyPrint breaks them
    with U+2010), no-break spaces as spaces and runs of space collapsed."""
    text = plain_spaces(text.replace("\u2010\n", ""))
    return SPACES.sub(" ", text).strip()


@pytest.fixture(autouse=True)
def empty_sheet_cache():
    caches["default"].clear()


@pytest.fixture(scope="class")
def demo_data(django_db_setup, django_db_blocker):
    """The demo, for the class that asks for it only: the other tests here count
    the sheets they make."""
    yield from demo_loaded(django_db_blocker)


def download(client, project):
    return client.get(reverse("projects:sheet-pdf", args=[project.slug]))


# --- What the sheet shows -------------------------------------------------------------


@pytest.mark.usefixtures("demo")
class TestDemoSheets:
    """The sheets of the demo projects, checked against the "L'action sociale de
    l'Autre" sheet and the TERRINCLUS guide of the ADF (2017)."""

    def test_action_sociale_de_l_autre_shows_title_carrier_figures_and_funders(
        self, client, director
    ):
        project = Project.objects.get(slug="action-sociale-de-l-autre")
        client.force_login(director)

        response = download(client, project)

        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert (
            response["Content-Disposition"]
            == 'attachment; filename="fiche-action-sociale-de-l-autre.pdf"'
        )
        text = pdf_text(response.content)
        assert "L'ACTION SOCIALE DE L'AUTRE" in text  # the title band, in capitals
        # The carrier and partner lines as the "L'action sociale de l'Autre" sheet
        # prints them.
        assert (
            "PORTEUR : DÉPARTEMENT DE SAVOIE – ASSOCIATION « PAYS DE SAVOIE "
            "SOLIDAIRES » PARTENAIRE : DÉPARTEMENT DE BIGNONA (SÉNÉGAL)"
        ) in text
        for value, label in [
            ("1988", "Date de création du partenariat entre la Savoie et Bignona."),
            ("50", "Nombre de professionnels sociaux rencontrés et sensibilisés."),
            ("18", "Nombre d'établissements sociaux de Savoie visités."),
        ]:
            assert re.search(re.escape(value) + " ?" + re.escape(label), text)
        assert "Département de la Savoie 20 000 €" in text
        ministry = "Ministère des Affaires étrangères et du Développement international"
        assert f"{ministry} 5 000 €" in text
        assert "Etablissements sociaux de Savoie 5 000 €" in text
        assert "TOTAL 30 000 €" in text
        assert "ODD 3 : Bonne santé" in text
        assert "QUESTIONNEMENTS POUR LA SAVOIE QUESTIONNEMENTS POUR BIGNONA" in text
        assert "Magali Agosti, directrice" in text
        assert "page 1 / " in pdf_pages(response.content)[0]

    def test_the_sheet_follows_the_order_of_the_action_sociale_sheet(self):
        project = sheets.sheet_prefetch(
            Project.objects.filter(slug="action-sociale-de-l-autre")
        ).get()

        html = sheets.sheet_body_html(project)

        headings = [
            "Thématiques",
            "Préconisations",
            "Quelques chiffres",
            "Pourquoi ce projet est-il retenu comme une démarche pilote de TERRINCLUS",
            "Genèse et contexte",
            "Les objectifs",
            "Les acteurs",
            "Le financement du projet",
            "Focus sur…",
            "Questionnements pour la Savoie",
            "Regard des partenaires de TERRINCLUS sur le programme",
            "Contacts",
        ]
        assert out_of_order(html, headings) == []

    def test_yvelines_sheet_shows_its_cost_tables(self, client, director):
        project = Project.objects.get(slug="innover-dans-les-pratiques-d-insertion")
        client.force_login(director)

        text = pdf_text(download(client, project).content)

        assert "LE COÛT DU PROJET" in text
        assert "Premier chantier, à Anèho (Togo)" in text
        assert "Deuxième chantier, à Ourossogui (Sénégal)" in text
        assert "Dépenses de personnel 65 580 €" in text
        assert "TOTAL 99 944 €" in text
        assert "TOTAL 125 309 €" in text
        assert "financement" not in text.casefold()

    def test_the_cross_view_tables_sit_in_part_2_of_the_focus_as_in_the_guide(
        self, client, director
    ):
        project = Project.objects.get(slug="action-sociale-de-l-autre")
        client.force_login(director)

        text = pdf_text(download(client, project).content)

        order = [
            "2 / REMETTRE EN QUESTION SES PRATIQUES",
            "Trois thématiques principales d'échanges ont été identifiées",
            "La posture d'accompagnement :",
            "L'utilité sociale :",
            "Les liens sociaux :",
            "Sur cette base, un programme d'activité sera réalisé",
            "3/ UNE DÉMARCHE INNOVANTE",
        ]
        assert out_of_order(text, order) == []
        assert "LE REGARD CROISÉ" not in text  # a heading the guide does not have

    def test_the_quotes_stand_where_the_guide_prints_them(self, client, director):
        client.force_login(director)
        places = {
            "plateforme-democratie-participative-jeunesse": [
                "En réponse aux attentes des jeunes",
                "PAROLES D'ACTEURS « Les aspirations des jeunes",
                "2 / LA CRÉATION D'UNE PLATEFORME",
            ],
            "ameliorer-les-politiques-jeunesse": [
                "Développer le dialogue interculturel pour favoriser la tolérance.",
                "PAROLES D'ACTEURS « C'est une vision très riche",
                "LES ACTEURS",
                "4 / ET APRÈS",
                "PAROLES D'ACTEURS « En Savoie, notre politique Jeunesse",
                "Imaginé par les professionnels",
            ],
            "suresnes-cap-haitien": [
                "En impliquant le service Jeunesse Animation",
                "PAROLES D'ACTEURS « Dans le cadre de la mise en œuvre du projet",
                "QUE RETENIR DE CETTE DÉMARCH",
            ],
        }

        for slug, order in places.items():
            project = Project.objects.get(slug=slug)
            text = normalise(pdf_text(download(client, project).content))
            assert out_of_order(text, order) == [], slug
            # placed in the text, none is gathered after the focus any more
            assert text.count("PAROLES D'ACTEURS") == project.quotes.count(), slug

    def test_partners_and_funders_are_printed_under_the_sheet_s_names(
        self, client, director
    ):
        client.force_login(director)
        jeunesse = Project.objects.get(slug="ameliorer-les-politiques-jeunesse")
        aude = Project.objects.get(slug="plateforme-democratie-participative-jeunesse")

        jeunesse_text = pdf_text(download(client, jeunesse).content)
        aude_text = pdf_text(download(client, aude).content)

        assert (
            "PORTEUR : DÉPARTEMENT DE LA SAVOIE – ASSOCIATION « PAYS DE SAVOIE "
            "SOLIDAIRES » PARTENAIRES : "
        ) in jeunesse_text
        assert (
            "PARTENAIRES : JUDET D'ARGEȘ (ROUMANIE), DÉPARTEMENT DE BIGNONA (SÉNÉGAL), "
            "VILLE DE DESSALINES (HAÏTI)"
        ) in jeunesse_text  # the guide's names, in the guide's order
        assert "Ville de Dessalines 12 000 €" in jeunesse_text
        assert "COMMUNE DE DESSALINES" not in jeunesse_text
        assert "PARTENAIRE : MUNICIPALITÉ DE SOUSSE (TUNISIE)" in aude_text
        assert "Institut français de Tunis 6 280 €" in aude_text
        # The organisation keeps its canonical name everywhere else.
        assert Organisation.objects.filter(name="Commune de Dessalines").exists()

    # The carrier and partner lines of the twelve sheets of the TERRINCLUS guide of
    # the ADF, as printed there, in capitals; "PARTENAIRES" follows the count, and
    # the guide's "PATRAS ET THESSALONIQUE (GRÈCE)" is two names, so two items of
    # the list.
    GUIDE_LINES = {
        "plateforme-democratie-participative-jeunesse": (
            "DÉPARTEMENT DE L'AUDE",
            "MUNICIPALITÉ DE SOUSSE (TUNISIE)",
        ),
        "evaluation-cooperation-franco-marocain-social": (
            "DÉPARTEMENT DE LOIRE-ATLANTIQUE",
            "PRÉFECTURE D'AGADIR IDA-OUTANANE ET PROVINCE DE CHTOUKA-AÏT BAHA (MAROC)",
        ),
        "participation-citoyenne-populations-vulnerables": (
            "DÉPARTEMENT DE LA MEURTHE-ET-MOSELLE",
            "PROVINCE DE LOJA (ÉQUATEUR) ET RÉGION DE PIURA (PÉROU)",
        ),
        "mobilite-internationale-employabilite-jeunes": (
            "DÉPARTEMENT DU PAS-DE-CALAIS",
            "CENTRO SUPERIOR DE HOSTELERIA Y TURISMO DE VALENCE (ESPAGNE)",
        ),
        "ameliorer-les-politiques-jeunesse": (
            "DÉPARTEMENT DE LA SAVOIE – ASSOCIATION « PAYS DE SAVOIE SOLIDAIRES »",
            "JUDET D'ARGEȘ (ROUMANIE), DÉPARTEMENT DE BIGNONA (SÉNÉGAL), "
            "VILLE DE DESSALINES (HAÏTI)",
        ),
        "action-sociale-de-l-autre": (
            "DÉPARTEMENT DE SAVOIE – ASSOCIATION « PAYS DE SAVOIE SOLIDAIRES »",
            "DÉPARTEMENT DE BIGNONA (SÉNÉGAL)",
        ),
        "innover-dans-les-pratiques-d-insertion": (
            "DÉPARTEMENT DES YVELINES",
            "DÉPARTEMENT DE MATAM (SÉNÉGAL) ET VILLE D'ANÈHO (TOGO)",
        ),
        "promotion-de-la-citoyennete-des-migrants": (
            "DÉPARTEMENT DU VAL-DE-MARNE",
            "MUNICIPALITÉS D'AMADORA (PORTUGAL), RIGA (LETTONIE), PATRAS, "
            "THESSALONIQUE (GRÈCE), ROQUETAS DE MAR (ESPAGNE), MESSINE (ITALIE), "
            "VANTAA (FINLANDE), OLDENBOURG (ALLEMAGNE), UNIVERSITÉ DE DRESDE "
            "(ALLEMAGNE)",
        ),
        "suresnes-cap-haitien": ("VILLE DE SURESNES", "VILLE DE CAP-HAÏTIEN (HAÏTI)"),
        "cfsi-caac": (
            "CFSI (COMITÉ FRANÇAIS POUR LA SOLIDARITÉ INTERNATIONALE)",
            "COLOMBIE, COSTA RICA, EQUATEUR, GUATEMALA, GUINÉE, HONDURAS, MADAGASCAR, "
            "MALI, MAROC, NICARAGUA, PANAMA, PÉROU, SALVADOR, TCHAD, TUNISIE, "
            "VIETNAM, FRANCE",
        ),
        "f3e-prisme": (
            "RÉSEAU F3E",
            "BÉNIN, BURKINA FASO, BURUNDI, COMORES, CONGO, CÔTE D'IVOIRE, HAÏTI, "
            "MADAGASCAR, TOGO, FRANCE",
        ),
        "solidarite-laique-tunisie": (
            "ASSOCIATION SOLIDARITÉ LAÏQUE",
            "PLUSIEURS ORGANISATIONS FRANCO-TUNISIENNES",
        ),
    }

    def test_the_twelve_sheets_print_carriers_and_partners_as_the_guide(self):
        projects = sheets.sheet_prefetch(Project.objects.terrinclus())

        for project in projects:
            html = sheets.sheet_body_html(project)
            people = [
                normalise(html_lib.unescape(re.sub(r"<[^>]+>", "", paragraph)))
                for paragraph in re.findall(
                    r'<p class="sheet-people">(.*?)</p>', html, re.S
                )
            ]
            carrier, partners = self.GUIDE_LINES[project.slug]
            several = " ET " in partners or ", " in partners
            heading = "PARTENAIRES" if several else "PARTENAIRE"
            assert [line.upper() for line in people] == [
                f"PORTEUR : {carrier}",
                f"{heading} : {partners}",
            ], project.slug

    # The funder column of the funding tables of the TERRINCLUS guide of the ADF, as
    # printed there.
    MAEDI = "Ministère des Affaires étrangères et du Développement international"
    GUIDE_FUNDERS = {
        "plateforme-democratie-participative-jeunesse": [
            f"{MAEDI} français",
            "Département de l'Aude",
            "Municipalité de Sousse",
            "Institut français de Tunis",
            "France Volontaires",
        ],
        "evaluation-cooperation-franco-marocain-social": [
            f"{MAEDI} français et Ministère de l'Intérieur marocain",
            "Conseil département de Loire-Atlantique",  # sic
            "Conseil provincial de Chtouka-Aït Baha",
            "Commune d'Aït Amira",
            "Association Femmes du Sud",
        ],
        "participation-citoyenne-populations-vulnerables": [
            "Union européenne - Appel à projet WaterClima ALC",
            "Province de Loja (Equateur)",
            "Région de Piura (Pérou)",
            "Communautés indigènes",
            "Conseil départemental de Meurthe-et-Moselle",
            "Province de Viterbo (Italie)",
            "Municipalités équatoriennes et péruviennes",
        ],
        "mobilite-internationale-employabilite-jeunes": [
            "Département du Pas-de-Calais",
            "Léo Lagrange (Bourses ERASMUS+ et suivi)",
            "F2C (formation, fonds propres et suivi)",
        ],
        "ameliorer-les-politiques-jeunesse": [
            "Département de la Savoie",
            MAEDI,
            "Ville de Dessalines",
            "Judet d'Argeș",
            "Département de Bignona",
        ],
        "action-sociale-de-l-autre": [
            "Département de la Savoie",
            MAEDI,
            "Etablissements sociaux de Savoie",
        ],
        "promotion-de-la-citoyennete-des-migrants": [
            "Union européenne",
            "Conseil départemental du Val-de-Marne",
        ],
        "suresnes-cap-haitien": [
            "Ministère français des Affaires étrangères et du Développement "
            "international",
            "Ville de Suresnes",
        ],
        "cfsi-caac": [
            "Agence Française de Développement",
            "Fondation Abbé Pierre",
            "Membres du CFSI et plateforme CFSI",
        ],
        "solidarite-laique-tunisie": [
            "Agence Française de Développement",
            "Solidarité Laïque",
            "Montant à mobiliser",
        ],
    }

    def test_the_funding_tables_print_the_funders_as_the_guide(self):
        projects = sheets.sheet_prefetch(
            Project.objects.filter(slug__in=self.GUIDE_FUNDERS)
        )

        for project in projects:
            html = sheets.sheet_body_html(project)
            table = re.search(
                r'<table class="sheet-table funding">(.*?)</table>', html, re.S
            )
            funders = [
                normalise(html_lib.unescape(cell))
                for cell in re.findall(r"<tr>\s*<td>(.*?)</td>", table[1], re.S)
            ]
            assert funders == self.GUIDE_FUNDERS[project.slug], project.slug
        assert len(projects) == len(self.GUIDE_FUNDERS)

    def test_the_source_total_note_is_for_staff_and_stays_off_the_sheet(
        self, client, director
    ):
        project = Project.objects.get(
            slug="plateforme-democratie-participative-jeunesse"
        )
        client.force_login(director)

        text = pdf_text(download(client, project).content)
        page = client.get(project.get_absolute_url()).content.decode()

        assert "TOTAL 66 159 €" in text  # the sum of the lines
        assert "67 159" not in text
        assert "indique un total" not in text
        assert "67 159" in normalise(page)  # the project page keeps the warning

    def test_the_twelve_sheet_catalogue_gives_the_real_page_of_each_sheet(
        self, client, director, settings
    ):
        settings.SHEET_CATALOGUE_TIME_LIMIT = 300  # twelve sheets made cold, here
        projects = list(Project.objects.terrinclus())
        client.force_login(director)

        response = client.get(
            reverse("projects:catalogue-pdf"), {"slug": [p.slug for p in projects]}
        )

        pages = pdf_pages(response.content)
        toc = pages[1]
        assert "SOMMAIRE" in toc
        # in the guide's order, as the TERRINCLUS guide's SOMMAIRE
        for project in projects:
            found = re.search(re.escape(project.title) + r"[ .]*(\d+)", toc)
            page = int(found[1])
            assert project.title.upper() in pages[page - 1]
            assert project.title.upper() not in pages[page - 2]
        reader = PdfReader(io.BytesIO(response.content))
        sheet_lengths = [
            len(PdfReader(io.BytesIO(sheets.sheet_pdf(project=p).content)).pages)
            for p in sheets.sheet_prefetch(Project.objects.terrinclus())
        ]
        assert len(reader.pages) == 2 + sum(sheet_lengths)  # cover, contents, sheets
        bookmarks = [item for item in reader.outline if not isinstance(item, list)]
        assert bookmarks[0].title == "Sommaire"
        sheet_bookmarks = bookmarks[1:]
        assert len(sheet_bookmarks) == 12  # one per sheet, at its first page
        starts = [reader.get_destination_page_number(b) + 1 for b in sheet_bookmarks]
        assert [normalise(b.title) for b in sheet_bookmarks] == [
            normalise(p.title) for p in projects
        ]
        assert starts == [
            int(re.search(re.escape(p.title) + r"[ .]*(\d+)", toc)[1]) for p in projects
        ]
        assert all(isinstance(item, list) for item in reader.outline[2::2])
        sections = [item.title for item in reader.outline[2]]
        assert "Le projet" in sections  # each sheet keeps its sections under it

    def test_a_funding_line_without_amount_shows_its_note(self):
        project = sheets.sheet_prefetch(
            Project.objects.filter(slug="mobilite-internationale-employabilite-jeunes")
        ).get()

        text = normalise(sheets.sheet_body_html(project))

        assert "Non évaluable" in text
        assert 'Total</th><td class="num">67 437 €' in text


def pdf_links(content: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(content))
    return [
        str(annotation.get_object()["/A"].get("/URI", ""))
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if "/A" in annotation.get_object()
    ]


def test_the_sheet_names_an_evaluation_without_a_link_into_the_portal(client, director):
    contact = ContactFactory(email="equipe@example.org")
    evaluation = EvaluationFactory(title="Évaluation à mi-parcours")
    project = evaluation.project
    project.project_contacts.create(contact=contact)
    client.force_login(director)

    content = download(client, project).content
    page = client.get(project.get_absolute_url()).content.decode()

    assert "ÉVALUATION À MI-PARCOURS" in pdf_text(content)
    # an outside reader cannot follow a link into the portal: only the e-mail is one
    assert pdf_links(content) == ["mailto:equipe@example.org"]
    assert f'href="{evaluation.get_absolute_url()}"' in page  # the page keeps it


def test_a_project_without_funding_table_has_no_financement_heading(client, director):
    project = ProjectFactory(title="Sans financement connu", genesis="Une genèse.")
    client.force_login(director)

    text = pdf_text(download(client, project).content)

    assert "GENÈSE ET CONTEXTE" in text
    assert "financement" not in text.casefold().replace("sans financement connu", "")


def test_sections_without_content_are_left_out_heading_included(db):
    project = sheets.sheet_prefetch(
        Project.objects.filter(pk=ProjectFactory(lead="").pk)
    ).get()

    html = sheets.sheet_body_html(project)

    for heading in [
        "Thématiques",
        "Préconisations",
        "Quelques chiffres",
        "Pourquoi ce projet",
        "Le projet",
        "Focus sur",
        "Paroles d'acteurs",
        "Regard des partenaires",
        "Ressources",
        "Contacts",
        "Crédits photos",
    ]:
        assert heading not in html
    assert project.title in html


def test_every_row_of_a_full_project_reaches_the_sheet(db):
    project = ProjectFactory(
        title="Projet complet",
        cross_view_french_label="l'Aude",
        cross_view_partner_label="Sousse",
        resources="- Un guide",
        photo_credits="Département",
    )
    RecommendationFactory(project=project, intro="Une introduction.")
    CrossViewRowFactory(project=project, group="Le premier groupe")
    QuoteFactory(project=project, role="vice-présidente")
    contact = ContactFactory(organisation=OrganisationFactory(name="Assemblée"))
    project.project_contacts.create(contact=contact)
    CostLineFactory(table=CostTableFactory(project=project, caption="Chantier"))
    project = sheets.sheet_prefetch(Project.objects.filter(pk=project.pk)).get()

    html = normalise(sheets.sheet_body_html(project))

    assert "Partenariat et participation" in html
    assert "Identifier les acteurs" in html
    assert "Le premier groupe" in html
    assert "Questionnements pour l&#x27;Aude" in html
    assert "Questionnements pour Sousse" in html
    assert "« Les aspirations des jeunes sont semblables. »" in html
    assert "Valérie Dumontet, vice-présidente" in html
    assert "<strong>Assemblée&nbsp;:</strong>" in html
    assert "Chantier" in html and "7 200 €" in html
    assert "Un guide" in html


def test_a_placeholder_in_a_long_text_places_a_table_and_a_quote_there(db):
    project = ProjectFactory(
        focus_body=(
            "Premier paragraphe.\n\n[[regard-croisé 2]]\n\nDeuxième paragraphe."
            "\n\n[[citation 1]]\n\nTroisième paragraphe.\n\n[[citation 9]]"
        ),
        cross_view_french_label="l'Aude",
    )
    CrossViewRowFactory(project=project, group="Premier groupe", theme="Thème un")
    CrossViewRowFactory(project=project, group="Second groupe", theme="Thème deux")
    QuoteFactory(project=project)

    text = pdf_text(sheets.sheet_pdf(project=project).content)

    order = [
        "Premier paragraphe.",
        "Second groupe :",
        "Deuxième paragraphe.",
        "PAROLES D'ACTEURS",  # the placed quote's box keeps the guide's heading
        "« Les aspirations des jeunes sont semblables. »",
        "Troisième paragraphe.",
        "LE REGARD CROISÉ",  # the table no text places, after the focus as before
        "Premier groupe :",
    ]
    assert out_of_order(text, order) == []
    assert "[[" not in text  # a placeholder naming nothing is dropped
    assert text.count("PAROLES D'ACTEURS") == 1  # the only quote was placed


def test_a_project_placing_nothing_keeps_the_tables_and_quotes_after_the_focus(db):
    project = ProjectFactory(focus_body="Le texte du focus.")
    CrossViewRowFactory(project=project)
    QuoteFactory(project=project)

    text = pdf_text(sheets.sheet_pdf(project=project).content)

    order = ["Le texte du focus.", "LE REGARD CROISÉ", "Réseautage"]
    order += ["PAROLES D'ACTEURS", "« Les aspirations des jeunes"]
    assert out_of_order(text, order) == []


def test_a_printed_name_is_printed_as_given_and_in_the_project_s_order(db):
    project = ProjectFactory()
    haiti = OrganisationFactory(name="Commune de Dessalines", country="HT")
    senegal = OrganisationFactory(name="Département de Bignona", country="SN")
    romania = OrganisationFactory(name="Judet d'Argeș", country="RO")
    project.partners.add(haiti, senegal, romania)
    project.printed_names.create(organisation=romania, name="Județ Argeș", order=0)
    project.printed_names.create(
        organisation=haiti, name="Ville de Dessalines (Haïti)", order=1
    )

    text = pdf_text(sheets.sheet_pdf(project=project).content)

    # ranked first as the project says, printed as given (its country where it
    # wrote one), then the others with their country
    assert (
        "PARTENAIRES : JUDEȚ ARGEȘ, VILLE DE DESSALINES (HAÏTI), "
        "DÉPARTEMENT DE BIGNONA (SÉNÉGAL)"
    ) in text
    assert "COMMUNE" not in text


def test_a_coordinator_gives_the_printed_name_in_the_project_form(
    client, coordinator, director
):
    project = ProjectFactory()
    dessalines = OrganisationFactory(name="Commune de Dessalines", country="HT")
    project.partners.add(dessalines)
    url = reverse("projects:project-update", args=[project.slug])
    client.force_login(coordinator)
    data = form_data(client.get(url)) | {
        "printed_names-TOTAL_FORMS": 1,
        "printed_names-0-organisation": dessalines.pk,
        "printed_names-0-name": "Ville de Dessalines (Haïti)",
    }

    response = client.post(url, data)
    client.force_login(director)
    text = pdf_text(download(client, project).content)

    assert response.status_code == 302
    assert "PARTENAIRE : VILLE DE DESSALINES (HAÏTI)" in text
    dessalines.refresh_from_db()
    assert dessalines.name == "Commune de Dessalines"  # its register name stays


def test_a_name_that_only_contains_the_country_s_letters_gets_the_country(db):
    cap_haitien = OrganisationFactory(name="Ville de Cap-Haïtien", country="HT")
    haiti = OrganisationFactory(name="République d'Haïti", country="HT")

    assert cap_haitien.display_name == "Ville de Cap-Haïtien (Haïti)"
    assert haiti.display_name == "République d'Haïti"


def test_headings_follow_the_count_of_partners_and_themes(db):
    single = ProjectFactory()
    single.partners.add(OrganisationFactory(name="Ville de Cap-Haïtien"))
    single.themes.add(Theme.objects.get_or_create(name="Jeunesse")[0])
    several = ProjectFactory()
    several.partners.add(OrganisationFactory(), OrganisationFactory())
    several.themes.add(
        Theme.objects.get_or_create(name="Jeunesse")[0],
        Theme.objects.get_or_create(name="Cohésion sociale")[0],
    )

    single_text = pdf_text(sheets.sheet_pdf(project=single).content)
    several_text = pdf_text(sheets.sheet_pdf(project=several).content)

    assert "PARTENAIRE : VILLE DE CAP-HAÏTIEN" in single_text
    assert "THÉMATIQUE : JEUNESSE" in single_text
    assert "PARTENAIRES :" in several_text and "THÉMATIQUES :" in several_text


def test_a_guide_sheet_ends_with_the_programme_s_funders(db, settings):
    settings.SHEET_PROGRAMME_FUNDERS = ["Premier financeur", "Second financeur"]
    in_guide = ProjectFactory(guide_order=99)
    elsewhere = ProjectFactory()

    in_guide_text = pdf_text(sheets.sheet_pdf(project=in_guide).content)
    elsewhere_text = pdf_text(sheets.sheet_pdf(project=elsewhere).content)

    assert (
        "TERRINCLUS EST UNE DÉMARCHE FINANCÉE PAR : Premier financeur Second financeur"
    ) in in_guide_text
    assert "TERRINCLUS" not in elsewhere_text


def test_the_catalogue_cover_names_the_programme_s_funders_for_guide_sheets(
    client, director, settings
):
    settings.SHEET_PROGRAMME_FUNDERS = ["Premier financeur", "Second financeur"]
    client.force_login(director)
    in_guide = [ProjectFactory(guide_order=98), ProjectFactory()]
    elsewhere = [ProjectFactory()]

    in_guide_cover = pdf_pages(catalogue_of(client, in_guide))[0]
    elsewhere_cover = pdf_pages(catalogue_of(client, elsewhere))[0]

    assert (
        "TERRINCLUS EST UNE DÉMARCHE FINANCÉE PAR : Premier financeur Second financeur"
    ) in in_guide_cover
    assert "TERRINCLUS" not in elsewhere_cover


def test_the_programme_s_funders_are_set_once_in_the_environment(db, monkeypatch):
    monkeypatch.setenv(
        "SHEET_PROGRAMME_FUNDERS", "Ministère, direction de l'action extérieure ; AFD;"
    )

    base = runpy.run_path(str(Path(config.__file__).parent / "settings" / "base.py"))

    # semicolons part the names, as a funder's name may hold a comma
    assert base["SHEET_PROGRAMME_FUNDERS"] == [
        "Ministère, direction de l'action extérieure",
        "AFD",
    ]


def test_guillemets_and_signs_carry_no_break_spaces_in_the_pdf(db):
    project = ProjectFactory(
        lead="Un projet « solidaire » : pourquoi pas ? Voir https://example.org/a?b",
    )

    raw = " ".join(
        page.extract_text()
        for page in PdfReader(
            io.BytesIO(sheets.sheet_pdf(project=project).content)
        ).pages
    )

    assert "«\xa0solidaire\xa0»\xa0: pourquoi pas\xa0?" in raw
    assert "https://example.org/a?b" in raw


def test_the_pdf_is_tagged_with_its_title_language_author_and_bookmarks(db):
    carrier = OrganisationFactory(name="Département de l'Aude")
    project = ProjectFactory(title="Un projet archivé", carrier=carrier, genesis="G.")

    reader = PdfReader(io.BytesIO(sheets.sheet_pdf(project=project).content))

    root = reader.trailer["/Root"]
    assert root["/Lang"] == "fr"
    assert root["/MarkInfo"]["/Marked"]
    structure = root["/StructTreeRoot"].get_object()
    assert structure["/K"]  # a structure tree with content, for screen readers
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert root["/OutputIntents"][0]["/S"] == "/GTS_PDFA1"  # its colours, for PDF/A
    xmp = reader.xmp_metadata
    assert xmp.dc_title == {"x-default": "Un projet archivé"}
    assert xmp.dc_creator == ["Département de l'Aude"]
    assert archival_identification(reader) == {
        "pdfaid:part": "3",
        "pdfaid:conformance": "A",
        "pdfuaid:part": "1",
    }
    assert reader.outline[0].title == "Un projet archivé"  # a bookmark per section
    assert [item.title for item in reader.outline[1]] == ["Le projet"]


def test_a_sheet_and_a_catalogue_render_without_a_weasyprint_warning(db, caplog):
    # Laid out here rather than in a renderer process, so that caplog sees what
    # WeasyPrint logs: a stylesheet it does not understand is logged at each render.
    project = sheets.sheet_prefetch(Project.objects.filter(pk=full_project(1).pk)).get()
    documents = [
        sheets.sheet_html(project),
        sheets.catalogue_html([project], author="Savoie", start_pages=[3]),
    ]

    with caplog.at_level("INFO", logger="weasyprint"):
        pdfs = [
            weasyprint_child._write_pdf(html, sheets.SheetURLFetcher())
            for html in documents
        ]

    assert "PROJET 1" in pdf_text(pdfs[0]) and "Projet 1" in pdf_text(pdfs[1])
    warnings = [
        record.getMessage()
        for record in caplog.records
        if record.name.startswith("weasyprint") and record.levelno >= logging.WARNING
    ]
    assert warnings == []


class FetchesRecorded(sheets.SheetURLFetcher):
    def __init__(self):
        super().__init__()
        self.fetched: list[str] = []

    def fetch(self, url, headers=None):
        self.fetched.append(url)
        return super().fetch(url, headers)


def test_the_stylesheet_parsed_once_lays_out_the_sheet_as_weasyprint_reading_it(db):
    project = sheets.sheet_prefetch(Project.objects.filter(pk=full_project(2).pk)).get()
    html = sheets.sheet_html(project)
    read_by_weasyprint = WeasyPrintHTML(
        string=html, base_url=sheets.BASE_URL, url_fetcher=sheets.SheetURLFetcher()
    ).write_pdf(pdf_variant=weasyprint_child.PDF_VARIANT)
    fetcher = FetchesRecorded()

    parsed_once = weasyprint_child._write_pdf(html, fetcher)

    assert not [url for url in fetcher.fetched if url.endswith(".css")]
    assert page_drawings(parsed_once) == page_drawings(read_by_weasyprint)
    assert "PROJET 2" in pdf_text(parsed_once)


def page_drawings(content: bytes) -> list[bytes]:
    """What each page draws (its content stream), page by page."""
    return [
        page.get_contents().get_data() for page in PdfReader(io.BytesIO(content)).pages
    ]


def test_an_edited_stylesheet_is_read_again_by_the_next_sheet(db, settings, tmp_path):
    project = sheets.sheet_prefetch(
        Project.objects.filter(pk=ProjectFactory(title="Titre en bas de casse").pk)
    ).get()
    html = sheets.sheet_html(project)
    assert "TITRE EN BAS DE CASSE" in pdf_text(
        weasyprint_child._write_pdf(html, sheets.SheetURLFetcher())
    )
    edited = tmp_path / "css" / "sheet.css"
    edited.parent.mkdir()
    source = (Path(config.__file__).parent.parent / "static/css/sheet.css").read_text()
    edited.write_text(source + "\n.sheet-title { text-transform: none; }\n")
    settings.STATICFILES_DIRS = [tmp_path, *settings.STATICFILES_DIRS]

    pdf = weasyprint_child._write_pdf(html, sheets.SheetURLFetcher())

    # the title band as edited (the running header prints the title as typed)
    assert "TITRE EN BAS DE CASSE" not in pdf_text(pdf)


def archival_identification(reader: PdfReader) -> dict[str, str]:
    """The PDF/A and PDF/UA parts and conformance the XMP metadata declare."""
    names = {
        "http://www.aiim.org/pdfa/ns/id/": "pdfaid",
        "http://www.aiim.org/pdfua/ns/id/": "pdfuaid",
    }
    found = {}
    for description in reader.xmp_metadata.rdf_root.getElementsByTagNameNS(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "Description"
    ):
        for index in range(description.attributes.length):
            attribute = description.attributes.item(index)
            if attribute.namespaceURI in names:
                found[f"{names[attribute.namespaceURI]}:{attribute.localName}"] = (
                    attribute.value
                )
    return found


def structure_elements(element):
    """The structure elements under `element`, in the order of the document."""
    element = element.get_object()
    kids = element.get("/K", [])
    for kid in kids if isinstance(kids, list) else [kids]:
        if isinstance(kid, IndirectObject) and "/S" in kid.get_object():
            yield kid.get_object()
            yield from structure_elements(kid)


def structure_types(element) -> list[str]:
    return [str(kid["/S"]) for kid in structure_elements(element)]


def alt_texts(element) -> list[str]:
    """The alternative texts of the figures under a structure element."""
    return [
        str(kid.get("/Alt", ""))
        for kid in structure_elements(element)
        if kid["/S"] == "/Figure"
    ]


# --- Long sheets ----------------------------------------------------------------------


def test_a_sheet_with_200_funding_lines_repeats_the_table_header_on_each_page(
    client, director
):
    project = ProjectFactory(title="Beaucoup de financeurs", genesis="Texte. " * 600)
    for number in range(200):
        FundingLineFactory(
            project=project,
            funder=OrganisationFactory(name=f"Financeur numéro {number:03d}"),
            amount=Decimal("100"),
            order=number,
        )
    client.force_login(director)

    response = download(client, project)

    assert response.status_code == 200
    pages = pdf_pages(response.content)
    pages_with_lines = [page for page in pages if "Financeur numéro" in page]
    assert len(pages_with_lines) >= 3
    assert all("FINANCEUR CONTRIBUTION" in page for page in pages_with_lines)
    assert "TOTAL 20 000 €" in pages[-1] or "TOTAL 20 000 €" in pages[-2]
    assert f"page {len(pages)} / {len(pages)}" in pages[-1]


# --- Safety: escaping and what WeasyPrint may fetch -----------------------------------


def test_user_text_is_escaped_and_makes_nothing_fetched(client, director, caplog):
    project = ProjectFactory(
        title='Titre <img src="http://127.0.0.1:9/x.png">',
        genesis="[mot de passe](file:///etc/passwd) ![image](http://127.0.0.1:9/y.png)",
    )
    client.force_login(director)

    preview = client.get(reverse("projects:sheet", args=[project.slug]))
    response = download(client, project)

    html = preview.content.decode()
    assert "Titre &lt;img src=&quot;http://127.0.0.1:9/x.png&quot;&gt;" in html
    assert "<img" not in html
    assert "file:///etc/passwd" not in html
    assert "http://127.0.0.1:9/y.png" not in html
    assert response.status_code == 200
    shown = pdf_text(response.content).replace(" ", "")
    assert 'TITRE<IMGSRC="HTTP://127.0.0.1:9/X.PNG">' in shown
    assert "refused" not in caplog.text  # nothing even asked for


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/image.png",
        "https://example.org/static/css/sheet.css",
        "http://portail.invalid/static/css/sheet.css",  # not our scheme
        "https://portail.invalid/static/../../../etc/passwd",
        "https://portail.invalid/static/%2e%2e/%2e%2e/etc/passwd",
        "https://portail.invalid/media/../config/settings/base.py",
        "https://portail.invalid/static/css/missing.css",
        "https://portail.invalid/autre/chose.css",
        "data:text/css,body{color:red}",
        "ftp://example.org/file",
    ],
)
def test_the_url_fetcher_refuses_what_is_not_our_static_or_media_files(url):
    fetcher = sheets.SheetURLFetcher()

    with pytest.raises(sheets.URLRefusedError):
        fetcher.fetch(url)

    assert fetcher.refused == [url]


def test_the_url_fetcher_serves_our_static_and_media_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "visite.png").write_bytes(b"\x89PNG fake")
    fetcher = sheets.SheetURLFetcher()

    css = fetcher.fetch("https://portail.invalid/static/css/sheet.css")
    font = fetcher.fetch(
        "https://portail.invalid/static/fonts/dejavu/DejaVuSansCondensed.ttf?v=1"
    )
    photo = fetcher.fetch("https://portail.invalid/media/photos/visite.png")

    assert b"@font-face" in css.read()
    assert css.content_type == "text/css"
    assert len(font.read()) > 100_000
    assert photo.read() == b"\x89PNG fake"
    assert fetcher.refused == []


def test_the_pdf_still_renders_when_the_html_asks_for_forbidden_urls(caplog):
    html = (
        '<html lang="fr"><head><title>t</title>'
        '<link rel="stylesheet" href="http://127.0.0.1:9/evil.css">'
        '<link rel="stylesheet" href="/static/css/sheet.css"></head><body>'
        '<img src="file:///etc/passwd" alt="">'
        '<img src="http://127.0.0.1:9/redirect-to-file" alt="">'
        "<p>Le texte reste.</p></body></html>"
    )

    pdf = sheets.html_to_pdf(html, seconds=30)

    assert "Le texte reste." in pdf_text(pdf)
    assert "refused: http://127.0.0.1:9/evil.css" in caplog.text
    assert "refused: file:///etc/passwd" in caplog.text
    assert "refused: http://127.0.0.1:9/redirect-to-file" in caplog.text


@pytest.fixture
def fresh_renderers():
    """Renderers forked from now on: they see what the test changes."""
    weasyprint_child.renderers_stop()
    yield
    weasyprint_child.renderers_stop()


def test_a_renderer_keeps_none_of_the_pipes_its_parent_has_open(db, fresh_renderers):
    # A browser driver, a subprocess: whoever waits for the end of a pipe the
    # portal opened sees it when the portal closes it, not when a renderer ends.
    read_end, write_end = os.pipe()
    try:
        sheets.html_to_pdf("<html><body><p>Un texte.</p></body></html>", seconds=30)
        os.close(write_end)
        readable, _, _ = select.select([read_end], [], [], 5)
        assert readable and os.read(read_end, 1) == b""
    finally:
        os.close(read_end)


def test_a_rendering_past_the_time_limit_is_stopped_with_a_503_page(
    client, director, settings, monkeypatch, fresh_renderers
):
    settings.SHEET_TIME_LIMIT = 0.5
    monkeypatch.setattr(weasyprint_child, "_warmed_up", True)
    monkeypatch.setattr(
        weasyprint_child, "_write_pdf", lambda html, fetcher: time.sleep(30)
    )
    project = ProjectFactory()
    client.force_login(director)

    with pytest.raises(sheets.SheetRenderTimeout):
        sheets.html_to_pdf("<p>lent</p>", seconds=0.5)
    response = download(client, project)

    assert response.status_code == 503
    assert "a pris trop de temps et a été interrompue" in response.content.decode()


def test_a_renderer_lays_out_one_document_after_another_then_is_replaced(
    settings, caplog, fresh_renderers
):
    settings.SHEET_RENDERER_MAX_RENDERS = 2
    forbidden = (
        '<html lang="fr"><head><title>t</title></head><body>'
        '<img src="file:///etc/passwd" alt="">Un</body></html>'
    )
    allowed = '<html lang="fr"><head><title>t</title></head><body>Deux</body></html>'

    sheets.html_to_pdf(forbidden, seconds=30)
    (renderer,) = weasyprint_child._idle_renderers
    caplog.clear()
    second = sheets.html_to_pdf(allowed, seconds=30)
    third = sheets.html_to_pdf(allowed, seconds=30)

    assert "Deux" in pdf_text(second) and "Deux" in pdf_text(third)
    assert "refused" not in caplog.text  # what one document asked is its own
    assert renderer.renders == 2  # the same process for the first two
    assert not renderer.process.is_alive()  # then replaced
    (new_renderer,) = weasyprint_child._idle_renderers
    assert new_renderer.process.pid != renderer.process.pid


def test_a_renderer_past_the_time_limit_is_killed_and_the_next_document_made(
    monkeypatch, fresh_renderers
):
    real_write_pdf = weasyprint_child._write_pdf

    def write_pdf(html, fetcher):
        if "TAKES-FOREVER" in html:
            time.sleep(60)
        return real_write_pdf(html, fetcher)

    monkeypatch.setattr(weasyprint_child, "_write_pdf", write_pdf)
    sheets.html_to_pdf("<p>Vite</p>", seconds=30)
    (renderer,) = weasyprint_child._idle_renderers

    with pytest.raises(sheets.SheetRenderTimeout):
        sheets.html_to_pdf("<p>TAKES-FOREVER</p>", seconds=0.5)

    assert renderer.renders == 2  # the warm renderer took it
    assert not renderer.process.is_alive()  # and was killed
    assert weasyprint_child._idle_renderers == []
    assert "Suivant" in pdf_text(sheets.html_to_pdf("<p>Suivant</p>", seconds=30))
    (new_renderer,) = weasyprint_child._idle_renderers
    assert new_renderer.process.pid != renderer.process.pid


def test_an_image_s_alternative_text_reaches_the_structure_tree(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(image, "PNG")
    (tmp_path / "visite.png").write_bytes(image.getvalue())
    html = (
        '<html lang="fr"><head><title>t</title></head><body>'
        '<img src="/media/visite.png" alt="Visite du centre social de Bignona">'
        "</body></html>"
    )

    reader = PdfReader(io.BytesIO(sheets.html_to_pdf(html, seconds=30)))

    tree = reader.trailer["/Root"]["/StructTreeRoot"]["/K"][0]
    assert alt_texts(tree) == ["Visite du centre social de Bignona"]


# --- Who may read a sheet -------------------------------------------------------------


@pytest.fixture
def partner_projects(partner_user, membership_factory):
    """A project of the partner's partnership, and one of another partnership."""
    own = PartnershipFactory()
    membership_factory(user=partner_user, organisation=own.partner)
    return (
        ProjectFactory(partnership=own, title="Notre projet"),
        ProjectFactory(partnership=PartnershipFactory(), title="Leur projet"),
    )


def sheet_responses(client, project):
    """The preview, the PDF and a catalogue of that one sheet."""
    return (
        client.get(reverse("projects:sheet", args=[project.slug])),
        download(client, project),
        client.get(reverse("projects:catalogue-pdf"), {"slug": project.slug}),
    )


def test_a_partner_cannot_read_the_sheet_of_another_partnership(
    client, partner_user, partner_projects
):
    _own, other = partner_projects
    client.force_login(partner_user)

    preview, pdf, catalogue = sheet_responses(client, other)

    assert preview.status_code == 404
    assert pdf.status_code == 404
    assert catalogue.status_code == 404


def test_a_partner_reads_the_sheet_of_their_partnership(
    client, partner_user, partner_projects
):
    own, _other = partner_projects
    client.force_login(partner_user)

    preview, pdf, _selection = sheet_responses(client, own)
    catalogue = client.get(reverse("projects:catalogue-pdf"))  # the whole list

    assert preview.status_code == 200
    assert pdf.status_code == 200
    assert "NOTRE PROJET" in pdf_text(pdf.content)
    catalogue_text = pdf_text(catalogue.content)
    assert "Notre projet" in catalogue_text
    assert "Leur projet" not in catalogue_text


def test_a_director_previews_the_sheet_with_a_pdf_button(client, director):
    project = ProjectFactory(title="Aperçu de la fiche")
    KeyFigureFactory(project=project, value="16-25", label="Âge des jeunes.")
    client.force_login(director)

    response = client.get(reverse("projects:sheet", args=[project.slug]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Aperçu de la fiche" in html
    assert "16-25" in html
    assert reverse("projects:sheet-pdf", args=[project.slug]) in html
    assert "Télécharger le PDF" in html
    # The preview is the PDF's own document, framed: sheet.css, not the portal's.
    frame = html_lib.unescape(re.search(r'<iframe[^>]*srcdoc="([^"]*)"', html)[1])
    assert "css/sheet.css" in frame and "portal.css" not in frame
    # its frame on screen only: WeasyPrint neither fetches nor reads it
    assert re.search(r'href="[^"]*css/sheet-screen\.css" media="screen"', frame)
    assert "Aperçu de la fiche" in frame and "16-25" in frame


def test_an_unknown_sheet_is_a_404(client, director):
    client.force_login(director)

    assert download(client, Project(slug="inconnu")).status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, db):
    project = ProjectFactory()

    response = download(client, project)

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


# --- Cache ----------------------------------------------------------------------------


def test_a_second_download_is_served_without_rendering_again(client, director):
    project = ProjectFactory()
    FundingLineFactory(project=project, amount=Decimal("1000"))
    client.force_login(director)

    first = download(client, project)
    second = download(client, project)

    assert first["X-Sheet-Cache"] == "miss"
    assert second["X-Sheet-Cache"] == "hit"
    assert second.content == first.content


def test_editing_a_funding_line_renders_the_sheet_again(client, director):
    project = ProjectFactory()
    line = FundingLineFactory(project=project, amount=Decimal("1000"))
    client.force_login(director)
    download(client, project)

    line.amount = Decimal("2500")
    line.save(update_fields=["amount"])
    response = download(client, project)

    assert response["X-Sheet-Cache"] == "miss"
    assert "TOTAL 2 500 €" in pdf_text(response.content)


def test_renaming_an_organisation_of_the_sheet_renders_it_again(client, director):
    project = ProjectFactory()
    client.force_login(director)
    download(client, project)

    project.carrier.name = "Nouveau nom du porteur"
    project.carrier.save(update_fields=["name"])
    response = download(client, project)

    assert response["X-Sheet-Cache"] == "miss"
    assert "NOUVEAU NOM DU PORTEUR" in pdf_text(response.content)


# --- Catalogue ------------------------------------------------------------------------


def test_the_catalogue_table_of_contents_gives_the_page_of_each_sheet(client, director):
    projects = [
        ProjectFactory(title="Premier projet court"),
        ProjectFactory(title="Deuxième projet long", genesis="Un long texte. " * 900),
        ProjectFactory(title="Troisième projet court"),
    ]
    client.force_login(director)

    response = client.get(
        reverse("projects:catalogue-pdf"), {"slug": [p.slug for p in projects]}
    )

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    pages = pdf_pages(response.content)
    toc = next(page for page in pages if "SOMMAIRE" in page)
    start_pages = []
    for project in projects:
        number = int(re.search(re.escape(project.title) + r"[ .]*(\d+)", toc)[1])
        assert project.title.upper() in pages[number - 1]
        assert project.title.upper() not in pages[number - 2]
        start_pages.append(number)
    assert start_pages == sorted(start_pages)  # in the order of the selection
    assert start_pages[2] - start_pages[1] > 2  # the long sheet spans pages


def test_the_catalogue_has_a_cover_and_a_bookmark_per_sheet(client, director):
    director.first_name, director.last_name = "Claire", "Martin"
    director.save()
    projects = [ProjectFactory(title=f"Projet {n}") for n in range(2)]
    client.force_login(director)

    response = client.get(
        reverse("projects:catalogue-pdf"), {"slug": [p.slug for p in projects]}
    )

    reader = PdfReader(io.BytesIO(response.content))
    cover = pdf_pages(response.content)[0]
    assert "CATALOGUE DES DÉMARCHES PILOTES" in cover
    assert "2 fiches" in cover
    assert "par Claire Martin" in cover
    titles = [
        item.title.casefold() for item in reader.outline if not isinstance(item, list)
    ]
    assert titles == ["sommaire", "projet 0", "projet 1"]


@pytest.fixture
def count_renders(monkeypatch):
    """The documents laid out by WeasyPrint, by their <title>."""
    laid_out = []
    real = sheet_documents.html_to_pdf

    def counted(html, seconds):
        laid_out.append(re.search(r"<title>(.*?)</title>", html, re.S)[1].strip())
        return real(html, seconds=seconds)

    monkeypatch.setattr(sheet_documents, "html_to_pdf", counted)
    return laid_out


def catalogue_of(client, projects):
    response = client.get(
        reverse("projects:catalogue-pdf"), {"slug": [p.slug for p in projects]}
    )
    assert response.status_code == 200
    return response.content


def test_the_catalogue_is_made_of_the_cached_sheets_and_its_front_matter(
    client, director, count_renders
):
    projects = [ProjectFactory(title=f"Fiche {n}", genesis="G. " * n) for n in (1, 2)]
    client.force_login(director)
    sheet_pdfs = [download(client, project).content for project in projects]
    count_renders.clear()

    content = catalogue_of(client, projects)

    assert count_renders == ["Catalogue des fiches de capitalisation"]  # no sheet
    reader = PdfReader(io.BytesIO(content))
    lengths = [len(PdfReader(io.BytesIO(pdf)).pages) for pdf in sheet_pdfs]
    assert len(reader.pages) == 2 + sum(lengths)
    pages = pdf_pages(content)
    assert pages[2:] == [page for pdf in sheet_pdfs for page in pdf_pages(pdf)]
    # the table of contents links to the first page of each sheet
    links = [
        annotation.get_object()
        for annotation in reader.pages[1]["/Annots"]
        if "/Dest" in annotation.get_object()
    ]
    targets = {reader.get_page_number(link["/Dest"][0].get_object()) for link in links}
    assert targets == {2, 2 + lengths[0]}
    assert {str(link["/Contents"]) for link in links} == {
        "Page 3",
        f"Page {3 + lengths[0]}",
    }


def test_a_catalogue_asked_again_is_served_without_laying_anything_out(
    client, director, count_renders
):
    projects = [ProjectFactory(title=f"Fiche {n}") for n in range(2)]
    client.force_login(director)
    first = catalogue_of(client, projects)
    count_renders.clear()

    again = catalogue_of(client, projects)

    assert count_renders == []
    assert again == first


def test_a_changed_sheet_is_never_served_stale_in_the_catalogue(
    client, director, count_renders
):
    projects = [ProjectFactory(title=f"Fiche {n}") for n in range(2)]
    client.force_login(director)
    catalogue_of(client, projects)
    Project.objects.filter(pk=projects[1].pk).update(title="Fiche renommée")
    projects[1].refresh_from_db()
    count_renders.clear()

    content = catalogue_of(client, projects)

    assert count_renders == [
        "Fiche renommée",  # the changed sheet only
        "Catalogue des fiches de capitalisation",
    ]
    text = pdf_text(content)
    assert "FICHE RENOMMÉE" in text
    assert "Fiche renommée" in pdf_pages(content)[1]  # and in the table of contents


def test_the_catalogue_is_tagged_and_archival_as_its_sheets_are(client, director):
    director.first_name, director.last_name = "Claire", "Martin"
    director.save()
    projects = [
        ProjectFactory(title="Première", genesis="Un texte. " * 300),
        ProjectFactory(title="Seconde"),
    ]
    client.force_login(director)

    reader = PdfReader(io.BytesIO(catalogue_of(client, projects)))

    root = reader.trailer["/Root"]
    assert root["/Lang"] == "fr"
    assert root["/MarkInfo"]["/Marked"]
    assert root["/OutputIntents"][0]["/S"] == "/GTS_PDFA1"
    xmp = reader.xmp_metadata
    assert xmp.dc_title == {"x-default": "Catalogue des fiches de capitalisation"}
    assert xmp.dc_creator == ["Claire Martin"]
    assert archival_identification(reader)["pdfuaid:part"] == "1"
    assert reader.metadata.title == "Catalogue des fiches de capitalisation"
    # one structure tree for the whole: the front matter's, then each sheet's
    structure = root["/StructTreeRoot"].get_object()
    (document,) = structure["/K"]
    document = document.get_object()
    assert document["/S"] == "/Document"
    assert structure_types(document).count("/H1") == 3  # the cover's, each sheet's
    # every page's content and every link is tied to elements of its own page
    parent_tree = dict(
        zip(
            structure["/ParentTree"]["/Nums"][::2],
            structure["/ParentTree"]["/Nums"][1::2],
            strict=True,
        )
    )
    keys = [page["/StructParents"] for page in reader.pages]
    assert len(set(keys)) == len(reader.pages)
    for number, page in enumerate(reader.pages):
        elements = [e.get_object() for e in parent_tree[page["/StructParents"]]]
        assert elements
        for element in elements:
            assert element["/Pg"].get_object() == page.get_object()
            assert element["/P"].get_object()["/S"]  # inside the tree
        for annotation in page.get("/Annots", []):
            element = parent_tree[annotation.get_object()["/StructParent"]]
            # a link, or (as WeasyPrint ties some) a span of one
            assert "/Link" in (element["/S"], element["/P"]["/S"]), number


def test_the_catalogue_of_a_list_filtered_by_partnership_downloads(client, director):
    partnership = PartnershipFactory()
    ProjectFactory(title="Projet du partenariat", partnership=partnership)
    client.force_login(director)

    response = client.get(
        reverse("projects:catalogue-pdf"), {"partnership": partnership.pk}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_the_catalogue_applies_the_filters_of_the_project_list(client, director):
    youth = Theme.objects.get(name="Jeunesse")
    with_theme = ProjectFactory(title="Projet jeunesse")
    with_theme.themes.add(youth)
    ProjectFactory(title="Projet sans thème")
    client.force_login(director)

    response = client.get(reverse("projects:catalogue-pdf"), {"theme": youth.pk})

    text = pdf_text(response.content)
    assert "1 fiche" in text
    assert "Thématique : Jeunesse" in text
    assert "PROJET JEUNESSE" in text
    assert "Projet sans thème".casefold() not in text.casefold()


def test_the_catalogue_refuses_invalid_filters_and_empty_selections(client, director):
    client.force_login(director)

    invalid = client.get(reverse("projects:catalogue-pdf"), {"year": "abc"})
    empty = client.get(reverse("projects:catalogue-pdf"), {"q": "rien de tel"})

    assert invalid.status_code == 400
    assert empty.status_code == 404
    assert "Aucun projet ne correspond" in empty.content.decode()


# --- Queries --------------------------------------------------------------------------


def full_project(number: int) -> Project:
    project = ProjectFactory(title=f"Projet {number}")
    project.themes.add(*Theme.objects.all()[:2])
    project.partners.add(OrganisationFactory())
    KeyFigureFactory.create_batch(2, project=project)
    FundingLineFactory.create_batch(3, project=project)
    CostLineFactory(table=CostTableFactory(project=project))
    RecommendationFactory(project=project)
    CrossViewRowFactory(project=project, group="Groupe")
    QuoteFactory(project=project)
    project.project_contacts.create(contact=ContactFactory())
    return project


def test_the_catalogue_costs_the_same_queries_for_two_or_six_sheets(
    client, director, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(
        sheet_documents, "html_to_pdf", lambda html, seconds: blank_pdf()
    )
    projects = [full_project(number) for number in range(6)]
    client.force_login(director)
    url = reverse("projects:catalogue-pdf")

    # 22: the partnerships of the projects are one prefetch (a many-to-many), their
    # photos another
    with django_assert_max_num_queries(22) as two:
        client.get(url, {"slug": [p.slug for p in projects[:2]]})
    with django_assert_max_num_queries(22) as six:
        response = client.get(url, {"slug": [p.slug for p in projects]})

    assert response.status_code == 200
    assert len(six.captured_queries) == len(two.captured_queries)


def test_the_sheet_reads_its_rows_in_a_constant_number_of_queries(
    client, director, django_assert_max_num_queries
):
    project = full_project(1)
    client.force_login(director)

    # with the prefetches of its partnerships and of its photos
    with django_assert_max_num_queries(22):
        response = client.get(reverse("projects:sheet", args=[project.slug]))

    assert response.status_code == 200
