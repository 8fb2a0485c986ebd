from decimal import Decimal

from django import forms
from django.forms.models import BaseInlineFormSet, ModelChoiceField
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .money import format_amount, parse_amount

# The widgets the forms of every app share.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SHORT_TEXT = forms.Textarea(attrs={"rows": 2})
ORDER_INPUT = forms.NumberInput(attrs={"class": "order"})


class AmountInput(forms.TextInput):
    """Shows an amount the way people write it in the active language: 22 124,13."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            return format_amount(value)
        return super().format_value(value)


class AmountField(forms.DecimalField):
    """A money amount typed the French way (`22 124,13`) or the English way
    (`22,124.13`); both are understood."""

    default_error_messages = {
        "invalid": _("Montant illisible : écrivez par exemple 22 124,13."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal(0))
        super().__init__(**kwargs)
        self.widget = AmountInput(attrs={"inputmode": "decimal", "class": "amount"})
        self.error_messages["min_value"] = _("Un montant ne peut pas être négatif.")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_amount(value)
        except ValueError:
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid"
            ) from None


class VersionedModelForm(forms.ModelForm):
    """A ModelForm for a TrackedModel: carries the version the form was opened with,
    so that saving over someone else's change is refused (see record_update)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        use_fast_selects(self.fields)


class FastSelect(forms.Select):
    """A <select> rendered in Python, straight from its choices. Django builds a
    dictionary per <option> and renders it through a template, about 0.1 ms apiece;
    filter forms and formset rows carry hundreds of options."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        parts = []
        for group_value, group_label in self.choices:
            if isinstance(group_label, list | tuple):
                parts.append(
                    format_html(
                        '<optgroup label="{}">{}</optgroup>',
                        group_value,
                        self._options(group_label, selected),
                    )
                )
            else:
                parts.append(self._options([(group_value, group_label)], selected))
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe("".join(parts)),
        )

    @staticmethod
    def _options(choices, selected: set[str]) -> str:
        """The <option>s; only the first matching one is selected, as Django does."""
        rendered = []
        for value, label in choices:
            value = "" if value is None else str(value)
            chosen = value in selected
            if chosen:
                selected = set()
            rendered.append(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    value,
                    mark_safe(" selected") if chosen else "",
                    label,
                )
            )
        return mark_safe("".join(rendered))


def use_fast_selects(fields) -> None:
    """Swap the plain selects of a form's fields for FastSelect, keeping choices."""
    for field in fields.values():
        if type(field.widget) is forms.Select:
            fast = FastSelect(attrs=field.widget.attrs)
            fast.choices = field.widget.choices
            field.widget = fast


class RowFormSet(BaseInlineFormSet):
    """Inline rows whose select boxes read their choices once for the whole formset,
    not once per row (200 funding lines would otherwise cost 200 queries)."""

    def __init__(self, *args, **kwargs):
        self._shared_choices = {}
        super().__init__(*args, **kwargs)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        self._share_choices(form)
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        self._share_choices(form)
        return form

    def _share_choices(self, form):
        for name, field in form.fields.items():
            # the row's own id is a hidden ModelChoiceField: never list its choices
            if isinstance(field, ModelChoiceField) and not field.widget.is_hidden:
                if name not in self._shared_choices:
                    self._shared_choices[name] = list(field.choices)
                field.choices = self._shared_choices[name]
        use_fast_selects(form.fields)
