"""Registrations: one person or family for an event, with a seat or on the waitlist."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kausa.core.models import TenantOwned
from kausa.events.models.event import Event, EventGroup

if TYPE_CHECKING:
    from kausa.people.models import YoungPerson

CHECKIN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to read aloud
MAX_PARTY_SIZE = 8


def new_token() -> str:
    return secrets.token_urlsafe(24)


def new_checkin_code() -> str:
    return "".join(secrets.choice(CHECKIN_ALPHABET) for _ in range(8))


class Registration(TenantOwned):
    """One person or one family (party) registered for an event."""

    # personal data: exported and erased by <app>/privacy.py (kausa.privacy.registry)
    PERSONAL_FIELDS = ("young_person", "name", "email", "phone")

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITLISTED = "waitlisted", _("on the waitlist")
        CANCELLED = "cancelled", _("cancelled")

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations")
    young_person = models.ForeignKey(
        "people.YoungPerson",
        verbose_name=_("young person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        help_text=_("Set when an advisor registers a person from the case workspace."),
    )
    group = models.ForeignKey(
        EventGroup,
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="de"
    )
    party_size = models.PositiveSmallIntegerField(
        _("number of people"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PARTY_SIZE)],
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, db_index=True)
    waitlist_number = models.PositiveIntegerField(
        _("waitlist number"), null=True, blank=True, editable=False
    )
    consent_given_at = models.DateTimeField(_("consent given"))
    consent_text_version = models.CharField(max_length=20, default="1")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    checkin_code = models.CharField(
        max_length=8, unique=True, default=new_checkin_code, editable=False
    )
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("moved up from the waitlist"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    # contact data blanked (erasure or retention); the row stays for the figures
    is_anonymised = models.BooleanField(_("anonymised"), default=False)
    # put on for display by the staff event page (not a field)
    suggested_person: YoungPerson | None

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled") & ~Q(email=""),
                name="registration_unique_active_email",
            ),
            models.UniqueConstraint(
                fields=["event", "phone"],
                condition=~Q(status="cancelled") & Q(email="") & ~Q(phone=""),
                name="registration_unique_active_phone",
            ),
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone="") | Q(is_anonymised=True),
                name="registration_has_contact",
            ),
            models.CheckConstraint(
                condition=Q(party_size__gte=1), name="registration_party_at_least_one"
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "waitlist_number"], name="reg_event_queue")
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.event}"

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED
