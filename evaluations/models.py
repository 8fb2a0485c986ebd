from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TrackedModel
from partnerships.models import Organisation
from projects.models import Project

# The kinds of organisation that are a territory (a local or regional authority): the
# places where an evaluation measures change, "ici et là-bas".
TERRITORY_KINDS = {
    Organisation.Kind.DEPARTEMENT,
    Organisation.Kind.REGION,
    Organisation.Kind.COMMUNE,
    Organisation.Kind.VILLE,
    Organisation.Kind.JUDET,
    Organisation.Kind.RAION,
    Organisation.Kind.PROVINCE,
    Organisation.Kind.PREFECTURE,
}


def format_quantity(value) -> str:
    """A value as people read it in French: `1 234,5`, `40` (no trailing zeros)."""
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    else:
        value = value.normalize()
    return number_format(value, use_l10n=True, force_grouping=True)


def progress_percent(value, *, baseline, target) -> Decimal | None:
    """How far `value` has gone from the baseline (0 when absent) toward the target, in
    percent: 100 when the target is reached, above 100 beyond it. None without a
    target, or when the target is the baseline. Works for targets below the baseline
    (a count to bring down) too."""
    if value is None or target is None:
        return None
    start = baseline if baseline is not None else Decimal(0)
    if target == start:
        return None
    percent = (Decimal(value) - start) / (target - start) * 100
    return percent.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


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

    @property
    def indicators(self) -> list["Indicator"]:
        """The indicators of every question, in the grid's order (reads the
        prefetched `questions.all()` and their `indicators.all()`)."""
        return [i for q in self.questions.all() for i in q.indicators.all()]

    @property
    def followed_indicators(self) -> list["Indicator"]:
        """The indicators with a target or at least one measurement: the ones a
        summary can say something about."""
        return [
            indicator
            for indicator in self.indicators
            if indicator.target is not None or indicator.has_measurements
        ]

    def territory_sides(self) -> dict[int, str]:
        """The territories of the evaluated project and the side each stands on:
        the French authority and the partner of each of its partnerships, then its
        carrier, co-carriers and partners that are territories, placed by their
        country. Reads `project.partnerships.all()`, `project.co_carriers.all()` and
        `project.partners.all()`: prefetch them."""
        project = self.project
        sides: dict[int, str] = {}
        for partnership in project.partnerships.all():
            sides.setdefault(partnership.french_authority_id, Measurement.Side.FRENCH)
            sides.setdefault(partnership.partner_id, Measurement.Side.PARTNER)
        involved = [
            project.carrier,
            *project.co_carriers.all(),
            *project.partners.all(),
        ]
        for organisation in involved:
            if organisation.kind in TERRITORY_KINDS and organisation.country:
                sides.setdefault(
                    organisation.pk,
                    Measurement.Side.FRENCH
                    if organisation.country.code == "FR"
                    else Measurement.Side.PARTNER,
                )
        return sides


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

    def get_absolute_url(self):
        """The question in its evaluation's grid."""
        url = reverse("evaluations:evaluation-detail", args=[self.evaluation_id])
        return f"{url}#question-{self.pk}"


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

    def get_absolute_url(self):
        return reverse("evaluations:indicator-detail", args=[self.pk])

    @cached_property
    def side_statuses(self) -> list["SideStatus"]:
        """The latest value on the French side and on the partner side, with the
        progress toward the target. Reads `measurements.all()`: prefetch them."""
        latest: dict[str, Measurement] = {}
        for measurement in self.measurements.all():
            current = latest.get(measurement.side)
            if current is None or (measurement.date, measurement.pk) > (
                current.date,
                current.pk,
            ):
                latest[measurement.side] = measurement
        return [
            SideStatus(
                side=side,
                label=label,
                latest=latest.get(side),
                progress=progress_percent(
                    latest[side].value if side in latest else None,
                    baseline=self.baseline,
                    target=self.target,
                ),
            )
            for side, label in Measurement.Side.choices
        ]

    @property
    def has_measurements(self) -> bool:
        return bool(self.measurements.all())


@dataclass(frozen=True)
class SideStatus:
    """Where an indicator stands on one side: its latest measurement and the progress
    it makes toward the target (percent, None without a target)."""

    side: str
    label: str
    latest: "Measurement | None"
    progress: Decimal | None

    @property
    def progress_bar(self) -> int:
        """The progress, bounded to 0-100, for the width of a bar."""
        if self.progress is None:
            return 0
        return int(max(Decimal(0), min(Decimal(100), self.progress)))


class Measurement(models.Model):
    """A value of an indicator at a date, on one side: here (France) or there."""

    class Side(models.TextChoices):
        FRENCH = "french", _("Territoire français")
        PARTNER = "partner", _("Territoire partenaire")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="measurements"
    )
    date = models.DateField(_("date"))
    side = models.CharField(_("côté"), max_length=8, choices=Side)
    territory = models.ForeignKey(
        Organisation,
        verbose_name=_("territoire"),
        on_delete=models.PROTECT,
        related_name="measurements",
        null=True,
        blank=True,
        help_text=_(
            "Le territoire mesuré, s'il est précis : une collectivité du projet, "
            "du côté indiqué."
        ),
    )
    value = models.DecimalField(_("valeur"), max_digits=14, decimal_places=2)
    comment = models.TextField(_("commentaire"), blank=True)
    # the partner organisation that measured, when the value came from a proposal of
    # its own (core.proposals): "their" measurement, marked as theirs
    source = models.CharField(_("mesurée par"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("mesure")
        verbose_name_plural = _("mesures")
        indexes = [models.Index(fields=["indicator", "side", "date"])]

    def __str__(self):
        # No related record here: history lists print many measurements at once.
        value = format_quantity(self.value)
        return f"{self.date:%d/%m/%Y} {self.get_side_display()} : {value}"

    def get_absolute_url(self):
        """The measurement among its indicator's."""
        return reverse("evaluations:indicator-detail", args=[self.indicator_id])

    def clean(self):
        """A measurement of a territory stands on that territory's side: the partner
        of a partnership is never measured as the French territory, and the other
        way round; and the territory is one of the evaluated project's."""
        if not self.territory_id or not self.indicator_id:
            return
        evaluation = self.indicator.question.evaluation
        territory_side = evaluation.territory_sides().get(self.territory_id)
        if territory_side is None:
            raise ValidationError(
                {
                    "territory": _(
                        "%(territory)s n'est pas un territoire du projet évalué."
                    )
                    % {"territory": self.territory}
                }
            )
        if territory_side != self.side:
            raise ValidationError(
                {
                    "territory": _(
                        "%(territory)s est du côté « %(side)s » : la mesure ne peut "
                        "pas être enregistrée pour le « %(wrong)s »."
                    )
                    % {
                        "territory": self.territory,
                        "side": Measurement.Side(territory_side).label,
                        "wrong": self.get_side_display(),
                    }
                }
            )
