from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import roles
from core.pagination import CappedPaginator
from projects.models import FundingLine, Project, Theme
from projects.views.records import ProjectListView
from tests.factories import (
    CostLineFactory,
    FundingLineFactory,
    KeyFigureFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    ProjectFactory,
    UserFactory,
)
from tests.pages import count_queries, form_data, page_text

pytestmark = pytest.mark.django_db


def project_post_data(project: Project, **changes) -> dict:
    """What the edit form posts for `project` when nothing but `changes` is typed, read
    from the edit page as a coordinator opens it."""
    reader = Client()
    reader.force_login(UserFactory(username="relectrice", role=roles.COORDINATOR))
    page = reader.get(reverse("projects:project-update", args=[project.slug]))
    return form_data(page) | changes


# The list


def test_the_project_list_shows_each_project_with_its_total_the_french_way(
    client, coordinator
):
    project = ProjectFactory(title="Promotion de la citoyenneté des migrants")
    FundingLineFactory(project=project, amount=Decimal("51621"), note="sur 24 mois")
    FundingLineFactory(project=project, amount=Decimal("22124.13"))
    client.force_login(coordinator)

    response = client.get(reverse("projects:project-list"))

    page = page_text(response)
    assert "Promotion de la citoyenneté des migrants" in page
    assert "73 745,13 €" in page
    assert "1 résultat" in page


def test_list_filters_stay_in_the_url_and_narrow_the_list(client, director):
    youth = Theme.objects.get(name="Jeunesse")
    kept = ProjectFactory(title="Mobiliser les acteurs jeunesse")
    kept.themes.add(youth)
    ProjectFactory(title="Promotion de la citoyenneté des migrants")
    client.force_login(director)

    response = client.get(reverse("projects:project-list"), {"theme": youth.pk})

    page = page_text(response)
    assert "Mobiliser les acteurs jeunesse" in page
    assert "migrants" not in page
    assert "1 résultat" in page
    # export links and pagination keep the filter
    assert f"theme={youth.pk}" in response.content.decode()


def test_free_text_search_finds_a_project_by_its_carrier(client, director):
    ProjectFactory(
        title="Plateforme jeunesse", carrier=OrganisationFactory(name="Aude")
    )
    ProjectFactory(title="Autre projet", carrier=OrganisationFactory(name="Yvelines"))
    client.force_login(director)

    page = page_text(client.get(reverse("projects:project-list"), {"q": "aude"}))

    assert "Plateforme jeunesse" in page
    assert "Autre projet" not in page


def test_the_search_finds_a_project_by_an_alias_whatever_its_quotes_and_accents(
    client, director
):
    ProjectFactory(
        title="Programme concerté pluri-acteurs France-Tunisie « Soyons Actifs »",
        aliases="Le programme concerté pluri-acteurs France-Tunisie « Soyons Actifs »",
    )
    ProjectFactory(title="Autre projet")
    client.force_login(director)

    by_alias = page_text(
        client.get(
            reverse("projects:project-list"),
            {"q": 'LE PROGRAMME CONCERTE pluri-acteurs  France-Tunisie "soyons'},
        )
    )

    assert "Soyons Actifs" in by_alias
    assert "Autre projet" not in by_alias


def test_the_project_form_edits_the_aliases(client, director):
    from projects.forms import ProjectForm

    assert "aliases" in ProjectForm.base_fields


def test_the_list_is_paginated_and_sorted(client, director):
    for year in range(2000, 2030):
        ProjectFactory(title=f"Projet {year}", start_year=year)
    client.force_login(director)

    url = reverse("projects:project-list")
    first_page = client.get(url, {"ordering": "-start_year"})
    first = page_text(first_page)
    second = page_text(client.get(url, {"ordering": "-start_year", "page": 2}))

    assert "30 résultats" in first
    assert "Projet 2029" in first and "Projet 2000" not in first
    assert "Projet 2000" in second
    links = first_page.content.decode()
    assert "ordering=-start_year&amp;page=2" in links or "page=2&amp;ordering" in links


