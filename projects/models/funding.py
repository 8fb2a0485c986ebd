"""How a project is funded: funding lines, and cost tables where a sheet prints costs
instead."""

from django.db import models
from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import amounts_not_negative, money_field
from core.uploads import AttachmentField
from partnerships.models import Organisation

from .projects import Project

NOT_ASSESSABLE_HAS_NO_AMOUNT = _(
    "Une ligne « non évaluable » n'a pas de montant ; toute autre ligne en a un "
    "(choisissez le statut « non évaluable » si le montant n'est pas chiffrable)."
)
PERIOD_END_BEFORE_START = _("La fin de la période ne peut précéder son début.")
# What a person writes of a funding line (its project's form, the API): the columns
# its exports and the API show around the line's own identifiers.
FUNDING_LINE_FIELDS = (
    "funder",
    "label",
    "amount",
    "currency",
    "nature",
    "status",
    "period_start",
    "period_end",
    "note",
)


class FundingLineQuerySet(models.QuerySet):
    def counted(self):
        """The lines a funding total adds up: those with an amount, to be summed per
        currency (the rule of `projects.funding`, for sums made in SQL). A line "non
        évaluable" has none; a line "à mobiliser" is counted, as the printed totals of
        the source documents count it."""
        return self.filter(amount__isnull=False)

    def funders(self):
        """The counted lines that are a contribution: money still to raise ("à
        mobiliser") is in a total, never among the funders."""
        return self.counted().exclude(status=FundingLine.Status.TO_RAISE)

    def totals_by_currency(self) -> list[dict]:
        """`{"currency", "total", "lines"}` per currency of the counted lines, in one
        aggregate query: `lines` is how many lines the total adds up."""
        return list(
            self.counted()
            .order_by("currency")
            .values("currency")
            .annotate(total=Sum("amount"), lines=Count("pk"))
        )


