"""Online speed dating: interview slots, companies with tables, applicants, wishes, interviews."""

from __future__ import annotations

import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kausa.core.models import TenantOwned
from kausa.events.models.event import video_room_base_url
from kausa.reference.choices import GermanLevel


def _token() -> str:
    return secrets.token_urlsafe(24)


class SpeedDatingSlot(models.Model):
    """One time window of the event; every interview lasts `minutes`."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="speed_slots")
    starts_at = models.DateTimeField(_("starts"))
    minutes = models.PositiveSmallIntegerField(
        _("minutes per interview"), default=15, validators=[MinValueValidator(5)]
    )

    class Meta:
        verbose_name = _("interview slot")
        verbose_name_plural = _("interview slots")
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "starts_at"], name="slot_once_per_start")
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M}"


class SpeedDatingCompany(TenantOwned):
    """A company taking part, with the number of parallel video rooms (tables)."""

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="speed_companies"
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    tables = models.PositiveSmallIntegerField(
        _("parallel rooms"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    unavailable_slots = models.ManyToManyField(
        SpeedDatingSlot, verbose_name=_("unavailable slots"), blank=True, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)

    class Meta:
        verbose_name = _("speed-dating company")
        verbose_name_plural = _("speed-dating companies")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class SpeedDatingApplicant(TenantOwned):
    # personal data: exported and erased by <app>/privacy.py (kausa.privacy.registry)
    PERSONAL_FIELDS = ("young_person", "name", "email", "occupation_interests")
    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="speed_applicants"
    )
    young_person = models.ForeignKey(
        "people.YoungPerson",
        verbose_name=_("young person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=8, default="de")
    german_level = models.CharField(
        _("German level"), max_length=4, choices=GermanLevel.choices, default=GermanLevel.NONE
    )
    occupation_interests = models.CharField(_("occupation interests"), max_length=300, blank=True)
    max_interviews = models.PositiveSmallIntegerField(
        _("at most interviews"), default=3, validators=[MinValueValidator(1)]
    )
    unavailable_slots = models.ManyToManyField(
        SpeedDatingSlot, verbose_name=_("unavailable slots"), blank=True, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)

    class Meta:
        verbose_name = _("speed-dating applicant")
        verbose_name_plural = _("speed-dating applicants")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~models.Q(email=""),
                name="applicant_unique_email_per_event",
            )
        ]

    def __str__(self) -> str:
        return self.name


class SpeedDatingWish(models.Model):
    applicant = models.ForeignKey(
        SpeedDatingApplicant, on_delete=models.CASCADE, related_name="wishes"
    )
    company = models.ForeignKey(SpeedDatingCompany, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"), validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["applicant", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["applicant", "company"], name="wish_unique_company"),
            models.UniqueConstraint(fields=["applicant", "rank"], name="wish_unique_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.company_id}"


class SpeedDatingInterview(models.Model):
    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="speed_interviews"
    )
    applicant = models.ForeignKey(
        SpeedDatingApplicant, on_delete=models.CASCADE, related_name="interviews"
    )
    company = models.ForeignKey(
        SpeedDatingCompany, on_delete=models.CASCADE, related_name="interviews"
    )
    slot = models.ForeignKey(SpeedDatingSlot, on_delete=models.CASCADE, related_name="interviews")
    room = models.PositiveSmallIntegerField(_("room"), default=1)

    class Meta:
        ordering = ["slot__starts_at", "company__name", "room"]
        constraints = [
            models.UniqueConstraint(fields=["applicant", "slot"], name="interview_one_per_slot"),
            models.UniqueConstraint(fields=["applicant", "company"], name="interview_one_per_pair"),
            models.UniqueConstraint(
                fields=["company", "slot", "room"], name="interview_one_per_room"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.applicant_id} · {self.company_id} · {self.slot_id}"

    @property
    def video_url(self) -> str:
        return f"{video_room_base_url()}kausa-{self.event.invite_key}-{self.company_id}-{self.room}"


class SpeedDatingRun(models.Model):
    """The scheduler's last run for an event: asked for on the staff page, computed by a
    task (``kausa.events.tasks.speed_dating_solve``), never in the web request.

    ``report`` holds the figures of a finished run (method, optimality, time, interviews,
    the comparison with first come, first served); ``failure`` says why a run failed.
    """

    class Kind(models.TextChoices):
        SCHEDULE = "schedule", _("compute the schedule")
        CANCEL_SLOT = "cancel_slot", _("a company cancels a slot")

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to be computed")
        RUNNING = "running", _("being computed")
        DONE = "done", _("computed")
        FAILED = "failed", _("failed")

    event = models.OneToOneField("events.Event", on_delete=models.CASCADE, related_name="speed_run")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    company = models.ForeignKey(
        SpeedDatingCompany, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    slot = models.ForeignKey(
        SpeedDatingSlot, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    language = models.CharField(_("language"), max_length=8, default="de")
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    requested_at = models.DateTimeField(_("requested at"))
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    failure = models.TextField(_("failure"), blank=True)

    class Meta:
        verbose_name = _("scheduler run")
        verbose_name_plural = _("scheduler runs")

    def __str__(self) -> str:
        return f"{self.event_id} · {self.kind} · {self.status}"

    @property
    def busy(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
