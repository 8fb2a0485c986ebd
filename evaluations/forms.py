from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from core.autocomplete import AutocompleteSelect
from core.forms import (
    DATE_INPUT,
    SHORT_TEXT,
    AmountField,
    RowFormSet,
    VersionedModelForm,
)
from partnerships.models import Organisation

from .models import Evaluation, EvaluativeQuestion, Indicator, Measurement


class QuantityField(AmountField):
    """A value of an indicator, typed the French way (`12,5`) or the English way."""

    default_error_messages = {
        "invalid": _("Nombre illisible : écrivez par exemple 12,5."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", None)
        super().__init__(**kwargs)
        self.widget.attrs["class"] = "amount"


class EvaluationForm(VersionedModelForm):
    class Meta:
        model = Evaluation
        fields = [
            "project",
            "title",
            "purpose",
            "start_date",
            "end_date",
            "evaluators",
            "status",
            "summary",
        ]
        widgets = {
            "project": AutocompleteSelect("projects:project-choices"),
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
        }
        help_texts = {
            "purpose": _("Ce que l'on souhaite évaluer, et pourquoi (Markdown)."),
            "summary": _(
                "La synthèse montrée sur la page du projet et sur sa fiche (Markdown)."
            ),
        }


QuestionFormSet = inlineformset_factory(
    Evaluation,
    EvaluativeQuestion,
    formset=RowFormSet,
    fields=["text"],
    widgets={"text": SHORT_TEXT},
    extra=0,
)


class QuestionForm(forms.ModelForm):
    """A question with its indicators beside it (a formset). It carries the version
    of the evaluation: the grid is saved as one record (see question_save)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = EvaluativeQuestion
        fields = ["text"]
        widgets = {"text": SHORT_TEXT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.evaluation.version


class IndicatorForm(forms.ModelForm):
    baseline = QuantityField(label=_("Valeur de départ"), required=False)
    target = QuantityField(label=_("Cible"), required=False)

    class Meta:
        model = Indicator
        fields = ["name", "unit", "baseline", "target"]
        widgets = {"name": SHORT_TEXT}


IndicatorFormSet = inlineformset_factory(
    EvaluativeQuestion, Indicator, form=IndicatorForm, formset=RowFormSet, extra=0
)


class TerritoryChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, sides: dict[int, str], **kwargs):
        self.sides = sides
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        side = self.sides.get(obj.pk)
        return f"{obj} ({Measurement.Side(side).label})" if side else str(obj)


class MeasurementForm(forms.Form):
    """A value of an indicator at a date, on one side; the territory, when given, is
    one of the evaluated project's (the service checks its side)."""

    date = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    side = forms.ChoiceField(label=_("Côté"), choices=Measurement.Side.choices)
    value = QuantityField(label=_("Valeur"))
    comment = forms.CharField(
        label=_("Commentaire"),
        required=False,
        widget=SHORT_TEXT,
    )

    def __init__(self, *args, evaluation: Evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        sides = evaluation.territory_sides()
        self.fields["territory"] = TerritoryChoiceField(
            label=_("Territoire"),
            queryset=Organisation.objects.filter(pk__in=sides).order_by("name"),
            required=False,
            sides=sides,
            help_text=_("Facultatif : une collectivité du projet, du côté choisi."),
        )
        self.order_fields(["date", "side", "territory", "value", "comment"])
