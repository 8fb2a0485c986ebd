"""Records people can trust: a form saved as a browser posts it changes only what was
changed; rows keep the order people give them; errors are shown where people look."""

import re

import pytest
from django.urls import reverse

from projects.models import Project, ProjectRecommendation
from tests.factories import (
    FundingLineFactory,
    KeyFigureFactory,
    ProjectFactory,
    RecommendationFactory,
)
from tests.pages import form_data, framed_text, page_text

pytestmark = pytest.mark.django_db


def edit_url(project):
    return reverse("projects:project-update", args=[project.slug])


def as_a_browser_posts(data: dict) -> dict:
    """Browsers send the line breaks of a textarea as \\r\\n."""
    return {
        key: value.replace("\n", "\r\n") if isinstance(value, str) else value
        for key, value in data.items()
    }


@pytest.fixture
def written_project(db):
    project = ProjectFactory(
        genesis="Premier paragraphe.\n\n- un point\n- un autre point",
        objectives="Objectif un.\nObjectif deux.",
        actors="Les acteurs\nde la démarche.",
    )
    RecommendationFactory(project=project, intro="Une ligne\net une autre")
    FundingLineFactory(project=project, amount="5000")
    return project


def test_a_form_posted_as_a_browser_after_one_amount_records_one_change(
    client, coordinator, written_project
):
    client.force_login(coordinator)
    data = as_a_browser_posts(form_data(client.get(edit_url(written_project))))
    assert "\r\n" in data["genesis"]
    data["funding_lines-0-amount"] = "7 500"

    response = client.post(edit_url(written_project), data)

    assert response.status_code == 302
    project = Project.objects.get(pk=written_project.pk)
    assert project.genesis == written_project.genesis  # still \n
    assert project.history.filter(history_type="~").count() == 1  # the version only
    assert ProjectRecommendation.history.filter(history_type="~").count() == 0
    page = page_text(client.get(history_url(project)))
    history = page[page.index("Historique des modifications") :]
    assert history.count("→") == 1
    assert "montant : 5 000 € → 7 500 €" in history


def history_url(project) -> str:
    """The project's history, a page of its own its page fetches when opened."""
    return reverse("projects:project-history", args=[project.slug])


def save_with(client, project, **typed):
    """Open the project's form, type `typed` over what it shows, save."""
    data = form_data(client.get(edit_url(project))) | typed
    return client.post(edit_url(project), data)


def test_trailing_spaces_at_the_end_of_lines_are_not_stored(
    client, coordinator, written_project
):
    client.force_login(coordinator)

    save_with(client, written_project, objectives="Objectif un.   \r\nObjectif deux.\t")

    assert Project.objects.get().objectives == "Objectif un.\nObjectif deux."


def test_the_history_shows_the_words_that_changed_in_a_long_text(
    client, coordinator, written_project
):
    client.force_login(coordinator)

    save_with(client, written_project, actors="Les acteurs\nde la coopération.")

    page = client.get(history_url(written_project)).content.decode()
    assert "<del>démarche.</del>" in page and "<ins>coopération.</ins>" in page


def test_the_history_is_paginated(client, coordinator):
    project = ProjectFactory()
    for number in range(25):
        project.title = f"Titre {number}"
        project.save()
    client.force_login(coordinator)

    first = page_text(client.get(history_url(project)))
    second = page_text(client.get(history_url(project), {"historique": 2}))

    assert "Titre 24" in first and "Modifications plus anciennes" in first
    assert "→ Titre 3 " not in first
    assert "→ Titre 3 " in second and "Modifications plus récentes" in second


# Rows in the order people put them


def test_a_fourth_key_figure_goes_to_the_end_and_the_sheet_keeps_the_first_three(
    client, coordinator
):
    project = ProjectFactory()
    for order, value in enumerate(["18", "3", "250"], start=1):
        KeyFigureFactory(project=project, value=value, label=value, order=order)
    client.force_login(coordinator)
    data = form_data(client.get(edit_url(project)))
    data |= {
        "key_figures-TOTAL_FORMS": "4",
        "key_figures-3-value": "12",
        "key_figures-3-label": "communes",
    }

    assert client.post(edit_url(project), data).status_code == 302

    values = list(project.key_figures.values_list("value", flat=True))
    assert values == ["18", "3", "250", "12"]
    sheet = framed_text(client.get(reverse("projects:sheet", args=[project.slug])))
    assert "18" in sheet and "communes" not in sheet


