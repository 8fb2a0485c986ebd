"""The record of every spreadsheet import: who, when, which file, what it did."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportRecordQuerySet(models.QuerySet):
    def expired(self):
        """Pending imports whose file is past keeping."""
        return self.filter(
            status=ImportRecord.Status.PENDING, expires_at__lt=timezone.now()
        )


class ImportRecord(models.Model):
    """An import of a spreadsheet: who, when, which file, what it did.

    While it waits for confirmation the uploaded file is kept in the row itself, so
    every server worker reads it and nothing is left on a disk; confirming, refusing or
    expiring (after IMPORT_PENDING_HOURS) empties it.
    """

    class Kind(models.TextChoices):
        FUNDING_LINES = "funding_lines", _("Lignes de financement")
        ORGANISATIONS = "organisations", _("Organisations et contacts")

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de confirmation")
        CONFIRMED = "confirmed", _("Confirmé")
        REFUSED = "refused", _("Refusé")
        EXPIRED = "expired", _("Expiré")

    class Channel(models.TextChoices):
        PORTAL = "portal", _("Portail")
        ADMIN = "admin", _("Administration")
        COMMAND = "command", _("Ligne de commande")

    kind = models.CharField(_("type"), max_length=16, choices=Kind)
    status = models.CharField(
        _("statut"), max_length=12, choices=Status, default=Status.PENDING
    )
    channel = models.CharField(
        _("depuis"), max_length=8, choices=Channel, default=Channel.PORTAL
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        on_delete=models.SET_NULL,
        related_name="import_records",
        null=True,
        blank=True,
    )
    file_name = models.CharField(_("fichier"), max_length=255, blank=True)
    file_content = models.BinaryField(_("contenu du fichier"), null=True, blank=True)
    created_at = models.DateTimeField(_("déposé le"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expire le"))
    created_count = models.PositiveIntegerField(_("créées"), default=0)
    updated_count = models.PositiveIntegerField(_("mises à jour"), default=0)
    unchanged_count = models.PositiveIntegerField(_("inchangées"), default=0)
    refused_count = models.PositiveIntegerField(_("refusées"), default=0)
    message = models.TextField(_("message"), blank=True)
    # What the preview showed, kept so that its pages are not read from the file
    # again (see imports.report.report_to_data); emptied with the file.
    preview = models.JSONField(_("aperçu"), null=True, blank=True, editable=False)

    objects = ImportRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("imports:import-preview", args=[self.pk])

    @property
    def row_count(self) -> int:
        """The rows the preview read (every outcome)."""
        return (
            self.created_count
            + self.updated_count
            + self.unchanged_count
            + self.refused_count
        )
