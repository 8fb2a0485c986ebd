from django import forms
from django.forms import inlineformset_factory
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.autocomplete import AutocompleteSelect, AutocompleteSelectMultiple
from core.forms import (
    DATE_INPUT,
    SHORT_TEXT,
    AmountField,
    PartnerMarkedRowForm,
    RowFormSet,
    ScopedFileInput,
    VersionedModelForm,
)

from .funding import split_error, year_outside_message, years_outside
from .models import (
    CostLine,
    CostTable,
    CrossViewRow,
    FundingLine,
    FundingLineYear,
    KeyFigure,
    Payment,
    PrintedName,
    Programme,
    ProgrammeAxis,
    Project,
    ProjectContact,
    ProjectPhoto,
    ProjectRecommendation,
    Quote,
)
from .models.funding import FUNDING_LINE_FIELDS, PERIOD_END_BEFORE_START
from .models.projects import KEY_FIGURES_ON_SHEET, PLACEABLE_TEXTS


class ProjectForm(VersionedModelForm):
    # the long texts the pages render as Markdown: each gets a preview button
    markdown_fields = (*PLACEABLE_TEXTS, "resources")
    funding_printed_total = AmountField(
        label=_("Total imprimé dans la source"),
        required=False,
        help_text=_(
            "Seulement si un document source imprime un total ; le total affiché "
            "est toujours la somme des lignes."
        ),
    )

    class Meta:
        model = Project
        fields = [
            "title",
            "aliases",
            "slug",
            "lead",
            "status",
            "carrier",
            "co_carriers",
            "partners",
            "partnerships",
            "programme",
            "start_year",
            "end_year",
            "themes",
            "sdgs",
            "action_kind",
            "sector_code",
            "pilot_rationale",
            "genesis",
            "objectives",
            "actors",
            "funding_printed_total",
            "focus_title",
            "focus_body",
            "cross_view_french_label",
            "cross_view_partner_label",
            "partners_view_title",
            "partners_view_body",
            "resources",
            "photo_credits",
        ]
        widgets = {
            "lead": SHORT_TEXT,
            "aliases": SHORT_TEXT,
            "themes": forms.CheckboxSelectMultiple,
            "sdgs": forms.CheckboxSelectMultiple,
            # the organisations, partnerships and programmes on record: chosen by
            # autocomplete (core.autocomplete), the page renders only those chosen
            "carrier": AutocompleteSelect("partnerships:organisation-choices"),
            "co_carriers": AutocompleteSelectMultiple(
                "partnerships:organisation-choices"
            ),
            "partners": AutocompleteSelectMultiple("partnerships:organisation-choices"),
            "partnerships": AutocompleteSelectMultiple(
                "partnerships:partnership-choices"
            ),
            "programme": AutocompleteSelect("projects:programme-choices"),
        }
        help_texts = {
            "pilot_rationale": _("Texte en Markdown : « - » pour une puce, **gras**."),
            "focus_body": _(
                "Texte en Markdown : « ### » pour un intertitre. Une ligne "
                "« [[regard-croisé]] » place là les tableaux du regard croisé "
                "(« [[regard-croisé 2]] » le deuxième seulement), une ligne "
                "« [[citation 1]] » la première citation ; sans elles, ils suivent "
                "le texte."
            ),
        }


