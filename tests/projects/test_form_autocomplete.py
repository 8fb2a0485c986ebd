"""The organisations of the project form's rows (a funding line's funder, the body a
name is printed for) are chosen by autocomplete: the page renders the chosen ones
only, read in one query for all the rows, whatever the number of organisations."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import PrintedName
from tests.factories import FundingLineFactory, OrganisationFactory, ProjectFactory
from tests.pages import page_text
from tests.projects.test_views import project_post_data

pytestmark = pytest.mark.django_db


def funded_project():
    project = ProjectFactory()
    europe = OrganisationFactory(name="Union européenne")
    ministry = OrganisationFactory(name="Ministère des Affaires étrangères")
    for funder in (europe, ministry, europe):
        FundingLineFactory(project=project, funder=funder)
    FundingLineFactory(project=project, funder=None, label="Montant à mobiliser")
    PrintedName.objects.create(
        project=project, organisation=ministry, name="MAE (France)"
    )
    return project


def form_page(client, project) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("projects:project-update", args=[project.slug]))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def options_of(page: str, field: str) -> list[str]:
    """The labels of the options of every select named `…-<field>` in the page."""
    labels = []
    pattern = rf'<select name="[^"]*-{field}"[^>]*>(.*?)</select>'
    for select in re.findall(pattern, page, flags=re.S):
        labels += [
            page_text(label)
            for label in re.findall(r"<option[^>]*>(.*?)</option>", select)
        ]
    return labels


def test_the_rows_offer_only_their_chosen_organisations_whatever_their_number(
    client, coordinator
):
    project = funded_project()
    client.force_login(coordinator)
    queries_before, page_before = form_page(client, project)

    for number in range(100):
        OrganisationFactory(name=f"Commune numéro {number}")
    queries_after, page_after = form_page(client, project)

    assert queries_after == queries_before
    assert page_after.count("<option") == page_before.count("<option")
    assert "Commune numéro" not in page_after
    funders = [
        label for label in options_of(page_after, "funder") if label != "---------"
    ]
    assert funders == [
        "Union européenne",
        "Ministère des Affaires étrangères",
        "Union européenne",
    ]
    assert "Ministère des Affaires étrangères" in options_of(page_after, "organisation")
    # the empty row "Ajouter une ligne" copies offers no organisation at all
    empty_row = re.search(
        r'<select name="funding_lines-__prefix__-funder".*?</select>', page_after, re.S
    )
    assert empty_row[0].count("<option") == 1


def test_a_funder_the_page_did_not_render_is_saved_when_its_name_is_chosen(
    client, coordinator
):
    project = funded_project()
    region = OrganisationFactory(name="Région Auvergne-Rhône-Alpes")
    client.force_login(coordinator)
    data = project_post_data(project) | {
        "funding_lines-TOTAL_FORMS": 5,
        "funding_lines-4-funder": region.pk,  # what the autocomplete posts
        "funding_lines-4-amount": "12 500",
        "funding_lines-4-currency": "EUR",
    }

    response = client.post(
        reverse("projects:project-update", args=[project.slug]), data, follow=True
    )

    line = project.funding_lines.get(funder=region)
    assert line.amount == Decimal("12500")
    assert "Région Auvergne-Rhône-Alpes" in page_text(response)


def test_a_funder_that_does_not_exist_is_refused_and_nothing_is_saved(
    client, coordinator
):
    project = funded_project()
    client.force_login(coordinator)
    data = project_post_data(project) | {
        "funding_lines-TOTAL_FORMS": 5,
        "funding_lines-4-funder": 999_999,
        "funding_lines-4-amount": "12 500",
        "funding_lines-4-currency": "EUR",
    }

    response = client.post(
        reverse("projects:project-update", args=[project.slug]), data
    )

    assert "Sélectionnez un choix valide" in page_text(response)
    assert project.funding_lines.count() == 4
