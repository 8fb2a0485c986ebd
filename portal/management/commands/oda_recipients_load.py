from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.models import OdaRecipient, OdaRecipientList
from portal.oda import SHIPPED_LISTS, OdaListError, oda_lists_load


class Command(BaseCommand):
    help = (
        "Load an edition of the OECD DAC List of ODA Recipients (JSON, in the format "
        "of portal/data/oda_recipients.json); a list for the same years is replaced."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(SHIPPED_LISTS))

    def handle(self, *args, file, **options):
        try:
            lists = oda_lists_load(
                Path(file), list_model=OdaRecipientList, recipient_model=OdaRecipient
            )
        except OdaListError as error:
            raise CommandError(str(error)) from error
        for recipient_list in lists:
            self.stdout.write(
                f"{recipient_list.title}: {recipient_list.recipients.count()} "
                f"countries ({recipient_list.first_year}-{recipient_list.last_year})"
            )
