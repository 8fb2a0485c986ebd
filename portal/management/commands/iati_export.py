from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.iati import iati_activities_xml, iati_errors


class Command(BaseCommand):
    help = (
        "Write the IATI 2.03 activity file of the public projects (to standard "
        "output, or --output FILE), checked against the vendored 2.03 schema."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="write the file here")

    def handle(self, *args, output=None, **options):
        content = iati_activities_xml()
        errors = iati_errors(content)
        if errors:
            raise CommandError("Not valid IATI 2.03:\n" + "\n".join(errors[:20]))
        if output:
            Path(output).write_bytes(content)
            self.stdout.write(f"Written: {output}")
        else:
            self.stdout.write(content.decode(), ending="")
