"""The pilot projects (démarches pilotes) and the rows of their capitalization sheet."""

from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import (
    END_BEFORE_START,
    TrackedModel,
    amounts_not_negative,
    money_field,
)
from core.uploads import PhotoField
from partnerships.models import Contact, Organisation, Partnership

from ..funding import FundingSummary
from ..sectors import sector_code_validate
from .programmes import Programme
from .reference import RecommendationCategory, SustainableDevelopmentGoal, Theme


class ProjectQuerySet(models.QuerySet):
    def terrinclus(self):
        """The pilot projects of the TERRINCLUS guide, in the guide's order."""
        return self.filter(guide_order__isnull=False).order_by("guide_order")

    def public(self):
        """The projects an administrator published: the public pages show them."""
        return self.filter(is_public=True)


def route_taken_by(slug):
    """The address of the fixed page /projets/<slug>/ would open instead of the project.

    Read from the URLconf itself, so a route added later is reserved too.
    """
    try:
        path = reverse("projects:project-detail", kwargs={"slug": slug})
        match = resolve(path)
    except (NoReverseMatch, Resolver404):
        return None
    return None if match.view_name == "projects:project-detail" else path


class Project(TrackedModel):
    """A pilot project (démarche pilote): every section of its capitalization sheet."""

    class Status(models.TextChoices):
        PREPARATION = "en_preparation", _("En préparation")
        ONGOING = "en_cours", _("En cours")
        DONE = "termine", _("Terminé")
        SUSPENDED = "suspendu", _("Suspendu")

    class ActionKind(models.TextChoices):
        """The kinds of action of the yearly APD declaration (déclaration e-APD)."""

        COOPERATION = "cooperation", _("Projet de coopération décentralisée")
        NGO_GRANT = "ngo_grant", _("Subvention à une association ou une ONG")
        AWARENESS = "awareness", _("Sensibilisation et éducation au développement")
        REFUGEES = "refugees", _("Soutien aux réfugiés")
        FOREIGN_STUDENTS = "foreign_students", _("Accueil d'étudiants étrangers")
        STAFF_COSTS = "staff_costs", _("Frais de personnel et de suivi")
        MULTILATERAL = "multilateral", _("Contribution multilatérale")
        ONE_PERCENT = "one_percent", _("Dispositifs « 1 % » eau, déchets, énergie")

    title = models.CharField(_("titre"), max_length=255)
    slug = models.SlugField(_("identifiant"), max_length=120, unique=True)
    aliases = models.TextField(
        _("autres intitulés"),
        blank=True,
        help_text=_(
            "Les autres noms sous lesquels le projet est imprimé (sommaire, tableau "
            "d'introduction…), un par ligne : l'import et la recherche les "
            "reconnaissent."
        ),
    )
    lead = models.TextField(
        _("chapeau"), blank=True, help_text=_("Une phrase qui résume.")
    )
    carrier = models.ForeignKey(
        Organisation,
        verbose_name=_("porteur"),
        on_delete=models.PROTECT,
        related_name="carried_projects",
    )
    co_carriers = models.ManyToManyField(
        Organisation,
        verbose_name=_("co-porteurs"),
        related_name="co_carried_projects",
        blank=True,
    )
    partners = models.ManyToManyField(
        Organisation,
        verbose_name=_("partenaires"),
        related_name="partner_projects",
        blank=True,
    )
    # A project may belong to several partnerships (Anima'Terre Jeunesse: Dessalines,
    # Argeș and Bignona); a partner of any of them reads it.
    partnerships = models.ManyToManyField(
        Partnership,
        verbose_name=_("partenariats"),
        related_name="projects",
        blank=True,
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.SET_NULL,
        related_name="projects",
        null=True,
        blank=True,
    )
    start_year = models.PositiveSmallIntegerField(
        _("année de début"), null=True, blank=True
    )
    end_year = models.PositiveSmallIntegerField(
        _("année de fin"), null=True, blank=True
    )
    status = models.CharField(
        _("statut"),
        max_length=16,
        choices=Status,
        default=Status.ONGOING,
        db_index=True,
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("thématiques"), related_name="projects", blank=True
    )
    sdgs = models.ManyToManyField(
        SustainableDevelopmentGoal,
        verbose_name=_("ODD"),
        related_name="projects",
        blank=True,
    )
    contacts = models.ManyToManyField(
        Contact, verbose_name=_("contacts"), through="ProjectContact", blank=True
    )
    guide_order = models.PositiveSmallIntegerField(
        _("rang dans le guide TERRINCLUS"), null=True, blank=True, unique=True
    )
    guide_page = models.PositiveSmallIntegerField(
        _("page dans le guide"), null=True, blank=True
    )
    action_kind = models.CharField(
        _("type d'action (APD)"),
        max_length=16,
        choices=ActionKind,
        blank=True,
        help_text=_(
            "Pour la déclaration annuelle de l'aide publique au développement."
        ),
    )
    sector_code = models.CharField(
        _("secteur CAD (code-objet SNPC)"),
        max_length=5,
        blank=True,
        validators=[sector_code_validate],
        help_text=_(
            "Code-objet à cinq chiffres du CAD de l'OCDE, par ex. 16010 "
            "(protection sociale)."
        ),
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        db_index=True,
        help_text=_(
            "Publié dans l'annuaire public, sa fiche et le fichier IATI. "
            "Seul un administrateur peut le cocher."
        ),
    )
    funding_is_public = models.BooleanField(
        _("financement public"),
        default=False,
        help_text=_(
            "Les lignes de financement et les tableaux des coûts figurent sur la "
            "fiche publique. Seul un administrateur peut le cocher."
        ),
    )

    # The text sections of the capitalization sheet, in its order (Markdown).
    pilot_rationale = models.TextField(_("pourquoi une démarche pilote"), blank=True)
    genesis = models.TextField(_("genèse et contexte"), blank=True)
    objectives = models.TextField(_("objectifs"), blank=True)
    actors = models.TextField(_("acteurs"), blank=True)
    funding_printed_total = money_field(
        _("total imprimé dans la source"),
        null=True,
        blank=True,
        help_text=_("Le total tel qu'imprimé dans le document source, s'il existe."),
    )
    focus_title = models.CharField(_("titre du focus"), max_length=255, blank=True)
    focus_body = models.TextField(_("focus"), blank=True)
    cross_view_french_label = models.CharField(
        _("regard croisé : côté français"),
        max_length=80,
        blank=True,
        help_text=_("Imprimé après « Questionnements pour » : « la Savoie »."),
    )
    cross_view_partner_label = models.CharField(
        _("regard croisé : côté partenaire"), max_length=80, blank=True
    )
    partners_view_title = models.CharField(
        _("titre du regard des partenaires"), max_length=255, blank=True
    )
    partners_view_body = models.TextField(_("regard des partenaires"), blank=True)
    resources = models.TextField(_("ressources"), blank=True)
    photo_credits = models.CharField(_("crédits photos"), max_length=255, blank=True)

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["title"]
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        # The list's first page reads 25 projects in title order from the index
        # instead of sorting every project.
        indexes = [models.Index(fields=["title"], name="project_title_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(end_year__gte=F("start_year")),
                name="project_end_after_start",
                violation_error_message=END_BEFORE_START,
            ),
            amounts_not_negative(
                "funding_printed_total",
                name="project_printed_total_not_negative",
                nullable=True,
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        taken = route_taken_by(self.slug) if self.slug else None
        if taken:
            raise ValidationError(
                {
                    "slug": _(
                        "L'adresse %(path)s est déjà une page du portail : "
                        "choisissez un autre identifiant."
                    )
                    % {"path": taken}
                }
            )

    def get_absolute_url(self):
        return reverse("projects:project-detail", args=[self.slug])

    @property
    def names(self) -> list[str]:
        """Every name the project is known by: its title, then its aliases."""
        return [self.title, *filter(None, map(str.strip, self.aliases.splitlines()))]

    @property
    def has_seminars(self) -> bool:
        """Whether the project runs a series of seminars (reads prefetched missions)."""
        return any(mission.kind == "seminar" for mission in self.missions.all())

    @cached_property
    def funding(self) -> FundingSummary:
        """What the funding lines and cost tables add up to, and how a total printed
        in the source departs from it (reads the prefetched rows, computed once)."""
        return FundingSummary(self)


class ProjectContact(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="project_contacts"
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="project_contacts"
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("contact du projet")
        verbose_name_plural = _("contacts du projet")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "contact"], name="project_contact_unique"
            ),
        ]

    def __str__(self):
        return str(self.contact)


