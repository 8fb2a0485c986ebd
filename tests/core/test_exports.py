"""Exports of the lists to .xlsx and .csv: numbers stay numbers, formulas are made
inert, filters apply, and an exported funding-lines file imports back unchanged."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.exports import escape_cell, export_response, requested_export_format
from core.spreadsheets import cell_text
from evaluations.models import Measurement
from evaluations.resources import MeasurementResource
from imports.admin import FundingLineImportResource
from imports.services import Outcome, import_run
from missions.models import BudgetLine, Mission
from missions.resources import BudgetLineResource, MissionResource
from partnerships.models import Organisation, Partnership
from partnerships.resources import OrganisationResource, PartnershipResource
from projects.models import FundingLine, Project, Theme
from projects.resources import FundingLineResource, ProjectResource
from tests.factories import (
    BudgetLineFactory,
    FundingLineFactory,
    MeasurementFactory,
    MembershipFactory,
    MissionFactory,
    OrganisationFactory,
    PartnershipFactory,
    ProjectFactory,
    UserFactory,
)
from tests.spreadsheets import read_xlsx, read_xlsx_cells

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://example.com/vol","Cliquez ici")'


def export(client, file_format: str, **filters):
    response = client.get(
        reverse("projects:fundingline-list"), {**filters, "export": file_format}
    )
    assert response.status_code == 200, response.content[:500]
    return response


def test_an_export_makes_formulas_inert_in_xlsx_and_csv(client, administrator):
    FundingLineFactory(
        funder=OrganisationFactory(name="@SUM(A1:A9)"),
        label="+33 1 23 45 67 89",
        note=FORMULA,
    )
    client.force_login(administrator)

    sheet = read_xlsx_cells(export(client, "xlsx").content)
    csv_text = export(client, "csv").content.decode("utf-8-sig")

    row = list(sheet[2])
    values = [cell.value for cell in row]
    assert f"'{FORMULA}" in values
    assert "'@SUM(A1:A9)" in values and "'+33 1 23 45 67 89" in values
    assert all(cell.data_type != "f" for cell in row)
    assert f"'{FORMULA}".replace('"', '""') in csv_text
    assert ";'@SUM(A1:A9);" in csv_text


def test_numbers_are_numbers_in_xlsx(client, administrator):
    FundingLineFactory(amount=Decimal("22124.13"), currency="EUR")
    client.force_login(administrator)

    sheet = read_xlsx_cells(export(client, "xlsx").content)

    headers = [cell.value for cell in sheet[1]]
    amount = sheet[2][headers.index("Montant")]
    assert amount.data_type == "n"
    assert amount.value == pytest.approx(22124.13)
    assert headers == [
        "Projet",
        "Identifiant du projet",
        "Financeur",
        "Libellé",
        "Montant",
        "Devise",
        "Nature",
        "Statut",
        "Début",
        "Fin",
        "Note",
    ]


def test_a_csv_export_opens_in_a_french_spreadsheet(client, administrator):
    FundingLineFactory(amount=Decimal("22124.13"), note="sur 24 mois")
    client.force_login(administrator)

    response = export(client, "csv")

    assert response.content.startswith("\ufeff".encode())
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert "lignes-de-financement-" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    assert ";22124,13;EUR;numéraire;acquis;;;sur 24 mois" in text


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_an_exported_funding_lines_file_imports_back_unchanged(
    client, administrator, file_format
):
    project = ProjectFactory(title="L'action sociale de l'Autre")
    FundingLineFactory(
        project=project,
        funder=OrganisationFactory(name="Département de la Savoie"),
        amount=Decimal("22124.13"),
        note="- sur 24 mois",
    )
    FundingLineFactory(
        project=project, funder=None, label="Montant à mobiliser", amount=None
    )
    FundingLineFactory(
        project=ProjectFactory(title=project.title),  # same title: the slug tells
        funder=OrganisationFactory(name="Ville de Cap-Haïtien"),
        amount=Decimal("1690650"),
        currency="HTG",
        note=FORMULA,
    )
    client.force_login(administrator)
    data = export(client, file_format).content
    counts = (FundingLine.objects.count(), Organisation.objects.count())

    report = import_run(
        kind="funding_lines",
        data=data,
        user=administrator,
        dry_run=False,
        file_name=f"export.{file_format}",
    )

    assert report.errors == []
    assert report.counts[Outcome.UNCHANGED] == 3
    assert (FundingLine.objects.count(), Organisation.objects.count()) == counts
    assert FundingLine.history.count() == 3


def test_an_exported_organisations_file_imports_back_unchanged(administrator):
    OrganisationFactory(name="Département de Bignona", kind="departement", country="SN")
    OrganisationFactory(name="Judet Argeș", kind="judet", country="RO")
    response = export_response(
        queryset=Organisation.objects.all(),
        resource_class=OrganisationResource,
        file_format="xlsx",
        filename="organisations",
    )

    report = import_run(
        kind="organisations",
        data=response.content,
        user=administrator,
        dry_run=True,
    )

    assert report.errors == []
    assert report.counts[Outcome.UNCHANGED] == 2


def test_the_list_exports_what_it_shows_with_its_filters(client, administrator):
    FundingLineFactory(currency="XOF", amount=Decimal("12000"), note="en francs CFA")
    FundingLineFactory(currency="EUR", note="en euros")
    client.force_login(administrator)

    page = client.get(reverse("projects:fundingline-list"), {"currency": "XOF"})
    rows = read_xlsx(export(client, "xlsx", currency="XOF").content)

    content = page.content.decode()
    assert "en francs CFA" in content and "en euros" not in content
    assert "1 ligne de financement" in content
    assert "export=xlsx" in content and "currency=XOF" in content
    assert [row[-1] for row in rows[1:]] == ["en francs CFA"]


def test_a_partner_sees_and_exports_only_the_lines_of_its_projects(
    client, partner_user
):
    bignona = OrganisationFactory(name="Département de Bignona")
    MembershipFactory(user=partner_user, organisation=bignona)
    FundingLineFactory(project=ProjectFactory(carrier=bignona), note="visible")
    FundingLineFactory(note="hors de portée")
    client.force_login(partner_user)

    content = client.get(reverse("projects:fundingline-list")).content.decode()
    rows = read_xlsx(export(client, "xlsx").content)

    assert "visible" in content and "hors de portée" not in content
    assert [row[-1] for row in rows[1:]] == ["visible"]


def test_the_funding_lines_list_needs_the_view_permission(client):
    client.force_login(UserFactory(username="sans-role"))

    response = client.get(reverse("projects:fundingline-list"))

    assert response.status_code == 403


def test_the_list_counts_and_totals_by_currency(client, director):
    FundingLineFactory(amount=Decimal("1000"))
    FundingLineFactory(amount=Decimal("2500.50"))
    FundingLineFactory(amount=Decimal("12000"), currency="XOF")
    client.force_login(director)

    content = client.get(reverse("projects:fundingline-list")).content.decode()

    assert "3 lignes de financement" in content
    assert "3\u00a0500,50\u00a0€" in content
    assert "12\u00a0000\u00a0FCFA" in content


def test_an_unknown_export_format_is_not_an_export():
    request = RequestFactory().get("/", {"export": "pdf"})

    assert requested_export_format(request) is None


def project_rows(count):
    theme = Theme.objects.first()
    for _ in range(count):
        project = ProjectFactory(partnership=PartnershipFactory())
        project.themes.add(theme)
        project.partners.add(OrganisationFactory())
        FundingLineFactory(project=project)


EXPORTS = [
    (ProjectResource, Project, project_rows, "Titre"),
    (
        FundingLineResource,
        FundingLine,
        lambda n: FundingLineFactory.create_batch(n),
        "Projet",
    ),
    (
        OrganisationResource,
        Organisation,
        lambda n: OrganisationFactory.create_batch(n),
        "Organisation",
    ),
    (
        PartnershipResource,
        Partnership,
        lambda n: PartnershipFactory.create_batch(n, operator=OrganisationFactory()),
        "Collectivité française",
    ),
    (
        MissionResource,
        Mission,
        lambda n: MissionFactory.create_batch(
            n, project=ProjectFactory(), start_date=date(2009, 3, 2)
        ),
        "Titre",
    ),
    (
        BudgetLineResource,
        BudgetLine,
        lambda n: BudgetLineFactory.create_batch(n),
        "Mission",
    ),
    (
        MeasurementResource,
        Measurement,
        lambda n: MeasurementFactory.create_batch(n),
        "Projet",
    ),
]


@pytest.mark.parametrize(("resource_class", "model", "make", "first_header"), EXPORTS)
def test_every_list_exports_with_french_headers_and_constant_queries(
    resource_class, model, make, first_header
):
    def exported():
        with CaptureQueriesContext(connection) as queries:
            response = export_response(
                queryset=model.objects.all(),
                resource_class=resource_class,
                file_format="xlsx",
                filename="export",
            )
        return read_xlsx(response.content), len(queries.captured_queries)

    make(2)
    few_rows, few_queries = exported()
    make(20)
    many_rows, many_queries = exported()

    assert few_rows[0][0] == first_header
    assert len(many_rows) == model.objects.count() + 1
    assert many_queries == few_queries


def test_the_admin_export_makes_formulas_inert(client, administrator):
    FundingLineFactory(note=FORMULA)
    client.force_login(administrator)

    response = client.post(
        reverse("admin:projects_fundingline_export"),
        {
            "format": "0",
            **{
                f"fundinglineimportresource_{name}": "on"
                for name in FundingLineImportResource.Meta.fields
            },
        },
    )

    assert response.status_code == 200
    values = read_xlsx(response.content)[1]
    assert f"'{FORMULA}" in values
    assert isinstance(values[4], float | int)


@pytest.mark.parametrize(
    "value", ["  =1+1", " +33 1 23", "\u00a0-2+3", "   @SUM(A1)", "\n=A1"]
)
def test_a_formula_after_spaces_is_escaped_too_and_reads_back(value):
    escaped = escape_cell(value)

    assert escaped == f"'{value}"
    assert cell_text(escaped) == value.strip()


def test_plain_text_and_inner_signs_are_left_as_they_are():
    assert escape_cell("Savoie - Bignona") == "Savoie - Bignona"
    assert escape_cell("") == ""
