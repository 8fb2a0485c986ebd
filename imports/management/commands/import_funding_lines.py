from imports.management.import_command import ImportCommand
from imports.models import ImportRecord


class Command(ImportCommand):
    help = (
        "Importe les lignes de financement d'un tableur (.xlsx, .ods, .csv) : affiche "
        "ce que l'import ferait ; --commit l'écrit, tout ou rien. Code de sortie non "
        "nul dès qu'une ligne est refusée (rien n'est alors écrit)."
    )
    kind = ImportRecord.Kind.FUNDING_LINES
