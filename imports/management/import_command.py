"""What the import commands share: read a file, print the report, write only when
asked and only when no row is refused."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from imports.models import ImportRecord
from imports.services import (
    ImportReport,
    Outcome,
    SpreadsheetError,
    import_commit,
    import_run,
)


class ImportCommand(BaseCommand):
    kind: str = ""

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=_("Fichier .xlsx, .ods ou .csv."))
        parser.add_argument(
            "--commit",
            action="store_true",
            help=_("Écrire (sans cette option, l'import est seulement simulé)."),
        )
        parser.add_argument(
            "--user",
            help=_("Compte auquel attribuer les modifications dans l'historique."),
        )

    def handle(self, *args, file: Path, commit: bool, user: str | None, **options):
        account = self.account(user)
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file} : {error.strerror}") from error
        try:
            if commit:
                report = import_commit(
                    kind=self.kind,
                    data=data,
                    file_name=file.name,
                    user=account,
                    channel=ImportRecord.Channel.COMMAND,
                )
            else:
                report = import_run(
                    kind=self.kind,
                    data=data,
                    user=account,
                    dry_run=True,
                    file_name=file.name,
                )
        except SpreadsheetError as error:
            raise CommandError(f"{file.name} : {error}") from error
        self.print_report(report, verbosity=options["verbosity"])
        if report.has_errors:
            raise CommandError(_("Rien n'a été écrit : des lignes sont refusées."))
        if report.committed:
            self.stdout.write(self.style.SUCCESS(_("Import écrit.")))
        else:
            self.stdout.write(
                _("Simulation : rien n'a été écrit (--commit pour écrire).")
            )

    def account(self, username: str | None):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("Compte inconnu : %(name)s") % {"name": username})
        return user

    def print_report(self, report: ImportReport, *, verbosity: int) -> None:
        self.stdout.write(report.summary())
        if report.ignored_headers:
            self.stdout.write(
                _("Colonnes ignorées : %(columns)s")
                % {"columns": ", ".join(report.ignored_headers)}
            )
        for reference in report.new_references:
            self.stdout.write(_("Nouveau : %(name)s") % {"name": reference})
        for row in report.rows:
            if row.refused:
                for error in row.errors:
                    self.stderr.write(str(error))
            elif verbosity > 1 and row.outcome != Outcome.UNCHANGED:
                details = "; ".join(row.changes)
                self.stdout.write(
                    _("Ligne %(line)s : %(outcome)s")
                    % {"line": row.line, "outcome": row.get_outcome_display().lower()}
                    + (f" ({details})" if details else "")
                )
