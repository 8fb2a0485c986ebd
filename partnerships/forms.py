from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from core.autocomplete import AutocompleteSelect
from core.forms import DATE_INPUT, RowFormSet, VersionedModelForm

from .models import Agreement, Contact, Organisation, Partnership, PartnershipEvent

# the organisations of a record, by autocomplete: thousands on record, the page holds
# the chosen ones only
ORGANISATIONS = "partnerships:organisation-choices"


class OrganisationForm(VersionedModelForm):
    website = forms.URLField(label=_("site web"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "country", "website"]


class PartnershipForm(VersionedModelForm):
    class Meta:
        model = Partnership
        fields = [
            "french_authority",
            "partner",
            "operator",
            "slug",
            "start_year",
            "start_year_note",
            "status",
            "description",
        ]
        widgets = {
            "french_authority": AutocompleteSelect(ORGANISATIONS),
            "partner": AutocompleteSelect(ORGANISATIONS),
            "operator": AutocompleteSelect(ORGANISATIONS),
            "start_year_note": forms.Textarea(attrs={"rows": 3}),
        }


class ContactForm(VersionedModelForm):
    class Meta:
        model = Contact
        fields = ["full_name", "role", "organisation", "email", "phone"]
        widgets = {"organisation": AutocompleteSelect(ORGANISATIONS)}


EventFormSet = inlineformset_factory(
    Partnership,
    PartnershipEvent,
    formset=RowFormSet,
    fields=["year", "date", "title", "text"],
    widgets={"date": DATE_INPUT, "text": forms.Textarea(attrs={"rows": 2})},
    extra=0,
)

AgreementFormSet = inlineformset_factory(
    Partnership,
    Agreement,
    formset=RowFormSet,
    fields=["title", "signed_on", "start", "end", "renewal_due", "file"],
    widgets={
        "signed_on": DATE_INPUT,
        "start": DATE_INPUT,
        "end": DATE_INPUT,
        "renewal_due": DATE_INPUT,
    },
    extra=0,
)
