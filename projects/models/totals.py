"""The funding totals the dashboard reads: kept by `projects.totals` in the same
transaction as every write of what they add up, never a cache."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FundingTotal(models.Model):
    """What the counted funding of the projects of one scope adds up to under one item
    of one dimension, in one currency.

    `scope` is "all" (every project once) or "a:<pk>" (the projects of the
    partnerships of one French authority, each once); `dimension` one of
    `Dimension`; `item` the status, nature, year, country, partnership or funder the
    row is for ("" for the total, or for a project with no year, country or
    partnership). Written only by `projects.totals`, with `amount = amount + delta`."""

    class Dimension(models.TextChoices):
        TOTAL = "total", _("total")
        STATUS = "status", _("statut")
        NATURE = "nature", _("nature")
        YEAR = "year", _("année")
        COUNTRY = "country", _("pays partenaire")
        PARTNERSHIP = "partnership", _("partenariat")
        FUNDER = "funder", _("financeur")
        PAID = "paid", _("versé par année")

    scope = models.CharField(max_length=24)
    dimension = models.CharField(max_length=12, choices=Dimension.choices)
    item = models.CharField(max_length=300, blank=True)
    currency = models.CharField(max_length=3)
    amount = models.DecimalField(max_digits=20, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("total de financement")
        verbose_name_plural = _("totaux de financement")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "dimension", "item", "currency"],
                name="funding_total_unique_row",
            ),
        ]
        indexes = [
            models.Index(
                fields=["scope", "dimension", "-amount"], name="funding_total_ranked"
            ),
        ]

    def __str__(self):
        return f"{self.scope} {self.dimension} {self.item} {self.currency}"


class ProjectFundingParts(models.Model):
    """What one project adds to the funding totals, as last written: the next write
    of the project subtracts it and adds the new parts. Keyed by the project's primary
    key, not a foreign key, so that a deleted project's parts can still be taken off."""

    project_id = models.BigIntegerField(primary_key=True)
    parts = models.JSONField(default=list)

    class Meta:
        verbose_name = _("part d'un projet dans les totaux")
        verbose_name_plural = _("parts des projets dans les totaux")

    def __str__(self):
        return str(self.project_id)
