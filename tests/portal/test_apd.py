"""The yearly APD declaration (déclaration e-APD): the payments of a calendar year
per action, the countries of the DAC list counted and the others set apart, the
totals, its page, PDF, spreadsheet and command."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook

from portal.apd import apd_declaration
from portal.models import OdaRecipient, OdaRecipientList
from portal.oda import SHIPPED_LISTS, oda_lists_load
from projects.models import FundingLine, Payment, Project
from projects.sheets import renderers_stop
from tests.factories import (
    FundingLineFactory,
    OrganisationFactory,
    PartnershipFactory,
    ProjectFactory,
)
from tests.pages import count_queries, form_data, page_text, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def oda_list(db):
    """The shipped list, loaded by a migration (back again after a flush)."""
    if not OdaRecipientList.objects.exists():
        oda_lists_load(
            SHIPPED_LISTS, list_model=OdaRecipientList, recipient_model=OdaRecipient
        )


def pay(line, day, amount, **fields):
    return Payment.objects.create(
        line=line, paid_on=day, amount=Decimal(amount), **fields
    )


@pytest.fixture
def savoie_payments():
    """The Savoie pays in 2024 for a Bignona (Senegal) and an Argeș (Romania)
    project, and receives a ministry co-funding for the Bignona one."""
    savoie = OrganisationFactory(name="Département de la Savoie")
    bignona = OrganisationFactory(name="Département de Bignona", country="SN")
    arges = OrganisationFactory(name="Judet d'Argeș", country="RO", kind="judet")
    ministry = OrganisationFactory(
        name="Ministère de l'Europe et des Affaires étrangères", kind="ministere"
    )
    action_sociale = ProjectFactory(
        title="L'action sociale de l'Autre",
        carrier=savoie,
        action_kind=Project.ActionKind.COOPERATION,
        sector_code="16010",
        partnership=PartnershipFactory(french_authority=savoie, partner=bignona),
    )
    renforcement = ProjectFactory(
        title="Renforcement institutionnel et action sociale",
        carrier=savoie,
        action_kind=Project.ActionKind.COOPERATION,
        sector_code="16010",
        partnership=PartnershipFactory(french_authority=savoie, partner=arges),
    )
    own = FundingLineFactory(
        project=action_sociale, funder=savoie, amount=Decimal("30000")
    )
    grant = FundingLineFactory(
        project=action_sociale, funder=ministry, amount=Decimal("10000")
    )
    pay(own, datetime.date(2024, 3, 1), "12000.00", payee=bignona)
    pay(own, datetime.date(2024, 9, 1), "3000.50")
    pay(own, datetime.date(2023, 12, 31), "9999.00")  # another year
    pay(grant, datetime.date(2024, 6, 1), "5000.00", payee=savoie)
    # the ministry paying Bignona directly does not pass through the Savoie
    pay(grant, datetime.date(2024, 7, 1), "777.00", payee=bignona)
    arges_line = FundingLineFactory(
        project=renforcement, funder=savoie, amount=Decimal("8000")
    )
    pay(arges_line, datetime.date(2024, 5, 2), "4000.00", payee=arges)
    return savoie


def test_the_shipped_dac_list_counts_senegal_and_haiti_as_ldcs_not_romania():
    recipients = dict(
        OdaRecipient.objects.filter(
            recipient_list__first_year=2024, recipient_list__last_year=2025
        ).values_list("country", "group")
    )
    oda_list = OdaRecipientList.objects.get(first_year=2024)

    assert (recipients["SN"], recipients["HT"]) == ("ldc", "ldc")
    assert recipients["TN"] == "lmic" and recipients["MA"] == "lmic"
    assert "RO" not in recipients and "FR" not in recipients
    assert "oecd.org" in oda_list.source


def test_a_declaration_counts_senegal_and_sets_romania_apart(savoie_payments):
    declaration = apd_declaration(year=2024, authority=savoie_payments)

    [row] = declaration.rows
    assert (row.country_code, row.project.title) == (
        "SN",
        "L'action sociale de l'Autre",
    )
    assert row.own_funds == Decimal("15000.50")
    assert row.co_funding == Decimal("5000.00")
    [apart] = declaration.not_eligible
    assert (apart.country_code, apart.own_funds) == ("RO", Decimal("4000.00"))
    assert apart.reason == "pays non éligible à l'APD"


def test_the_totals_per_country_and_per_kind_add_up_the_counted_actions(
    savoie_payments,
):
    ngo = OrganisationFactory(name="Association Kagamen", kind="association")
    haiti = OrganisationFactory(name="Ville de Cap-Haïtien", country="HT")
    grant = ProjectFactory(
        title="Soutien à une association",
        carrier=ngo,
        action_kind=Project.ActionKind.NGO_GRANT,
        partnership=PartnershipFactory(french_authority=savoie_payments, partner=haiti),
    )
    line = FundingLineFactory(project=grant, funder=savoie_payments)
    pay(line, datetime.date(2024, 2, 2), "1000.00")

    declaration = apd_declaration(year=2024, authority=savoie_payments)

    by_country = {t.label: (t.own_funds, t.co_funding) for t in declaration.by_country}
    by_kind = {t.label: t.own_funds for t in declaration.by_kind}
    assert by_country == {
        "Haïti": (Decimal("1000.00"), Decimal("0.00")),
        "Sénégal": (Decimal("15000.50"), Decimal("5000.00")),
    }
    assert by_kind == {
        "Projet de coopération décentralisée": Decimal("15000.50"),
        "Subvention à une association ou une ONG": Decimal("1000.00"),
    }
    assert declaration.own_funds == Decimal("16000.50")


def test_a_payment_in_another_currency_is_set_apart_to_be_converted(savoie_payments):
    project = Project.objects.get(title="L'action sociale de l'Autre")
    line = FundingLineFactory(
        project=project,
        funder=savoie_payments,
        amount=Decimal("100000"),
        currency="XOF",
    )
    pay(line, datetime.date(2024, 4, 4), "65000.00")

    declaration = apd_declaration(year=2024, authority=savoie_payments)

    assert declaration.rows[0].own_funds == Decimal("15000.50")
    [apart] = declaration.payments_apart
    assert apart.reason == "versement en XOF : à convertir en euros"


def test_the_page_shows_the_declaration_to_a_director(
    client, director, savoie_payments
):
    client.force_login(director)

    response = client.get(
        reverse("apd-declaration", args=[2024]), {"collectivite": savoie_payments.pk}
    )
    page = page_text(response)

    assert "Déclaration de l'aide publique au développement 2024" in page
    assert "Sénégal Département de Bignona L'action sociale de l'Autre" in page
    assert "Sénégal 15 000,50 € 5 000 € 1 Total déclaré" in page
    hors = page.split("Hors déclaration")[1]
    assert "Roumanie Judet d'Argeș" in hors
    assert "« pays non éligible à l'APD »" in hors
    assert "9 999" not in page and "777" not in page


def test_coordinators_and_partners_may_not_read_the_declaration(
    client, coordinator, partner_user
):
    url = reverse("apd-declaration", args=[2024])
    statuses = []
    for user in (coordinator, partner_user):
        client.force_login(user)
        statuses.append(client.get(url).status_code)

    assert statuses == [403, 403]


def test_the_year_selector_keeps_the_authority(client, administrator, savoie_payments):
    client.force_login(administrator)

    response = client.get(
        reverse("apd-declaration", args=[2024]),
        {"annee": "2023", "collectivite": savoie_payments.pk},
    )

    assert response.url == (
        reverse("apd-declaration", args=[2023]) + f"?collectivite={savoie_payments.pk}"
    )


def test_the_pdf_summary_reads_back(client, director, savoie_payments):
    renderers_stop()
    client.force_login(director)

    response = client.get(reverse("apd-declaration-pdf", args=[2024]))
    text = pdf_text(response.content)

    assert response["Content-Type"] == "application/pdf"
    assert "Déclaration de l'aide publique au développement 2024" in text
    assert "Sénégal" in text and "15 000,50 €" in text
    assert "pays non éligible à l'APD" in text and "Roumanie" in text


def sheet_rows(content: bytes) -> dict[str, list[tuple]]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return {
        sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in workbook.worksheets
    }


def test_the_spreadsheet_follows_the_declaration_form(
    client, director, savoie_payments
):
    client.force_login(director)

    response = client.get(reverse("apd-declaration-xlsx", args=[2024]))
    sheets = sheet_rows(response.content)

    actions = sheets["Déclaration APD 2024"]
    assert actions[0][:5] == (
        "Collectivité déclarante",
        "Pays bénéficiaire",
        "Collectivité partenaire",
        "Intitulé de l'action",
        "Type d'action",
    )
    assert actions[1] == (
        "Département de la Savoie",
        "Sénégal",
        "Département de Bignona",
        "L'action sociale de l'Autre",
        "Projet de coopération décentralisée",
        "16010",
        "Social/ welfare services",
        15000.5,
        5000,
    )
    assert actions[2][1] == "Roumanie" and actions[2][-1] == "pays non éligible à l'APD"
    assert sheets["Par pays"][1:] == [
        ("Sénégal", 15000.5, 5000, 1),
        ("Total", 15000.5, 5000, 1),
    ]


def test_a_formula_in_a_project_title_is_made_inert(client, director, savoie_payments):
    Project.objects.filter(title="L'action sociale de l'Autre").update(
        title="=HYPERLINK(1)"
    )
    client.force_login(director)

    response = client.get(reverse("apd-declaration-xlsx", args=[2024]))

    assert (
        sheet_rows(response.content)["Déclaration APD 2024"][1][3] == "'=HYPERLINK(1)"
    )


def test_the_command_writes_the_same_spreadsheet(
    client, director, savoie_payments, tmp_path
):
    client.force_login(director)
    target = tmp_path / "apd-2024.xlsx"
    output = io.StringIO()

    call_command("apd_declaration", "2024", xlsx=str(target), stdout=output)
    from_page = client.get(reverse("apd-declaration-xlsx", args=[2024])).content

    assert sheet_rows(target.read_bytes()) == sheet_rows(from_page)
    assert "Sénégal\tDépartement de Bignona\tL'action sociale de l'Autre" in (
        output.getvalue()
    )
    assert "« pays non éligible à l'APD »" in output.getvalue()


def test_the_next_dac_list_is_loaded_by_a_command(savoie_payments, tmp_path):
    next_list = tmp_path / "dac-2026-2027.json"
    next_list.write_text(
        json.dumps(
            {
                "lists": [
                    {
                        "first_year": 2026,
                        "last_year": 2027,
                        "title": "DAC List of ODA Recipients 2026-2027",
                        "source": "OECD, triennial review of 2026",
                        "recipients": [{"country": "SN", "group": "ldc"}],
                    }
                ]
            }
        )
    )
    project = Project.objects.get(title="L'action sociale de l'Autre")
    line = FundingLine.objects.filter(project=project, funder=savoie_payments).get()
    pay(line, datetime.date(2026, 1, 15), "100.00")

    before = apd_declaration(year=2026)
    call_command("oda_recipients_load", str(next_list), stdout=io.StringIO())
    call_command("oda_recipients_load", str(next_list), stdout=io.StringIO())
    after = apd_declaration(year=2026)

    assert before.rows == [] and "aucune liste" in before.not_eligible[0].reason
    assert [row.country_code for row in after.rows] == ["SN"]
    assert (
        OdaRecipientList.objects.filter(first_year=2026).get().recipients.count() == 1
    )


def test_a_broken_dac_list_is_refused_without_writing(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"lists": [{"first_year": 2027, "last_year": 2026}]}')

    with pytest.raises(CommandError):
        call_command("oda_recipients_load", str(broken))

    assert not OdaRecipientList.objects.filter(first_year=2027).exists()


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("1601", "Un code secteur du CAD a cinq chiffres (par ex. 16010)."),
        ("16O10", "Un code secteur du CAD a cinq chiffres (par ex. 16010)."),
        ("99999", "99999 n'est pas un code-objet du CAD de l'OCDE (liste du SNPC)."),
    ],
)
def test_a_sector_is_a_crs_purpose_code_of_the_list(code, message):
    project = ProjectFactory(sector_code=code)

    with pytest.raises(ValidationError) as raised:
        project.full_clean()

    assert raised.value.message_dict["sector_code"] == [message]


def test_the_project_form_sets_the_kind_and_the_sector(client, coordinator):
    project = ProjectFactory()
    client.force_login(coordinator)
    url = reverse("projects:project-update", args=[project.slug])
    data = form_data(client.get(url))

    refused = client.post(url, {**data, "sector_code": "1601"})
    client.post(url, {**data, "action_kind": "awareness", "sector_code": "99820"})

    assert "Un code secteur du CAD a cinq chiffres" in page_text(refused)
    project.refresh_from_db()
    assert (project.action_kind, project.sector_code) == ("awareness", "99820")


def test_the_declaration_costs_the_same_queries_for_more_actions(
    client, director, savoie_payments
):
    client.force_login(director)
    url = reverse("apd-declaration", args=[2024])
    few = count_queries(client, url)
    savoie = savoie_payments
    for number in range(5):
        project = ProjectFactory(
            partnership=PartnershipFactory(
                french_authority=savoie,
                partner=OrganisationFactory(name=f"Commune {number}", country="SN"),
            )
        )
        pay(FundingLineFactory(project=project, funder=savoie), "2024-02-02", "10.00")

    assert count_queries(client, url) == few
