"""The demo data set, checked against figures copied by hand from the source documents
(docs/sources.md: the funding tables of the TERRINCLUS guide of the ADF, 2017), not
against the loader's own files."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from evaluations.models import EvaluativeQuestion, Indicator
from imports.lookups import ProjectIndex
from missions.models import BudgetLine, Mission
from partnerships.models import Organisation, Partnership, PartnershipEvent
from portal.demo import demo_accounts_create, demo_load
from projects.models import CostLine, FundingLine, KeyFigure, Programme, Project
from tests.pages import page_text

D = Decimal

# slug: (amounts of the lines in the guide's order, the TOTAL printed in the guide)
GUIDE_FUNDING_TABLES = {
    "plateforme-democratie-participative-jeunesse": (
        ["21170", "21100", "9125", "6280", "8484"],
        "67159",
    ),
    "evaluation-cooperation-franco-marocain-social": (
        ["120000", "73300", "15000", "26600", "9240"],
        "244540",
    ),
    "participation-citoyenne-populations-vulnerables": (
        ["2118000", "495500", "495500", "131000", "62000", "38000", "9000"],
        "3349000",
    ),
    "mobilite-internationale-employabilite-jeunes": (["47437", "20000", None], "67437"),
    "ameliorer-les-politiques-jeunesse": (
        ["95000", "55000", "12000", "20000", "18000"],
        "200000",
    ),
    "action-sociale-de-l-autre": (["20000", "5000", "5000"], "30000"),
    "promotion-de-la-citoyennete-des-migrants": (["51621", "22124.13"], "73745.13"),
    "suresnes-cap-haitien": (["39000", "109000"], "148000"),
    "cfsi-caac": (["845000", "200000", "645650"], "1690650"),
    "solidarite-laique-tunisie": (["2594653", "398726", "717924"], "3711303"),
}


def model_counts():
    models = [
        Organisation,
        Partnership,
        PartnershipEvent,
        Programme,
        Project,
        KeyFigure,
        FundingLine,
        CostLine,
        Mission,
        BudgetLine,
        EvaluativeQuestion,
        Indicator,
    ]
    return {model.__name__: model.objects.count() for model in models}


def history_count():
    return (
        Project.history.count() + FundingLine.history.count() + Mission.history.count()
    )


def test_loading_twice_changes_and_duplicates_nothing(demo):
    counts, histories = model_counts(), history_count()

    report = demo_load()

    assert not report.changed
    assert model_counts() == counts
    assert history_count() == histories


def test_the_twelve_terrinclus_projects_are_there_in_the_guide_order(demo):
    projects = list(Project.objects.terrinclus())

    assert len(projects) == 12
    assert projects[5].title == "L'action sociale de l'Autre"
    assert projects[5].guide_page == 37
    assert projects[0].carrier.name == "Département de l'Aude"
    assert [p.guide_order for p in projects] == list(range(1, 13))


@pytest.mark.parametrize("slug", sorted(GUIDE_FUNDING_TABLES))
def test_funding_lines_match_the_guide(demo, slug):
    amounts, printed_total = GUIDE_FUNDING_TABLES[slug]
    project = Project.objects.get(slug=slug)

    lines = list(project.funding_lines.all())

    assert [line.amount for line in lines] == [D(a) if a else None for a in amounts]
    assert project.funding_printed_total == D(printed_total)


def test_a_printed_total_that_differs_from_the_lines_is_kept_with_its_difference(demo):
    aude = Project.objects.get(slug="plateforme-democratie-participative-jeunesse")

    assert aude.funding.total == D("66159")  # what the five lines add up to
    assert aude.funding.printed_total == D("67159")  # what the guide prints
    assert aude.funding.discrepancy.difference == D("1000")


def test_matching_totals_show_no_difference(demo):
    savoie = Project.objects.get(slug="action-sociale-de-l-autre")

    assert savoie.funding.total == D("30000")
    assert savoie.funding.discrepancy is None


def test_action_sociale_de_l_autre_has_every_section_of_its_sheet(demo):
    project = Project.objects.get(slug="action-sociale-de-l-autre")

    assert [f.value for f in project.key_figures.all()] == ["1988", "50", "18"]
    assert [t.name for t in project.themes.all()] == [
        "Jeunesse",
        "Personnes handicapées",
        "Personnes âgées",
        "Cohésion sociale",
    ]
    assert [s.number for s in project.sdgs.all()] == [3, 10]
    recommendations = list(project.recommendations.all())
    assert [r.category.name for r in recommendations] == [
        "Partenariat et participation",
        "Temporalité",
        "Partage des enjeux et réciprocité",
    ]
    assert recommendations[2].point_list[0] == "Penser enjeux partagés."
    assert project.cross_view_rows.count() == 7
    assert project.cross_view_partner_label == "Bignona"
    assert [p.partner.name for p in project.partnerships.all()] == [
        "Département de Bignona"
    ]
    assert "Magali Agosti" in [c.full_name for c in project.contacts.all()]


def test_yvelines_has_two_cost_tables_and_no_funding_lines(demo):
    project = Project.objects.get(slug="innover-dans-les-pratiques-d-insertion")

    tables = list(project.cost_tables.all())

    assert project.funding_lines.count() == 0
    assert [t.caption for t in tables] == [
        "Premier chantier, à Anèho (Togo)",
        "Deuxième chantier, à Ourossogui (Sénégal)",
    ]
    assert [t.total for t in project.funding.cost_tables] == [D("99944"), D("125309")]
    assert tables[0].lines.get(label="Formation").amount is None


def test_montant_a_mobiliser_is_a_line_without_funder(demo):
    line = FundingLine.objects.get(
        project__slug="solidarite-laique-tunisie", funder=None
    )

    assert line.label == "Montant à mobiliser"
    assert line.amount == D("717924")


def test_the_guide_s_statuses_are_loaded_and_nothing_else_is_invented(demo):
    lines = FundingLine.objects.all()
    to_raise = lines.get(project__slug="solidarite-laique-tunisie", funder=None)
    f2c = lines.get(funder__name="Formation Conseil Communication")

    assert (to_raise.status, to_raise.amount) == ("to_raise", D("717924"))
    assert (f2c.status, f2c.amount) == ("not_assessable", None)
    # every other line is what the guide prints: an amount obtained, in cash, and no
    # dates ("sur 24 mois" says how long, not when: it stays a note)
    others = lines.exclude(pk__in=[to_raise.pk, f2c.pk])
    assert {(line.status, line.nature) for line in others} == {("secured", "cash")}
    assert not lines.filter(period_start__isnull=False).exists()
    assert not lines.filter(period_end__isnull=False).exists()


def test_the_dashboard_ranks_no_money_still_to_raise_among_the_funders(
    demo, client, director
):
    client.force_login(director)

    page = client.get("/").content.decode()
    funders = page[page.index("Principaux financeurs") :]
    funders = funders[: funders.index("</table>")]

    assert "Agence française de développement" in funders
    assert "Montant à mobiliser" not in funders
    assert "717" not in funders  # 717 924 €, third before
    assert "Formation Conseil Communication" not in funders  # non évaluable


def test_the_printed_totals_stay_exact_with_the_statuses(demo):
    tunisia = Project.objects.get(slug="solidarite-laique-tunisie").funding
    pas_de_calais = Project.objects.get(
        slug="mobilite-internationale-employabilite-jeunes"
    ).funding

    assert (tunisia.total, tunisia.discrepancy) == (D("3711303"), None)
    assert [(row.label, row.total) for row in tunisia.by_status] == [
        ("acquis", D("2993379")),
        ("à mobiliser", D("717924")),
    ]
    assert (pas_de_calais.total, pas_de_calais.discrepancy) == (D("67437"), None)
    assert [line.funder.name for line in pas_de_calais.not_assessed] == [
        "Formation Conseil Communication"
    ]


def test_val_de_marne_lines_keep_their_note_and_cents(demo):
    lines = FundingLine.objects.filter(
        project__slug="promotion-de-la-citoyennete-des-migrants"
    )

    assert {line.note for line in lines} == {"sur 24 mois"}
    assert lines.get(amount=D("22124.13")).funder.name == "Département du Val-de-Marne"


def test_contradictory_start_years_are_kept_in_a_source_note(demo):
    bignona = Partnership.objects.get(slug="savoie-bignona")
    arges = Partnership.objects.get(slug="savoie-arges")

    assert "1986" in bignona.start_year_note and "1988" in bignona.start_year_note
    assert "1992" in arges.start_year_note and "1993" in arges.start_year_note
    # written for people: the documents by their title, not "seed 000"
    assert "seed" not in (bignona.start_year_note + arges.start_year_note).lower()
    assert "Pays de Savoie solidaires" in bignona.start_year_note


def test_arges_programme_has_one_transversal_and_three_thematic_axes(demo):
    programme = Programme.objects.get(partnership__slug="savoie-arges")

    kinds = [axis.kind for axis in programme.axes.all()]

    assert (programme.start_year, programme.end_year) == (2013, 2015)
    assert kinds == ["transversal", "thematic", "thematic", "thematic"]


def test_the_2009_seminar_series_has_six_seminars_with_a_budget_template(demo):
    seminars = Mission.objects.filter(
        kind=Mission.Kind.SEMINAR,
        project__slug="renforcement-institutionnel-action-sociale",
    ).exclude(place__icontains="Yenne")

    assert seminars.count() == 6
    for seminar in seminars:
        expenses = seminar.budget_lines.filter(side=BudgetLine.Side.EXPENSE)
        assert expenses.count() == 7
        assert expenses.filter(label="Traduction").exists()
        assert seminar.steps.count() == 11  # the standard steps of a mission


def test_the_evaluation_grid_of_the_2009_seminar_report_is_loaded(demo):
    questions = EvaluativeQuestion.objects.filter(
        evaluation__project__slug="renforcement-institutionnel-action-sociale"
    )

    assert questions.count() == 9
    assert questions.first().text == "Est-ce que le diagnostic a été réalisé ?"
    assert questions.get(text__startswith="Est-ce que le taux").indicators.count() == 4


@override_settings(DEBUG=False)
def test_demo_accounts_are_refused_when_debug_is_off(db):
    with pytest.raises(PermissionError):
        demo_accounts_create()


@override_settings(DEBUG=True)
def test_demo_command_creates_the_five_accounts_with_their_roles(db, capsys):
    call_command("load_demo")

    output = capsys.readouterr().out
    users = {u.username: u for u in get_user_model().objects.all()}
    assert set(users) == {
        "admin",
        "coordinateur",
        "directeur",
        "partenaire",
        "partenaire-arges",
    }
    assert (
        users["partenaire"].memberships.get().organisation.name
        == "Département de Bignona"
    )
    arges = users["partenaire-arges"]
    assert arges.memberships.get().organisation.name == "Judet d'Argeș"
    assert arges.groups.get().name == "partenaire"
    assert arges.preferences.language == "ro"
    assert users["partenaire"].preferences.language == ""
    assert users["directeur"].groups.get().name == "directeur"
    assert users["admin"].check_password("demo")
    assert "partenaire" in output and "demo" in output


# How the guide prints the projects in its table of contents and its introduction's
# table, copied by hand from the ADF 2017 TERRINCLUS guide (not from the demo files).
GUIDE_NAMES = {
    "Innover dans les pratiques en s'appuyant sur la coopération internationale": (
        "innover-dans-les-pratiques-d-insertion"
    ),
    "LE PROGRAMME CONCERTÉ PLURI-ACTEURS FRANCE-TUNISIE « SOYONS ACTIFS / ACTIVES »": (
        "solidarite-laique-tunisie"
    ),
    'Programme concerté pluri-acteurs France-Tunisie "Soyons Actifs / Actives"': (
        "solidarite-laique-tunisie"
    ),
    "Le regard croisé entre partenaires sur « l'action sociale de l'Autre »": (
        "action-sociale-de-l-autre"
    ),
    "Promouvoir la citoyenneté des migrants": (
        "promotion-de-la-citoyennete-des-migrants"
    ),
}


@pytest.mark.parametrize("name", sorted(GUIDE_NAMES))
def test_a_project_is_found_by_every_name_the_guide_prints_it_under(demo, name):
    assert ProjectIndex().find(name).slug == GUIDE_NAMES[name]


def test_anima_terre_jeunesse_belongs_to_the_three_savoie_partnerships(
    demo, client, director
):
    project = Project.objects.get(slug="ameliorer-les-politiques-jeunesse")
    dessalines = Partnership.objects.get(slug="savoie-dessalines")
    client.force_login(director)

    assert sorted(p.slug for p in project.partnerships.all()) == [
        "savoie-arges",
        "savoie-bignona",
        "savoie-dessalines",
    ]
    page = page_text(client.get(dessalines.get_absolute_url()))
    assert "Améliorer les politiques jeunesse" in page
    assert "Aucun projet rattaché" not in page


# partnership slug: (French authority, partner, start year printed in the guide, or
# None where it prints none), copied by hand from the TERRINCLUS guide of the ADF (2017)
GUIDE_PARTNERSHIPS = {
    "aude-sousse": ("Département de l'Aude", "Municipalité de Sousse", 2012),
    "loire-atlantique-agadir": (
        "Département de la Loire-Atlantique",
        "Préfecture d'Agadir Ida-Outanane",
        1992,
    ),
    "loire-atlantique-chtouka-ait-baha": (
        "Département de la Loire-Atlantique",
        "Province de Chtouka-Aït Baha",
        2009,
    ),
    "meurthe-et-moselle-loja": (
        "Département de la Meurthe-et-Moselle",
        "Province de Loja",
        None,
    ),
    "pas-de-calais-valence": (
        "Département du Pas-de-Calais",
        "Centro superior de hosteleria y turismo de Valence",
        None,
    ),
    "yvelines-aneho": ("Département des Yvelines", "Ville d'Anèho", None),
    "yvelines-matam": ("Département des Yvelines", "Département de Matam", None),
    "suresnes-cap-haitien": ("Ville de Suresnes", "Ville de Cap-Haïtien", 1998),
}


@pytest.mark.parametrize("slug", sorted(GUIDE_PARTNERSHIPS))
def test_the_other_authorities_of_the_guide_have_their_partnerships(demo, slug):
    partnership = Partnership.objects.get(slug=slug)
    authority, partner, start_year = GUIDE_PARTNERSHIPS[slug]

    assert partnership.french_authority.name == authority
    assert partnership.partner.name == partner
    assert partnership.start_year == start_year
    assert "uide TERRINCLUS de l'ADF (2017" in partnership.start_year_note
    if start_year is None:  # nothing invented: the note says the guide is silent
        assert "n'imprime pas" in partnership.start_year_note
    else:
        assert str(start_year) in partnership.start_year_note


def test_every_pilot_project_of_an_authority_belongs_to_a_partnership(demo):
    outside = Project.objects.filter(partnerships=None, guide_order__isnull=False)

    # the guide describes no partnership of one authority for these: a European
    # network (Val-de-Marne) and three programmes of associations
    assert sorted(project.carrier.name for project in outside) == [
        "Comité Français pour la Solidarité Internationale",
        "Département du Val-de-Marne",
        "F3E",
        "Solidarité Laïque",
    ]
    loire = Project.objects.get(slug="evaluation-cooperation-franco-marocain-social")
    assert sorted(p.partner.short_name for p in loire.partnerships.all()) == [
        "Agadir Ida-Outanane",
        "Chtouka-Aït Baha",
    ]
