import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from config import roles
from config.roles import groups_sync
from projects.reference import reference_lists_load
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


@pytest.fixture(autouse=True)
def reference_data(django_db_setup, django_db_blocker):
    """The migrations fill the reference lists and the role groups; a transactional
    (browser) test ends with a flush that empties them. Put them back, outside any test
    transaction, when they are gone."""
    with django_db_blocker.unblock():
        if not Group.objects.exists():
            reference_lists_load(apps)
            groups_sync(apps)


@pytest.fixture
def coordinator_client(client, coordinator):
    """The test client, logged in as a coordinator."""
    client.force_login(coordinator)
    return client
