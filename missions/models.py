from collections import Counter
from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TrackedModel, amounts_not_negative, money_field
from core.uploads import AttachmentField
from partnerships.models import Organisation, Partnership
from projects.models import Project


class Mission(TrackedModel):
    """An exchange of people between two territories, prepared step by step and
    budgeted."""

    class Kind(models.TextChoices):
        EXCHANGE = "exchange", _("Échange")
        TRAINING = "training", _("Formation")
        SEMINAR = "seminar", _("Séminaire")
        DIAGNOSTIC = "diagnostic", _("Diagnostic")
        FOLLOW_UP = "follow_up", _("Suivi")

    title = models.CharField(_("titre"), max_length=255)
    project = models.ForeignKey(
        Project,
        verbose_name=_("projet"),
        on_delete=models.PROTECT,
        related_name="missions",
        null=True,
        blank=True,
    )
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partenariat"),
        on_delete=models.PROTECT,
        related_name="missions",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("type"), max_length=12, choices=Kind, db_index=True)
    origin = models.ForeignKey(
        Organisation,
        verbose_name=_("territoire de départ"),
        on_delete=models.PROTECT,
        related_name="missions_from",
        null=True,
        blank=True,
    )
    destination = models.ForeignKey(
        Organisation,
        verbose_name=_("territoire d'accueil"),
        on_delete=models.PROTECT,
        related_name="missions_to",
        null=True,
        blank=True,
    )
    start_date = models.DateField(_("début"), null=True, blank=True, db_index=True)
    end_date = models.DateField(_("fin"), null=True, blank=True)
    period_note = models.CharField(
        _("période telle qu'écrite"),
        max_length=120,
        blank=True,
        help_text=_("Quand la source ne donne pas de dates précises : « 2006-2007 »."),
    )
    place = models.CharField(_("lieu"), max_length=255, blank=True)
    objectives = models.TextField(_("objectifs"), blank=True)
    expected_participants = models.PositiveIntegerField(
        _("nombre de participants prévu"), null=True, blank=True
    )
    organiser = models.ForeignKey(
        Organisation,
        verbose_name=_("collectivité organisatrice"),
        on_delete=models.PROTECT,
        related_name="organised_missions",
        null=True,
        blank=True,
    )
    participating_authorities = models.ManyToManyField(
        Organisation,
        verbose_name=_("collectivités participantes"),
        related_name="participated_missions",
        blank=True,
    )
    other_participants = models.TextField(_("autres participants"), blank=True)
    themes_note = models.TextField(_("thèmes"), blank=True)
    testimonies_note = models.TextField(_("expériences pour témoignages"), blank=True)
    report = models.TextField(_("compte rendu"), blank=True)
    budget_currency = models.CharField(
        _("devise du budget"), max_length=3, default="EUR"
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["start_date", "title"]
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        # The order of the list (see mission_list): its pages read the index.
        indexes = [
            models.Index(
                fields=["start_date", "title", "id"], name="mission_list_order_idx"
            )
        ]
        permissions = [
            ("write_report", _("Peut rédiger le compte rendu d'une mission"))
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(project__isnull=False) | Q(partnership__isnull=False),
                name="mission_has_project_or_partnership",
                violation_error_message=_(
                    "Rattachez la mission à un projet ou un partenariat."
                ),
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="mission_end_after_start",
                violation_error_message=_("La fin ne peut précéder le début."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("missions:mission-detail", args=[self.pk])

    # The derived views of a mission's rows read the prefetched rows (`steps.all()`,
    # `participants.all()`): a page prefetching them costs no query per row.

    @property
    def steps_by_phase(self) -> list[tuple[str, list["MissionStep"]]]:
        """The steps grouped by phase, before / during / after, each in its order."""
        steps = sorted(self.steps.all(), key=lambda step: (step.order, step.pk))
        return [
            (label, [step for step in steps if step.phase == phase])
            for phase, label in MissionStep.Phase.choices
        ]

    @property
    def overdue_steps(self) -> list["MissionStep"]:
        return [step for step in self.steps.all() if step.is_overdue]

    @property
    def done_steps(self) -> list["MissionStep"]:
        return [s for s in self.steps.all() if s.state == MissionStep.State.DONE]

    @property
    def participant_counts(self) -> list[tuple[str, int]]:
        """How many participants of each category, in the order of the categories;
        categories nobody belongs to are left out."""
        counts = Counter(p.category for p in self.participants.all())
        return [
            (label, counts[category])
            for category, label in Participant.Category.choices
            if counts[category]
        ]


class Participant(models.Model):
    class Category(models.TextChoices):
        ELECTED = "elu", _("Élu")
        TECHNICIAN = "technicien", _("Technicien")
        PROFESSIONAL = "professionnel", _("Professionnel")
        VOLUNTEER = "benevole", _("Bénévole")
        YOUNG = "jeune", _("Jeune")

    mission = models.ForeignKey(
        Mission, on_delete=models.CASCADE, related_name="participants"
    )
    full_name = models.CharField(_("nom"), max_length=160)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="mission_participants",
        null=True,
        blank=True,
    )
    category = models.CharField(_("catégorie"), max_length=16, choices=Category)
    # the order people put the participants in (their list, the dossier)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    # the partner organisation whose accepted proposal wrote this row (core.proposals)
    source = models.CharField(_("proposé par"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self):
        return self.full_name


class MissionDay(models.Model):
    """A day of the programme of the stay (calendrier du séjour)."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))
    title = models.CharField(_("titre"), max_length=255)
    description = models.TextField(_("programme"), blank=True)
    # the partner organisation whose accepted proposal wrote this row (core.proposals)
    source = models.CharField(_("proposé par"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("journée")
        verbose_name_plural = _("programme du séjour")

    def __str__(self):
        return f"{self.date} – {self.title}"


class MissionStep(models.Model):
    """A step of the preparation and follow-up of a mission (the Savoie youth sheet of
    the TERRINCLUS guide of the ADF, 2017)."""

    class Phase(models.TextChoices):
        BEFORE = "before", _("Avant")
        DURING = "during", _("Pendant")
        AFTER = "after", _("Après")

    class Kind(models.TextChoices):
        OBJECTIVES_SHEET = "objectives_sheet", _("Fiche d'objectifs")
        CALENDAR = "calendar", _("Calendrier")
        PREPARATION_EVENING = "preparation_evening", _("Soirée de préparation")
        LETTER_TO_ELECTED = "letter_to_elected", _("Courrier aux élus")
        OFFICERS_PRESENT = "officers_present", _("Présence des chargés de mission")
        EVENING_DEBRIEFING = "evening_debriefing", _("Débriefing du soir")
        LOCAL_ACTORS = "local_actors", _("Association des acteurs")
        INDIVIDUAL_REPORT = "individual_report", _("Bilan individuel")
        COLLECTIVE_SYNTHESIS = (
            "collective_synthesis",
            _("Synthèse et restitution collective"),
        )
        REVIEW_EVENING = "review_evening", _("Soirée relecture")
        COMMUNICATION = "communication", _("Information et communication")
        OTHER = "other", _("Autre")

    class State(models.TextChoices):
        TODO = "todo", _("À faire")
        IN_PROGRESS = "in_progress", _("En cours")
        DONE = "done", _("Fait")
        NOT_APPLICABLE = "not_applicable", _("Sans objet")

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="steps")
    phase = models.CharField(_("phase"), max_length=8, choices=Phase)
    kind = models.CharField(_("étape"), max_length=24, choices=Kind, default=Kind.OTHER)
    title = models.CharField(_("intitulé"), max_length=255, blank=True)
    state = models.CharField(
        _("état"), max_length=16, choices=State, default=State.TODO
    )
    due_date = models.DateField(_("échéance"), null=True, blank=True)
    document = AttachmentField(
        _("document"), upload_to="missions/steps/%Y/", blank=True
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("étape")
        verbose_name_plural = _("étapes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="other", title=""),
                name="mission_step_other_has_title",
                violation_error_message=_(
                    "Donnez un intitulé à une étape qui n'est pas dans la liste."
                ),
            ),
        ]

    def __str__(self):
        return self.title or self.get_kind_display()

    @property
    def is_overdue(self) -> bool:
        """Due before today and neither done nor set aside."""
        return (
            self.due_date is not None
            and self.due_date < timezone.localdate()
            and self.state in {self.State.TODO, self.State.IN_PROGRESS}
        )


class BudgetLine(models.Model):
    """A line of a mission's provisional budget: cash and in-kind kept apart."""

    class Side(models.TextChoices):
        EXPENSE = "expense", _("Dépense")
        INCOME = "income", _("Recette")

    mission = models.ForeignKey(
        Mission, on_delete=models.CASCADE, related_name="budget_lines"
    )
    side = models.CharField(_("nature"), max_length=8, choices=Side)
    label = models.CharField(_("poste"), max_length=255)
    cash_amount = money_field(_("numéraire"), default=Decimal(0))
    in_kind_amount = money_field(_("valorisation"), default=Decimal(0))
    note = models.TextField(_("précisions"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    # the partner organisation whose accepted proposal wrote this row (core.proposals)
    source = models.CharField(_("proposé par"), max_length=255, blank=True)
    # The financial report, after the event: what was actually spent or received
    # (empty until reported), and who reported it when the partner did.
    actual_cash_amount = money_field(_("numéraire réalisé"), null=True, blank=True)
    actual_in_kind_amount = money_field(
        _("valorisation réalisée"), null=True, blank=True
    )
    actual_source = models.CharField(
        _("réalisé déclaré par"), max_length=255, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["side", "order", "pk"]
        verbose_name = _("ligne de budget")
        verbose_name_plural = _("budget prévisionnel")
        constraints = [
            amounts_not_negative(
                "cash_amount", "in_kind_amount", name="budget_line_amounts_not_negative"
            ),
            amounts_not_negative(
                "actual_cash_amount",
                "actual_in_kind_amount",
                name="budget_line_actuals_not_negative",
                nullable=True,
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def is_reported(self) -> bool:
        """The financial report gives this line an actual amount."""
        return (
            self.actual_cash_amount is not None
            or self.actual_in_kind_amount is not None
        )

    @property
    def provisional_total(self) -> Decimal:
        return self.cash_amount + self.in_kind_amount

    @property
    def actual_total(self) -> Decimal:
        return (self.actual_cash_amount or 0) + (self.actual_in_kind_amount or 0)

    @property
    def difference(self) -> Decimal:
        """Actual minus provisional, cash and in kind together."""
        return self.actual_total - self.provisional_total
