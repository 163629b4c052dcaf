"""Companies (training companies and prospects) and their apprenticeship offers."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kausa.core.models import TenantOwned
from kausa.reference.choices import GermanLevel, RequiredCertificate


class Company(TenantOwned):
    class Chamber(models.TextChoices):
        IHK = "ihk", "IHK"
        HWK = "hwk", "HWK"
        OTHER = "other", _("other chamber")

    class TrainingStatus(models.TextChoices):
        NOT_TRAINING = "not_training", _("not training")
        PREPARING = "preparing", _("preparing to train")
        TRAINING = "training", _("training company")

    class TrainingHistory(models.TextChoices):
        UNKNOWN = "", _("not known")
        NEVER = "never", _("never trained before")
        PAUSED = "paused", _("trained before, then paused")

    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.ForeignKey(
        "reference.PostalCode",
        verbose_name=_("postal code"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    sector = models.CharField(_("sector"), max_length=60, blank=True, db_index=True)
    chamber = models.CharField(_("chamber"), max_length=8, choices=Chamber.choices)
    migrant_led = models.BooleanField(_("migrant-led"), default=False, db_index=True)
    languages = models.ManyToManyField(
        "reference.Language", verbose_name=_("languages spoken"), blank=True, related_name="+"
    )
    training_status = models.CharField(
        _("training status"),
        max_length=16,
        choices=TrainingStatus.choices,
        default=TrainingStatus.NOT_TRAINING,
    )
    # for the figures: a company that becomes a training company again after a pause
    # counts apart from one that trains for the first time
    training_history = models.CharField(
        _("trained apprentices before?"),
        max_length=8,
        choices=TrainingHistory.choices,
        blank=True,
        default="",
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    search_text = models.CharField(max_length=400, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["organisation", "name"], name="company_org_name"),
            # The matching index refreshes from what changed since its last look.
            models.Index(fields=["updated_at"], name="company_updated"),
        ]

    def __str__(self) -> str:
        return self.name


# Sources whose external ids are national, so that all offices share one catalogue of
# them: the BA Jobsuche's reference numbers (refnr). Other sources are an office's own feed.
CATALOGUE_SOURCES = ("ba-jobsuche",)


class Offer(TenantOwned):
    """An apprenticeship place (Ausbildungsplatz) of one company.

    `organisation` is the office that looks after the offer's company; an imported offer
    keeps it whoever imports the offer again (see companies.services.offers_upsert_from_import).
    """

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        FILLED = "filled", _("filled")
        WITHDRAWN = "withdrawn", _("withdrawn")

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="offers"
    )
    occupation = models.ForeignKey(
        "reference.Occupation",
        verbose_name=_("occupation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    start_date = models.DateField(_("start date"))
    places = models.PositiveSmallIntegerField(
        _("places"), default=1, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    places_filled = models.PositiveSmallIntegerField(_("places filled"), default=0)
    required_certificate = models.CharField(
        _("required school certificate"),
        max_length=16,
        choices=RequiredCertificate.choices,
        default=RequiredCertificate.NONE,
    )
    required_german = models.CharField(
        _("required German level"),
        max_length=4,
        choices=GermanLevel.choices,
        default=GermanLevel.NONE,
    )
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    source = models.CharField(_("source"), max_length=30, default="kausa")
    external_id = models.CharField(_("external id"), max_length=100, blank=True)
    # The offices whose imports list the offer (for a full feed: an offer goes when no
    # office's feed lists it any more). Which office looks after it is `organisation`.
    listed_by = models.ManyToManyField(
        "accounts.Organisation",
        verbose_name=_("listed by the imports of"),
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["start_date", "id"]
        indexes = [models.Index(fields=["updated_at"], name="offer_updated")]
        constraints = [
            # A shared catalogue (the BA's reference numbers are national): one offer per
            # reference number, whichever office imported it first.
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=Q(source__in=CATALOGUE_SOURCES) & ~Q(external_id=""),
                name="offer_unique_catalogue_reference",
            ),
            # An office's own feed: the ids are the office's own.
            models.UniqueConstraint(
                fields=["organisation", "source", "external_id"],
                condition=~Q(external_id=""),
                name="offer_unique_office_source_external_id",
            ),
            models.CheckConstraint(
                condition=Q(places_filled__lte=models.F("places")),
                name="offer_filled_not_above_places",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occupation} · {self.company}"

    @property
    def free_places(self) -> int:
        return max(self.places - self.places_filled, 0)


class PipelineStage(models.TextChoices):
    """'Ausbildungsbetrieb werden': the way of a company to its first apprentice."""

    FIRST_CONTACT = "first_contact", _("first contact")
    ADVISED = "advised", _("advised")
    AEVO_ARRANGED = "aevo_arranged", _("trainer aptitude (AEVO) arranged")
    RECOGNISED = "recognised", _("recognised by the chamber")
    OFFER_PUBLISHED = "offer_published", _("first offer published")
    APPRENTICE_STARTED = "apprentice_started", _("first apprentice started")

    @classmethod
    def order(cls, value: str) -> int:
        return [c.value for c in cls].index(value)


class Pipeline(TenantOwned):
    """One company's progress to becoming a training company, with its checklist."""

    company = models.OneToOneField(Company, on_delete=models.CASCADE, related_name="pipeline")
    stage = models.CharField(
        _("stage"),
        max_length=20,
        choices=PipelineStage.choices,
        default=PipelineStage.FIRST_CONTACT,
        db_index=True,
    )
    advisor = models.ForeignKey(
        "accounts.User",
        verbose_name=_("advisor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    trainer_name = models.CharField(_("who trains (Ausbilder:in)"), max_length=200, blank=True)
    trainer_aevo_on = models.DateField(_("AEVO passed on"), null=True, blank=True)
    occupation = models.ForeignKey(
        "reference.Occupation",
        verbose_name=_("occupation to train"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    training_plan_done = models.BooleanField(_("training plan written"), default=False)
    chamber_registered = models.BooleanField(_("registered with the chamber"), default=False)

    class Meta:
        verbose_name = _("training-company pipeline")
        verbose_name_plural = _("training-company pipelines")

    def __str__(self) -> str:
        return f"{self.company} · {self.get_stage_display()}"

    def checklist(self) -> list[tuple[str, bool]]:
        return [
            (str(_("who trains")), bool(self.trainer_name)),
            (str(_("which occupation")), self.occupation_id is not None),
            (str(_("training plan")), self.training_plan_done),
            (str(_("chamber registration")), self.chamber_registered),
        ]


class PipelineStep(models.Model):
    """When a company reached a stage (kept for the timeline and figures)."""

    pipeline = models.ForeignKey(Pipeline, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(_("stage"), max_length=20, choices=PipelineStage.choices)
    reached_on = models.DateField(_("reached on"))
    by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["reached_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pipeline", "stage"], name="pipeline_step_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} ({self.reached_on})"


class CompanyDuplicateCandidate(TenantOwned):
    """Two companies of one office that are probably the same, as the nightly check found
    them (kausa.companies.duplicates), until an advisor merges or dismisses them."""

    class Status(models.TextChoices):
        OPEN = "open", _("to check")
        MERGED = "merged", _("merged")
        DISMISSED = "dismissed", _("not the same company")

    # the smaller id first, so that a pair is stored once
    company_a = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    company_b = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
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
        verbose_name = _("possible duplicate company")
        verbose_name_plural = _("possible duplicate companies")
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["company_a", "company_b"], name="company_duplicate_pair_once"
            ),
            models.CheckConstraint(
                condition=Q(company_a__lt=models.F("company_b")),
                name="company_duplicate_pair_ordered",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organisation", "status", "-score"], name="company_duplicate_org_open"
            )
        ]

    def __str__(self) -> str:
        return f"{self.company_a_id} ~ {self.company_b_id} ({self.score:.2f})"
