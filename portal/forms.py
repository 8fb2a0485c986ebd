from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import AccountPreferences, DemoAccount


class AccountPreferencesForm(forms.ModelForm):
    class Meta:
        model = AccountPreferences
        fields = ["weekly_digest"]


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
