from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The roof: the dashboard, roles and their groups, the demo data. It may import
    every app; none imports it."""

    name = "portal"
    label = "portal"
    verbose_name = _("Portail")