class FundingLineForm(forms.ModelForm):
    amount = AmountField(label=_("Montant"), required=False)

    class Meta:
        model = FundingLine
        fields = list(FUNDING_LINE_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # a post written before these fields existed (a script, an old page) keeps
        # what a line meant then: cash, obtained
        self.fields["nature"].required = False
        self.fields["status"].required = False

    def clean_nature(self):
        return self.cleaned_data["nature"] or FundingLine.Nature.CASH

    def clean_status(self):
        return self.cleaned_data["status"] or FundingLine.Status.SECURED

    def clean(self):
        cleaned = super().clean()
        amount, status = cleaned.get("amount"), cleaned.get("status")
        not_assessable = status == FundingLine.Status.NOT_ASSESSABLE
        if "amount" not in self.errors and status:
            if not_assessable and amount is not None:
                self.add_error(
                    "amount",
                    _("Une ligne « non évaluable » n'a pas de montant : videz-le."),
                )
            elif not not_assessable and amount is None:
                self.add_error(
                    "amount",
                    _(
                        "Indiquez le montant, ou choisissez le statut « non "
                        "évaluable »."
                    ),
                )
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", PERIOD_END_BEFORE_START)
        if (
            {"period_start", "period_end"} & set(self.changed_data)
            and "period_end" not in self.errors
            and self.instance.pk
        ):
            split = self.instance.years.values_list("year", flat=True)
            outside = years_outside(split, start, end)
            if outside:
                self.add_error(
                    "period_start"
                    if start and outside[0] < start.year
                    else "period_end",
                    year_outside_message(outside[0]),
                )
        if (
            "amount" in self.changed_data
            and "amount" not in self.errors
            and self.instance.pk
            and self.instance.years.exists()
        ):
            self.add_error(
                "amount",
                _(
                    "Cette ligne est répartie par année : changez son montant avec "
                    "sa répartition (« Répartir par année »)."
                ),
            )
        return cleaned


class FundingLineYearForm(forms.ModelForm):
    amount = AmountField(label=_("Montant"))

    class Meta:
        model = FundingLineYear
        fields = ["year", "amount"]


class FundingLineYearRows(RowFormSet):
    """The parts of a line per calendar year: they add up to the line's amount, and
    each year lies in the line's period when it has one."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        line = self.instance
        parts = [
            (form.cleaned_data["year"], form.cleaned_data["amount"])
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        error = split_error(line, parts)
        if error:
            raise forms.ValidationError(error)


class FundingLineRowsForm(forms.ModelForm):
    """A funding line on a page of its rows (its split by year, its payments): it
    carries the version of its project, which guards the save; the line itself is
    read, not changed, here."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = FundingLine
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.project.version

    def save(self, commit=True):
        return self.instance  # the line itself is not changed here: its rows are


class CostLineForm(forms.ModelForm):
    amount = AmountField(label=_("Coût"), required=False)

    class Meta:
        model = CostLine
        fields = ["label", "amount"]


class CostTableLinesForm(forms.ModelForm):
    """The caption of a cost table, on the page of its lines; it carries the version
    of the project, which guards the save."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CostTable
        fields = ["caption"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.project.version


class CostTableForm(forms.ModelForm):
    printed_total = AmountField(label=_("Total imprimé dans la source"), required=False)

    class Meta:
        model = CostTable
        fields = ["caption", "printed_total", "currency"]


def row_formset(model, fields, form=forms.ModelForm, widgets=None):
    return inlineformset_factory(
        Project,
        model,
        form=form,
        formset=RowFormSet,
        fields=fields,
        widgets=widgets or {},
        extra=0,
    )


class KeyFigureRows(RowFormSet):
    shown_first = KEY_FIGURES_ON_SHEET
    shown_first_label = format_lazy(
        _(
            "Les {count} premiers chiffres (marqués « Sur la fiche ») figurent sur la "
            "fiche de capitalisation, dans cet ordre ; les suivants, sur la page du "
            "projet seulement."
        ),
        count=KEY_FIGURES_ON_SHEET,
    )


KeyFigureFormSet = inlineformset_factory(
    Project, KeyFigure, formset=KeyFigureRows, fields=["value", "label"], extra=0
)
RecommendationFormSet = row_formset(
    ProjectRecommendation,
    ["category", "intro", "points"],
    widgets={"intro": SHORT_TEXT, "points": forms.Textarea(attrs={"rows": 3})},
)
# The organisations of a row (its funder, the body a name is printed for) are chosen
# by autocomplete, as in the project form: the rows render only the chosen one, not
# every organisation on record in each row and in the empty row of "Ajouter une
# ligne". Set on the formsets, not on FundingLineForm, which the admin and the API
# also use without the portal's JavaScript.
ROW_ORGANISATION = AutocompleteSelect("partnerships:organisation-choices")

FundingLineFormSet = row_formset(
    FundingLine,
    None,
    form=FundingLineForm,
    widgets={
        "funder": ROW_ORGANISATION,
        "period_start": DATE_INPUT,
        "period_end": DATE_INPUT,
    },
)
CostTableFormSet = row_formset(CostTable, None, form=CostTableForm)


class CrossViewRowForm(PartnerMarkedRowForm):
    partner_marks = {"partner_side_source": ["partner_side"]}


CrossViewRowFormSet = row_formset(
    CrossViewRow,
    ["group", "theme", "french_side", "partner_side"],
    form=CrossViewRowForm,
    widgets={"french_side": SHORT_TEXT, "partner_side": SHORT_TEXT},
)
QuoteFormSet = row_formset(
    Quote, ["text", "author", "role"], widgets={"text": SHORT_TEXT}
)
ProjectContactFormSet = row_formset(ProjectContact, ["contact"])
PrintedNameFormSet = row_formset(
    PrintedName, ["organisation", "name"], widgets={"organisation": ROW_ORGANISATION}
)


class ProjectPhotoForm(forms.ModelForm):
    """A photo row: its stored image links to its scoped file view."""

    class Meta:
        model = ProjectPhoto
        fields = ["image", "caption", "credit", "on_sheet"]
        widgets = {"image": ScopedFileInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["image"].widget.file_url = reverse(
                "projects:photo-file", args=[self.instance.pk]
            )


ProjectPhotoFormSet = row_formset(
    ProjectPhoto,
    ProjectPhotoForm.Meta.fields,
    form=ProjectPhotoForm,
    widgets=ProjectPhotoForm.Meta.widgets,
)


class ProjectPhotosForm(VersionedModelForm):
    """The photos page of a project: its rows only, guarded by the project's
    version."""

    class Meta:
        model = Project
        fields = []


CostLineFormSet = inlineformset_factory(CostTable, CostLine, form=CostLineForm, extra=0)


class PaymentForm(forms.ModelForm):
    amount = AmountField(label=_("Montant versé"))

    class Meta:
        model = Payment
        fields = ["paid_on", "amount", "payer", "payee", "purpose", "receipt"]
        widgets = {"paid_on": DATE_INPUT}


PaymentFormSet = inlineformset_factory(
    FundingLine, Payment, form=PaymentForm, formset=RowFormSet, extra=0
)

FundingLineYearFormSet = inlineformset_factory(
    FundingLine,
    FundingLineYear,
    form=FundingLineYearForm,
    formset=FundingLineYearRows,
    extra=0,
)


class ProgrammeForm(VersionedModelForm):
    class Meta:
        model = Programme
        fields = ["partnership", "title", "start_year", "end_year", "orientation"]
        widgets = {
            "partnership": AutocompleteSelect("partnerships:partnership-choices")
        }


ProgrammeAxisFormSet = inlineformset_factory(
    Programme,
    ProgrammeAxis,
    formset=RowFormSet,
    fields=["kind", "title", "items"],
    widgets={"items": forms.Textarea(attrs={"rows": 3})},
    extra=0,
)
