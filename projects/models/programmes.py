"""Multi-year programmes of a partnership and their axes."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import END_BEFORE_START, TrackedModel
from partnerships.models import Partnership


class Programme(TrackedModel):
    """A multi-year programme of a partnership, with its main orientation and axes."""

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partenariat"),
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    title = models.CharField(_("titre"), max_length=255)
    start_year = models.PositiveSmallIntegerField(_("année de début"))
    end_year = models.PositiveSmallIntegerField(_("année de fin"))
    orientation = models.TextField(_("orientation principale"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_year", "title"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="programme_end_after_start",
                violation_error_message=END_BEFORE_START,
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.start_year}-{self.end_year})"

    def get_absolute_url(self):
        return reverse("projects:programme-detail", args=[self.pk])


class ProgrammeAxis(models.Model):
    """An axis (volet) of a programme: one transversal, several thematic."""

    class Kind(models.TextChoices):
        TRANSVERSAL = "transversal", _("Transversal")
        THEMATIC = "thematic", _("Thématique")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="axes"
    )
    kind = models.CharField(
        _("type"), max_length=12, choices=Kind, default=Kind.THEMATIC
    )
    title = models.CharField(_("titre"), max_length=255)
    items = models.TextField(
        _("éléments"), blank=True, help_text=_("Un élément par ligne.")
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("axe")
        verbose_name_plural = _("axes")

    def __str__(self):
        return self.title

    @property
    def item_list(self):
        return [line.strip() for line in self.items.splitlines() if line.strip()]
