"""The Nature, Statut, Début and Fin columns of the funding-lines import, with files
built here: French values read, unknown ones refused row by row, an exported file
imported back unchanged, and an older file without these columns leaving them as
they are."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from imports.services import Outcome
from projects.models import FundingLine, FundingLineYear
from tests.factories import FundingLineFactory
from tests.spreadsheets import HEADERS, csv_bytes, import_sheet, written, xlsx_bytes

pytestmark = pytest.mark.django_db

D = Decimal
WITH_KINDS = [
    "Projet",
    "Financeur",
    "Montant",
    "Nature",
    "Statut",
    "Début",
    "Fin",
    "Note",
]


def test_nature_status_and_period_are_read_from_their_french_words(project, savoie):
    data = xlsx_bytes(
        [
            WITH_KINDS,
            [
                project.title,
                savoie.name,
                "51 621",
                "Numéraire",
                "acquis",
                datetime.date(2016, 1, 1),
                "31/12/2017",
                "sur 24 mois",
            ],
            [project.title, "Mairie de Bignona", "1 200", "valorisation", "Demandé"]
            + ["", "", ""],
            [project.title, "Montant à mobiliser", "8 000", "", "à mobiliser"]
            + ["", "", ""],
            [project.title, "F2C", "Non évaluable", "", "non évaluable", "", "", ""],
        ]
    )

    report = import_sheet(data)

    assert report.committed, report.errors
    lines = {line.display_label: line for line in FundingLine.objects.all()}
    assert [
        (name, line.amount, line.nature, line.status)
        for name, line in sorted(lines.items())
    ] == [
        ("Département de la Savoie", D("51621"), "cash", "secured"),
        ("F2C", None, "cash", "not_assessable"),
        ("Mairie de Bignona", D("1200"), "in_kind", "requested"),
        ("Montant à mobiliser", D("8000"), "cash", "to_raise"),
    ]
    savoie_line = lines["Département de la Savoie"]
    assert (savoie_line.period_start, savoie_line.period_end) == (
        datetime.date(2016, 1, 1),
        datetime.date(2017, 12, 31),
    )


def test_unknown_values_and_contradictions_are_refused_row_by_row_writing_nothing(
    project, savoie
):
    data = csv_bytes(
        [
            WITH_KINDS,
            [project.title, savoie.name, "100", "en espèces sonnantes", "", "", "", ""],
            [project.title, savoie.name, "200", "", "promis", "", "", ""],
            [project.title, savoie.name, "300", "", "non évaluable", "", "", ""],
            [project.title, savoie.name, "", "", "acquis", "", "", ""],
            [project.title, savoie.name, "400", "", "", "2017-01-01", "2016-12-31", ""],
            [project.title, savoie.name, "500", "", "", "le 3 mars", "", ""],
        ]
    )
    before = written()

    report = import_sheet(data)

    assert not report.committed
    assert [str(error) for error in report.errors] == [
        "Ligne 2 : nature « en espèces sonnantes » inconnue : indiquez « numéraire » "
        "ou « valorisation »",
        "Ligne 3 : statut « promis » inconnu : indiquez « acquis », « demandé », « à "
        "mobiliser » ou « non évaluable »",
        "Ligne 4 : une ligne « non évaluable » n'a pas de montant : videz le montant",
        "Ligne 5 : montant manquant : indiquez-le, ou le statut « non évaluable » "
        "pour une contribution qui ne se chiffre pas",
        "Ligne 6 : la fin (31/12/2016) précède le début (01/01/2017)",
        "Ligne 7 : date « le 3 mars » illisible : écrivez-la comme 31/12/2016",
    ]
    assert [error.column for error in report.errors[:2]] == ["Nature", "Statut"]
    assert written() == before


def test_an_older_file_without_the_columns_leaves_status_and_period_as_they_are(
    project, savoie
):
    line = FundingLineFactory(
        project=project,
        funder=savoie,
        amount=D("20000"),
        status=FundingLine.Status.REQUESTED,
        nature=FundingLine.Nature.IN_KIND,
        period_start=datetime.date(2016, 1, 1),
    )
    data = xlsx_bytes(
        [
            HEADERS,
            [project.title, savoie.name, "20 000", "", ""],
            [project.title, "Ville de Chambéry", "5 000", "", ""],
        ]
    )

    report = import_sheet(data)

    assert report.counts[Outcome.UNCHANGED] == 1
    assert report.counts[Outcome.CREATED] == 1
    line.refresh_from_db()
    assert (line.status, line.nature, line.period_start) == (
        "requested",
        "in_kind",
        datetime.date(2016, 1, 1),
    )
    new = FundingLine.objects.exclude(pk=line.pk).get()
    assert (new.status, new.nature, new.period_start) == ("secured", "cash", None)


def test_an_older_file_saying_non_evaluable_makes_the_line_not_assessable(
    project, savoie
):
    line = FundingLineFactory(project=project, funder=savoie, amount=D("100"))
    data = xlsx_bytes([HEADERS, [project.title, savoie.name, "Non évaluable", "", ""]])

    report = import_sheet(data)

    assert report.committed, report.errors
    line.refresh_from_db()
    assert (line.amount, line.status) == (None, "not_assessable")


def test_a_new_status_is_reported_as_a_change(project, savoie):
    FundingLineFactory(project=project, funder=savoie, amount=D("100"))
    data = xlsx_bytes(
        [
            WITH_KINDS,
            [project.title, savoie.name, "100", "numéraire", "demandé", "", "", ""],
        ]
    )

    report = import_sheet(data, dry_run=True)

    assert report.rows[0].changes == ["statut : « acquis » → « demandé »"]


def test_a_new_amount_on_a_line_split_by_year_is_refused(project, savoie):
    line = FundingLineFactory(project=project, funder=savoie, amount=D("100"))
    FundingLineYear.objects.create(line=line, year=2016, amount=D("100"))
    data = xlsx_bytes([HEADERS, [project.title, savoie.name, "150", "", ""]])

    report = import_sheet(data)

    assert [str(error) for error in report.errors] == [
        "Ligne 2 : la ligne est répartie par année : changez son montant avec sa "
        "répartition (une colonne par année, ou sur le portail)"
    ]
    line.refresh_from_db()
    assert line.amount == D("100")


def test_the_export_writes_the_columns_in_french_and_imports_back_unchanged(
    client, director, project, savoie
):
    FundingLineFactory(
        project=project,
        funder=savoie,
        amount=D("51621"),
        nature=FundingLine.Nature.IN_KIND,
        status=FundingLine.Status.REQUESTED,
        period_start=datetime.date(2016, 1, 1),
        period_end=datetime.date(2017, 12, 31),
    )
    FundingLineFactory(project=project, funder=None, label="F2C", amount=None)
    client.force_login(director)

    exported = client.get(
        reverse("projects:fundingline-list"), {"export": "xlsx"}
    ).content
    sheet = openpyxl.load_workbook(io.BytesIO(exported)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    report = import_sheet(exported)

    assert rows[0][-5:] == ["Nature", "Statut", "Début", "Fin", "Note"]
    assert rows[1][-5:-3] == ["valorisation", "demandé"]
    assert rows[2][-5:-3] == ["numéraire", "non évaluable"]
    assert report.counts[Outcome.UNCHANGED] == 2, report.errors
    assert report.counts[Outcome.CREATED] == report.counts[Outcome.UPDATED] == 0
