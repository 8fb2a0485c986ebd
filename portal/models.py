"""What the portal keeps of each person's year: the reminders they have dealt with
or put off, what their weekly digest already told them, and whether they want it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderState(models.Model):
    """A reminder a person marked done, or put off until a date."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    key = models.CharField(_("rappel"), max_length=120)
    done = models.BooleanField(_("fait"), default=False)
    snoozed_until = models.DateField(_("reporté au"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("état d'un rappel")
        verbose_name_plural = _("états des rappels")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_state_a_reminder")
        ]

    def __str__(self):
        return f"{self.user} : {self.key}"


class DigestEntry(models.Model):
    """A reminder sent in a person's digest of a week: never sent twice that week."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests"
    )
    key = models.CharField(_("rappel"), max_length=120)
    week = models.CharField(_("semaine"), max_length=8)  # ISO week, "2026-W49"
    sent_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("rappel envoyé")
        verbose_name_plural = _("rappels envoyés")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key", "week"], name="one_sending_a_week"
            )
        ]

    def __str__(self):
        return f"{self.user} : {self.key} ({self.week})"


class AccountPreferences(models.Model):
    """What a person chose for their account: the weekly digest, and the language of
    the interface (blank: the one chosen with the switch in the header, French by
    default)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferences"
    )
    weekly_digest = models.BooleanField(
        _("recevoir le récapitulatif hebdomadaire par courriel"), default=True
    )
    language = models.CharField(
        _("langue de l'interface"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_(
            "Elle s'applique sur chaque appareil où vous vous connectez. Sans choix, "
            "la langue choisie dans l'en-tête, le français par défaut."
        ),
    )

    class Meta:
        verbose_name = _("préférences du compte")
        verbose_name_plural = _("préférences des comptes")

    def __str__(self):
        return str(self.user)


class DemoAccount(models.Model):
    """Marks an account created by the demo loader (`demo_accounts_create`): with
    DEBUG off it may not log in, whatever its name or password."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="demo_account",
        verbose_name=_("compte"),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("compte de démonstration")
        verbose_name_plural = _("comptes de démonstration")

    def __str__(self):
        return str(self.user)


class OdaRecipientList(models.Model):
    """One edition of the OECD DAC List of ODA Recipients, for the calendar years of
    flows it is effective for: the countries a yearly APD declaration may count."""

    first_year = models.PositiveSmallIntegerField(_("première année"))
    last_year = models.PositiveSmallIntegerField(_("dernière année"))
    title = models.CharField(_("titre"), max_length=255)
    source = models.TextField(_("source"))
    loaded_at = models.DateTimeField(_("chargée le"), auto_now=True)

    class Meta:
        ordering = ["-first_year"]
        verbose_name = _("liste des bénéficiaires de l'APD")
        verbose_name_plural = _("listes des bénéficiaires de l'APD")
        constraints = [
            models.UniqueConstraint(
                fields=["first_year", "last_year"], name="oda_list_unique_years"
            ),
            models.CheckConstraint(
                condition=models.Q(last_year__gte=models.F("first_year")),
                name="oda_list_years_in_order",
            ),
        ]

    def __str__(self):
        return self.title


class OdaRecipient(models.Model):
    class Group(models.TextChoices):
        LDC = "ldc", _("pays les moins avancés")
        LIC = "lic", _("autres pays à faible revenu")
        LMIC = "lmic", _("pays à revenu intermédiaire, tranche inférieure")
        UMIC = "umic", _("pays à revenu intermédiaire, tranche supérieure")

    recipient_list = models.ForeignKey(
        OdaRecipientList, on_delete=models.CASCADE, related_name="recipients"
    )
    # ISO 3166-1 alpha-2 as the OECD list names it (XK for Kosovo): not a
    # CountryField, whose choices lack some of the list's territories
    country = models.CharField(_("pays"), max_length=2)
    group = models.CharField(_("groupe"), max_length=4, choices=Group)

    class Meta:
        ordering = ["country"]
        verbose_name = _("pays bénéficiaire de l'APD")
        verbose_name_plural = _("pays bénéficiaires de l'APD")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient_list", "country"], name="oda_recipient_unique"
            )
        ]

    def __str__(self):
        return f"{self.country} ({self.group})"


class ApiToken(models.Model):
    """A personal token of the REST API, created and revoked by its owner on their
    account page. Only the SHA-256 of its secret is kept: the secret is shown once,
    when the token is created, and cannot be read again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("compte"),
    )
    name = models.CharField(_("nom"), max_length=80)
    key_hash = models.CharField(_("empreinte"), max_length=64, unique=True)
    # the first characters of the secret, to tell one token from another
    prefix = models.CharField(_("début du jeton"), max_length=12)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    last_used_at = models.DateTimeField(
        _("dernière utilisation"), null=True, blank=True
    )
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    class Meta:
        verbose_name = _("jeton d'accès à l'API")
        verbose_name_plural = _("jetons d'accès à l'API")
        ordering = ["-created_at", "pk"]

    def __str__(self):
        return f"{self.user} : {self.name}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
