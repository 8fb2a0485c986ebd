"""The names of the four roles (Django groups). What each may do is set by the portal
app (portal/roles.py); who sees which records, by core/access.py."""

from django.utils.translation import gettext_lazy as _

COORDINATOR = "coordinateur"
DIRECTOR = "directeur"
ADMINISTRATOR = "administrateur"
PARTNER = "partenaire"

ROLES = {
    COORDINATOR: _("Coordinateur"),
    DIRECTOR: _("Directeur"),
    ADMINISTRATOR: _("Administrateur"),
    PARTNER: _("Partenaire"),
}
