"""Compare the dashboard's funding totals with a recomputation from the lines, or
rebuild them (after a bulk fill that wrote without the service, or to repair)."""

from django.core.management.base import BaseCommand, CommandError

from projects.totals import totals_check, totals_rebuild


class Command(BaseCommand):
    help = (
        "Recompute the funding totals of the dashboard from the funding lines and "
        "compare (--check, the default), or rebuild them (--rebuild)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true")

    def handle(self, *args, rebuild=False, **options):
        if rebuild:
            totals_rebuild()
        differences = totals_check()
        for key, (stored, expected) in sorted(differences.items()):
            self.stdout.write(f"{' '.join(key)}: {stored} ≠ {expected}")
        if differences:
            raise CommandError(
                f"{len(differences)} funding totals differ from the lines."
            )
        self.stdout.write("Funding totals match the lines.")
