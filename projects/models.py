from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.models import TrackedModel
from partnerships.models import Contact, Organisation, Partnership

NOT_NEGATIVE = _("Un montant ne peut pas être négatif.")
END_BEFORE_START = _("L'année de fin ne peut précéder l'année de début.")


def money_field(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


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


class ProjectQuerySet(models.QuerySet):
    def terrinclus(self):
        """The pilot projects of the TERRINCLUS guide, in the guide's order."""
        return self.filter(guide_order__isnull=False).order_by("guide_order")


class Project(TrackedModel):
    """A pilot project (démarche pilote): every section of its capitalization sheet."""

    class Status(models.TextChoices):
        PREPARATION = "en_preparation", _("En préparation")
        ONGOING = "en_cours", _("En cours")
        DONE = "termine", _("Terminé")
        SUSPENDED = "suspendu", _("Suspendu")

    title = models.CharField(_("titre"), max_length=255)
    slug = models.SlugField(_("identifiant"), max_length=120, unique=True)
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
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partenariat"),
        on_delete=models.PROTECT,
        related_name="projects",
        null=True,
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
        _("regard croisé : côté français"), max_length=80, blank=True
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
            models.CheckConstraint(
                condition=Q(funding_printed_total__isnull=True)
                | Q(funding_printed_total__gte=0),
                name="project_printed_total_not_negative",
                violation_error_message=NOT_NEGATIVE,
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:project-detail", args=[self.slug])

    @property
    def has_seminars(self) -> bool:
        """Whether the project runs a series of seminars (reads prefetched missions)."""
        return any(mission.kind == "seminar" for mission in self.missions.all())

    # The funding total is always the sum of the lines, never a stored figure; the total
    # printed in a source document is only shown beside it, with the difference.
    # These read `funding_lines.all()`, so a list prefetching the lines costs no query.

    @property
    def funding_totals(self) -> dict[str, Decimal]:
        """The sum of the funding lines, per currency."""
        totals: dict[str, Decimal] = {}
        for line in self.funding_lines.all():
            if line.amount is None:
                continue
            totals[line.currency] = totals.get(line.currency, Decimal(0)) + line.amount
        return totals

    @property
    def funding_total(self) -> Decimal | None:
        """The sum of the funding lines when they share one currency."""
        totals = self.funding_totals
        if not totals:
            return None
        if len(totals) > 1:
            return None
        return next(iter(totals.values()))

    @property
    def funding_currency(self) -> str:
        totals = self.funding_totals
        return next(iter(totals)) if len(totals) == 1 else "EUR"

    @property
    def funding_total_difference(self) -> Decimal | None:
        """Printed total minus the sum of the lines, when the source printed another
        total."""
        if self.funding_printed_total is None or self.funding_total is None:
            return None
        difference = self.funding_printed_total - self.funding_total
        return difference or None


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

    @property
    def total(self):
        return sum((line.amount or Decimal(0) for line in self.lines.all()), Decimal(0))


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


class CrossViewRow(models.Model):
    """A row of the cross-view table: a theme, the questions for each side."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="cross_view_rows"
    )
    group = models.CharField(_("groupe"), max_length=255, blank=True)
    theme = models.CharField(_("thématique"), max_length=255)
    french_side = models.TextField(_("questionnements côté français"), blank=True)
    partner_side = models.TextField(_("questionnements côté partenaire"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("ligne du regard croisé")
        verbose_name_plural = _("regard croisé")

    def __str__(self):
        return self.theme


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

    objects = ImportRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("projects:import-preview", args=[self.pk])
