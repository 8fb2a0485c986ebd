"""Errors of the API as JSON, in French first: `{"detail": ..., "code": ...}`, with
the fields in error under `errors` for a 400."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from core.services import StaleRecordError


class StaleVersion(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "stale_version"

    def __init__(self, detail: str, *, version: int):
        super().__init__(detail)
        self.version = version


def form_refused(form, *, fallback: str = "") -> exceptions.ValidationError:
    """A 400 naming the fields a portal form refused, with their messages (`fallback`
    where the form names none): the page's own validation, said in the API's way."""
    errors = {
        field: [error["message"] for error in field_errors]
        for field, field_errors in form.errors.get_json_data().items()
    }
    if not errors and fallback:
        errors = {"detail": [fallback]}
    return exceptions.ValidationError(errors)


def messages() -> dict[int, str]:
    return {
        400: _("La requête contient des erreurs : voyez le détail des champs."),
        401: _(
            "Authentification requise : connectez-vous ou envoyez un jeton personnel "
            "(en-tête « Authorization: Bearer <jeton> »)."
        ),
        403: _("Vous n'avez pas le droit de faire cela."),
        404: _("Cet enregistrement n'existe pas, ou vous ne pouvez pas le lire."),
        405: _("Cette méthode n'est pas acceptée à cette adresse."),
        406: _("Ce format de réponse n'est pas disponible."),
        415: _("Ce format de requête n'est pas accepté (JSON attendu)."),
        429: _("Trop de requêtes : réessayez dans quelques instants."),
    }


def api_exception_handler(exc, context):
    """DRF's handler, with the portal's own errors turned into theirs (a stale version
    is a 409, a model's validation a 400) and a French message for each status."""
    if isinstance(exc, StaleRecordError):
        version = exc.current.version
        again = _("Relisez-le (sa version est maintenant %(version)s) et recommencez.")
        exc = StaleVersion(f"{exc} {again % {'version': version}}", version=version)
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    return Response(
        error_body(exc, response),
        status=response.status_code,
        headers=response_headers(response),
    )


def response_headers(response) -> dict:
    return {
        name: value
        for name, value in response.items()
        if name in {"WWW-Authenticate", "Retry-After", "Allow"}
    }


def error_body(exc, response) -> dict:
    code = response.status_code
    if isinstance(exc, StaleVersion):
        return {
            "detail": str(exc.detail),
            "code": exc.default_code,
            "version": exc.version,
        }
    body = {"detail": messages().get(code, str(getattr(exc, "detail", ""))), "code": ""}
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        body["code"] = codes if isinstance(codes, str) else "invalid"
    if isinstance(exc, exceptions.ValidationError):
        body["errors"] = exc.detail
    elif isinstance(exc, exceptions.AuthenticationFailed):
        body["detail"] = str(exc.detail)  # a refused token says why
    elif code == 403 and isinstance(exc, exceptions.PermissionDenied):
        # a refused CSRF check says so: the browser's session needs its token
        detail = str(exc.detail)
        if detail.startswith("CSRF"):
            body["detail"] = _(
                "Vérification CSRF refusée : une requête de navigateur envoie le "
                "jeton CSRF de la page (en-tête X-CSRFToken)."
            )
    elif code == 429 and getattr(exc, "wait", None):
        body["detail"] += " " + _("Attente : %(seconds)s s.") % {
            "seconds": int(exc.wait)
        }
    return body
