from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.demo import demo_accounts_create, demo_load


class Command(BaseCommand):
    help = (
        "Charge les données de démonstration tirées des documents sources (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-accounts",
            action="store_true",
            help="Ne crée pas les comptes de démonstration.",
        )

    def handle(self, *args, no_accounts=False, **options):
        report = demo_load()
        if report.changed:
            for label, count in sorted(report.created.items()):
                self.stdout.write(f"  créé·es : {count} {label}")
            for label, count in sorted(report.updated.items()):
                self.stdout.write(f"  mis à jour : {count} {label}")
        else:
            self.stdout.write("Données de démonstration déjà à jour : rien à écrire.")
        if no_accounts:
            return
        if not settings.DEBUG:
            raise CommandError(
                "Comptes de démonstration refusés : DEBUG est désactivé (production)."
            )
        self.stdout.write(self.style.SUCCESS("\nComptes de démonstration :"))
        for username, password, role in demo_accounts_create():
            self.stdout.write(f"  {username:<17} mot de passe : {password:<6} ({role})")
