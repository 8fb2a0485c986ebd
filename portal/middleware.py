from django.conf import settings
from django.utils import translation

from .models import AccountPreferences


def account_language(user) -> str:
    """The interface language the account chose, or "" (none chosen)."""
    if not user.is_authenticated:
        return ""
    try:
        language = user.preferences.language
    except AccountPreferences.DoesNotExist:
        return ""
    return language if language in dict(settings.LANGUAGES) else ""


class AccountLanguageMiddleware:
    """The language of a logged-in person's account, whatever the device: it takes
    over the one of the language cookie (core.middleware.ChosenLanguageMiddleware,
    before the authentication), and the cookie is set to it, so that the login page
    of that device speaks it too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = account_language(request.user)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        cookie = settings.LANGUAGE_COOKIE_NAME
        if (
            language
            and request.COOKIES.get(cookie) != language
            and cookie not in response.cookies  # the switch or the account page set it
        ):
            language_cookie_set(response, language)
        return response


def language_cookie_set(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
