from django.contrib.auth.models import User

from .models import AccountPreferences


def account_language_switch(*, user: User, language: str) -> int:
    """The language chosen with the header's switch becomes the account's, when the
    account chose one (an account without a choice keeps following the switch's
    cookie). Returns the number of accounts changed (0 or 1)."""
    return (
        AccountPreferences.objects.filter(user=user)
        .exclude(language="")
        .exclude(language=language)
        .update(language=language)
    )
