from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from imports.services import imports_purge_expired


class Command(BaseCommand):
    help = (
        "Supprime les fichiers des imports restés sans confirmation au-delà de leur "
        "délai (IMPORT_PENDING_HOURS) ; à lancer chaque jour (cron). Un nouveau dépôt "
        "le fait aussi."
    )

    def handle(self, *args, **options):
        count = imports_purge_expired()
        self.stdout.write(
            _("%(count)s import(s) expiré(s) purgé(s).") % {"count": count}
        )
