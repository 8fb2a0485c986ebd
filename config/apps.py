from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """Cross-cutting parts of the portal: roles, home page, shared template tags, demo
    data."""

    name = "config"
    label = "portal"
    verbose_name = _("Portail")