def test_past_the_cap_the_list_says_more_than_and_counts_no_further(
    client, director, monkeypatch
):
    # the cap is 1,000 rows, 25 a page; 30 projects, a cap of 20 and 10 a page show
    # the same thing
    monkeypatch.setattr(CappedPaginator, "cap", 20)
    monkeypatch.setattr(ProjectListView, "paginate_by", 10)
    for year in range(2000, 2030):
        ProjectFactory(title=f"Projet {year}", start_year=year)
    ProjectFactory(title="Zanzibar", start_year=2040)
    client.force_login(director)
    url = reverse("projects:project-list")

    with CaptureQueriesContext(connection) as queries:
        first = page_text(client.get(url, {"ordering": "start_year"}))
    counts = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*)")]
    last = page_text(client.get(url, {"ordering": "start_year", "page": 2}))
    beyond = client.get(url, {"ordering": "start_year", "page": 3})

    assert "Plus de 20 résultats : précisez les filtres pour les voir tous." in first
    assert "Page 1 sur plus de 2" in first
    assert "Projet 2000" in first and "Projet 2010" in last and "Projet 2019" in last
    assert "Projet 2020" not in last  # the pages end at the cap
    assert beyond.status_code == 404
    # the list's count reads 21 rows at the most, not the whole table
    assert any("LIMIT 21" in sql for sql in counts), counts
    # under the cap, the exact number
    assert "1 résultat" in page_text(client.get(url, {"q": "zanzibar"}))


def add_listed_projects(count: int, partnership, theme):
    for _ in range(count):
        project = ProjectFactory(partnership=partnership)
        project.themes.add(theme)
        project.partners.add(partnership.partner)
        FundingLineFactory(project=project)


def test_the_project_list_costs_the_same_queries_for_5_or_200_projects(
    client, director
):
    partnership = PartnershipFactory()
    youth = Theme.objects.get(name="Jeunesse")
    url = reverse("projects:project-list")
    client.force_login(director)
    add_listed_projects(5, partnership, youth)
    with_5 = count_queries(client, url, {"theme": youth.pk, "ordering": "title"})

    add_listed_projects(195, partnership, youth)
    with_200 = count_queries(client, url, {"theme": youth.pk, "ordering": "title"})

    assert with_200 == with_5
    assert with_5 <= 20


# The detail page


def test_the_project_page_warns_when_the_printed_total_differs(client, director):
    project = ProjectFactory(funding_printed_total=Decimal("67159"))
    for amount in ["21170", "21100", "9125", "6280", "8484"]:
        FundingLineFactory(project=project, amount=Decimal(amount))
    client.force_login(director)

    page = page_text(client.get(project.get_absolute_url()))

    assert "66 159 €" in page  # the total is the sum of the lines
    assert "indique un total de 67 159 €" in page
    assert "diffère de 1 000 €" in page


def test_the_project_page_costs_the_same_queries_for_5_or_200_rows(client, director):
    project = ProjectFactory()
    url = project.get_absolute_url()
    client.force_login(director)

    def add_rows(count):
        for index in range(count):
            FundingLineFactory(project=project)
            KeyFigureFactory(project=project, value=str(index))

    add_rows(5)
    with_5 = count_queries(client, url)
    add_rows(195)
    with_200 = count_queries(client, url)

    assert with_200 == with_5


def test_a_director_sees_no_edit_button_and_gets_403_on_the_edit_page(client, director):
    project = ProjectFactory()
    client.force_login(director)

    detail = page_text(client.get(project.get_absolute_url()))
    edit = client.get(reverse("projects:project-update", args=[project.slug]))

    assert project.title in detail
    assert reverse("projects:project-update", args=[project.slug]) not in detail
    assert edit.status_code == 403
    assert "Accès refusé" in page_text(edit)


def test_a_missing_project_gives_the_french_404_page(client, director):
    client.force_login(director)

    response = client.get(reverse("projects:project-detail", args=["nexiste-pas"]))

    assert response.status_code == 404
    assert "Page introuvable" in page_text(response)


# Partner-side accounts


@pytest.fixture
def bignona_partner(db):
    """A partner account of Bignona, whose partnership carries one project."""
    user = UserFactory(username="bignona", role=roles.PARTNER)
    bignona = OrganisationFactory(name="Département de Bignona", country="SN")
    MembershipFactory(user=user, organisation=bignona)
    own = ProjectFactory(
        title="L'action sociale de l'Autre",
        partnership=PartnershipFactory(partner=bignona),
    )
    other = ProjectFactory(title="Projet d'Argeș", partnership=PartnershipFactory())
    return user, own, other


