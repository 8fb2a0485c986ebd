from decimal import Decimal

from django import forms
from django.forms.models import BaseInlineFormSet, ModelChoiceField
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .money import format_amount, parse_amount


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
    """A <select> rendered in Python. Django renders each <option> through a template,
    about 0.1 ms apiece; filter forms and formset rows carry hundreds of options."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group_name, options, _index in widget["optgroups"]:
            rendered = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (
                        option["value"],
                        mark_safe(" selected") if option["selected"] else "",
                        option["label"],
                    )
                    for option in options
                ),
            )
            if group_name:
                rendered = format_html(
                    '<optgroup label="{}">{}</optgroup>', group_name, rendered
                )
            parts.append(rendered)
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(widget["attrs"]),
            mark_safe("".join(parts)),
        )


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
