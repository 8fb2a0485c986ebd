from decimal import Decimal

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from core.autocomplete import AutocompleteSelect, AutocompleteSelectMultiple
from core.forms import (
    DATE_INPUT,
    SHORT_TEXT,
    AmountField,
    PartnerMarkedRowForm,
    RowFormSet,
    VersionedModelForm,
)
from partnerships.forms import ORGANISATIONS

from .models import BudgetLine, Mission, MissionDay, MissionStep, Participant


class MissionForm(VersionedModelForm):
    class Meta:
        model = Mission
        fields = [
            "title",
            "kind",
            "project",
            "partnership",
            "origin",
            "destination",
            "start_date",
            "end_date",
            "period_note",
            "place",
            "objectives",
            "expected_participants",
            "organiser",
            "participating_authorities",
            "other_participants",
            "themes_note",
            "testimonies_note",
            "budget_currency",
        ]
        widgets = {
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
            # the large selects by autocomplete (100,000 projects, thousands of
            # organisations): the page holds the chosen records only
            "project": AutocompleteSelect("projects:project-choices"),
            "partnership": AutocompleteSelect("partnerships:partnership-choices"),
            "origin": AutocompleteSelect(ORGANISATIONS),
            "destination": AutocompleteSelect(ORGANISATIONS),
            "organiser": AutocompleteSelect(ORGANISATIONS),
            "participating_authorities": AutocompleteSelectMultiple(ORGANISATIONS),
            "other_participants": forms.Textarea(attrs={"rows": 3}),
            "themes_note": forms.Textarea(attrs={"rows": 3}),
            "testimonies_note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "objectives": _("Texte en Markdown : « - » pour une puce, **gras**."),
            "organiser": _("Pour un séminaire : la collectivité qui l'organise."),
            "budget_currency": _("Code ISO : EUR, RON, XOF…"),
        }


class MissionStepsForm(VersionedModelForm):
    """Only the version of the mission: its steps are the formset beside it."""

    class Meta:
        model = Mission
        fields = []


class MissionReportForm(forms.Form):
    report = forms.CharField(
        label=_("Compte rendu"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "Texte en Markdown : « ### » pour un intertitre, « - » pour une puce."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class BudgetLineForm(PartnerMarkedRowForm):
    """An empty amount is zero: the budget template of the report of the 2009
    preparatory seminar is filled in bit by bit."""

    cash_amount = AmountField(label=_("Numéraire"), required=False)
    in_kind_amount = AmountField(label=_("Valorisation"), required=False)
    # the financial report, after the event: empty until reported
    actual_cash_amount = AmountField(label=_("Numéraire réalisé"), required=False)
    actual_in_kind_amount = AmountField(
        label=_("Valorisation réalisée"), required=False
    )

    partner_marks = {
        "source": ["side", "label", "cash_amount", "in_kind_amount", "note"],
        "actual_source": ["actual_cash_amount", "actual_in_kind_amount"],
    }

    class Meta:
        model = BudgetLine
        fields = [
            "side",
            "label",
            "cash_amount",
            "in_kind_amount",
            "note",
            "actual_cash_amount",
            "actual_in_kind_amount",
        ]
        widgets = {"note": SHORT_TEXT, "label": SHORT_TEXT}

    def clean_cash_amount(self):
        return self.cleaned_data["cash_amount"] or Decimal(0)

    def clean_in_kind_amount(self):
        return self.cleaned_data["in_kind_amount"] or Decimal(0)


def mission_rows(model, fields=None, form=forms.ModelForm, widgets=None):
    # widgets=None keeps those of the form's Meta (an empty dict would drop them)
    return inlineformset_factory(
        Mission,
        model,
        form=form,
        formset=RowFormSet,
        fields=fields,
        widgets=widgets,
        extra=0,
    )


ParticipantFormSet = mission_rows(
    Participant, ["full_name", "organisation", "category"], form=PartnerMarkedRowForm
)
MissionDayFormSet = mission_rows(
    MissionDay,
    ["date", "title", "description"],
    form=PartnerMarkedRowForm,
    widgets={"date": DATE_INPUT, "description": SHORT_TEXT},
)
MissionStepFormSet = mission_rows(
    MissionStep,
    ["phase", "kind", "title", "state", "due_date", "document"],
    widgets={"due_date": DATE_INPUT},
)
BudgetLineFormSet = mission_rows(BudgetLine, form=BudgetLineForm)
