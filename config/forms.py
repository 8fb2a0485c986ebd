from decimal import Decimal

from django import forms
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
