"""Load the demo data set built from the source documents (`fixtures/demo/`).

The loader is idempotent: every record is found by its natural key (an organisation by
its name, a project by its slug, a row by its position) and written only when something
differs, so a second run writes nothing, duplicates nothing and adds no history entry.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from core import roles
from partnerships.models import Organisation, OrganisationMembership
from projects.totals import funding_totals_deferred

from ..models import AccountPreferences, DemoAccount
from .base import DemoReport
from .evaluations import EvaluationsLoader
from .missions import MissionsLoader
from .partnerships import PartnershipsLoader
from .projects import ProjectsLoader

DEMO_DIR = settings.BASE_DIR / "fixtures" / "demo"
DEMO_PASSWORD = "demo"
DEMO_ACCOUNTS = [
    # username, group, staff, organisations the account is attached to, the
    # interface language it chose ("": French, or the header's switch)
    ("admin", roles.ADMINISTRATOR, True, [], ""),
    ("coordinateur", roles.COORDINATOR, False, [], ""),
    ("directeur", roles.DIRECTOR, False, [], ""),
    ("partenaire", roles.PARTNER, False, ["Département de Bignona"], ""),
    ("partenaire-arges", roles.PARTNER, False, ["Judet d'Argeș"], "ro"),
]


class DemoLoader(PartnershipsLoader, ProjectsLoader, MissionsLoader, EvaluationsLoader):
    """Reads every file of the demo directory and writes what differs, app by app."""

    def load(self) -> DemoReport:
        project_files = sorted((self.directory / "projects").glob("*.yaml"))
        partnerships = self.read("partnerships.yaml")
        missions = self.read("missions.yaml")
        evaluations = self.read("evaluations.yaml")
        projects = [
            self.read(str(path.relative_to(self.directory))) for path in project_files
        ]
        self.load_organisations([partnerships, missions, evaluations, *projects])
        self.load_partnerships(partnerships)
        for project in projects:
            self.load_project(project)
        self.load_missions(missions)
        self.load_evaluations(evaluations)
        return self.report


@transaction.atomic
def demo_load(*, directory: Path = DEMO_DIR) -> DemoReport:
    """Load the demo data set; all or nothing, and a second run writes nothing. The
    dashboard's totals are recomputed once per project written, at the end."""
    with funding_totals_deferred():
        return DemoLoader(directory).load()


@transaction.atomic
def demo_accounts_create() -> list[tuple[str, str, str]]:
    """Create the demo accounts (password `demo`); never with DEBUG off.

    Returns (username, password, role) for each account, to be printed."""
    if not settings.DEBUG:
        raise PermissionError(
            "Les comptes de démonstration ne sont créés qu'en développement "
            "(DEBUG activé)."
        )
    User = get_user_model()
    accounts = []
    for username, group_name, staff, organisation_names, language in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(username=username)
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
        user.is_staff = staff
        user.save()
        user.groups.set([Group.objects.get(name=group_name)])
        DemoAccount.objects.get_or_create(user=user)  # refused at login without DEBUG
        AccountPreferences.objects.update_or_create(
            user=user, defaults={"language": language}
        )
        for name in organisation_names:
            OrganisationMembership.objects.get_or_create(
                user=user, organisation=Organisation.objects.get(name=name)
            )
        accounts.append((username, DEMO_PASSWORD, str(roles.ROLES[group_name])))
    return accounts
