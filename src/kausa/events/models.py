"""Events, their translations, groups and stations, and registrations with a waitlist.

Speed-dating rows (slots, companies, applicants, wishes, interviews) live in
``kausa.events.speed_models`` and are imported here so Django finds them.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kausa.core.models import TenantOwned

if TYPE_CHECKING:
    from kausa.people.models import YoungPerson


def video_room_base_url() -> str:
    """The video-room provider (KAUSA_VIDEO_ROOM_BASE_URL, e.g. the office's own Jitsi)."""
    return settings.KAUSA_VIDEO_ROOM_BASE_URL


CHECKIN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to read aloud
MAX_PARTY_SIZE = 8


def new_token() -> str:
    return secrets.token_urlsafe(24)


def new_checkin_code() -> str:
    return "".join(secrets.choice(CHECKIN_ALPHABET) for _ in range(8))


def new_invite_key() -> str:
    return secrets.token_urlsafe(12)


class Event(TenantOwned):
    class Type(models.TextChoices):
        JUMP = "jump", "JUMP!"
        PARENT_EVENING = "parent_evening", _("parent evening")
        INFORMATION = "information", _("information event")
        SHOWCASE = "showcase", _("company showcase")
        AWARD = "award", _("award ceremony")
        SPEED_DATING = "speed_dating", _("speed dating")
        OTHER = "other", _("other")

    class Audience(models.TextChoices):
        YOUNG_PEOPLE = "young_people", _("young people")
        PARENTS = "parents", _("parents")
        COMPANIES = "companies", _("companies")
        MULTIPLIERS = "multipliers", _("multipliers")
        EVERYONE = "everyone", _("everyone")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CANCELLED = "cancelled", _("cancelled")

    type = models.CharField(_("type"), max_length=20, choices=Type.choices, db_index=True)
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Invite-only events are reachable only through their invitation link."),
    )
    invite_key = models.CharField(max_length=32, default=new_invite_key, editable=False)
    title = models.CharField(_("title (German)"), max_length=200)
    description = models.TextField(_("description (German)"), blank=True)
    languages = models.ManyToManyField(
        "reference.Language", verbose_name=_("languages spoken"), blank=True, related_name="+"
    )
    is_online = models.BooleanField(_("online"), default=False)
    video_room_url = models.URLField(
        _("video room"),
        blank=True,
        help_text=_("Sent only to registered people. Left empty, a room is created."),
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.ForeignKey(
        "reference.PostalCode",
        verbose_name=_("postal code"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    city = models.CharField(_("city"), max_length=120, blank=True, db_index=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(
        _("seats"), validators=[MinValueValidator(1), MaxValueValidator(100000)]
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    # Put on for display by the public pages (annotations only, not fields).
    local_title: str
    local_description: str
    free_seats: int

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def text_for(self, language: str) -> tuple[str, str]:
        """Title and description in the language, falling back to German."""
        for row in self.translations.all():
            if row.language == language:
                return row.title or self.title, row.description or self.description
        return self.title, self.description

    @property
    def is_over(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def room_url(self) -> str:
        if not self.is_online:
            return ""
        return self.video_room_url or f"{video_room_base_url()}kausa-{self.invite_key}"


class EventTranslation(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("event translation")
        verbose_name_plural = _("event translations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "language"], name="event_translation_unique_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class EventGroup(models.Model):
    """A language group or time block with its own seats."""

    class Kind(models.TextChoices):
        LANGUAGE = "language", _("language group")
        TIME_BLOCK = "time_block", _("time block")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="groups")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    language = models.ForeignKey(
        "reference.Language",
        verbose_name=_("language"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("seats"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("event group")
        verbose_name_plural = _("event groups")
        ordering = ["starts_at", "name", "id"]

    def __str__(self) -> str:
        return self.name


class Station(models.Model):
    """A JUMP! station: a sports club or a company, at a time and a place on the site."""

    class Kind(models.TextChoices):
        SPORTS_CLUB = "sports_club", _("sports club")
        COMPANY = "company", _("company")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="stations")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place on the site"), max_length=120, blank=True)
    activity = models.CharField(_("activity"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("station")
        verbose_name_plural = _("stations")
        ordering = ["starts_at", "place", "id"]

    def __str__(self) -> str:
        return self.name


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


from kausa.events.speed_models import (  # noqa: E402,F401  (Django finds models by module)
    SpeedDatingApplicant,
    SpeedDatingCompany,
    SpeedDatingInterview,
    SpeedDatingSlot,
    SpeedDatingWish,
)
