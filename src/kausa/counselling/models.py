"""Cases, consultations, referrals, follow-ups, outcomes and case handovers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kausa.core.models import TenantOwned


class EsfLabourStatus(models.TextChoices):
    EMPLOYED = "employed", _("employed (incl. self-employed)")
    UNEMPLOYED = "unemployed", _("unemployed (less than 12 months)")
    LONG_TERM_UNEMPLOYED = "long_term", _("long-term unemployed (12 months or more)")
    INACTIVE = "inactive", _("inactive (e.g. at school, not looking for work)")


class EsfEducation(models.TextChoices):
    ISCED_0_2 = "0-2", _("ISCED 0–2 (up to lower secondary)")
    ISCED_3_4 = "3-4", _("ISCED 3–4 (upper secondary, post-secondary)")
    ISCED_5_8 = "5-8", _("ISCED 5–8 (tertiary)")


class Case(TenantOwned):
    """Counselling of one young person, one parent (family) or one company."""

    # personal data: exported and erased by <app>/privacy.py (kausa.privacy.registry)
    PERSONAL_FIELDS = ("young_person", "subject_name", "search_text")

    class Kind(models.TextChoices):
        YOUNG_PERSON = "young_person", _("young person")
        PARENT = "parent", _("parent / family")
        COMPANY = "company", _("company")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ON_HOLD = "on_hold", _("on hold")
        CLOSED = "closed", _("closed")

    class ClosingReason(models.TextChoices):
        PLACED = "placed", _("placed in training")
        OTHER_PATH = "other_path", _("other path (school, job, EQ)")
        NO_CONTACT = "no_contact", _("no more contact")
        MOVED_AWAY = "moved_away", _("moved away")
        WISH = "wish", _("at the person's wish")
        COMPLETED = "completed", _("goal reached")
        OTHER = "other", _("other")

    kind = models.CharField(_("case for"), max_length=16, choices=Kind.choices)
    young_person = models.ForeignKey(
        "people.YoungPerson",
        verbose_name=_("young person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cases",
    )
    parent = models.ForeignKey(
        "people.Parent",
        verbose_name=_("parent"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cases",
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cases",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("advisor"),
        on_delete=models.PROTECT,
        related_name="owned_cases",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    closing_reason = models.CharField(
        _("closing reason"), max_length=12, choices=ClosingReason.choices, blank=True
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # Copies of the subject's name for sorting and searching long lists without joins;
    # kept in step by the services that rename people and companies.
    subject_name = models.CharField(max_length=250, default="", editable=False)
    last_consultation_on = models.DateField(
        _("last consultation"), null=True, blank=True, editable=False
    )
    search_text = models.CharField(max_length=300, default="", editable=False)
    # ESF+ participant data (Regulation (EU) 2021/1057, Annex I): asked only where the
    # office is co-funded by the ESF+; at entry and on leaving
    esf_labour_status = models.CharField(
        _("labour market status at entry"),
        max_length=20,
        choices=EsfLabourStatus.choices,
        blank=True,
        default="",
    )
    esf_education = models.CharField(
        _("education level at entry (ISCED)"),
        max_length=8,
        choices=EsfEducation.choices,
        blank=True,
        default="",
    )
    esf_left_in_education = models.BooleanField(
        _("on leaving: in education or training"), null=True, blank=True
    )
    esf_left_qualified = models.BooleanField(
        _("on leaving: gained a qualification"), null=True, blank=True
    )
    esf_left_employed = models.BooleanField(
        _("on leaving: in employment (incl. self-employed)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["organisation", "status", "-opened_on"], name="case_org_status"),
            models.Index(fields=["owner", "status"], name="case_owner_status"),
            models.Index(fields=["organisation", "-opened_on", "-id"], name="case_org_opened"),
            models.Index(fields=["organisation", "subject_name"], name="case_org_name"),
            models.Index(fields=["organisation", "last_consultation_on"], name="case_org_last"),
        ]
        constraints = [
            models.CheckConstraint(
                name="case_has_exactly_its_subject",
                condition=(
                    Q(
                        kind="young_person",
                        young_person__isnull=False,
                        parent__isnull=True,
                        company__isnull=True,
                    )
                    | Q(
                        kind="parent",
                        parent__isnull=False,
                        young_person__isnull=True,
                        company__isnull=True,
                    )
                    | Q(
                        kind="company",
                        company__isnull=False,
                        young_person__isnull=True,
                        parent__isnull=True,
                    )
                ),
            ),
            models.CheckConstraint(
                name="case_closed_has_reason",
                condition=~Q(status="closed") | ~Q(closing_reason=""),
            ),
        ]

    def __str__(self) -> str:
        return str(self.subject)

    @property
    def subject(self) -> object:
        return self.young_person or self.parent or self.company

    def refresh_subject_name(self) -> None:
        from kausa.core.text import search_key

        subject = self.subject
        if self.young_person is not None:
            self.subject_name = f"{self.young_person.last_name}, {self.young_person.first_name}"
        elif self.parent is not None:
            self.subject_name = f"{self.parent.last_name}, {self.parent.first_name}"
        else:
            self.subject_name = str(subject)
        self.search_text = search_key(f"{subject} {self.subject_name}")[:300]


class Topic(models.TextChoices):
    ORIENTATION = "orientation", _("career orientation")
    APPLICATIONS = "applications", _("applications")
    LANGUAGE = "language", _("Azubi-BSK / language")
    RECOGNITION = "recognition", _("recognition of foreign certificates")
    RESIDENCE = "residence", _("residence and work permission")
    PARENTS = "parents", _("information for parents")
    COMPANY_NEEDS = "company_needs", _("what a training company needs")
    CONFLICTS = "conflicts", _("conflicts during training")
    OTHER = "other", _("other")


class Consultation(TenantOwned):
    # personal data: exported and erased by <app>/privacy.py (kausa.privacy.registry)
    PERSONAL_FIELDS = ("notes",)

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        PHONE = "phone", _("phone")
        VIDEO = "video", _("video")
        MESSENGER = "messenger", _("messenger")
        EVENT = "event", _("at an event")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consultations")
    held_on = models.DateField(_("date"), db_index=True)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    language = models.ForeignKey(
        "reference.Language",
        verbose_name=_("language used"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    interpreter = models.BooleanField(_("with interpreter"), default=False)
    topics = models.JSONField(_("topics"), default=list)
    notes = models.TextField(_("notes"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["case", "-held_on"], name="consultation_case_date"),
            # the figures: people advised per office and period (kausa bench reporting)
            models.Index(
                fields=["organisation", "case", "held_on"], name="consultation_org_case_day"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="consultation_duration_sensible",
                condition=Q(duration_minutes__gte=1, duration_minutes__lte=600),
            )
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_channel_display()}"

    def topic_labels(self) -> list[str]:
        labels = dict(Topic.choices)
        return [str(labels.get(t, t)) for t in self.topics]


class FollowUp(TenantOwned):
    """A task of an office: planned in a case, or a request from the public (the inbox).

    Its state runs open -> in progress (``started_at``) -> done (``done_at``). A request keeps
    the requester's contact data so that an advisor can turn it into a person with a case.
    """

    # personal data: exported and erased by <app>/privacy.py (kausa.privacy.registry)
    PERSONAL_FIELDS = (
        "title",
        "link",
        "requester_name",
        "requester_email",
        "requester_phone",
        "requester_postal_code",
        "requester_message",
        "young_person",
    )

    class Kind(models.TextChoices):
        TASK = "task", _("task")
        OFFER_CONTACT = "offer_contact", _("contact request about an offer")
        ADVISOR_CONTACT = "advisor_contact", _("wants to talk to an advisor")
        TRAINING_COMPANY = "training_company", _("company wants to train")
        AMBASSADOR_VISIT = "ambassador_visit", _("ambassador visit")
        PARENT_ENQUIRY = "parent_enquiry", _("parent enquiry")
        SPEED_DATING_QUESTION = "speed_dating", _("question about speed dating")
        OTHER_REQUEST = "other_request", _("other request")

    class State(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        SPAM = "spam", _("spam")

    # Requests whose requester is a young person an advisor may take on.
    PERSON_KINDS = frozenset({Kind.OFFER_CONTACT, Kind.ADVISOR_CONTACT, Kind.SPEED_DATING_QUESTION})

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="follow_ups", null=True, blank=True
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.TASK, db_index=True
    )
    title = models.CharField(_("task"), max_length=200)
    due_on = models.DateField(_("due on"), db_index=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    started_at = models.DateTimeField(_("in progress since"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    requester_name = models.CharField(_("name"), max_length=120, blank=True)
    requester_email = models.EmailField(_("e-mail"), blank=True)
    requester_phone = models.CharField(_("phone"), max_length=40, blank=True)
    requester_postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    requester_language = models.CharField(_("language of the requester"), max_length=8, blank=True)
    requester_message = models.TextField(_("message"), max_length=2000, blank=True)
    is_spam = models.BooleanField(_("spam"), default=False)
    young_person = models.ForeignKey(
        "people.YoungPerson",
        verbose_name=_("young person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["assignee", "done_at", "due_on"], name="followup_mine"),
            models.Index(fields=["organisation", "done_at", "-created_at"], name="followup_inbox"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def state(self) -> str:
        if self.is_spam:
            return self.State.SPAM
        if self.done_at is not None:
            return self.State.DONE
        return self.State.IN_PROGRESS if self.started_at is not None else self.State.OPEN

    def get_state_display(self) -> str:
        return str(self.State(self.state).label)

    @property
    def is_request(self) -> bool:
        return self.kind != self.Kind.TASK

    @property
    def can_become_person(self) -> bool:
        """The request carries a young person's data and has not become a record yet."""
        return (
            self.kind in self.PERSON_KINDS
            and bool(self.requester_name.strip())
            and self.young_person_id is None
            and self.case_id is None
        )

    @property
    def can_become_case(self) -> bool:
        if self.case_id is not None:
            return False
        if self.kind == self.Kind.TRAINING_COMPANY:
            return self.company_id is not None
        return self.kind in self.PERSON_KINDS and (
            self.young_person_id is not None or bool(self.requester_name.strip())
        )


