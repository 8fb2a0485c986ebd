"""A project of several partnerships (Anima'Terre Jeunesse: Savoie with Dessalines,
Argeș and Bignona): who reads it, where it is listed, how it is counted."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from portal import roles
from portal.selectors import dashboard
from projects.models import Project
from tests.factories import (
    FundingLineFactory,
    MembershipFactory,
    MissionFactory,
    OrganisationFactory,
    PartnershipFactory,
    ProjectFactory,
    UserFactory,
)
from tests.pages import admin_form_data, framed_text, history_text, page_text
from tests.projects.test_views import project_post_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def savoie():
    """The Savoie's three partnerships, Anima'Terre Jeunesse in all of them and a
    project of Bignona alone; a partnership of another French authority beside."""
    savoie = OrganisationFactory(name="Département de la Savoie", short_name="Savoie")
    partnerships = {
        name: PartnershipFactory(
            french_authority=savoie,
            partner__name=f"Partenaire {name}",
            partner__short_name=name,
        )
        for name in ("Argeș", "Bignona", "Dessalines")
    }
    anima = ProjectFactory(
        title="Anima'Terre Jeunesse",
        slug="anima-terre-jeunesse",
        partnerships=list(partnerships.values()),
        start_year=2013,
    )
    bignona_only = ProjectFactory(
        title="L'action sociale de l'Autre", partnership=partnerships["Bignona"]
    )
    other = PartnershipFactory(
        french_authority__short_name="Aude", partner__short_name="Sousse"
    )
    ProjectFactory(title="Municipalité efficace", partnership=other)
    return {
        "anima": anima,
        "bignona_only": bignona_only,
        "other": other,
        **partnerships,
    }


def partner_of(partnership, username):
    user = UserFactory(username=username, role=roles.PARTNER)
    MembershipFactory(user=user, organisation=partnership.partner)
    client = Client()
    client.force_login(user)
    return client


def test_a_partner_of_any_of_its_partnerships_reads_the_project(savoie):
    arges = partner_of(savoie["Argeș"], "arges")
    sousse = partner_of(savoie["other"], "sousse")
    url = savoie["anima"].get_absolute_url()

    page = arges.get(url)
    listing = page_text(arges.get(reverse("projects:project-list")))
    refused = sousse.get(url)

    assert page.status_code == 200
    text = page_text(page)
    assert "Anima'Terre Jeunesse" in text
    # its three partnerships named on its page
    for name in ("Savoie – Argeș", "Savoie – Bignona", "Savoie – Dessalines"):
        assert name in text
    assert "Anima'Terre Jeunesse" in listing
    assert "L'action sociale de l'Autre" not in listing  # Bignona's alone
    assert refused.status_code == 404
    assert "Anima'Terre Jeunesse" not in page_text(refused)
    sheet = sousse.get(reverse("projects:sheet", args=[savoie["anima"].slug]))
    assert sheet.status_code == 404


def test_each_of_its_partnerships_lists_it_on_its_page(client, director, savoie):
    client.force_login(director)

    for name in ("Argeș", "Bignona", "Dessalines"):
        page = page_text(client.get(savoie[name].get_absolute_url()))
        assert "Anima'Terre Jeunesse" in page
        assert "Aucun projet rattaché" not in page
    other = page_text(client.get(savoie["other"].get_absolute_url()))
    assert "Anima'Terre Jeunesse" not in other


def test_the_list_filtered_by_a_partnership_shows_it_once(client, director, savoie):
    client.force_login(director)
    url = reverse("projects:project-list")

    dessalines = client.get(url, {"partnership": savoie["Dessalines"].pk})
    bignona = client.get(url, {"partnership": savoie["Bignona"].pk})

    assert [p.title for p in dessalines.context["object_list"]] == [
        "Anima'Terre Jeunesse"
    ]
    assert [p.title for p in bignona.context["object_list"]] == [
        "Anima'Terre Jeunesse",
        "L'action sociale de l'Autre",
    ]


def test_the_export_names_every_partnership(client, director, savoie):
    client.force_login(director)

    response = client.get(
        reverse("projects:project-list"),
        {"export": "csv", "partnership": savoie["Dessalines"].pk},
    )

    content = response.content.decode("utf-8-sig")
    assert "Partenariats" in content.splitlines()[0]
    assert "Savoie – Argeș, Savoie – Bignona, Savoie – Dessalines" in content


def test_the_dashboard_counts_it_in_each_partnership_and_once_overall(
    client, director, savoie
):
    FundingLineFactory(project=savoie["anima"], amount=Decimal("1000"))
    FundingLineFactory(project=savoie["bignona_only"], amount=Decimal("30000"))
    FundingLineFactory(project=ProjectFactory(), amount=Decimal("5"))

    figures = dashboard(user=director)

    by_partnership = {row.label: row.total for row in figures["funding_by_partnership"]}
    assert by_partnership == {
        "Savoie – Bignona": Decimal("31000"),
        "Savoie – Argeș": Decimal("1000"),
        "Savoie – Dessalines": Decimal("1000"),
        "": Decimal("5"),
    }
    # Anima'Terre once, Bignona's own project; not the project of no partnership
    assert [(r.currency, r.total) for r in figures["funding_overall"]] == [
        ("EUR", Decimal("31000"))
    ]
    assert sum(row.total for row in figures["funding_by_year"]) == Decimal("31005")
    client.force_login(director)
    page = page_text(client.get(reverse("home")))
    assert "Tous partenariats 31 000 €" in page
    assert (
        "Un projet de plusieurs partenariats est compté dans chacun d'eux ; le total "
        "de tous les partenariats ne le compte qu'une fois." in page
    )


def test_a_partner_dashboard_counts_only_what_it_reads(savoie):
    FundingLineFactory(project=savoie["anima"], amount=Decimal("1000"))
    FundingLineFactory(project=savoie["bignona_only"], amount=Decimal("30000"))
    user = UserFactory(username="dessalines", role=roles.PARTNER)
    MembershipFactory(user=user, organisation=savoie["Dessalines"].partner)

    figures = dashboard(user=user)

    # Anima'Terre counted in each of its partnerships, Bignona's own project not
    assert {r.label: r.total for r in figures["funding_by_partnership"]} == {
        "Savoie – Argeș": Decimal("1000"),
        "Savoie – Bignona": Decimal("1000"),
        "Savoie – Dessalines": Decimal("1000"),
    }
    assert [r.total for r in figures["funding_overall"]] == [Decimal("1000")]


def test_the_form_saves_several_partnerships_and_the_history_names_them(
    client, coordinator, savoie
):
    project = savoie["bignona_only"]
    client.force_login(coordinator)
    url = reverse("projects:project-update", args=[project.slug])
    data = project_post_data(project)
    assert data["partnerships"] == [str(savoie["Bignona"].pk)]

    saved = client.post(
        url,
        data | {"partnerships": [str(savoie["Bignona"].pk), str(savoie["Argeș"].pk)]},
    )

    assert saved.status_code == 302
    project.refresh_from_db()
    assert sorted(p.partner.short_name for p in project.partnerships.all()) == [
        "Argeș",
        "Bignona",
    ]
    assert project.version == 2
    assert "Partenariats : + Savoie – Argeș" in history_text(client, project)

    removed = client.post(
        url,
        project_post_data(project) | {"partnerships": [str(savoie["Argeș"].pk)]},
    )
    assert removed.status_code == 302
    assert "Partenariats : − Savoie – Bignona" in history_text(client, project)


def test_a_stale_form_does_not_change_the_partnerships(client, coordinator, savoie):
    project = savoie["bignona_only"]
    other = UserFactory(username="collegue", role=roles.COORDINATOR)
    url = reverse("projects:project-update", args=[project.slug])
    opened_by_both = project_post_data(project)
    first = Client()
    first.force_login(other)
    client.force_login(coordinator)

    saved = first.post(url, opened_by_both | {"title": "Titre du collègue"})
    refused = client.post(
        url, opened_by_both | {"partnerships": [str(savoie["Dessalines"].pk)]}
    )

    assert saved.status_code == 302
    assert refused.status_code == 409
    project = Project.objects.get(pk=project.pk)
    assert [p.partner.short_name for p in project.partnerships.all()] == ["Bignona"]
    assert project.title == "Titre du collègue"


def test_the_sheet_prints_the_partners_of_its_partnerships(client, director, savoie):
    # no partner typed on the project: the sheet names those of its partnerships
    client.force_login(director)

    text = framed_text(
        client.get(reverse("projects:sheet", args=[savoie["anima"].slug]))
    )

    for name in ("Partenaire Argeș", "Partenaire Bignona", "Partenaire Dessalines"):
        assert name in text


def test_the_admin_saves_several_partnerships_and_the_history_names_them(
    client, administrator, savoie
):
    project = savoie["bignona_only"]
    client.force_login(administrator)
    url = reverse("admin:projects_project_change", args=[project.pk])
    data = admin_form_data(client.get(url)) | {
        "partnerships": [str(savoie["Bignona"].pk), str(savoie["Dessalines"].pk)]
    }

    response = client.post(url, data)

    assert response.status_code == 302
    assert sorted(p.partner.short_name for p in project.partnerships.all()) == [
        "Bignona",
        "Dessalines",
    ]
    assert project.history.first().history_change_reason == (
        "Partenariats : + Savoie – Dessalines"
    )


def test_deleting_a_partnership_keeps_its_projects_and_says_so_in_their_history(
    client, coordinator, savoie
):
    client.force_login(coordinator)
    url = reverse("partnerships:partnership-delete", args=[savoie["Dessalines"].pk])

    summary = page_text(client.get(url))
    deleted = client.post(url)

    assert "Anima'Terre Jeunesse" in summary  # named among what loses its link
    assert deleted.status_code == 302
    anima = Project.objects.get(pk=savoie["anima"].pk)
    assert sorted(p.partner.short_name for p in anima.partnerships.all()) == [
        "Argeș",
        "Bignona",
    ]
    assert "Savoie – Dessalines" in anima.history.first().history_change_reason


def test_its_missions_are_listed_under_each_of_its_partnerships(
    client, director, savoie
):
    MissionFactory(
        title="Échange de jeunes à Dessalines",
        partnership=None,
        project=savoie["anima"],
    )
    client.force_login(director)
    url = reverse("missions:mission-list")

    for name in ("Argeș", "Bignona", "Dessalines"):
        response = client.get(url, {"partnership": savoie[name].pk})
        titles = [m.title for m in response.context["object_list"]]
        assert titles == ["Échange de jeunes à Dessalines"]
    other = client.get(url, {"partnership": savoie["other"].pk})
    assert not other.context["object_list"]


def test_the_yearly_report_of_each_of_its_partnerships_shows_it(
    client, director, savoie
):
    client.force_login(director)

    for name in ("Argeș", "Dessalines"):
        page = page_text(
            client.get(
                reverse("partnership-yearly-report", args=[savoie[name].pk, 2015])
            )
        )
        assert "Anima'Terre Jeunesse" in page
        assert "L'action sociale de l'Autre" not in page
