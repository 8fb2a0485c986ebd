from django.conf import settings
from django.core.management.base import BaseCommand

from portal.models import DemoAccount


class Command(BaseCommand):
    help = (
        "Signale les comptes de démonstration présents dans la base (`make serve` "
        "l'appelle) : sans DEBUG ils sont refusés à la connexion, mais mieux vaut "
        "les supprimer."
    )

    def handle(self, *args, **options):
        usernames = sorted(DemoAccount.objects.values_list("user__username", flat=True))
        if not usernames:
            self.stdout.write("Aucun compte de démonstration.")
            return
        state = "refusés à la connexion" if not settings.DEBUG else "ACTIFS (DEBUG)"
        self.stderr.write(
            self.style.WARNING(
                f"Attention : {len(usernames)} compte(s) de démonstration dans la "
                f"base ({', '.join(usernames)}), {state}. Supprimez-les dans "
                "l'administration avant une mise en service."
            )
        )