class FundingLine(models.Model):
    """A line of a project's funding table: a funder's contribution, or a line that is
    not a funder (such as "Montant à mobiliser"), named by its label.

    Its nature says whether it is money or in-kind (time, premises valued in euros);
    its status whether it is secured, requested, still to raise, or cannot be valued
    (then it has no amount, and it only then)."""

    class Nature(models.TextChoices):
        CASH = "cash", _("numéraire")
        IN_KIND = "in_kind", _("valorisation")

    class Status(models.TextChoices):
        # the lines of the source documents are contributions obtained: "acquis"
        SECURED = "secured", _("acquis")
        REQUESTED = "requested", _("demandé")
        TO_RAISE = "to_raise", _("à mobiliser")
        NOT_ASSESSABLE = "not_assessable", _("non évaluable")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="funding_lines"
    )
    funder = models.ForeignKey(
        Organisation,
        verbose_name=_("financeur"),
        on_delete=models.PROTECT,
        related_name="funding_lines",
        null=True,
        blank=True,
    )
    label = models.CharField(
        _("libellé"),
        max_length=255,
        blank=True,
        help_text=_(
            "Pour une ligne qui n'est pas un financeur, "
            "par ex. « Montant à mobiliser »."
        ),
    )
    amount = money_field(
        _("montant"), null=True, blank=True, help_text=_("Vide si non évaluable.")
    )
    currency = models.CharField(_("devise"), max_length=3, default="EUR")
    nature = models.CharField(
        _("nature"), max_length=8, choices=Nature.choices, default=Nature.CASH
    )
    status = models.CharField(
        _("statut"), max_length=16, choices=Status.choices, default=Status.SECURED
    )
    period_start = models.DateField(_("début de la période"), null=True, blank=True)
    period_end = models.DateField(_("fin de la période"), null=True, blank=True)
    note = models.CharField(_("remarque"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    objects = FundingLineQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("ligne de financement")
        verbose_name_plural = _("lignes de financement")
        permissions = [("import_fundingline", _("Peut importer des financements"))]
        constraints = [
            amounts_not_negative(
                "amount", name="funding_line_amount_not_negative", nullable=True
            ),
            models.CheckConstraint(
                condition=Q(funder__isnull=False) | ~Q(label=""),
                name="funding_line_has_funder_or_label",
                violation_error_message=_("Indiquez un financeur ou un libellé."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="not_assessable", amount__isnull=True)
                    | (~Q(status="not_assessable") & Q(amount__isnull=False))
                ),
                name="funding_line_amount_unless_not_assessable",
                violation_error_message=NOT_ASSESSABLE_HAS_NO_AMOUNT,
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="funding_line_period_ends_after_start",
                violation_error_message=PERIOD_END_BEFORE_START,
            ),
        ]

    def __str__(self):
        return self.display_label

    @property
    def display_label(self):
        return self.label or str(self.funder)

    @property
    def is_funder(self) -> bool:
        """Whether the line is listed among the funders: money to raise is not."""
        return self.status != self.Status.TO_RAISE


class FundingLineYear(models.Model):
    """The part of a funding line that falls in one calendar year; the parts of a
    line add up to its amount (checked by the form that writes them)."""

    line = models.ForeignKey(
        FundingLine, on_delete=models.CASCADE, related_name="years"
    )
    year = models.PositiveSmallIntegerField(_("année"))
    amount = money_field(_("montant"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["year"]
        verbose_name = _("part annuelle")
        verbose_name_plural = _("parts annuelles")
        constraints = [
            models.UniqueConstraint(
                fields=["line", "year"],
                name="funding_line_year_unique",
                violation_error_message=_("Cette année figure déjà pour cette ligne."),
            ),
            amounts_not_negative(
                "amount", name="funding_line_year_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1900) & Q(year__lte=2200),
                name="funding_line_year_plausible",
                violation_error_message=_("Indiquez une année entre 1900 et 2200."),
            ),
        ]

    def __str__(self):
        return f"{self.line} – {self.year}"


class Payment(models.Model):
    """Money actually paid under a funding line: what the authority's yearly
    declaration counts, beside what the line planned."""

    line = models.ForeignKey(
        FundingLine,
        verbose_name=_("ligne de financement"),
        on_delete=models.CASCADE,
        related_name="payments",
    )
    paid_on = models.DateField(_("date du versement"))
    amount = money_field(_("montant versé"))
    payer = models.ForeignKey(
        Organisation,
        verbose_name=_("payeur"),
        on_delete=models.PROTECT,
        related_name="payments_made",
        null=True,
        blank=True,
        help_text=_("Vide : le financeur de la ligne."),
    )
    payee = models.ForeignKey(
        Organisation,
        verbose_name=_("bénéficiaire"),
        on_delete=models.PROTECT,
        related_name="payments_received",
        null=True,
        blank=True,
        help_text=_("Vide : le porteur du projet."),
    )
    purpose = models.CharField(_("objet"), max_length=255, blank=True)
    receipt = AttachmentField(_("justificatif"), upload_to="payments/%Y/", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["paid_on", "pk"]
        verbose_name = _("versement")
        verbose_name_plural = _("versements")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="payment_amount_positive",
                violation_error_message=_("Un versement a un montant positif."),
            ),
        ]

    def __str__(self):
        return f"{self.line} — {self.paid_on:%d/%m/%Y}"


class CostTable(models.Model):
    """A captioned table of expense lines (used instead of a funding table by some
    sheets)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="cost_tables"
    )
    caption = models.CharField(_("intitulé"), max_length=255)
    printed_total = money_field(
        _("total imprimé dans la source"), null=True, blank=True
    )
    currency = models.CharField(_("devise"), max_length=3, default="EUR")
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("tableau des coûts")
        verbose_name_plural = _("tableaux des coûts")
        constraints = [
            amounts_not_negative(
                "printed_total",
                name="cost_table_printed_total_not_negative",
                nullable=True,
            ),
        ]

    def __str__(self):
        return self.caption


class CostLine(models.Model):
    table = models.ForeignKey(CostTable, on_delete=models.CASCADE, related_name="lines")
    label = models.CharField(_("poste"), max_length=255)
    amount = money_field(_("coût"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("ligne de coût")
        verbose_name_plural = _("lignes de coût")
        constraints = [
            amounts_not_negative(
                "amount", name="cost_line_amount_not_negative", nullable=True
            ),
        ]

    def __str__(self):
        return self.label