def test_a_partner_sees_only_the_projects_of_its_partnership(client, bignona_partner):
    user, own, other = bignona_partner
    client.force_login(user)

    listing = page_text(client.get(reverse("projects:project-list")))
    searched = page_text(client.get(reverse("projects:project-list"), {"q": "Argeș"}))
    guessed = client.get(other.get_absolute_url())

    assert "action sociale de l" in listing
    assert other.title not in listing
    # nor in the choices of the filters
    assert other.carrier.name not in listing
    assert other.partnerships.get().partner.name not in listing
    assert other.title not in searched and "0 résultat" in searched
    assert guessed.status_code == 404
    assert other.title not in page_text(guessed)
    assert client.get(own.get_absolute_url()).status_code == 200


def test_a_partner_cannot_tell_a_guessed_project_from_a_missing_one(
    client, bignona_partner
):
    user, _own, other = bignona_partner
    client.force_login(user)

    guessed = client.get(reverse("projects:project-detail", args=[other.slug]))
    missing = client.get(reverse("projects:project-detail", args=["pas-de-projet"]))

    assert guessed.status_code == missing.status_code == 404
    assert "Page introuvable" in page_text(guessed) and "Page introuvable" in page_text(
        missing
    )
    assert other.title not in page_text(guessed)


def test_a_coordinator_still_gets_404_for_a_missing_project(client, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("projects:project-detail", args=["pas-de-projet"]))

    assert response.status_code == 404


def test_a_partner_cannot_edit_even_its_own_project(client, bignona_partner):
    user, own, _other = bignona_partner
    client.force_login(user)

    response = client.post(
        reverse("projects:project-update", args=[own.slug]),
        project_post_data(own, title="Piraté"),
    )

    assert response.status_code == 403
    own.refresh_from_db()
    assert own.title == "L'action sociale de l'Autre"


# Forms


def test_a_coordinator_creates_a_project_with_funding_lines_typed_the_french_way(
    client, coordinator
):
    carrier = OrganisationFactory(name="Département du Val-de-Marne")
    europe = OrganisationFactory(name="Union européenne", country="EU")
    client.force_login(coordinator)
    url = reverse("projects:project-create")
    data = form_data(client.get(url)) | {
        "title": "Promotion de la citoyenneté des migrants",
        "slug": "citoyennete-migrants",
        "status": Project.Status.ONGOING,
        "carrier": carrier.pk,
        "funding_printed_total": "73 745,13",
        "funding_lines-TOTAL_FORMS": 2,
        "funding_lines-0-funder": europe.pk,
        "funding_lines-0-amount": "51 621",
        "funding_lines-0-currency": "EUR",
        "funding_lines-0-note": "sur 24 mois",
        "funding_lines-1-funder": carrier.pk,
        "funding_lines-1-amount": "22,124.13",
        "funding_lines-1-currency": "EUR",
        "funding_lines-1-note": "sur 24 mois",
    }

    response = client.post(url, data)

    assert response.status_code == 302
    project = Project.objects.get(slug="citoyennete-migrants")
    assert [line.amount for line in project.funding_lines.all()] == [
        Decimal("51621"),
        Decimal("22124.13"),
    ]
    assert project.funding_printed_total == Decimal("73745.13")
    assert "73 745,13 €" in page_text(client.get(response["Location"]))


def test_a_negative_amount_is_refused_next_to_its_field_and_nothing_is_saved(
    client, coordinator
):
    line = FundingLineFactory(amount=Decimal("100"))
    project = line.project
    client.force_login(coordinator)
    data = project_post_data(project)
    data["funding_lines-0-amount"] = "-5"

    response = client.post(
        reverse("projects:project-update", args=[project.slug]), data
    )

    assert response.status_code == 200
    assert "Un montant ne peut pas être négatif." in page_text(response)
    line.refresh_from_db()
    assert line.amount == Decimal("100")


def test_an_unreadable_amount_gets_a_french_error(client, coordinator):
    project = FundingLineFactory().project
    client.force_login(coordinator)
    data = project_post_data(project)
    data["funding_lines-0-amount"] = "douze mille"

    response = client.post(
        reverse("projects:project-update", args=[project.slug]), data
    )

    assert "Montant illisible" in page_text(response)


