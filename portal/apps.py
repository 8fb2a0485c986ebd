from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from .roles import groups_sync


def roles_sync(sender, apps=global_apps, **kwargs) -> None:
    """After every migrate (and flush), each role holds exactly its permissions,
    those of models added since included (a new model needs no migration of its own
    for them)."""
    groups_sync(apps)


class PortalConfig(AppConfig):
    """The roof: the dashboard, roles and their groups, the demo data. It may import
    every app; none imports it."""

    name = "portal"
    label = "portal"
    verbose_name = _("Portail")

    def ready(self):
        post_migrate.connect(roles_sync, sender=self)