class ProjectRecommendation(models.Model):
    """A recommendation category this project answers, with its bullet points."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="recommendations"
    )
    category = models.ForeignKey(
        RecommendationCategory,
        verbose_name=_("catégorie"),
        on_delete=models.PROTECT,
        related_name="project_recommendations",
    )
    intro = models.TextField(_("introduction"), blank=True)
    points = models.TextField(
        _("points"), blank=True, help_text=_("Un point par ligne.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["category__order"]
        verbose_name = _("préconisation")
        verbose_name_plural = _("préconisations")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "category"], name="recommendation_unique_per_project"
            ),
        ]

    def __str__(self):
        return str(self.category)

    @property
    def point_list(self):
        return [line.strip() for line in self.points.splitlines() if line.strip()]


# How many key figures, the first in their order, the capitalization sheet shows.
KEY_FIGURES_ON_SHEET = 3
# The long texts of a project where a placeholder ("[[regard-croisé]]", "[[citation
# 1]]": projects.sheets.content) may stand, in the order of the sheet.
PLACEABLE_TEXTS = (
    "pilot_rationale",
    "genesis",
    "objectives",
    "actors",
    "focus_body",
    "partners_view_body",
)


class KeyFigure(models.Model):
    """A key figure: the value as written ("16-25", "1,7") and its label."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="key_figures"
    )
    value = models.CharField(_("valeur"), max_length=40)
    label = models.CharField(_("légende"), max_length=255)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("chiffre clé")
        verbose_name_plural = _("chiffres clés")

    def __str__(self):
        return f"{self.value} – {self.label}"


