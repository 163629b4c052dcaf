"""Matching's own records: requests from the public offer page to talk to an advisor."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kausa.core.models import TenantOwned


class AdvisorRequest(TenantOwned):
    """A visitor of a public offer asked to be contacted by the responsible office.

    Stored only with consent. Belongs to the organisation that owns the offer. (To become
    a follow-up of the counselling app once that exists.)
    """

    # personal data: exported and erased by <app>/privacy.py (kausa.privacy.registry)
    PERSONAL_FIELDS = ("name", "email", "phone", "postal_code", "message")

    class Status(models.TextChoices):
        NEW = "new", _("new")
        DONE = "done", _("done")

    offer = models.ForeignKey(
        "companies.Offer",
        verbose_name=_("offer"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    message = models.TextField(_("message"), max_length=2000, blank=True)
    language = models.CharField(_("language of the visitor"), max_length=8, default="de")
    consent_given_at = models.DateTimeField(_("consent given at"))
    consent_text_version = models.CharField(_("version of the consent text"), max_length=20)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.NEW, db_index=True
    )

    class Meta:
        verbose_name = _("advisor request")
        verbose_name_plural = _("advisor requests")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(email="", phone=""), name="advisor_request_has_contact"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.offer_id}"


class MismatchReport(models.Model):
    """The mismatch analysis of one scope of offices at one reachable distance.

    Computed by a task (``kausa.matching.tasks.mismatch_compute``), never in a web request:
    the page shows the stored figures with their age. The scope is the set of offices
    whose figures a user may see (``all_offices`` for the whole installation); users with
    the same scope share one report. Figures are counts only, stored unrounded; the pages
    hide small counts when they show them.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to be computed")
        RUNNING = "running", _("being computed")
        DONE = "done", _("computed")
        FAILED = "failed", _("failed")

    scope_key = models.CharField(_("scope"), max_length=64)
    all_offices = models.BooleanField(_("all offices"), default=False)
    organisations = models.ManyToManyField(
        "accounts.Organisation", verbose_name=_("offices"), blank=True, related_name="+"
    )
    radius_km = models.PositiveSmallIntegerField(_("reachable distance (km)"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    seconds = models.FloatField(_("computing time (s)"), null=True, blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    failure = models.TextField(_("failure"), blank=True)

    class Meta:
        verbose_name = _("mismatch report")
        verbose_name_plural = _("mismatch reports")
        constraints = [
            models.UniqueConstraint(
                fields=["scope_key", "radius_km"], name="mismatch_report_once_per_scope"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope_key} · {self.radius_km} km"


class OfferIndexVersion(models.Model):
    """The version counter of the offer index: one row (``pk=1``), bumped by
    ``kausa.matching.index`` after every commit that changed offers or companies.

    Read by every web worker about once a second: a primary-key lookup, not a scan of the
    offers. ``full`` moves with changes that a worker cannot patch in from ``updated_at``
    (deletions, bulk imports): the shared index is rebuilt by a task."""

    counter = models.BigIntegerField(_("version"), default=0)
    full = models.BigIntegerField(_("full rebuilds asked for"), default=0)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("offer index version")
        verbose_name_plural = _("offer index versions")

    def __str__(self) -> str:
        return f"{self.counter}/{self.full}"


class NewOfferMatch(TenantOwned):
    """An offer created or changed since the last nightly run that entered a young person's
    top offers (``kausa match-new-offers``): shown to the office's advisors as "new offers
    for your people" until it is proposed or dismissed. One row per person and offer, so
    the same offer is never brought up twice for a person."""

    # personal data: exported and erased by matching/privacy.py (kausa.privacy.registry)
    PERSONAL_FIELDS = ("person", "score")

    person = models.ForeignKey(
        "people.YoungPerson",
        verbose_name=_("young person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    offer = models.ForeignKey(
        "companies.Offer", verbose_name=_("offer"), on_delete=models.CASCADE, related_name="+"
    )
    # the owner of the person's open case when the match was found (None: nobody yet)
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible advisor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    score = models.FloatField(_("match score"))
    found_at = models.DateTimeField(_("found at"))
    dismissed_at = models.DateTimeField(_("dismissed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("new offer for a young person")
        verbose_name_plural = _("new offers for young people")
        ordering = ["-found_at", "-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "offer"], name="new_offer_match_once")
        ]
        indexes = [
            models.Index(fields=["organisation", "dismissed_at", "-found_at"], name="new_match_org")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.offer_id}"


class PersonTopOffers(models.Model):
    """A young person's top offers as the last nightly run left them (offer ids and score
    keys, best first, as far as they are known exactly): the next run only ranks the
    offers changed since against them. A full ranking keeps 20; an offer of the list that
    changes or closes is taken out, so the list gets shorter until it holds fewer than
    the 10 that count and the person is ranked in full again. ``complete``: the list
    holds every offer within reach (there were fewer than 20)."""

    person = models.OneToOneField(
        "people.YoungPerson", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    offer_ids = models.JSONField(default=list)
    keys = models.JSONField(default=list)
    complete = models.BooleanField(default=False)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("top offers of a young person")
        verbose_name_plural = _("top offers of young people")

    def __str__(self) -> str:
        return str(self.person_id)


class NewMatchRun(models.Model):
    """One run of ``kausa match-new-offers``; the last finished one is where the next
    starts (offers changed since its ``started_at``)."""

    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    since = models.DateTimeField(_("offers changed since"), null=True, blank=True)
    full = models.BooleanField(_("every person ranked in full"), default=False)
    people = models.PositiveIntegerField(_("young people"), default=0)
    ranked_in_full = models.PositiveIntegerField(_("ranked in full"), default=0)
    changed_offers = models.PositiveIntegerField(_("offers changed"), default=0)
    matches = models.PositiveIntegerField(_("new matches"), default=0)
    seconds = models.FloatField(_("seconds"), default=0.0)

    class Meta:
        verbose_name = _("run of the new-offer matching")
        verbose_name_plural = _("runs of the new-offer matching")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}"
