"""The import reads the tables as the source documents write them: contributions
without an amount, lines that are no funder, and the "Total" row they end with."""

from decimal import Decimal

import pytest

from imports.services import Outcome
from partnerships.models import Organisation
from projects.models import FundingLine
from tests.factories import ProjectFactory
from tests.spreadsheets import HEADERS, import_sheet, written, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "written_amount",
    ["Non évaluable", "non évaluable", "NE", "n.é.", "—", "valorisation non chiffrée"],
)
def test_non_evaluable_is_a_contribution_without_an_amount(
    project, savoie, written_amount
):
    data = xlsx_bytes(
        [
            HEADERS,
            [project.title, savoie.name, "47 437 €", "", ""],
            [project.title, "F2C", written_amount, "", "formation, fonds propres"],
        ]
    )

    report = import_sheet(data)

    assert not report.has_errors
    line = FundingLine.objects.get(funder__name="F2C")
    assert line.amount is None
    assert report.rows[1].cells["amount"] == written_amount
    assert project.funding_lines.count() == 2
    assert sum(line.amount or 0 for line in project.funding_lines.all()) == Decimal(
        "47437"
    )


@pytest.mark.parametrize(
    "funder",
    ["Montant à mobiliser", "À mobiliser", "Reste à financer", "RESTE A FINANCER"],
)
def test_an_amount_to_raise_is_never_created_as_a_funder(project, savoie, funder):
    organisations = Organisation.objects.count()
    data = xlsx_bytes([HEADERS, [project.title, funder, "717 924 €", "", ""]])

    report = import_sheet(data)

    assert report.new_references == []
    assert Organisation.objects.count() == organisations
    line = FundingLine.objects.get()
    assert (line.funder, line.label, line.amount) == (None, funder, Decimal("717924"))


def test_a_total_row_is_compared_with_the_rows_above_and_writes_nothing(
    project, savoie
):
    data = xlsx_bytes(
        [
            HEADERS,
            [project.title, savoie.name, "20 000 €", "", ""],
            [project.title, "Ville de Bignona", "10 000 €", "", ""],
            ["", "TOTAL", "30 000 €", "", ""],
        ]
    )
    before = written()

    preview = import_sheet(data, dry_run=True)

    assert not preview.has_errors
    assert preview.rows[2].outcome == Outcome.TOTAL
    assert preview.counts[Outcome.CREATED] == 2
    assert preview.totals == [
        "Ligne 4 : total 30\xa0000\xa0€ : égal à la somme des lignes "
        "(L'action sociale de l'Autre)"
    ]
    assert written() == before

    import_sheet(data)
    assert FundingLine.objects.count() == 2
    assert not Organisation.objects.filter(name__iexact="total").exists()


def test_a_total_that_does_not_add_up_says_so(project, savoie):
    data = xlsx_bytes(
        [
            HEADERS,
            [project.title, savoie.name, "47 437 €", "", ""],
            [project.title, "Fédération Léo Lagrange", "20 000 €", "", ""],
            [project.title, "TOTAL", "67 159 €", "", ""],
        ]
    )

    report = import_sheet(data, dry_run=True)

    assert not report.has_errors
    assert "différent de la somme des lignes" in report.totals[0]
    assert "67\xa0437" in report.totals[0]


def test_a_total_under_several_projects_is_compared_with_the_whole_table(
    project, savoie
):
    other = ProjectFactory(title="Promouvoir la citoyenneté des migrants")
    data = xlsx_bytes(
        [
            HEADERS,
            [project.title, savoie.name, "100", "", ""],
            [other.title, savoie.name, "50", "", ""],
            [other.title, "Sous-total", "50", "", ""],
            ["Total général", "", "150", "", ""],
        ]
    )

    report = import_sheet(data, dry_run=True)

    assert not report.has_errors
    assert [("égal" in total) for total in report.totals] == [True, True]
    assert "tout le tableau" in report.totals[1]
    assert other.title in report.totals[0]


def organisation_rows(*rows):
    return xlsx_bytes([["Organisation", "Pays", "Contact"], *rows])


def test_an_organisation_total_row_is_refused_with_a_clear_message(administrator):
    data = organisation_rows(
        ["Département de la Savoie", "France", ""],
        ["Sous-total", "", ""],
    )

    report = import_sheet(data, kind="organisations", user=administrator)

    assert [str(error) for error in report.errors] == [
        "Ligne 3 : ligne de total ou de sous-total : une liste d'organisations n'en "
        "a pas, retirez-la"
    ]
    assert not Organisation.objects.filter(name="Sous-total").exists()


def test_a_second_table_under_blank_rows_is_refused_not_read_as_organisations(
    administrator,
):
    data = xlsx_bytes(
        [
            ["Organisation", "Pays", "Contact"],
            ["Département de la Savoie", "France", ""],
            [],
            [],
            ["Contacts"],
            ["Nom", "Fonction", "Courriel"],
            ["Marie Curie", "Directrice", "marie@example.org"],
        ]
    )
    organisations = Organisation.objects.count()

    report = import_sheet(data, kind="organisations", user=administrator)

    assert report.has_errors
    assert {error.line for error in report.errors} == {5, 6, 7}
    assert "second tableau" in report.errors[0].message
    assert Organisation.objects.count() == organisations
