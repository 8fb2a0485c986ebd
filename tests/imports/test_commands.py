"""The import commands: import_funding_lines and import_organisations."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from imports.models import ImportRecord
from projects.models import FundingLine
from tests.spreadsheets import (
    HEADERS,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

pytestmark = pytest.mark.django_db


# -- command line ----------------------------------------------------------------------


def write_file(tmp_path, data: bytes, name: str = "financements.xlsx"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_the_command_prints_the_report_and_writes_nothing(
    tmp_path, project, savoie, capsys
):
    path = write_file(
        tmp_path, xlsx_bytes([HEADERS, [project.title, savoie.name, "1 000", "", ""]])
    )

    call_command("import_funding_lines", str(path))

    output = capsys.readouterr().out
    assert "nouvelles : 1, mises à jour : 0, inchangées : 0, refusées : 0" in output
    assert "rien n'a été écrit" in output
    assert FundingLine.objects.count() == 0
    assert ImportRecord.objects.count() == 0


def test_the_command_writes_with_commit_and_records_the_import(
    tmp_path, project, savoie, administrator
):
    path = write_file(
        tmp_path, xlsx_bytes([HEADERS, [project.title, savoie.name, "1 000", "", ""]])
    )

    call_command(
        "import_funding_lines", str(path), "--commit", "--user", "administratrice"
    )

    assert FundingLine.objects.get().amount == Decimal("1000")
    record = ImportRecord.objects.get()
    assert (record.status, record.channel, record.user, record.created_count) == (
        ImportRecord.Status.CONFIRMED,
        ImportRecord.Channel.COMMAND,
        administrator,
        1,
    )


def test_the_command_fails_and_writes_nothing_when_a_row_is_refused(
    tmp_path, project, savoie, capsys
):
    path = write_file(
        tmp_path,
        xlsx_bytes(
            [
                HEADERS,
                [project.title, savoie.name, "1 000", "", ""],
                [project.title, savoie.name, "douze mille", "", ""],
            ]
        ),
    )

    with pytest.raises(CommandError):
        call_command("import_funding_lines", str(path), "--commit")

    assert "Ligne 3 : montant « douze mille » illisible" in capsys.readouterr().err
    assert FundingLine.objects.count() == 0
    assert ImportRecord.objects.get().status == ImportRecord.Status.REFUSED


def test_the_command_refuses_a_file_that_is_not_a_spreadsheet(tmp_path):
    path = write_file(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00", "photo.xlsx")

    with pytest.raises(CommandError, match="n'est pas un tableur"):
        call_command("import_funding_lines", str(path), "--commit")
