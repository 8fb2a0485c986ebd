from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    """Spreadsheet imports of funding lines and organisations: upload, preview,
    confirmation, and the record of every import."""

    name = "imports"
    verbose_name = _("Imports")