class CrossViewRow(models.Model):
    """A row of the cross-view table: a theme, the questions for each side."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="cross_view_rows"
    )
    group = models.CharField(_("groupe"), max_length=255, blank=True)
    theme = models.CharField(_("thématique"), max_length=255)
    french_side = models.TextField(_("questionnements côté français"), blank=True)
    partner_side = models.TextField(_("questionnements côté partenaire"), blank=True)
    # the partner organisation that wrote the partner column, when it came from a
    # proposal of its own (core.proposals): "their" answers, marked as theirs
    partner_side_source = models.CharField(
        _("côté partenaire rédigé par"), max_length=255, blank=True
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("ligne du regard croisé")
        verbose_name_plural = _("regard croisé")

    def __str__(self):
        return self.theme

    def get_absolute_url(self):
        """The row in its project's cross-view table."""
        return f"{self.project.get_absolute_url()}#regard-croise"


class Quote(models.Model):
    """Words of an actor (paroles d'acteurs, testimonies)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="quotes"
    )
    text = models.TextField(_("citation"))
    author = models.CharField(_("auteur"), max_length=160)
    role = models.CharField(_("fonction"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")

    def __str__(self):
        return f"{self.author} : {self.text[:60]}"


class PrintedName(models.Model):
    """The name an organisation is printed under on one project's sheet, as the sheet
    prints it ("Ville de Dessalines (Haïti)" for "Commune de Dessalines"), and its
    place among the partners: the organisation keeps its canonical name everywhere
    else."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="printed_names"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="printed_names",
    )
    name = models.CharField(
        _("nom imprimé sur la fiche"),
        max_length=255,
        help_text=_("Tel que la fiche l'imprime, pays compris s'il y figure."),
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("nom imprimé")
        verbose_name_plural = _("noms imprimés")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"], name="printed_name_unique"
            )
        ]

    def __str__(self):
        return self.name


class ProjectPhoto(models.Model):
    """A photo of the project, with its caption (the alternative text of the image)
    and its credit: the first shown on the sheet is printed large on its first page,
    the others beside the text."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="photos"
    )
    image = PhotoField(_("photo"), upload_to="photos/%Y/")
    caption = models.CharField(
        _("légende"),
        max_length=255,
        help_text=_("Ce que montre la photo : c'est aussi son texte alternatif."),
    )
    credit = models.CharField(_("crédit"), max_length=255, blank=True)
    on_sheet = models.BooleanField(_("sur la fiche"), default=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.caption
