from django.core.management.base import BaseCommand

from core.jobs import jobs_fail_stalled, jobs_purge_expired


class Command(BaseCommand):
    help = (
        "Marque en échec les traitements en arrière-plan dont le processus s'est "
        "arrêté, et supprime ceux dont le fichier a dépassé sa durée de garde "
        "(à lancer toutes les quelques minutes, par cron ou un minuteur systemd)."
    )

    def handle(self, *args, **options):
        stalled = jobs_fail_stalled()
        purged = jobs_purge_expired()
        self.stdout.write(
            f"{stalled} traitement(s) interrompu(s), {purged} supprimé(s)."
        )
