"""The import of organisations and their contacts."""

import pytest

from imports.services import (
    Outcome,
)
from partnerships.models import Organisation
from tests.factories import (
    ContactFactory,
    OrganisationFactory,
)
from tests.spreadsheets import (
    HEADERS,
    import_sheet,
    written,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

pytestmark = pytest.mark.django_db


# -- organisations and contacts --------------------------------------------------------


ORGANISATION_HEADERS = [
    "Organisation",
    "Type",
    "Pays",
    "Contact",
    "Fonction",
    "Courriel",
]


def test_organisations_and_contacts_are_created_then_found_again(administrator):
    savoie = OrganisationFactory(name="Département de la Savoie", country="FR")
    data = xlsx_bytes(
        [
            ORGANISATION_HEADERS,
            ["departement de la savoie", "", "", "Jeanne Martin", "chargée", ""],
            ["Département de Bignona", "Département", "Sénégal", "Awa Diatta", "", ""],
            ["Département de Bignona", "", "SN", "Ousmane Sané", "", "o@example.org"],
        ]
    )

    first = import_sheet(data, kind="organisations", user=administrator)
    second = import_sheet(data, kind="organisations", user=administrator)

    assert first.counts[Outcome.CREATED] == 3
    assert first.new_references == ["Département de Bignona"]
    assert second.counts[Outcome.UNCHANGED] == 3
    bignona = Organisation.objects.get(name="Département de Bignona")
    assert (bignona.kind, bignona.country.code) == ("departement", "SN")
    assert set(bignona.contacts.values_list("full_name", flat=True)) == {
        "Awa Diatta",
        "Ousmane Sané",
    }
    assert savoie.contacts.get().role == "chargée"


def test_an_organisation_import_updates_and_moves_the_version_on(administrator):
    organisation = OrganisationFactory(name="Ville de Dessalines", kind="autre")
    contact = ContactFactory(full_name="Marie Joseph", organisation=organisation)

    report = import_sheet(
        xlsx_bytes(
            [
                ORGANISATION_HEADERS,
                [
                    "Ville de Dessalines",
                    "Commune",
                    "Haïti",
                    "marie joseph",
                    "maire",
                    "",
                ],
            ]
        ),
        kind="organisations",
        user=administrator,
    )

    assert report.counts[Outcome.UPDATED] == 1
    organisation.refresh_from_db()
    contact.refresh_from_db()
    assert (organisation.kind, organisation.country.code) == ("commune", "HT")
    assert organisation.version == 2
    assert contact.role == "maire"
    assert organisation.history.first().history_user == administrator


def test_rows_that_contradict_each_other_are_refused(administrator):
    data = xlsx_bytes(
        [
            ORGANISATION_HEADERS,
            ["Judet Argeș", "Judet", "Roumanie", "", "", ""],
            ["Judet Arges", "Commune", "", "", "", ""],
            ["Judet Argeș", "", "Atlantide", "", "", ""],
            ["Judet Argeș", "", "", "", "maire", "pas-un-courriel"],
        ]
    )
    before = written()

    report = import_sheet(data, kind="organisations", user=administrator)

    assert [str(error) for error in report.errors] == [
        "Ligne 3 : type « Commune » contredit la ligne 2 (« Judet »)",
        "Ligne 4 : pays « Atlantide » inconnu",
        "Ligne 5 : courriel invalide : « pas-un-courriel »",
        "Ligne 5 : fonction, courriel ou téléphone sans nom de contact",
    ]
    assert written() == before


def test_an_import_moves_the_version_of_the_projects_it_writes_to(
    project, administrator
):
    """A project form opened before the import is then refused as stale instead of
    saving its old funding lines over the imported ones."""
    opened_at = project.version

    import_sheet(
        xlsx_bytes([HEADERS, [project.title, "Fondation Nouvelle", "1 000", "", ""]]),
        user=administrator,
    )

    project.refresh_from_db()
    assert project.version == opened_at + 1
