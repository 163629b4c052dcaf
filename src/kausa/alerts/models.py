"""Offer alerts: a saved public offer search with an e-mail address, no account.

An alert belongs to nobody's office: the person keeps it by the link in its e-mails (the
token). It waits for the double opt-in, then sends a digest of the new offers that match,
daily or weekly; each offer goes to an alert once at most (AlertSent). Unconfirmed alerts
go after a few days, alerts without a sign of life after a year (kausa.alerts.services).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kausa.reference.choices import GermanLevel, SchoolCertificate


class Alert(models.Model):
    # personal data: exported and erased by alerts/privacy.py (kausa.privacy.registry)
    PERSONAL_FIELDS = ("email", "postal_code", "query", "german_level", "certificate")

    class Frequency(models.TextChoices):
        DAILY = "daily", _("daily")
        WEEKLY = "weekly", _("weekly")

    email = models.EmailField(_("e-mail"), max_length=254, db_index=True)
    language = models.CharField(_("language"), max_length=8, default="de")
    # the saved search: the public search's own parameters
    postal_code = models.CharField(_("postal code"), max_length=5)
    radius_km = models.PositiveSmallIntegerField(_("distance (km)"), default=25)
    query = models.CharField(_("occupation"), max_length=100, blank=True)
    german_level = models.CharField(
        _("German level"), max_length=4, choices=GermanLevel.choices, blank=True
    )
    certificate = models.CharField(
        _("school certificate"), max_length=24, choices=SchoolCertificate.choices, blank=True
    )
    frequency = models.CharField(
        _("how often"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    weekday = models.PositiveSmallIntegerField(_("weekday of the weekly digest"), default=0)
    # The token in the links is derived from this random value and the SECRET_KEY; only its
    # hash is stored, so the database alone gives nobody a working link.
    secret = models.CharField(max_length=64, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    consent_text_version = models.CharField(max_length=20)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # offers created from here on are new for the next digest
    digest_from = models.DateTimeField(null=True, blank=True)
    last_run_on = models.DateField(null=True, blank=True)  # local date of the last digest run
    last_sent_at = models.DateTimeField(null=True, blank=True)
    # the last sign of life: confirmed, opened the page, followed a link of a digest
    last_opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("offer alert")
        verbose_name_plural = _("offer alerts")
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["confirmed_at", "last_run_on"], name="alert_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(radius_km__gte=1, radius_km__lte=100), name="alert_radius"
            ),
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="alert_weekday"),
        ]

    def __str__(self) -> str:
        return f"alert {self.pk}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class AlertSent(models.Model):
    """An offer that went out with a digest of an alert: never again to the same alert."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="sent")
    offer = models.ForeignKey("companies.Offer", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "offer"], name="alert_offer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.alert_id} · {self.offer_id}"
