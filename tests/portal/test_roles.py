import pytest
from django.contrib.auth.models import Group

from core import roles

pytestmark = pytest.mark.django_db


def perms(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def test_the_four_groups_arrive_with_the_migrations():
    assert set(Group.objects.values_list("name", flat=True)) == set(roles.ROLES)


def test_a_director_reads_everything_and_edits_nothing():
    director = perms(roles.DIRECTOR)

    assert "projects.view_project" in director
    assert "missions.view_budgetline" in director
    assert not {p for p in director if not p.split(".")[1].startswith("view_")}


def test_a_coordinator_edits_records_but_not_imports_accounts_or_reference_lists():
    coordinator = perms(roles.COORDINATOR)

    assert {"projects.change_project", "missions.add_mission"} <= coordinator
    assert "projects.import_fundingline" not in coordinator
    assert "partnerships.add_organisationmembership" not in coordinator
    assert "projects.change_theme" not in coordinator
    assert "projects.view_theme" in coordinator


def test_only_the_administrator_imports_and_manages_accounts():
    administrator = perms(roles.ADMINISTRATOR)

    assert {
        "projects.import_fundingline",
        "auth.add_user",
        "projects.change_theme",
    } <= (administrator)


def test_a_partner_reads_and_may_write_a_mission_report_only():
    partner = perms(roles.PARTNER)

    assert "missions.write_report" in partner
    assert "projects.view_project" in partner
    assert "missions.change_mission" not in partner


def test_every_model_of_the_apps_reaches_the_roles_after_migrate():
    """Models added after the roles' migrations (payments, photos, the split by
    year of a funding line) are in the groups too: without their permissions the
    administrators' admin hid them and the coordinators could not add them."""
    coordinator = perms(roles.COORDINATOR)
    administrator = perms(roles.ADMINISTRATOR)
    director = perms(roles.DIRECTOR)

    for model in ["payment", "projectphoto", "fundinglineyear"]:
        assert f"projects.add_{model}" in coordinator
        assert f"projects.change_{model}" in administrator
        assert f"projects.view_{model}" in director
