"""Company network, awards, ambassadors, parent-work toolkit and success stories."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kausa.accounts.models import State
from kausa.core.models import TenantOwned, TimeStamped

LANGUAGE_CHOICES = settings.LANGUAGES


class Consented(models.Model):
    """Consent with the text version and language shown; withdrawal is one step."""

    consent_given_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn at"), null=True, blank=True)
    consent_text_version = models.CharField(_("version of the consent text"), max_length=20)
    consent_language = models.CharField(_("language of the consent text"), max_length=8)

    class Meta:
        abstract = True

    @property
    def has_consent(self) -> bool:
        return self.consent_given_at is not None and self.consent_withdrawn_at is None


CONSENTED = Q(consent_given_at__isnull=False, consent_withdrawn_at__isnull=True)


# --- company network -------------------------------------------------------------------------
class Network(TimeStamped):
    """A network of (migrant-led) companies, run by an office or for a whole state."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(_("federal state"), max_length=2, choices=State.choices, blank=True)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NetworkProfile(TenantOwned, Consented):
    """A company's public profile in a network: shown only while its consent holds."""

    company = models.OneToOneField(
        "companies.Company", on_delete=models.CASCADE, related_name="network_profile"
    )
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="profiles")
    sector = models.CharField(_("sector"), max_length=60, blank=True)
    languages = models.ManyToManyField(
        "reference.Language", verbose_name=_("languages spoken"), blank=True, related_name="+"
    )
    occupations = models.ManyToManyField(
        "reference.Occupation", verbose_name=_("trains in"), blank=True, related_name="+"
    )
    website = models.URLField(_("website"), blank=True)
    logo = models.FileField(_("photo or logo"), upload_to="network/logos/", blank=True)
    logo_type = models.CharField(max_length=40, blank=True, editable=False)
    logo_alt = models.CharField(_("description of the picture"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("network profile")
        verbose_name_plural = _("network profiles")
        ordering = ["company__name"]

    def __str__(self) -> str:
        return str(self.company)


class Portrait(models.Model):
    profile = models.ForeignKey(NetworkProfile, on_delete=models.CASCADE, related_name="portraits")
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    text = models.TextField(_("portrait"), max_length=3000)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["profile", "language"], name="portrait_one_per_lang")
        ]

    def __str__(self) -> str:
        return f"{self.profile_id}:{self.language}"


class ShowcaseParticipation(models.Model):
    """A network company taking part in an event (e.g. a Diversity Day showcase)."""

    profile = models.ForeignKey(NetworkProfile, on_delete=models.CASCADE, related_name="events")
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["profile", "event"], name="showcase_once_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.profile_id}@{self.event_id}"