def test_a_stale_form_is_refused_and_the_first_change_is_kept(client, coordinator):
    project = ProjectFactory(title="Titre d'origine")
    other = UserFactory(username="collegue", role=roles.COORDINATOR)
    url = reverse("projects:project-update", args=[project.slug])
    opened_by_both = project_post_data(project)
    first, second = Client(), client
    first.force_login(other)
    second.force_login(coordinator)

    saved = first.post(url, opened_by_both | {"title": "Titre du collègue"})
    refused = second.post(url, opened_by_both | {"title": "Mon titre"})

    assert saved.status_code == 302
    assert refused.status_code == 409
    page = page_text(refused)
    assert "quelqu'un d'autre a modifié cette fiche" in page
    assert "Titre du collègue" in page  # what the colleague changed
    assert 'value="Mon titre"' in refused.content.decode()  # still in the form
    project.refresh_from_db()
    assert project.title == "Titre du collègue"
    assert project.version == 2


def test_every_change_is_in_the_history_shown_on_the_page(client, coordinator):
    line = FundingLineFactory(amount=Decimal("100"), note="")
    project = line.project
    client.force_login(coordinator)
    data = project_post_data(project, title="Nouveau titre")
    data["funding_lines-0-amount"] = "250"

    client.post(reverse("projects:project-update", args=[project.slug]), data)

    page = page_text(
        client.get(reverse("projects:project-history", args=[project.slug]))
    )
    assert "Historique des modifications" in page
    assert "coordinatrice" in page
    assert "Nouveau titre" in page
    # as people read amounts, not "100.00"
    assert "100 € → 250 €" in page
    assert FundingLine.history.filter(id=line.pk, history_type="~").count() == 1


def test_removing_a_row_in_the_form_deletes_it(client, coordinator):
    line = FundingLineFactory()
    project = line.project
    client.force_login(coordinator)
    data = project_post_data(project)
    data["funding_lines-0-DELETE"] = "on"

    client.post(reverse("projects:project-update", args=[project.slug]), data)

    assert not FundingLine.objects.filter(pk=line.pk).exists()


def test_the_delete_page_says_what_goes_with_the_project(client, coordinator):
    project = ProjectFactory()
    FundingLineFactory.create_batch(3, project=project)
    client.force_login(coordinator)
    url = reverse("projects:project-delete", args=[project.slug])

    confirmation = page_text(client.get(url))
    deleted = client.post(url)

    assert "Lignes de financement, 3 :" in confirmation
    assert deleted.status_code == 302
    assert not Project.objects.filter(pk=project.pk).exists()


def test_a_form_post_without_csrf_token_is_refused(coordinator):
    project = ProjectFactory(title="Intact")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(coordinator)

    response = browser.post(
        reverse("projects:project-update", args=[project.slug]),
        project_post_data(project, title="Changé"),
    )

    assert response.status_code == 403
    project.refresh_from_db()
    assert project.title == "Intact"


def test_the_edit_page_costs_the_same_queries_for_5_or_100_funding_lines(
    client, coordinator
):
    project = ProjectFactory()
    url = reverse("projects:project-update", args=[project.slug])
    client.force_login(coordinator)
    FundingLineFactory.create_batch(5, project=project)
    with_5 = count_queries(client, url)
    FundingLineFactory.create_batch(95, project=project)
    with_100 = count_queries(client, url)

    assert with_100 == with_5


def test_a_project_with_200_funding_lines_saves_through_its_form(
    coordinator_client,
):
    project = ProjectFactory()
    for index in range(200):
        FundingLineFactory(project=project, amount=Decimal(index))
    url = reverse("projects:project-update", args=[project.slug])
    data = form_data(coordinator_client.get(url))
    data["title"] = "Titre changé avec 200 lignes"

    response = coordinator_client.post(url, data)

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Titre changé avec 200 lignes"
    assert project.funding_lines.count() == 200


# Exports of the lists


def test_the_project_list_exports_what_it_shows_with_its_filters(client, director):
    youth = Theme.objects.get(name="Jeunesse")
    kept = ProjectFactory(title='=HYPERLINK("http://evil")')
    kept.themes.add(youth)
    ProjectFactory(title="Hors filtre")
    client.force_login(director)

    response = client.get(
        reverse("projects:project-list"), {"theme": youth.pk, "export": "csv"}
    )

    body = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "Hors filtre" not in body
    assert "'=HYPERLINK" in body  # escaped: no spreadsheet runs it


