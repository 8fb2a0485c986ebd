from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoAccount(models.Model):
    """Marks an account created by the demo loader (`demo_accounts_create`): with
    DEBUG off it may not log in, whatever its name or password."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="demo_account",
        verbose_name=_("compte"),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("compte de démonstration")
        verbose_name_plural = _("comptes de démonstration")

    def __str__(self):
        return str(self.user)
