"""Young people, parents and their consents. All of it is personal data."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kausa.core.models import TenantOwned
from kausa.reference.choices import (
    Gender,
    GermanLevel,
    Nationality,
    ResidenceStatus,
    SchoolCertificate,
)


class YoungPerson(TenantOwned):
    # personal data: exported and erased by <app>/privacy.py (kausa.privacy.registry)
    PERSONAL_FIELDS = (
        "first_name",
        "last_name",
        "birth_date",
        "email",
        "phone",
        "postal_code",
        "country_of_origin",
        "year_of_arrival",
        "german_level",
        "certificate",
        "languages",
        "occupations_of_interest",
        "gender",
        "nationality",
        "residence_status",
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    postal_code = models.ForeignKey(
        "reference.PostalCode",
        verbose_name=_("postal code"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    languages = models.ManyToManyField(
        "reference.Language", verbose_name=_("languages"), blank=True, related_name="+"
    )
    german_level = models.CharField(
        _("German level (CEFR)"),
        max_length=4,
        choices=GermanLevel.choices,
        default=GermanLevel.NONE,
    )
    certificate = models.CharField(
        _("school certificate"),
        max_length=24,
        choices=SchoolCertificate.choices,
        default=SchoolCertificate.NONE,
    )
    occupations_of_interest = models.ManyToManyField(
        "reference.Occupation",
        verbose_name=_("occupations of interest"),
        blank=True,
        related_name="+",
    )
    year_of_arrival = models.PositiveSmallIntegerField(_("year of arrival"), null=True, blank=True)
    country_of_origin = models.CharField(_("country of origin"), max_length=80, blank=True)
    # for the figures' breakdowns and the ESF+ participant data; all optional
    gender = models.CharField(
        _("gender"), max_length=8, choices=Gender.choices, blank=True, default=""
    )
    nationality = models.CharField(
        _("nationality"), max_length=14, choices=Nationality.choices, blank=True, default=""
    )
    residence_status = models.CharField(
        _("residence status"),
        max_length=20,
        choices=ResidenceStatus.choices,
        blank=True,
        default="",
    )
    search_text = models.CharField(max_length=300, editable=False, db_index=True, default="")
    is_anonymised = models.BooleanField(_("anonymised"), default=False, editable=False)
    # Keys a new record finds its probable duplicates by (kausa.people.duplicates): the
    # sound of the whole name, phone and e-mail in one form. Kept by the services; the
    # nightly check (`kausa find-duplicates`) fills any that are missing or out of date.
    match_name = models.CharField(max_length=120, editable=False, default="")
    match_phone = models.CharField(max_length=40, editable=False, default="")
    match_email = models.CharField(max_length=254, editable=False, default="")
    # Set when the record was merged into another (and emptied); links to it lead there.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("young person")
        verbose_name_plural = _("young people")
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["organisation", "last_name", "first_name"], name="yp_org_name"),
            models.Index(fields=["organisation", "match_name"], name="yp_org_match_name"),
            models.Index(fields=["organisation", "match_phone"], name="yp_org_match_phone"),
            models.Index(fields=["organisation", "match_email"], name="yp_org_match_email"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Parent(TenantOwned):
    # personal data: exported and erased by <app>/privacy.py (kausa.privacy.registry)
    PERSONAL_FIELDS = ("first_name", "last_name", "email", "phone", "children")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    languages = models.ManyToManyField(
        "reference.Language", verbose_name=_("languages"), blank=True, related_name="+"
    )
    preferred_language = models.ForeignKey(
        "reference.Language",
        verbose_name=_("preferred language"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    children = models.ManyToManyField(
        YoungPerson, verbose_name=_("children"), blank=True, related_name="parents"
    )

    class Meta:
        verbose_name = _("parent")
        verbose_name_plural = _("parents")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Consent(TenantOwned):
    """Consent of one person for one purpose and recipient; withdrawal is one step."""

    # personal data: exported and erased by <app>/privacy.py (kausa.privacy.registry)
    PERSONAL_FIELDS = ("young_person",)

    class Purpose(models.TextChoices):
        COUNSELLING = "counselling", _("counselling and storing my data")
        CASE_HANDOVER = "case_handover", _("handing my case to a partner organisation")
        CONTACT = "contact", _("being contacted about offers and events")
        PUBLICATION = "publication", _("publishing my story or photo")

    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, null=True, blank=True, related_name="consents"
    )
    parent = models.ForeignKey(
        Parent, on_delete=models.CASCADE, null=True, blank=True, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    recipient = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    text_version = models.CharField(_("version of the consent text"), max_length=20, default="1")
    language = models.CharField(_("language of the text"), max_length=8, default="de")
    given_at = models.DateTimeField(_("given at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(young_person__isnull=False) | Q(parent__isnull=False),
                name="consent_has_a_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.given_at:%Y-%m-%d})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class DuplicateCandidate(TenantOwned):
    """Two records of one office that are probably the same young person, as the nightly
    check found them (kausa.people.duplicates), until an advisor merges or dismisses them."""

    class Status(models.TextChoices):
        OPEN = "open", _("to check")
        MERGED = "merged", _("merged")
        DISMISSED = "dismissed", _("not the same person")

    # the smaller id first, so that a pair is stored once
    person_a = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="duplicate_pair_once"),
            models.CheckConstraint(
                condition=Q(person_a__lt=models.F("person_b")), name="duplicate_pair_ordered"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "-score"], name="duplicate_org_open")
        ]

    def __str__(self) -> str:
        return f"{self.person_a_id} ~ {self.person_b_id} ({self.score:.2f})"