# --- awards --------------------------------------------------------------------------------
class Award(TenantOwned):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Edition(TenantOwned):
    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="editions")
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("edition number"), default=1)
    nomination_opens = models.DateField(_("nominations open"))
    nomination_closes = models.DateField(_("nominations close"))
    ceremony = models.ForeignKey(
        "events.Event",
        verbose_name=_("ceremony"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    scoring_closed_at = models.DateTimeField(_("jury round closed at"), null=True, blank=True)
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    results_story = models.ForeignKey(
        "network.Story", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Put on for display by the award list (annotation only, not a field).
    winners: list[Nomination]

    class Meta:
        verbose_name = _("award edition")
        verbose_name_plural = _("award editions")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["award", "year"], name="edition_once_per_year"),
            models.CheckConstraint(
                condition=Q(nomination_closes__gte=models.F("nomination_opens")),
                name="edition_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award} {self.year}"


class Category(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=400, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=400, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return self.name


MAX_POINTS = 10


class Nomination(TenantOwned):
    # personal data: exported and erased by <app>/privacy.py (kausa.privacy.registry)
    PERSONAL_FIELDS = ("nominator_name", "nominator_email")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted, to be screened")
        ACCEPTED = "accepted", _("accepted for the jury")
        REJECTED = "rejected", _("not admitted")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="nominations")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="nominations")
    company_name = models.CharField(_("company"), max_length=200)
    company_city = models.CharField(_("city"), max_length=120)
    company_website = models.URLField(_("company website"), blank=True)
    company_email = models.EmailField(_("company e-mail"), blank=True)
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company in Kausa"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("why this company"), max_length=4000)
    nominator_name = models.CharField(_("your name"), max_length=200)
    nominator_email = models.EmailField(_("your e-mail"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    screened_at = models.DateTimeField(null=True, blank=True)
    place = models.PositiveSmallIntegerField(_("place"), null=True, blank=True)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.company_name


class JurorAssignment(TimeStamped):
    """A user's juror role for one edition (no office membership needed)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="juror_assignments"
    )
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="jurors")
    affiliation = models.CharField(_("organisation of the juror"), max_length=200, blank=True)
    declared_links = models.CharField(
        _("declared links to companies"),
        max_length=500,
        blank=True,
        help_text=_("Company names or web domains, separated by commas."),
    )

    class Meta:
        verbose_name = _("juror")
        verbose_name_plural = _("jurors")
        constraints = [
            models.UniqueConstraint(fields=["user", "edition"], name="juror_once_per_edition")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.edition}"


class ConflictDeclaration(models.Model):
    juror = models.ForeignKey(JurorAssignment, on_delete=models.CASCADE, related_name="conflicts")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="conflicts")
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["juror", "nomination"], name="conflict_once")
        ]

    def __str__(self) -> str:
        return f"{self.juror_id} x {self.nomination_id}"


class Score(models.Model):
    juror = models.ForeignKey(JurorAssignment, on_delete=models.CASCADE, related_name="scores")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    points = models.PositiveSmallIntegerField(
        _("points"), validators=[MinValueValidator(0), MaxValueValidator(MAX_POINTS)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["juror", "nomination", "criterion"], name="score_once_per_criterion"
            ),
            models.CheckConstraint(condition=Q(points__lte=MAX_POINTS), name="score_max_points"),
        ]

    def __str__(self) -> str:
        return f"{self.juror_id} {self.nomination_id} {self.criterion_id}: {self.points}"


# --- ambassadors ---------------------------------------------------------------------------
class Ambassador(TenantOwned, Consented):
    """A former or current trainee who agreed in writing to tell their story."""

    class Status(models.TextChoices):
        TRAINEE = "trainee", _("in training")
        GRADUATE = "graduate", _("trained")

    first_name = models.CharField(_("first name"), max_length=80)
    occupation = models.ForeignKey(
        "reference.Occupation",
        verbose_name=_("occupation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    company_name = models.CharField(_("company"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    languages = models.ManyToManyField(
        "reference.Language", verbose_name=_("languages"), blank=True, related_name="+"
    )
    country_of_origin = models.CharField(_("country of origin"), max_length=80, blank=True)
    show_origin = models.BooleanField(_("show the country of origin"), default=False)
    photo = models.FileField(_("photo"), upload_to="network/ambassadors/", blank=True)
    photo_type = models.CharField(max_length=40, blank=True, editable=False)
    video_url = models.URLField(_("video link"), blank=True)
    # consent scope: what the ambassador agreed to in writing
    scope_photo = models.BooleanField(_("photo may be shown"), default=False)
    scope_next_to_offers = models.BooleanField(
        _("may be shown next to offers and JOBWALK stations"), default=False
    )
    scope_school_visits = models.BooleanField(_("visits schools"), default=True)
    # The story in the visitor's language, put on for display (annotations only, not fields).
    story_text: str
    story_lang: str

    class Meta:
        verbose_name = _("ambassador")
        verbose_name_plural = _("ambassadors")
        ordering = ["first_name", "id"]

    def __str__(self) -> str:
        return self.first_name


class AmbassadorStory(models.Model):
    ambassador = models.ForeignKey(Ambassador, on_delete=models.CASCADE, related_name="stories")
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    text = models.TextField(_("story"), max_length=4000)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ambassador", "language"], name="ambassador_story_one_per_lang"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ambassador_id}:{self.language}"


class VisitRequest(TenantOwned):
    """A school asks for an ambassador visit; the office answers, never the ambassador."""

    # personal data: exported and erased by <app>/privacy.py (kausa.privacy.registry)
    PERSONAL_FIELDS = ("contact_name", "contact_email", "contact_phone", "message")

    ambassador = models.ForeignKey(
        Ambassador, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    school = models.CharField(_("school or organisation"), max_length=200)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("e-mail"))
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    date_options = models.CharField(_("possible dates"), max_length=400)
    class_size = models.PositiveSmallIntegerField(
        _("class size"), validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    languages = models.ManyToManyField(
        "reference.Language", verbose_name=_("languages"), blank=True, related_name="+"
    )
    message = models.TextField(_("message"), max_length=2000, blank=True)
    follow_up = models.ForeignKey(
        "counselling.FollowUp", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # recorded by the office once the ambassador visited (the figures count visits held)
    held_on = models.DateField(_("visit held on"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("visit request")
        verbose_name_plural = _("visit requests")
        ordering = ["-created_at"]


# --- parent-work toolkit -------------------------------------------------------------------
class Topic(models.Model):
    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Material(TenantOwned):
    class Format(models.TextChoices):
        HANDOUT = "handout", _("handout")
        PRESENTATION = "presentation", _("presentation")
        VIDEO = "video", _("video")
        CHECKLIST = "checklist", _("checklist")
        EVENT_FORMAT = "event_format", _("event format")

    class Audience(models.TextChoices):
        PARENTS = "parents", _("parents")
        MULTIPLIERS = "multipliers", _("multipliers")
        ADVISORS = "advisors", _("advisors")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=2000)
    format = models.CharField(_("format"), max_length=14, choices=Format.choices)
    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices)
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True)
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Otherwise only for multipliers' accounts.")
    )

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class MaterialVersion(models.Model):
    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="versions")
    language = models.ForeignKey(
        "reference.Language",
        verbose_name=_("language"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title in this language"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to="network/toolkit/", blank=True)
    file_type = models.CharField(max_length=40, blank=True, editable=False)
    link = models.URLField(_("link"), blank=True)

    class Meta:
        ordering = ["language__name_en"]
        constraints = [
            models.UniqueConstraint(fields=["material", "language"], name="material_one_per_lang"),
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(link=""), name="material_version_file_or_link"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.material_id}:{self.language_id}"


class MaterialDownload(models.Model):
    """Downloads of one language version per day (a count, no person)."""

    version = models.ForeignKey(MaterialVersion, on_delete=models.CASCADE, related_name="downloads")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "day"], name="download_count_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.version_id} {self.day}: {self.count}"


# --- success stories -----------------------------------------------------------------------
class Activity(models.TextChoices):
    JOBWALK = "jobwalk", "JOBWALK"
    JUMP = "jump", "JUMP!"
    PARENTS = "parents", _("parent work")
    AWARD = "award", _("award")
    NETWORK = "network", _("company network")
    AMBASSADORS = "ambassadors", _("ambassadors")
    AZUBI_BSK = "azubi_bsk", "Azubi-BSK"
    TRAINING_COMPANY = "training_company", _("new training companies")
    SPEED_DATING = "speed_dating", _("speed dating")


class Story(TenantOwned):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    state = models.CharField(_("federal state"), max_length=2, choices=State.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    consent_confirmed = models.BooleanField(
        _("everyone named or shown agreed to publication"), default=False
    )
    # The translation in the reader's language, put on for display (annotation only, not a field).
    text: StoryTranslation | None

    class Meta:
        verbose_name = _("success story")
        verbose_name_plural = _("success stories")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        first = self.translations.first()
        return first.title if first else f"story {self.pk}"


class StoryTag(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="tags")
    activity = models.CharField(_("activity"), max_length=20, choices=Activity.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["story", "activity"], name="story_tag_once")]

    def __str__(self) -> str:
        return self.activity


class StoryTranslation(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    title = models.CharField(_("title"), max_length=200)
    teaser = models.CharField(_("teaser"), max_length=400)
    body = models.TextField(_("text (Markdown)"), max_length=20000)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["story", "language"], name="story_one_per_lang")
        ]

    def __str__(self) -> str:
        return self.title


class StoryImage(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="images")
    file = models.FileField(_("image"), upload_to="network/stories/")
    file_type = models.CharField(max_length=40, editable=False)
    alt_text = models.CharField(_("alternative text"), max_length=300)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="story_image_needs_alt_text")
        ]

    def __str__(self) -> str:
        return self.alt_text
