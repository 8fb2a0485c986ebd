from django import forms

from .models import AccountPreferences


class AccountPreferencesForm(forms.ModelForm):
    class Meta:
        model = AccountPreferences
        fields = ["weekly_digest"]
