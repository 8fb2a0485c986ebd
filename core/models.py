"""Abstract bases shared by the records of every app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

NOT_NEGATIVE = _("Un montant ne peut pas être négatif.")
END_BEFORE_START = _("L'année de fin ne peut précéder l'année de début.")


def money_field(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


class TrackedModel(models.Model):
    """A record people edit in forms: timestamps, and a version for optimistic locking.

    `version` goes up by one on every save made through a service; a form carries the
    version it was opened with, and a save whose version is stale is refused.
    """

    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True, db_index=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True
