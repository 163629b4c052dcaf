"""JOBWALK: street networks, companies that take part, tours, stations and team walks."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from kausa.core.models import TenantOwned, TimeStamped


def _token() -> str:
    return secrets.token_urlsafe(12)


def _short_code() -> str:
    # a code a team can type when the QR code cannot be scanned (no 0/O, 1/I)
    return "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6))


def pick_language(texts: dict[str, dict[str, object]], language: str | None = None) -> dict:
    """The texts in the requested (or current) language, else German, else any."""
    language = (language or translation.get_language() or "de").split("-")[0]
    for code in (language, "de", "en"):
        if texts.get(code):
            return dict(texts[code])
    return dict(next(iter(texts.values()), {}))


class StreetNetwork(TimeStamped):
    """A walkable graph built from an OpenStreetMap extract, stored as .npz (reference data)."""

    city = models.SlugField(_("city key"), max_length=80, unique=True)
    name = models.CharField(_("city"), max_length=120)
    south = models.FloatField()
    west = models.FloatField()
    north = models.FloatField()
    east = models.FloatField()
    node_count = models.PositiveIntegerField(_("nodes"))
    edge_count = models.PositiveIntegerField(_("edges"))
    file_path = models.CharField(_("file"), max_length=500)
    source = models.CharField(_("source extract"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("street network")
        verbose_name_plural = _("street networks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def covers(self, lat: float, lon: float, margin: float = 0.01) -> bool:
        return (
            self.south - margin <= lat <= self.north + margin
            and self.west - margin <= lon <= self.east + margin
        )


class Participation(TenantOwned):
    """A company agreed to receive JOBWALK teams (the consent lives here, not in companies)."""

    company = models.OneToOneField(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        related_name="jobwalk",
    )
    agreed_on = models.DateField(_("agreed to visits on"))
    visiting_times = models.CharField(_("visiting times"), max_length=200, blank=True)
    occupations = models.ManyToManyField(
        "reference.Occupation",
        verbose_name=_("occupations shown to visitors"),
        blank=True,
        related_name="+",
    )
    active = models.BooleanField(_("takes visitors"), default=True)

    class Meta:
        verbose_name = _("JOBWALK participation")
        verbose_name_plural = _("JOBWALK participations")

    def __str__(self) -> str:
        return str(self.company)


class Tour(TenantOwned):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    city = models.SlugField(_("city key"), max_length=80, db_index=True)
    city_name = models.CharField(_("city"), max_length=120)
    # {"de": {"title": "...", "text": "..."}, "ar": {...}}
    texts = models.JSONField(_("title and text per language"), default=dict)
    theme_sectors = models.JSONField(_("theme sectors"), default=list, blank=True)
    theme_occupations = models.ManyToManyField(
        "reference.Occupation", verbose_name=_("theme occupations"), blank=True, related_name="+"
    )
    start_lat = models.FloatField(_("start latitude"))
    start_lon = models.FloatField(_("start longitude"))
    start_label = models.CharField(_("start"), max_length=200, blank=True)
    return_to_start = models.BooleanField(_("back to the start"), default=False)
    pace_kmh = models.FloatField(
        _("walking pace (km/h)"),
        default=4.0,
        validators=[MinValueValidator(1.0), MaxValueValidator(8.0)],
    )
    dwell_minutes = models.PositiveSmallIntegerField(
        _("minutes at each station"), default=15, validators=[MaxValueValidator(120)]
    )
    geometry = models.JSONField(_("route"), default=list, blank=True)  # [[lat, lon], ...]
    length_m = models.FloatField(_("length (m)"), default=0)
    distance_model = models.CharField(_("distance model"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("tour")
        verbose_name_plural = _("tours")
        ordering = ["city_name", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return str(pick_language(self.texts).get("title", "")) or f"Tour {self.pk}"

    @property
    def text(self) -> str:
        return str(pick_language(self.texts).get("text", ""))

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def walk_minutes(self) -> float:
        return self.length_m / (self.pace_kmh * 1000 / 60)

    @property
    def total_minutes(self) -> int:
        return round(self.walk_minutes + self.dwell_minutes * self.stations.count())


class Station(TimeStamped):
    tour = models.ForeignKey(
        Tour, verbose_name=_("tour"), on_delete=models.CASCADE, related_name="stations"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    # a company that is erased leaves the tour
    company = models.ForeignKey(
        "companies.Company", verbose_name=_("company"), on_delete=models.CASCADE, related_name="+"
    )
    # {"de": {"learn": "...", "question": "...", "answers": ["..", ".."], "correct": 0}}
    content = models.JSONField(_("content per language"), default=dict, blank=True)
    token = models.CharField(max_length=32, unique=True, default=_token, editable=False)
    code = models.CharField(_("check-in code"), max_length=8, default=_short_code)
    radius_m = models.PositiveSmallIntegerField(_("check-in radius (m)"), default=50)

    class Meta:
        verbose_name = _("station")
        verbose_name_plural = _("stations")
        ordering = ["tour", "position"]
        constraints = [
            models.UniqueConstraint(fields=["tour", "company"], name="station_company_once"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.company}"

    def localized(self, language: str | None = None) -> dict:
        return pick_language(self.content, language) if self.content else {}


class TeamWalk(TimeStamped):
    """One anonymous team walking a tour: no names, only progress and points."""

    tour = models.ForeignKey(
        Tour, verbose_name=_("tour"), on_delete=models.CASCADE, related_name="walks"
    )
    token = models.CharField(max_length=32, unique=True, default=_token, editable=False)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    points = models.PositiveIntegerField(_("points"), default=0)

    class Meta:
        verbose_name = _("team walk")
        verbose_name_plural = _("team walks")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.tour} · {self.started_at:%Y-%m-%d %H:%M}"


class CheckIn(TimeStamped):
    class Method(models.TextChoices):
        GPS = "gps", _("location")
        CODE = "code", _("QR code")

    walk = models.ForeignKey(
        TeamWalk, verbose_name=_("team walk"), on_delete=models.CASCADE, related_name="checkins"
    )
    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.CASCADE, related_name="checkins"
    )
    method = models.CharField(_("method"), max_length=4, choices=Method.choices)
    distance_m = models.FloatField(_("distance (m)"), null=True, blank=True)
    quiz_correct = models.BooleanField(_("quiz answered correctly"), null=True, blank=True)
    points = models.PositiveSmallIntegerField(_("points"), default=0)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(fields=["walk", "station"], name="checkin_once_per_station"),
        ]


PLANNED_TOUR_DAYS = 30  # a planned tour's link works this long, then the tour is deleted


class PlannedTour(TimeStamped):
    """A tour made with the public planner, kept behind an unguessable link for 30 days.

    It belongs to nobody (no office, no person): its stations are companies of the public
    catalogue that agreed to visits. There are no check-in codes; a walker checks in by
    location on the phone."""

    token = models.CharField(max_length=32, unique=True, default=_token, editable=False)
    expires_at = models.DateTimeField(_("expires"), db_index=True)
    city_name = models.CharField(_("city"), max_length=120, blank=True)
    start_lat = models.FloatField(_("start latitude"))
    start_lon = models.FloatField(_("start longitude"))
    start_label = models.CharField(_("start"), max_length=200, blank=True)
    return_to_start = models.BooleanField(_("back to the start"), default=False)
    pace_kmh = models.FloatField(_("walking pace (km/h)"), default=4.0)
    dwell_minutes = models.PositiveSmallIntegerField(_("minutes at each station"), default=15)
    geometry = models.JSONField(_("route"), default=list, blank=True)  # [[lat, lon], ...]
    length_m = models.FloatField(_("length (m)"), default=0)
    distance_model = models.CharField(_("distance model"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("planned tour")
        verbose_name_plural = _("planned tours")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        if self.city_name:
            return translation.gettext("My JOBWALK tour in %(city)s") % {"city": self.city_name}
        return translation.gettext("My JOBWALK tour")

    @property
    def text(self) -> str:
        return ""

    @property
    def texts(self) -> dict[str, dict[str, object]]:
        return {}  # the title is made in the reader's language (see title)

    @property
    def walk_minutes(self) -> float:
        return self.length_m / (self.pace_kmh * 1000 / 60)

    @property
    def total_minutes(self) -> int:
        return round(self.walk_minutes + self.dwell_minutes * self.stations.count())

    def is_expired(self, now: dt.datetime | None = None) -> bool:
        return self.expires_at <= (now or timezone.now())


class PlannedStop(TimeStamped):
    """A station of a planned tour: a company that takes visitors (no code, no quiz)."""

    tour = models.ForeignKey(
        PlannedTour,
        verbose_name=_("planned tour"),
        on_delete=models.CASCADE,
        related_name="stations",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    company = models.ForeignKey(
        "companies.Company", verbose_name=_("company"), on_delete=models.CASCADE, related_name="+"
    )
    radius_m = models.PositiveSmallIntegerField(_("check-in radius (m)"), default=50)

    class Meta:
        verbose_name = _("planned station")
        verbose_name_plural = _("planned stations")
        ordering = ["tour", "position"]
        constraints = [
            models.UniqueConstraint(fields=["tour", "company"], name="planned_stop_company_once"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.company}"

    def localized(self, language: str | None = None) -> dict:
        return {}
