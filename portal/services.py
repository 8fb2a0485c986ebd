import datetime
import hashlib
import secrets

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from .models import AccountPreferences, ApiToken

# The last-used date of a token is written again only once this has passed: a client
# sending many requests costs one UPDATE a minute, not one per request.
LAST_USED_STEP = datetime.timedelta(minutes=1)


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


# A token reads "cp_" then 43 characters of randomness (32 bytes): what a client
# sends as "Authorization: Bearer cp_...".
API_TOKEN_PREFIX = "cp_"


def api_token_hash(secret: str) -> str:
    """What the database keeps of a token: the SHA-256 of its secret, in hex. A
    random secret of 32 bytes needs no salt nor slow hash: it cannot be guessed."""
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token for `user`. Returns the token and its secret: the
    secret is not kept (only its hash is) and can be shown this once only."""
    secret = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name.strip(),
        key_hash=api_token_hash(secret),
        prefix=secret[:8],
    )
    token.full_clean()
    token.save()
    return token, secret


def api_token_revoke(*, user: User, token_id: int) -> int:
    """Revoke one of `user`'s own tokens: refused from then on. Returns the number of
    tokens revoked (0 when the token is not theirs or was revoked already)."""
    return ApiToken.objects.filter(
        user=user, pk=token_id, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())


def api_token_authenticate(*, secret: str) -> ApiToken | None:
    """The active token of this secret, with its user, or None; its last-used date
    moves to now (one UPDATE, at most once a minute for a busy client)."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=api_token_hash(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_STEP:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
