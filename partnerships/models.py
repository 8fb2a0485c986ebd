import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from core.models import TrackedModel
from core.uploads import AttachmentField


def coordinate_field(label, bound, **options):
    """A latitude or longitude in decimal degrees, within ±bound."""
    return models.DecimalField(
        label,
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-bound), MaxValueValidator(bound)],
        **options,
    )


class Organisation(TrackedModel):
    """Any body named in the records: carrier, partner, operator, funder."""

    class Kind(models.TextChoices):
        DEPARTEMENT = "departement", _("Département")
        REGION = "region", _("Région")
        COMMUNE = "commune", _("Commune")
        VILLE = "ville", _("Ville")
        JUDET = "judet", _("Judet")
        RAION = "raion", _("Raion")
        PROVINCE = "province", _("Province")
        PREFECTURE = "prefecture", _("Préfecture")
        MINISTERE = "ministere", _("Ministère")
        AGENCE = "agence", _("Agence")
        ETAT = "etat", _("État")
        UNION_EUROPEENNE = "union_europeenne", _("Union européenne")
        ASSOCIATION = "association", _("Association / ONG")
        ETABLISSEMENT = "etablissement", _("Établissement")
        FONDATION = "fondation", _("Fondation")
        UNIVERSITE = "universite", _("Université")
        RESEAU = "reseau", _("Réseau")
        AUTRE = "autre", _("Autre")

    name = models.CharField(_("nom"), max_length=255, unique=True)
    short_name = models.CharField(_("nom court"), max_length=80, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind, default=Kind.AUTRE)
    country = CountryField(_("pays"), blank=True, db_index=True)
    website = models.URLField(_("site web"), blank=True)
    latitude = coordinate_field(
        _("latitude"), 90, help_text=_("En degrés décimaux (WGS 84), pour la carte.")
    )
    longitude = coordinate_field(_("longitude"), 180)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:organisation-detail", args=[self.pk])

    @property
    def display_name(self):
        """The name with its country, as sheets print partners: "X (Sénégal)"."""
        country = self.country.name if self.country else ""
        # "Ville de Cap-Haïtien" does not name Haïti: whole words only
        says_country = re.search(rf"\b{re.escape(country)}\b", self.name)
        if not country or self.country.code == "FR" or says_country:
            return self.name
        return f"{self.name} ({country})"


class PartnershipManager(models.Manager):
    """A partnership is named after its two authorities ("Savoie – Bignona"): they
    come with it, so that a select box or a list of partnerships costs one query."""

    def get_queryset(self):
        return super().get_queryset().select_related("french_authority", "partner")


class Partnership(TrackedModel):
    """A decentralized cooperation between a French authority and a partner."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Actif")
        SUSPENDED = "suspended", _("Suspendu")
        ENDED = "ended", _("Terminé")

    french_authority = models.ForeignKey(
        Organisation,
        verbose_name=_("collectivité française"),
        on_delete=models.PROTECT,
        related_name="partnerships_as_french_authority",
    )
    partner = models.ForeignKey(
        Organisation,
        verbose_name=_("partenaire étranger"),
        on_delete=models.PROTECT,
        related_name="partnerships_as_partner",
    )
    operator = models.ForeignKey(
        Organisation,
        verbose_name=_("opérateur"),
        on_delete=models.PROTECT,
        related_name="partnerships_as_operator",
        null=True,
        blank=True,
    )
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    start_year = models.PositiveSmallIntegerField(
        _("année de début"), null=True, blank=True
    )
    start_year_note = models.TextField(
        _("source de l'année de début"),
        blank=True,
        help_text=_("D'où vient l'année, et ce que disent les autres sources."),
    )
    status = models.CharField(
        _("statut"), max_length=12, choices=Status, default=Status.ACTIVE, db_index=True
    )
    description = models.TextField(_("description"), blank=True)

    objects = PartnershipManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["french_authority__name", "partner__name"]
        verbose_name = _("partenariat")
        verbose_name_plural = _("partenariats")
        constraints = [
            models.UniqueConstraint(
                fields=["french_authority", "partner"],
                name="partnership_unique_pair",
            ),
            models.CheckConstraint(
                condition=~Q(french_authority=F("partner")),
                name="partnership_partner_differs",
            ),
        ]

    def __str__(self):
        return (
            f"{self.french_authority.short_name or self.french_authority.name} – "
            + (self.partner.short_name or self.partner.name)
        )

    def get_absolute_url(self):
        return reverse("partnerships:partnership-detail", args=[self.pk])


class PartnershipEvent(models.Model):
    """A dated step of a partnership's history (first contacts, a reform, ...)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="events"
    )
    year = models.PositiveSmallIntegerField(_("année"))
    date = models.DateField(_("date"), null=True, blank=True)
    title = models.CharField(_("titre"), max_length=255)
    text = models.TextField(_("texte"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "date", "pk"]
        verbose_name = _("événement")
        verbose_name_plural = _("chronologie")

    def __str__(self):
        return f"{self.year} – {self.title}"

    def clean(self):
        if self.date and self.date.year != self.year:
            raise ValidationError(
                {"date": _("La date doit tomber dans l'année indiquée.")}
            )


class Agreement(models.Model):
    """A signed convention of a partnership, with its period and renewal date."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="agreements"
    )
    title = models.CharField(_("titre"), max_length=255)
    signed_on = models.DateField(_("signée le"), null=True, blank=True)
    start = models.DateField(_("début"), null=True, blank=True)
    end = models.DateField(_("fin"), null=True, blank=True)
    renewal_due = models.DateField(_("renouvellement prévu le"), null=True, blank=True)
    file = AttachmentField(_("document"), upload_to="agreements/%Y/", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True)
                | Q(end__isnull=True)
                | Q(end__gte=F("start")),
                name="agreement_end_after_start",
                violation_error_message=_("La fin ne peut précéder le début."),
            ),
        ]

    def __str__(self):
        return self.title


class Contact(TrackedModel):
    """A person to reach about a partnership or a project."""

    full_name = models.CharField(_("nom"), max_length=160)
    role = models.CharField(_("fonction"), max_length=255, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="contacts",
        null=True,
        blank=True,
    )
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.UniqueConstraint(
                fields=["full_name", "organisation"],
                name="contact_unique_per_organisation",
            ),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("partnerships:contact-update", args=[self.pk])


class OrganisationMembership(models.Model):
    """Attaches a partner-side account to the organisations it may read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )

    class Meta:
        verbose_name = _("rattachement")
        verbose_name_plural = _("rattachements")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_unique"
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.organisation}"
