"""The dashboard's funding, as a director, a partner and one French authority read it:
totals by status, nature, year, partner country and partnership, the funders, and
planned against paid this year."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from core import roles
from projects.models import FundingLine, FundingLineYear, Payment
from tests.factories import (
    FundingLineFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    ProjectFactory,
    UserFactory,
)
from tests.pages import count_queries, page_text, plain_spaces

pytestmark = pytest.mark.django_db

D = Decimal
THIS_YEAR = datetime.date.today().year


def reads(response) -> str:
    return plain_spaces(page_text(response))


def section(page: str, title: str, end: str) -> str:
    return page.split(title, 1)[1].split(end, 1)[0]


@pytest.fixture
def savoie():
    authority = OrganisationFactory(
        name="Département de la Savoie", short_name="Savoie"
    )
    partnerships = {
        name: PartnershipFactory(
            french_authority=authority,
            partner__short_name=name,
            partner__name=f"Partenaire {name}",
            partner__country=country,
        )
        for name, country in (("Bignona", "SN"), ("Dessalines", "HT"), ("Argeș", "RO"))
    }
    anima = ProjectFactory(partnership=partnerships["Bignona"], title="Anima'Terre")
    anima.partnerships.set(partnerships.values())
    FundingLineFactory(
        project=anima, funder__name="Département de la Savoie", amount=D("95000")
    )
    aude = OrganisationFactory(name="Département de l'Aude", short_name="Aude")
    sousse = PartnershipFactory(
        french_authority=aude, partner__short_name="Sousse", partner__country="TN"
    )
    plateforme = ProjectFactory(partnership=sousse)
    FundingLineFactory(
        project=plateforme,
        funder__name="Département de l'Aude",
        amount=D("21170"),
        nature=FundingLine.Nature.IN_KIND,
    )
    FundingLineFactory(
        project=plateforme,
        funder=None,
        label="Montant à mobiliser",
        amount=D("717924"),
        status=FundingLine.Status.TO_RAISE,
    )
    FundingLineFactory(
        project=plateforme,
        funder__name="Formation Conseil Communication",
        amount=None,
        status=FundingLine.Status.NOT_ASSESSABLE,
    )
    return {"authority": authority, "aude": aude, "anima": anima, **partnerships}


def test_the_top_funders_leave_out_the_money_still_to_raise(client, director, savoie):
    client.force_login(director)

    page = reads(client.get(reverse("home")))

    funders = section(page, "Principaux financeurs", "Par année")
    assert "Département de la Savoie 95 000 €" in funders
    assert "Département de l'Aude 21 170 €" in funders
    assert "Montant à mobiliser" not in funders and "717 924" not in funders
    # still counted in the totals, as the guide's printed totals count it
    assert "Total des financements : 834 094 €" in page
    assert "À mobiliser 717 924 €" in section(page, "Par statut", "Par nature")


def test_a_line_non_evaluable_is_in_no_total(client, director, savoie):
    client.force_login(director)

    page = reads(client.get(reverse("home")))

    assert "Formation Conseil Communication" not in page
    assert "Non évaluable" not in section(page, "Par statut", "Par nature")
    statuses = section(page, "Par statut", "Par nature")
    assert "Acquis 116 170 €" in statuses
    natures = section(page, "Par nature", "Prévu et versé")
    assert "Numéraire 812 924 €" in natures and "Valorisation 21 170 €" in natures


def test_a_project_of_three_partnerships_is_in_each_and_once_overall(
    client, director, savoie
):
    client.force_login(director)

    page = reads(client.get(reverse("home")))

    partnerships = section(page, "Par partenariat", "Par pays partenaire")
    for name in ("Bignona", "Dessalines", "Argeș"):
        assert f"Savoie – {name} 95 000 €" in partnerships
    assert "Tous partenariats 834 094 €" in partnerships  # Anima'Terre once
    assert "compté dans chacun d'eux" in partnerships
    countries = section(page, "Par pays partenaire", "Principaux financeurs")
    assert "Haïti 95 000 €" in countries and "Tunisie 739 094 €" in countries


def test_the_dashboard_reads_for_one_french_authority(client, director, savoie):
    client.force_login(director)

    page = reads(client.get(reverse("home"), {"collectivite": savoie["aude"].pk}))

    assert "Financements : Département de l'Aude" in page
    assert "Total des financements : 739 094 €" in page
    funding = section(page, "Financements :", "Prochaines missions")
    assert "Savoie – Bignona" not in funding and "Haïti" not in funding
    assert "Aude – Sousse 739 094 €" in funding
    # an unknown authority: everything
    everything = reads(client.get(reverse("home"), {"collectivite": "999999"}))
    assert "Financements : toutes les collectivités" in everything


def test_a_partner_reads_only_its_own_authorities_and_projects(client, savoie):
    user = UserFactory(username="dessalines", role=roles.PARTNER)
    MembershipFactory(user=user, organisation=savoie["Dessalines"].partner)
    client.force_login(user)

    page = reads(client.get(reverse("home")))

    assert "Total des financements : 95 000 €" in page
    funding = section(page, "Financements :", "Prochaines missions")
    assert "Département de l'Aude" not in funding and "Sousse" not in funding
    assert (
        f'<option value="{savoie["aude"].pk}"'
        not in client.get(reverse("home")).content.decode()
    )


def test_planned_and_paid_this_year_with_the_gap(client, director, savoie):
    line = FundingLineFactory(project=savoie["anima"], amount=D("51621"))
    FundingLineYear.objects.create(line=line, year=THIS_YEAR, amount=D("25810.50"))
    FundingLineYear.objects.create(line=line, year=THIS_YEAR + 1, amount=D("25810.50"))
    Payment.objects.create(
        line=line, paid_on=datetime.date(THIS_YEAR, 1, 15), amount=D("20000")
    )
    client.force_login(director)

    page = reads(client.get(reverse("home")))

    planned = section(page, f"Prévu et versé en {THIS_YEAR}", "Par partenariat")
    assert f"{THIS_YEAR} 25 810,50 € 20 000 € 5 810,50 €" in planned
    years = section(page, "Par année", "Prochaines missions")
    assert f"{THIS_YEAR} 25 810,50 €" in years


@pytest.mark.parametrize("reading", ["all", "authority"])
def test_the_dashboard_costs_the_same_queries_for_10_or_100_projects(
    client, director, reading
):
    authority = OrganisationFactory()

    def add(count):
        for number in range(count):
            partnership = PartnershipFactory(french_authority=authority)
            project = ProjectFactory(partnership=partnership)
            FundingLineFactory(project=project, funder__name=f"Financeur {number}")

    client.force_login(director)
    params = {"collectivite": authority.pk} if reading == "authority" else {}
    add(10)
    with_10 = count_queries(client, reverse("home"), params)
    add(90)
    with_100 = count_queries(client, reverse("home"), params)

    assert with_100 == with_10
