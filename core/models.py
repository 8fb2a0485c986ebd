"""Abstract bases shared by the records of every app."""

import functools
import operator

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .uploads import AttachmentField

NOT_NEGATIVE = _("Un montant ne peut pas être négatif.")
END_BEFORE_START = _("L'année de fin ne peut précéder l'année de début.")


def money_field(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


def amounts_not_negative(
    *fields: str, name: str, nullable: bool = False
) -> models.CheckConstraint:
    """The database's rule that the amounts in `fields` are never negative (empty
    ones allowed when `nullable`), refused with the same message everywhere."""
    conditions = [
        models.Q(**{f"{field}__isnull": True}) | models.Q(**{f"{field}__gte": 0})
        if nullable
        else models.Q(**{f"{field}__gte": 0})
        for field in fields
    ]
    return models.CheckConstraint(
        condition=functools.reduce(operator.and_, conditions),
        name=name,
        violation_error_message=NOT_NEGATIVE,
    )


class TrackedModel(models.Model):
    """A record people edit in forms: timestamps, and a version for optimistic locking.

    `version` goes up by one on every save made through a service; a form carries the
    version it was opened with, and a save whose version is stale is refused.
    """

    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True, db_index=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class BackgroundJob(models.Model):
    """Long work asked for in a page and done by a task worker (a catalogue of many
    sheets, ...): who asked, how far it is, and its file once done.

    The file is written only when the work is complete, so a job is done (with its
    file) or not; a job whose worker stopped answering is marked failed with the
    reason (see core.jobs.jobs_fail_stalled), never left running for ever.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", _("En attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Terminé")
        FAILED = "failed", _("Échec")

    kind = models.CharField(_("type"), max_length=40)
    label = models.CharField(_("libellé"), max_length=200)
    user = models.ForeignKey(
        "auth.User",
        verbose_name=_("demandé par"),
        on_delete=models.CASCADE,
        related_name="background_jobs",
    )
    status = models.CharField(
        _("statut"), max_length=8, choices=Status, default=Status.WAITING
    )
    done = models.PositiveIntegerField(_("étapes faites"), default=0)
    total = models.PositiveIntegerField(_("étapes"), default=0)
    message = models.TextField(_("message"), blank=True)
    file = models.FileField(_("fichier"), upload_to="jobs/%Y/%m/", blank=True)
    file_name = models.CharField(_("nom du fichier"), max_length=200, blank=True)
    # what to open once done, when the job gives a page rather than a file
    result_url = models.CharField(_("résultat"), max_length=200, blank=True)
    task_id = models.CharField(_("tâche"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    # moved on at each step: how the portal tells a working job from a stalled one
    updated_at = models.DateTimeField(_("dernier signe de vie"), auto_now=True)
    expires_at = models.DateTimeField(_("gardé jusqu'au"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("traitement en arrière-plan")
        verbose_name_plural = _("traitements en arrière-plan")
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self):
        return f"{self.label} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("core:job-detail", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}


class Proposal(models.Model):
    """What a partner account writes into a record of its partnership: a proposal,
    reviewed by a coordinator before it becomes the record (core.proposals).

    `kind` names what is proposed, as a domain app registered it (the partner column
    of a cross-view row, a measurement "là-bas"); `target` the record it is written
    into or beside; `payload` the field values, validated by the kind's form. Its
    `version` goes up at each step: two people answering the same proposal at once,
    the second is refused as a stale form is.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SUBMITTED = "submitted", _("Soumise")
        ACCEPTED = "accepted", _("Acceptée")
        RETURNED = "returned", _("Renvoyée")

    kind = models.CharField(_("type"), max_length=60)
    target_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("type de la fiche"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    target_id = models.PositiveBigIntegerField(_("fiche"))
    payload = models.JSONField(_("valeurs proposées"), default=dict)
    state = models.CharField(
        _("état"), max_length=10, choices=State, default=State.DRAFT, db_index=True
    )
    proposer = models.ForeignKey(
        "auth.User",
        verbose_name=_("proposée par"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    # the partner organisation the proposal speaks for ("their" answers)
    organisation_name = models.CharField(_("au nom de"), max_length=255)
    reviewer = models.ForeignKey(
        "auth.User",
        verbose_name=_("examinée par"),
        on_delete=models.PROTECT,
        related_name="reviewed_proposals",
        null=True,
        blank=True,
    )
    comment = models.TextField(_("commentaire de l'examen"), blank=True)
    # the record the acceptance wrote (the cross-view row, the new measurement)
    record_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("type de l'enregistrement"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    record_id = models.PositiveBigIntegerField(_("enregistrement"), null=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    submitted_at = models.DateTimeField(_("soumise le"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("examinée le"), null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("proposition")
        verbose_name_plural = _("propositions")
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["record_type", "record_id"]),
        ]

    def __str__(self):
        return _("Proposition n° %(number)s") % {"number": self.pk}

    def get_absolute_url(self):
        return reverse("proposal-detail", args=[self.pk])


def proposal_file_path(instance, filename: str) -> str:
    return f"proposals/{instance.proposal_id}/{filename}"


class ProposalFile(models.Model):
    """Evidence sent with a proposal (a survey, a photo, a receipt): checked as
    every attachment is (core.uploads)."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="files"
    )
    file = AttachmentField(_("justificatif"), upload_to=proposal_file_path)
    created_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("justificatif")
        verbose_name_plural = _("justificatifs")

    def __str__(self):
        return self.file.name.rsplit("/", 1)[-1]

    def get_absolute_url(self):
        return reverse("proposal-file", args=[self.pk])


class RecordComment(models.Model):
    """A comment on a record of a partnership, read by both sides (core.comments): the
    French side's coordinators and the partner's staff."""

    target_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("type de la fiche"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    target_id = models.PositiveBigIntegerField(_("fiche"))
    author = models.ForeignKey(
        "auth.User",
        verbose_name=_("auteur"),
        on_delete=models.PROTECT,
        related_name="record_comments",
    )
    # the partner organisation the author writes for; empty for the French side
    organisation_name = models.CharField(_("au nom de"), max_length=255, blank=True)
    text = models.TextField(_("commentaire"))
    created_at = models.DateTimeField(_("écrit le"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return self.text[:60]