class Referral(TenantOwned):
    # personal data: exported and erased by <app>/privacy.py (kausa.privacy.registry)
    PERSONAL_FIELDS = ("target_name",)

    class Kind(models.TextChoices):
        AZUBI_BSK = "azubi_bsk", _("Azubi-BSK course")
        OTHER_BSK = "other_bsk", _("other job-related German course")
        CHAMBER = "chamber", _("chamber")
        AGENCY = "agency", _("Agentur für Arbeit")
        JBA = "jba", _("Jugendberufsagentur")
        SCHOOL = "school", _("school")
        PARTNER = "partner", _("partner")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        REGISTERED = "registered", _("registered")
        STARTED = "started", _("started")
        COMPLETED = "completed", _("completed")
        DROPPED = "dropped", _("dropped")

    class CourseLevel(models.TextChoices):
        B1 = "B1", "B1"
        B2 = "B2", "B2"
        C1 = "C1", "C1"

    class LessonFormat(models.TextChoices):
        PART_TIME = "part_time", _("part-time alongside the training")
        BLOCK = "block", _("block")
        ONLINE = "online", _("online")

    class ExamResult(models.TextChoices):
        NONE = "", _("no exam yet")
        PASSED = "passed", _("passed")
        FAILED = "failed", _("failed")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    kind = models.CharField(_("referred to"), max_length=12, choices=Kind.choices)
    target_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    target_name = models.CharField(_("service or provider"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PROPOSED,
        db_index=True,
    )
    proposed_on = models.DateField(_("proposed on"))
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    # Azubi-BSK details
    course_level = models.CharField(
        _("course level"), max_length=2, choices=CourseLevel.choices, blank=True
    )
    course_start = models.DateField(_("course start"), null=True, blank=True)
    lesson_format = models.CharField(
        _("lesson format"), max_length=10, choices=LessonFormat.choices, blank=True
    )
    exam_result = models.CharField(
        _("exam result"), max_length=6, choices=ExamResult.choices, blank=True, default=""
    )
    exam_on = models.DateField(_("exam date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-proposed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def target_label(self) -> str:
        return self.target_name or (
            str(self.target_organisation) if self.target_organisation else ""
        )


class Outcome(TenantOwned):
    # personal data: exported and erased by <app>/privacy.py (kausa.privacy.registry)
    PERSONAL_FIELDS = ("young_person", "note", "company_name")

    class Kind(models.TextChoices):
        CONTRACT = "contract", _("training contract signed")
        EQ = "eq", _("entry qualification (EQ)")
        SCHOOL = "school", _("school")
        OTHER_JOB = "other_job", _("other job")
        DISSOLVED = "dissolved", _("training ended early")
        MOVED_AWAY = "moved_away", _("moved away")
        NO_CONTACT = "no_contact", _("no contact")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="outcomes")
    young_person = models.ForeignKey(
        "people.YoungPerson", on_delete=models.CASCADE, related_name="outcomes"
    )
    kind = models.CharField(_("outcome"), max_length=12, choices=Kind.choices)
    recorded_on = models.DateField(_("date"))
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outcomes",
    )
    company_name = models.CharField(_("company (if not in Kausa)"), max_length=200, blank=True)
    occupation = models.ForeignKey(
        "reference.Occupation",
        verbose_name=_("occupation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    offer = models.ForeignKey(
        "companies.Offer",
        verbose_name=_("offer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outcomes",
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["-recorded_on", "-id"]

    def __str__(self) -> str:
        return self.get_kind_display()


class Handover(TenantOwned):
    """A case shared with a partner organisation on the strength of one consent."""

    # personal data: exported and erased by <app>/privacy.py (kausa.privacy.registry)
    PERSONAL_FIELDS = ("purpose_note",)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handovers")
    partner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="handovers_received",
    )
    consent = models.ForeignKey(
        "people.Consent",
        verbose_name=_("consent"),
        on_delete=models.PROTECT,
        related_name="handovers",
    )
    purpose_note = models.CharField(_("purpose"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        constraints = [
            models.UniqueConstraint(fields=["case", "partner"], name="handover_once_per_partner")
        ]

    def __str__(self) -> str:
        return f"{self.case} → {self.partner}"


class OfferProposal(TenantOwned):
    """An advisor suggested an apprenticeship offer to a young person (from the matching)."""

    # personal data: exported and erased by <app>/privacy.py (kausa.privacy.registry)
    PERSONAL_FIELDS = ("case", "score")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        APPLIED = "applied", _("applied")
        DECLINED = "declined", _("not interested")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="proposals")
    offer = models.ForeignKey(
        "companies.Offer", verbose_name=_("offer"), on_delete=models.CASCADE, related_name="+"
    )
    proposed_on = models.DateField(_("proposed on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    score = models.FloatField(_("match score"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        verbose_name = _("offer proposal")
        verbose_name_plural = _("offer proposals")
        ordering = ["-proposed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "offer"], name="proposal_once_per_case")
        ]

    def __str__(self) -> str:
        return f"{self.offer} ({self.get_status_display()})"
