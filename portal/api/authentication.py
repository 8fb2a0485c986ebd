from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from portal.services import api_token_authenticate


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <secret>`, a personal token of the account page. A
    revoked or unknown token is refused (401), whatever else the request carries."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("En-tête d'authentification invalide : « Bearer <jeton> » attendu.")
            )
        try:
            secret = header[1].decode()
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed(_("Jeton invalide.")) from error
        token = api_token_authenticate(secret=secret)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Jeton invalide ou révoqué."))
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "jeton"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer"}
