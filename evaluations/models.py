from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.models import TrackedModel
from projects.models import Project


class Evaluation(TrackedModel):
    """The evaluation of a project: what is evaluated, when, by whom."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Prévue")
        IN_PROGRESS = "in_progress", _("En cours")
        DONE = "done", _("Terminée")

    project = models.ForeignKey(
        Project,
        verbose_name=_("projet"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    title = models.CharField(_("titre"), max_length=255)
    purpose = models.TextField(_("objet"), blank=True)
    start_date = models.DateField(_("début"), null=True, blank=True)
    end_date = models.DateField(_("fin"), null=True, blank=True)
    evaluators = models.CharField(_("évaluateurs"), max_length=255, blank=True)
    status = models.CharField(
        _("statut"),
        max_length=12,
        choices=Status,
        default=Status.PLANNED,
        db_index=True,
    )
    summary = models.TextField(_("synthèse"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="evaluation_end_after_start",
                violation_error_message=_("La fin ne peut précéder le début."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("evaluations:evaluation-detail", args=[self.pk])


class EvaluativeQuestion(models.Model):
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="questions"
    )
    text = models.TextField(_("question évaluative"))
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("question évaluative")
        verbose_name_plural = _("questions évaluatives")

    def __str__(self):
        return self.text


class Indicator(models.Model):
    question = models.ForeignKey(
        EvaluativeQuestion, on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("indicateur"), max_length=255)
    unit = models.CharField(_("unité"), max_length=40, blank=True)
    baseline = models.DecimalField(
        _("valeur de départ"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("cible"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")

    def __str__(self):
        return self.name


class Measurement(models.Model):
    """A value of an indicator at a date, on one side: here (France) or there."""

    class Side(models.TextChoices):
        FRENCH = "french", _("Territoire français")
        PARTNER = "partner", _("Territoire partenaire")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="measurements"
    )
    date = models.DateField(_("date"))
    side = models.CharField(_("territoire"), max_length=8, choices=Side)
    value = models.DecimalField(_("valeur"), max_digits=14, decimal_places=2)
    comment = models.TextField(_("commentaire"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("mesure")
        verbose_name_plural = _("mesures")
        indexes = [models.Index(fields=["indicator", "side", "date"])]

    def __str__(self):
        return f"{self.indicator} {self.date} {self.get_side_display()} : {self.value}"