def test_a_partner_exports_only_its_projects(client, bignona_partner):
    user, own, other = bignona_partner
    client.force_login(user)

    body = client.get(reverse("projects:project-list"), {"export": "csv"}).content
    text_body = body.decode("utf-8-sig")

    assert "action sociale de l" in text_body
    assert other.title not in text_body


def test_a_stale_cost_table_page_is_refused(client, coordinator):
    line = CostLineFactory(amount=Decimal("7200"))
    url = reverse("projects:costtable-update", args=[line.table.pk])
    client.force_login(coordinator)
    opened = form_data(client.get(url))

    first = client.post(url, opened | {"lines-0-amount": "7 500"})
    second = client.post(url, opened | {"lines-0-amount": "9 999"})

    assert first.status_code == 302
    assert second.status_code == 409
    line.refresh_from_db()
    assert line.amount == Decimal("7500")


def test_the_history_names_a_changed_funder_instead_of_its_id(client, coordinator):
    savoie = OrganisationFactory(name="Département de la Savoie")
    ministry = OrganisationFactory(name="Ministère des Affaires étrangères")
    line = FundingLineFactory(funder=savoie)
    project = line.project
    client.force_login(coordinator)
    data = project_post_data(project)
    data["funding_lines-0-funder"] = ministry.pk

    client.post(reverse("projects:project-update", args=[project.slug]), data)

    response = client.get(reverse("projects:project-history", args=[project.slug]))
    assert "financeur : Département de la Savoie" in page_text(response)
    assert "<del>Département de la Savoie</del>" in response.content.decode()
    assert "<ins>Ministère des Affaires étrangères</ins>" in response.content.decode()


def test_the_programme_filter_offers_a_partner_only_its_partnerships(client):
    savoie = OrganisationFactory(name="Département de la Savoie", short_name="Savoie")
    bignona, _arges = (
        PartnershipFactory(
            french_authority=savoie,
            partner=OrganisationFactory(name=name, short_name=name, country=country),
        )
        for name, country in [("Bignona", "SN"), ("Argeș", "RO")]
    )
    partner = UserFactory(username="bignona", role=roles.PARTNER)
    MembershipFactory(user=partner, organisation=bignona.partner)
    client.force_login(partner)

    page = page_text(client.get(reverse("projects:programme-list")))
    # the filter's partnership is chosen by autocomplete, among these
    offered = client.get(reverse("partnerships:partnership-choices")).json()

    assert [row["text"] for row in offered["results"]] == ["Savoie – Bignona"]
    assert "Argeș" not in page


@pytest.mark.parametrize("number", ["100000000000000000000", "-3", "deux"])
def test_any_history_page_number_shows_the_page(client, director, number):
    project = ProjectFactory(title="Projet au long historique")
    client.force_login(director)

    history = reverse("projects:project-history", args=[project.slug])
    response = client.get(history, {"historique": number})

    assert response.status_code == 200
    assert "Projet au long historique" in page_text(response)


def test_the_project_page_fetches_its_history_when_opened(client, director):
    project = ProjectFactory(title="Ancien titre")
    project.title = "Nouveau titre"
    project.save()
    client.force_login(director)
    history = reverse("projects:project-history", args=[project.slug])

    with CaptureQueriesContext(connection) as queries:
        page = client.get(project.get_absolute_url()).content.decode()
    block = page_text(client.get(history, {"partiel": "1"}))
    whole = page_text(client.get(history))

    assert f'data-history-url="{history}?partiel=1"' in page
    assert f'<a href="{history}">Voir l’historique des modifications</a>' in page
    assert "Ancien titre → Nouveau titre" not in page_text(page)
    assert not [q for q in queries if "historical" in q["sql"]]
    assert "titre : Ancien titre → Nouveau titre" in block
    assert "<html" not in client.get(history, {"partiel": "1"}).content.decode()
    assert "Historique de « Nouveau titre »" in whole
    assert "titre : Ancien titre → Nouveau titre" in whole


def test_a_partner_cannot_read_the_history_of_another_partnership(
    client, bignona_partner
):
    user, own, other = bignona_partner
    client.force_login(user)

    guessed = client.get(reverse("projects:project-history", args=[other.slug]))
    mine = client.get(reverse("projects:project-history", args=[own.slug]))

    assert guessed.status_code == 404
    assert other.title not in page_text(guessed)
    assert "Historique de « L'action sociale de l'Autre »" in page_text(mine)
