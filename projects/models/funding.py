"""How a project is funded: funding lines, and cost tables where a sheet prints costs
instead."""

from django.db import models
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import NOT_NEGATIVE, money_field
from partnerships.models import Organisation

from .projects import Project


class FundingLineQuerySet(models.QuerySet):
    def counted(self):
        """The lines a funding total adds up: those with an amount, to be summed per
        currency (the rule of `projects.funding`, for sums made in SQL)."""
        return self.filter(amount__isnull=False)

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
    not a funder (such as "Montant à mobiliser"), named by its label."""

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
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="funding_line_amount_not_negative",
                violation_error_message=NOT_NEGATIVE,
            ),
            models.CheckConstraint(
                condition=Q(funder__isnull=False) | ~Q(label=""),
                name="funding_line_has_funder_or_label",
                violation_error_message=_("Indiquez un financeur ou un libellé."),
            ),
        ]

    def __str__(self):
        return self.display_label

    @property
    def display_label(self):
        return self.label or str(self.funder)


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
            models.CheckConstraint(
                condition=Q(printed_total__isnull=True) | Q(printed_total__gte=0),
                name="cost_table_printed_total_not_negative",
                violation_error_message=NOT_NEGATIVE,
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
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="cost_line_amount_not_negative",
                violation_error_message=NOT_NEGATIVE,
            ),
        ]

    def __str__(self):
        return self.label
