import pytest

from tests.factories import OrganisationFactory, ProjectFactory


@pytest.fixture
def project():
    return ProjectFactory(title="L'action sociale de l'Autre", slug="action-sociale")


@pytest.fixture
def savoie():
    return OrganisationFactory(name="Département de la Savoie")
