from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from core.autocomplete import AutocompleteSelect
from partnerships.selectors import french_authority_list

from .models import AccountPreferences, ApiToken, DemoAccount


class FundingAuthorityForm(forms.Form):
    """The dashboard's choice of one French authority (`?collectivite=`) among those
    of the partnerships the user may read; none, or one it may not read: all."""

    collectivite = forms.ModelChoiceField(
        label=_("Collectivité française"),
        queryset=None,
        required=False,
        empty_label=_("Toutes"),
        widget=AutocompleteSelect("partnerships:authority-choices"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collectivite"].queryset = french_authority_list(user=user)

    def authority(self):
        return self.cleaned_data["collectivite"] if self.is_valid() else None


class AccountPreferencesForm(forms.ModelForm):
    class Meta:
        model = AccountPreferences
        fields = ["weekly_digest", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            ("", _("Celle choisie dans l'en-tête (français par défaut)")),
            # each language in its own name: "Română", whatever the page's language
            *((code, language_name(code)) for code, _name in settings.LANGUAGES),
        ]


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name"]
        labels = {"name": _("Nom du jeton")}
        help_texts = {
            "name": _("Pour vous en souvenir : l'outil ou le script qui l'utilise.")
        }


def language_name(code: str) -> str:
    return capfirst(get_language_info(code)["name_local"])


DEMO_ACCOUNT_REFUSED = _(
    "Ce compte de démonstration est désactivé : il ne sert qu'en développement. "
    "Connectez-vous avec votre compte personnel."
)


class DemoAccountRefusalMixin:
    """With DEBUG off, a demo account (flagged by the demo loader) is refused before
    its password is checked, with a message that says why."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if (
            not settings.DEBUG
            and username
            and DemoAccount.objects.filter(user__username=username).exists()
        ):
            raise forms.ValidationError(DEMO_ACCOUNT_REFUSED, code="demo_account")
        return super().clean()


class PortalAuthenticationForm(DemoAccountRefusalMixin, AuthenticationForm):
    pass


class PortalAdminAuthenticationForm(DemoAccountRefusalMixin, AdminAuthenticationForm):
    pass


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several evidence files at once; each checked by the proposal's service."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ProposalMetaForm(forms.Form):
    """What a partner's proposal form carries beside the kind's fields: the version
    it was opened with, and its evidence files when the kind takes some."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, files_accepted: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if files_accepted:
            self.fields["files"] = EvidenceField(
                label=_("Justificatifs"),
                required=False,
                help_text=_(
                    "Une enquête, une photo, un compte rendu : un ou plusieurs "
                    "fichiers (PDF, image, document bureautique ou texte)."
                ),
            )


class ProposalReviewForm(forms.Form):
    """A coordinator's answer to a proposal."""

    ACTIONS = ("accept", "return", "reopen")

    action = forms.ChoiceField(
        choices=[(action, action) for action in ACTIONS], widget=forms.HiddenInput
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    comment = forms.CharField(
        label=_("Commentaire pour le partenaire"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
