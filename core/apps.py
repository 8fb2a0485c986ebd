from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app stands on: versioned records and their locking, generic views,
    forms, money, Markdown, history, spreadsheets, exports, template tags. It imports
    none of the domain apps."""

    name = "core"
    verbose_name = _("Socle")

    def ready(self):
        from django.db.backends.signals import connection_created

        from .search import register_sqlite_fold

        connection_created.connect(register_sqlite_fold)
        from django.contrib.auth.signals import user_logged_in

        from .middleware import session_stamp

        user_logged_in.connect(session_stamp, dispatch_uid="core.session_stamp")
        from .files import files_follow_records

        files_follow_records()
