import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import translation

from core import roles
from portal.demo import demo_load
from portal.roles import groups_sync
from projects.models import Theme
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


def ensure_reference_data() -> None:
    """The migrations fill the reference lists and the role groups; a transactional
    (browser) test ends with a flush that empties them (the groups come back with the
    flush's post_migrate, the reference lists do not). Put them back when gone."""
    if not Theme.objects.exists():
        reference_lists_load(apps)
    if not Group.objects.exists():
        groups_sync(apps)


@pytest.fixture(autouse=True)
def french_first():
    """Each test starts in the portal's language: a request of a Romanian-speaking
    account leaves its language active in the thread, and a service called next
    (a history line, a message) would speak Romanian."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def reference_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        ensure_reference_data()


def demo_loaded(django_db_blocker):
    """Load the demo data set inside a transaction rolled back at the end (what
    TestCase.setUpTestData does): each test runs in a savepoint within it."""
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_reference_data()
        demo_load()
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo data set, loaded once for the module that asks for it; the other
    modules never see it. A module may narrow it to a class (see test_sheets)."""
    yield from demo_loaded(django_db_blocker)


@pytest.fixture
def demo(demo_data, db):
    """The demo data set (for tests about the demo, not a base for other tests)."""
    return None


@pytest.fixture
def coordinator_client(client, coordinator):
    """The test client, logged in as a coordinator."""
    client.force_login(coordinator)
    return client
