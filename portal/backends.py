from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class PortalModelBackend(ModelBackend):
    """Django's ModelBackend, whose user of each request comes with the account's
    preferences (its interface language, read by AccountLanguageMiddleware on every
    page): one query for both, none more."""

    def get_user(self, user_id):
        User = get_user_model()
        try:
            user = User._default_manager.select_related("preferences").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
