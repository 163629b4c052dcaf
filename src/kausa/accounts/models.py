"""Users, organisations (the tenants) and memberships with roles."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from kausa.accounts.tenancy import Access


class State(models.TextChoices):
    BW = "BW", "Baden-Württemberg"
    BY = "BY", "Bayern"
    BE = "BE", "Berlin"
    BB = "BB", "Brandenburg"
    HB = "HB", "Bremen"
    HH = "HH", "Hamburg"
    HE = "HE", "Hessen"
    MV = "MV", "Mecklenburg-Vorpommern"
    NI = "NI", "Niedersachsen"
    NW = "NW", "Nordrhein-Westfalen"
    RP = "RP", "Rheinland-Pfalz"
    SL = "SL", "Saarland"
    SN = "SN", "Sachsen"
    ST = "ST", "Sachsen-Anhalt"
    SH = "SH", "Schleswig-Holstein"
    TH = "TH", "Thüringen"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in; identified by e-mail address."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("name"), max_length=200, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=8, default="de")
    is_staff = models.BooleanField(
        _("admin access"),
        default=False,
        help_text=_("Can log in to the administration site (only records of own organisations)."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    # Per-request caches (set on the instance by kausa.accounts.tenancy.access_for and
    # kausa.accounts.selectors.two_factor_required_for); annotations only, not fields.
    _kausa_access: Access
    _kausa_2fa_required: bool
    # Put on request.user by django_otp's OTPMiddleware.
    is_verified: Callable[[], bool]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name or self.email).split(" ")[0]


class Organisation(models.Model):
    """A tenant: a KAUSA office or a partner organisation."""

    class Kind(models.TextChoices):
        LANDESSTELLE = "landesstelle", _("KAUSA Landesstelle")
        SERVICESTELLE = "servicestelle", _("KAUSA Servicestelle")
        SCHOOL = "school", _("School / Berufsschule")
        JBA = "jba", _("Jugendberufsagentur")
        CHAMBER = "chamber", _("Chamber (IHK, HWK …)")
        LANGUAGE_PROVIDER = "language_provider", _("Language-course provider")
        AGENCY = "agency", _("Agentur für Arbeit / Jobcenter")
        PARTNER = "partner", _("Other partner")

    OFFICE_KINDS = (Kind.LANDESSTELLE, Kind.SERVICESTELLE)

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    state = models.CharField(_("federal state"), max_length=2, choices=State.choices)
    city = models.CharField(_("city"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("Landesstelle"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        limit_choices_to={"kind": "landesstelle"},
    )
    carrier = models.CharField(_("carrier (Träger)"), max_length=200, blank=True)
    project_code = models.CharField(_("project code"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    require_two_factor = models.BooleanField(
        _("two-factor login required"),
        default=False,
        help_text=_("Members must confirm each login with a code from an authenticator app."),
    )
    retention_days = models.PositiveIntegerField(
        _("keep closed cases for (days)"),
        default=3 * 365,
        help_text=_("People whose cases are all closed longer than this are anonymised."),
    )
    # public contact data of an office (its contact page, kausa.workspace.views_public)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    public_email = models.EmailField(
        _("public e-mail"),
        blank=True,
        help_text=_("Shown on the public contact page; use a shared office address."),
    )
    opening_hours = models.CharField(
        _("opening and consultation hours"),
        max_length=300,
        blank=True,
        help_text=_("Short text, e.g. “Mon–Thu 9–16, Fri 9–13, and by appointment”."),
    )
    website = models.URLField(_("website"), blank=True)
    languages_spoken = models.JSONField(
        _("languages spoken in counselling"), default=list, blank=True
    )
    serves_postal_codes = models.CharField(
        _("area served (postal codes)"),
        max_length=500,
        blank=True,
        help_text=_(
            "Postal codes and ranges this office is responsible for, e.g. “10115-12689, "
            "13051”. “Find your office” uses them before the state's nearest office."
        ),
    )
    esf_funded = models.BooleanField(
        _("co-funded by the ESF Plus"),
        default=False,
        help_text=_(
            "Case forms then ask for the ESF+ participant data and the figures show the "
            "ESF+ common indicators."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_office(self) -> bool:
        return self.kind in self.OFFICE_KINDS

    @property
    def has_address(self) -> bool:
        return bool(self.street and self.city)

    def serves(self, code: str) -> bool:
        """Whether ``code`` lies in one of the postal-code ranges this office serves."""
        return any(low <= code <= high for low, high in postal_ranges(self.serves_postal_codes))


def postal_ranges(text: str) -> list[tuple[str, str]]:
    """'10115-12689, 13051' -> [('10115', '12689'), ('13051', '13051')]; raises ValueError
    on anything that is not a five-digit code or a range of two."""
    ranges = []
    for part in text.replace(";", ",").split(","):
        part = part.strip().replace("–", "-")
        if not part:
            continue
        low, sep, high = (p.strip() for p in part.partition("-"))
        high = high if sep else low
        if not (len(low) == len(high) == 5 and low.isdigit() and high.isdigit() and low <= high):
            raise ValueError(part)
        ranges.append((low, high))
    return ranges


class Membership(models.Model):
    """A user's role in one organisation. Access is decided from these rows only."""

    class Role(models.TextChoices):
        ADVISOR = "advisor", _("Advisor")
        COORDINATOR = "coordinator", _("Coordinator")
        ORG_ADMIN = "org_admin", _("Organisation admin")
        PARTNER = "partner", _("Partner")
        MULTIPLIER = "multiplier", _("Multiplier (parent-work toolkit)")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_unique_user_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"
