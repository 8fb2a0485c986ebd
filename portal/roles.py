"""The four roles of the portal, as Django groups, and what each may do.

The groups and their permissions are created by a migration (`portal/migrations`), so
every installation has them; the same function can be run again after a model gains a
permission.
"""

from core.roles import ADMINISTRATOR, COORDINATOR, DIRECTOR, PARTNER

DOMAIN_APPS = ["partnerships", "projects", "missions", "evaluations", "imports"]

# Reference lists and accounts are the administrators' business.
REFERENCE_MODELS = {"theme", "recommendationcategory", "sustainabledevelopmentgoal"}
ACCOUNT_MODELS = {"organisationmembership"}
# Imports are the administrators' business: the permission, and the records of imports.
IMPORT_PERMISSIONS = {"import_fundingline"}
# A partner account reads the partnerships, projects, missions and evaluations that
# involve its organisations (and their rows), nothing else: no directory of
# organisations or contacts, no reference lists.
PARTNER_READABLE_MODELS = {
    "partnership",
    "partnershipevent",
    "agreement",
    "programme",
    "programmeaxis",
    "project",
    "projectrecommendation",
    "keyfigure",
    "fundingline",
    "costtable",
    "costline",
    "crossviewrow",
    "quote",
    "mission",
    "participant",
    "missionday",
    "missionstep",
    "budgetline",
    "evaluation",
    "evaluativequestion",
    "indicator",
    "measurement",
}
IMPORT_MODELS = {"importrecord"}


def role_permissions(Permission) -> dict[str, list]:
    """The permissions of each role, read from the permissions that exist."""
    # History is read through the record it belongs to: no permission on shadow tables.
    domain = Permission.objects.filter(content_type__app_label__in=DOMAIN_APPS).exclude(
        content_type__model__startswith="historical"
    )
    views = domain.filter(codename__startswith="view_").exclude(
        content_type__model__in=IMPORT_MODELS
    )
    coordinator = (
        domain.exclude(codename__in=IMPORT_PERMISSIONS).exclude(
            content_type__model__in=REFERENCE_MODELS | ACCOUNT_MODELS | IMPORT_MODELS
        )
        | views
    )
    administrator = domain | Permission.objects.filter(
        content_type__app_label="auth", content_type__model__in=["user", "group"]
    )
    partner = views.filter(
        content_type__model__in=PARTNER_READABLE_MODELS
    ) | domain.filter(codename="write_report")
    return {
        COORDINATOR: list(coordinator.distinct()),
        DIRECTOR: list(views.distinct()),
        ADMINISTRATOR: list(administrator.distinct()),
        PARTNER: list(partner.distinct()),
    }


def groups_sync(apps) -> None:
    """Create the four groups and give each exactly its permissions."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # In a migration the app configs carry no models module, and create_permissions
        # skips those: pretend for the call, then put back what was there.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permissions in role_permissions(Permission).items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)
