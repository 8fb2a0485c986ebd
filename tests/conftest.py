import pytest

from config import roles
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def coordinator(db):
    return UserFactory(username="coordinatrice", role=roles.COORDINATOR)


@pytest.fixture
def director(db):
    return UserFactory(username="directeur", role=roles.DIRECTOR)


@pytest.fixture
def administrator(db):
    return UserFactory(
        username="administratrice", role=roles.ADMINISTRATOR, is_staff=True
    )


@pytest.fixture
def partner_user(db):
    """A partner-side account; attach it with MembershipFactory(user=...)."""
    return UserFactory(username="partenaire", role=roles.PARTNER)


@pytest.fixture
def membership_factory():
    return MembershipFactory


@pytest.fixture
def coordinator_client(client, coordinator):
    """The test client, logged in as a coordinator."""
    client.force_login(coordinator)
    return client
