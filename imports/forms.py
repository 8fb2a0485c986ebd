"""The form of the portal's spreadsheet import."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ImportRecord


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Contenu du fichier"),
        choices=ImportRecord.Kind.choices,
        initial=ImportRecord.Kind.FUNDING_LINES,
        widget=forms.RadioSelect,
    )
    # An empty or oversized file is refused by the import service, which records it.
    file = forms.FileField(
        label=_("Fichier"),
        allow_empty_file=True,
        help_text=_(
            "Tableur .xlsx, .ods ou .csv (séparateur virgule ou point-virgule)."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.ods,.csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,"
                "application/vnd.oasis.opendocument.spreadsheet,text/csv"
            }
        ),
    )
