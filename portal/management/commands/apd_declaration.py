from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.money import format_money
from partnerships.models import Organisation
from portal.apd import apd_declaration, apd_declaration_xlsx


class Command(BaseCommand):
    help = (
        "Prepare the yearly APD declaration (déclaration e-APD) of the payments made "
        "in YEAR: print it, and write it as a spreadsheet in the form's order."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--xlsx", help="write the spreadsheet to this file")
        parser.add_argument(
            "--authority", type=int, help="id of the declaring French authority"
        )

    def handle(self, *args, year, xlsx=None, authority=None, **options):
        declaring = None
        if authority is not None:
            declaring = Organisation.objects.filter(pk=authority).first()
            if declaring is None:
                raise CommandError(f"No organisation {authority}.")
        declaration = apd_declaration(year=year, authority=declaring)
        for row in declaration.rows:
            self.stdout.write(
                f"{row.country_name}\t{row.partner.name}\t{row.project.title}\t"
                f"{row.kind_label}\t{row.sector_code}\t{format_money(row.own_funds)}\t"
                f"{format_money(row.co_funding)}"
            )
        for row in declaration.not_eligible:
            self.stdout.write(
                f"{row.country_name or '-'}\t{row.partner.name}\t{row.project.title}\t"
                f"{format_money(row.own_funds)}\t« {row.reason} »"
            )
        self.stdout.write(
            f"Total {year}: {format_money(declaration.own_funds)} "
            f"+ {format_money(declaration.co_funding)} ({len(declaration.rows)})"
        )
        if xlsx:
            Path(xlsx).write_bytes(apd_declaration_xlsx(declaration))
            self.stdout.write(f"Written: {xlsx}")