def test_the_key_figures_block_says_which_three_the_sheet_shows(client, coordinator):
    project = ProjectFactory()
    for order in range(1, 5):
        KeyFigureFactory(project=project, value=str(order), order=order)
    client.force_login(coordinator)

    page = client.get(edit_url(project)).content.decode()

    block = page[
        page.index('id="fs-key_figures"') : page.index('id="fs-recommendations"')
    ]
    assert "Les 3 premiers chiffres" in block
    assert len(re.findall(r"data-on-sheet>", block)) == 3  # the fourth is hidden


def test_moving_a_row_up_without_javascript_redisplays_it_swapped_unsaved(
    client, coordinator
):
    project = ProjectFactory()
    first = KeyFigureFactory(project=project, value="18", order=1)
    second = KeyFigureFactory(project=project, value="250", order=2)
    client.force_login(coordinator)
    data = form_data(client.get(edit_url(project)))

    moved = client.post(edit_url(project), data | {"move": "key_figures-1:up"})

    assert moved.status_code == 200
    rows = [
        row["value"].value() for row in moved.context["formsets"]["key_figures"].rows
    ]
    assert rows == ["250", "18"]
    assert "Rien n'est encore enregistré" in page_text(moved)
    first.refresh_from_db()
    assert first.order == 1  # nothing saved yet

    saved = client.post(edit_url(project), form_data(moved))

    assert saved.status_code == 302
    assert list(project.key_figures.all()) == [second, first]


def test_a_markdown_field_has_a_preview_rendered_by_the_server(client, coordinator):
    project = ProjectFactory()
    client.force_login(coordinator)
    data = form_data(client.get(edit_url(project)))
    data |= {"genesis": "Un **mot** fort\r\n\r\n- une puce", "preview": "genesis"}

    response = client.post(edit_url(project), data)

    html = response.content.decode()
    preview = html[html.index('id="preview-genesis"') :]
    assert "<strong>mot</strong>" in preview and "<li>une puce</li>" in preview
    assert Project.objects.get().genesis == ""  # a preview saves nothing


# Forms that show their errors


def test_an_error_in_a_funding_row_is_listed_at_the_top_with_a_link_to_its_field(
    client, coordinator
):
    project = ProjectFactory()
    FundingLineFactory(project=project)
    client.force_login(coordinator)
    data = form_data(client.get(edit_url(project)))
    data["funding_lines-0-amount"] = "douze"

    response = client.post(edit_url(project), data)

    html = response.content.decode()
    summary = html.index('id="error-summary"')
    assert summary < html.index('id="id_title"')  # above the form
    assert 'href="#id_funding_lines-0-amount"' in html[summary:]
    assert "Financement du projet, ligne 1 : Montant : Montant illisible" in page_text(
        response
    )
    field = re.search(r'<input[^>]*name="funding_lines-0-amount"[^>]*>', html)[0]
    assert 'aria-describedby="id_funding_lines-0-amount_error"' in field
    assert 'id="id_funding_lines-0-amount_error"' in html


def test_the_theme_and_sdg_labels_are_legends_above_their_checkboxes(
    client, coordinator
):
    client.force_login(coordinator)

    html = client.get(reverse("projects:project-create")).content.decode()

    themes = html.index("<legend>Thématiques</legend>")
    assert themes < html.index('name="themes"')
    assert html.index("<legend>ODD</legend>") < html.index('name="sdgs"')


def test_a_long_form_has_a_section_index_and_a_save_bar(client, coordinator):
    client.force_login(coordinator)

    html = client.get(reverse("projects:project-create")).content.decode()

    assert 'href="#fs-funding_lines"' in html
    assert 'class="actions save-bar"' in html


@pytest.mark.parametrize(
    "slug", ["nouveau", "programmes", "lignes-de-financement", "imports"]
)
def test_a_slug_that_is_a_fixed_page_of_the_portal_is_refused_with_its_address(
    client, coordinator, written_project, slug
):
    client.force_login(coordinator)
    data = form_data(client.get(edit_url(written_project)))
    data["slug"] = slug

    response = client.post(edit_url(written_project), data)

    assert response.status_code == 200
    assert f"L'adresse /projets/{slug}/ est déjà une page du portail" in page_text(
        response
    )
    written_project.refresh_from_db()
    assert written_project.slug != slug


def test_a_slug_that_only_begins_like_a_fixed_page_is_accepted(written_project):
    written_project.slug = "nouveau-regard-sur-bignona"
    written_project.full_clean()
