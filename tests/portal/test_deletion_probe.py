"""The deletion probe (issue 14): on the demo data, a coordinator deletes one record of
each kind that has a delete page, through that page; then every page of the portal
that takes no argument, the pages of the records that were linked to the deleted
one and a search for its name are read by every demo account (the partners of
Bignona and of Argeș, the director, the coordinator, the administrator): none may
answer a 500.

The record of each kind is the one whose deletion reaches the most other records
(deleted with it or unlinked), among those nothing protects. Left out, to keep the
probe within a minute: the anonymous visitor and the Django admin's pages for the
accounts that are not staff (both are turned away before any record is read, as the
role x page matrix checks), the admin's add forms (the portal's own forms are read),
and the pages that read no record (login, password, health). The PDFs are not
rendered (the HTML sheet shows the same content): stubs stand for the renderers, as
in the matrix. The counts of each run are kept as the test's properties (`-o
junit_family=legacy --junitxml=FILE` shows them), never printed.
"""

import pytest
from django.contrib.admin.utils import NestedObjects
from django.contrib.auth import get_user_model
from django.db import router
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from core.deletion import deletion_plan
from evaluations.models import Evaluation
from missions.models import Mission
from partnerships.models import Contact, Organisation, Partnership
from portal.demo import DEMO_ACCOUNTS, demo_accounts_create
from projects.models import Programme, Project
from tests.portal.test_access_matrix import resolver_names

pytestmark = pytest.mark.django_db

# model -> (its delete page, the field its URL names it by)
DELETE_PAGES = {
    Partnership: ("partnerships:partnership-delete", "pk"),
    Organisation: ("partnerships:organisation-delete", "pk"),
    Contact: ("partnerships:contact-delete", "pk"),
    Programme: ("projects:programme-delete", "pk"),
    Project: ("projects:project-delete", "slug"),
    Mission: ("missions:mission-delete", "pk"),
    Evaluation: ("evaluations:evaluation-delete", "pk"),
    # a measurement has its delete page too, but the demo holds none
}
# Reading these would change the session the probe reads with, or reads no record.
NOT_READ = {
    "logout",
    "admin:logout",
    "set_language",
    "login",
    "admin:login",
    "health",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_complete",
    "admin:password_change",
    "admin:password_change_done",
    "reminder-update",
}


@pytest.fixture(autouse=True)
def no_pdf_rendering(pdf_stubs):
    """The PDFs are not rendered: stubs stand for the renderers, as in the matrix."""


def urls_without_arguments() -> list[str]:
    urls = []
    for name in sorted(resolver_names() - NOT_READ):
        try:
            urls.append(reverse(name))
        except NoReverseMatch:
            continue
    return urls


def reach(record) -> int:
    """How many other records deleting `record` deletes or unlinks; -1 when a
    protected record forbids it."""
    plan = deletion_plan(record)
    if plan.protected:
        return -1
    return sum(group.count for group in plan.deleted) + len(plan.unlinks)


def linked_records(record) -> set[tuple[type, object]]:
    """(model, pk) of every record linked to `record` or to what goes with it: the
    ones its foreign keys and many-to-many fields name, the ones that lose a link."""
    collector = NestedObjects(using=router.db_for_write(type(record)))
    collector.collect([record])
    found = set()
    for objs in collector.model_objs.values():
        for obj in objs:
            for field in obj._meta.concrete_fields:
                if field.many_to_one and getattr(obj, field.attname) is not None:
                    found.add((field.related_model, getattr(obj, field.attname)))
    for field in record._meta.many_to_many:
        target = field.related_model
        found |= {(target, pk) for pk in getattr(record, field.name).values_list("pk")}
    for unlink in deletion_plan(record).unlinks:
        found.add((type(unlink.record), unlink.record.pk))
    return {(model, pk[0] if isinstance(pk, tuple) else pk) for model, pk in found}


def pages_of(linked) -> list[str]:
    """The pages of the linked records that remain."""
    urls = set()
    for model, pk in linked:
        obj = model._base_manager.filter(pk=pk).first()
        if obj is None or not hasattr(obj, "get_absolute_url"):
            continue
        urls.add(obj.get_absolute_url())
        if isinstance(obj, Project):
            urls.add(reverse("projects:sheet", args=[obj.slug]))
            urls.add(reverse("missions:seminar-series", args=[obj.slug]))
    return sorted(urls)


def role_clients(settings) -> dict[str, Client]:
    """A client per demo account (the partner of Bignona, the Romanian-speaking
    partner of Argeș, the director, the coordinator, the administrator), and one
    nothing else."""
    settings.DEBUG = True  # the demo accounts are made in development only
    demo_accounts_create()
    settings.DEBUG = False
    users = get_user_model().objects.in_bulk(
        [account[0] for account in DEMO_ACCOUNTS], field_name="username"
    )
    clients = {}
    for username, user in sorted(users.items()):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients[username] = client
    return clients


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize("model", DELETE_PAGES, ids=lambda model: model.__name__)
def test_after_a_deletion_no_page_answers_500(model, settings, request):
    candidates = list(model.objects.all())
    assert candidates, f"the demo has no {model.__name__}"
    record = max(candidates, key=reach)
    assert reach(record) >= 0, f"every {model.__name__} of the demo is protected"
    linked = linked_records(record)
    clients = role_clients(settings)
    name, field = DELETE_PAGES[model]

    response = clients["coordinateur"].post(
        reverse(name, args=[getattr(record, field)])
    )

    assert response.status_code == 302
    assert not model.objects.filter(pk=record.pk).exists()
    portal_urls = urls_without_arguments()
    admin = reverse("admin:index")
    linked_pages = [
        *pages_of(linked),
        reverse("search") + "?" + urlencode({"q": str(record)[:40]}),
    ]
    failures = []
    requests = 0
    for username, client in clients.items():
        staff = username == "admin"
        for url in portal_urls + linked_pages:
            if url.startswith(admin) and (not staff or url.endswith("/add/")):
                continue
            response = client.get(url)
            requests += 1
            if response.status_code >= 500:
                failures.append((username, url, repr(response.exc_info[1])))
    assert failures == []
    assert len(portal_urls) > 60 and len(linked_pages) > 1
    request.node.user_properties += [
        ("deleted", f"{model.__name__} « {record} »"),
        ("urls without arguments", len(portal_urls)),
        ("linked pages", len(linked_pages)),
        ("requests", requests),
    ]
