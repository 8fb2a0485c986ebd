"""The reference lists a project is described with: themes, the guide's recommendation
categories, the sustainable development goals (ODD)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Theme(models.Model):
    """Reference list: the themes a project works on (Jeunesse, Femmes, ...)."""

    name = models.CharField(_("nom"), max_length=80, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("thématique")
        verbose_name_plural = _("thématiques")

    def __str__(self):
        return self.name


class RecommendationCategory(models.Model):
    """Reference list: the six recommendation categories (préconisations)."""

    name = models.CharField(_("nom"), max_length=120, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(_("ordre"), unique=True)

    class Meta:
        ordering = ["order"]
        verbose_name = _("catégorie de préconisation")
        verbose_name_plural = _("catégories de préconisation")

    def __str__(self):
        return self.name


class SustainableDevelopmentGoal(models.Model):
    """Reference list: the 17 Sustainable Development Goals (ODD) with their French
    label."""

    number = models.PositiveSmallIntegerField(_("numéro"), unique=True)
    label = models.CharField(_("intitulé"), max_length=160)

    class Meta:
        ordering = ["number"]
        verbose_name = _("objectif de développement durable")
        verbose_name_plural = _("objectifs de développement durable")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1) & Q(number__lte=17),
                name="sdg_number_1_to_17",
            ),
        ]

    def __str__(self):
        return f"ODD {self.number} : {self.label}"
