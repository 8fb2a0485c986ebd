from django.core.management.base import BaseCommand
from django.utils import timezone

from portal.digest import digests_send, next_digest_time, weekly_digests


class Command(BaseCommand):
    help = (
        "Envoie le récapitulatif hebdomadaire des rappels à chaque compte qui le "
        "reçoit (rien deux fois la même semaine). --schedule le confie plutôt aux "
        "processus de travail, qui l'enverront chaque semaine."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Programme l'envoi hebdomadaire par les processus de travail.",
        )

    def handle(self, *args, schedule=False, **options):
        if schedule:
            moment = next_digest_time(timezone.now())
            weekly_digests.using(run_after=moment).enqueue()
            self.stdout.write(f"Prochain envoi programmé : {moment:%d/%m/%Y %H:%M}.")
            return
        count = digests_send()
        self.stdout.write(f"{count} récapitulatif(s) envoyé(s).")
