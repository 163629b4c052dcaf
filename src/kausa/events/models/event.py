"""Events with their translations, groups (language groups, time blocks) and JUMP! stations."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kausa.core.models import TenantOwned


def video_room_base_url() -> str:
    """The video-room provider (KAUSA_VIDEO_ROOM_BASE_URL, e.g. the office's own Jitsi)."""
    return settings.KAUSA_VIDEO_ROOM_BASE_URL


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
    title_language: str
    description_language: str

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

    def text_languages_for(self, language: str) -> tuple[str, str]:
        """The languages of the title and the description ``text_for`` gives: the page's
        where translated, else German (events are written in German first)."""
        for row in self.translations.all():
            if row.language == language:
                return (
                    language if row.title else "de",
                    language if row.description else "de",
                )
        return "de", "de"

    def missing_languages(self) -> list[str]:
        """Page languages this event's text has no translation in (for the staff)."""
        done = {row.language for row in self.translations.all() if row.title}
        return [code for code, _name in settings.LANGUAGES if code != "de" and code not in done]

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
