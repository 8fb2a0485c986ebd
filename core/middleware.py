import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    """French first: the portal speaks French unless the person chose another language
    with the switch in the header (kept in the language cookie). The browser's
    Accept-Language is not followed: a partner's English-language browser still gets
    the working language of the cooperation."""

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class SessionIdleTimeoutMiddleware:
    """Logs out a session left idle longer than SESSION_IDLE_TIMEOUT seconds, or
    older than SESSION_COOKIE_AGE since its login (the absolute age: the activity
    stamp saves the session, which would otherwise push its expiry on and on).
    The stamp is written at most once a minute, not on every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.get("started_at", now)
            last_seen = session.get("last_seen_at", now)
            if (
                now - last_seen > settings.SESSION_IDLE_TIMEOUT
                or now - started > settings.SESSION_COOKIE_AGE
            ):
                logout(request)
                return redirect_to_login(request.get_full_path())
            if now - last_seen >= 60 or "started_at" not in session:
                session.setdefault("started_at", now)
                session["last_seen_at"] = now
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """The Permissions-Policy header: the portal uses no camera, microphone,
    location, payment or other powerful feature, and lets no embedded page use them."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DENIED
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


def session_stamp(sender, request, user, **kwargs):
    """At login, the session's start and last activity (saved with the login itself,
    so that the first pages write nothing more)."""
    now = int(time.time())
    request.session["started_at"] = now
    request.session["last_seen_at"] = now
