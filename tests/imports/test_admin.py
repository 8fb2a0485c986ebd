"""The Django admin's import: the same service, recorded the same way."""

from decimal import Decimal

import pytest
from django.urls import reverse

from imports.models import ImportRecord
from projects.models import FundingLine
from tests.factories import (
    UserFactory,
)
from tests.spreadsheets import (
    HEADERS,
    csv_bytes,
    upload,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

pytestmark = pytest.mark.django_db


# -- Django admin ----------------------------------------------------------------------


def test_the_admin_import_runs_the_same_service_and_records_it(
    client, administrator, project, savoie
):
    client.force_login(administrator)
    data = csv_bytes(
        [HEADERS, [project.title, savoie.name, "22 124,13 €", "", ""]],
        encoding="cp1252",
    )

    preview = client.post(
        reverse("admin:projects_fundingline_import"),
        {"format": "2", "import_file": upload(data, "financements.csv")},
    )

    assert preview.status_code == 200
    form = preview.context["confirm_form"]
    assert form is not None, preview.context["form"].errors
    assert FundingLine.objects.count() == 0
    confirm = client.post(
        reverse("admin:projects_fundingline_process_import"),
        {name: form.initial[name] for name in form.initial},
    )
    assert confirm.status_code == 302
    assert FundingLine.objects.get().amount == Decimal("22124.13")
    record = ImportRecord.objects.get()
    assert (record.channel, record.status, record.user) == (
        ImportRecord.Channel.ADMIN,
        ImportRecord.Status.CONFIRMED,
        administrator,
    )


def test_the_admin_import_shows_row_errors_and_no_confirmation(
    client, administrator, project
):
    client.force_login(administrator)
    data = xlsx_bytes([HEADERS, [project.title, "X", "douze mille", "", ""]])

    preview = client.post(
        reverse("admin:projects_fundingline_import"),
        {"format": "0", "import_file": upload(data)},
    )

    assert "Ligne 2 : montant « douze mille » illisible" in preview.content.decode()
    assert preview.context.get("confirm_form") is None


def test_the_admin_import_is_refused_without_the_import_permission(client):
    staff_coordinator = UserFactory(
        username="coordinatrice-staff", role="coordinateur", is_staff=True
    )
    client.force_login(staff_coordinator)

    for url in [
        reverse("admin:projects_fundingline_import"),
        reverse("admin:partnerships_organisation_import"),
    ]:
        assert client.get(url).status_code == 403
