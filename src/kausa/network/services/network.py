"""Company network: profiles with consent, portraits, logos, 'become a training company'."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.accounts.tenancy import require_edit_access
from kausa.companies.models import Company
from kausa.companies.services import company_create, pipeline_start
from kausa.core.audit import audit
from kausa.counselling.models import FollowUp
from kausa.counselling.services import Requester
from kausa.network.models import Network, NetworkProfile, Portrait, ShowcaseParticipation
from kausa.network.services.common import (
    office_advisor,
    public_follow_up_create,
    responsible_office,
)
from kausa.network.uploads import check_image

if TYPE_CHECKING:
    from kausa.accounts.models import Organisation, User
    from kausa.reference.models import PostalCode

CONSENT_TEXT_VERSION = "network-2026-1"


@transaction.atomic
def profile_create(
    *,
    user: User | None,
    company: Company,
    network: Network,
    consent_language: str,
    sector: str = "",
    website: str = "",
    language_codes: tuple[str, ...] = (),
    occupation_ids: tuple[int, ...] = (),
    portraits: dict[str, str] | None = None,
) -> NetworkProfile:
    """Record the company's consent and create its public profile."""
    require_edit_access(user, company.organisation_id)
    profile = NetworkProfile(
        organisation_id=company.organisation_id,
        company=company,
        network=network,
        sector=sector or company.sector,
        website=website or company.website,
        consent_given_at=timezone.now(),
        consent_text_version=CONSENT_TEXT_VERSION,
        consent_language=consent_language,
    )
    profile.full_clean(exclude=["company", "logo"])
    profile.save()
    # Language's key is its ISO code; the stubs only know integer keys.
    codes = language_codes or company.languages.values_list("code", flat=True)
    profile.languages.set(codes)  # type: ignore[arg-type]
    profile.occupations.set(occupation_ids)
    for language, text in (portraits or {}).items():
        portrait_set(user=user, profile=profile, language=language, text=text)
    audit(actor=user, action="create", obj=profile, detail="network consent given")
    return profile


@transaction.atomic
def portrait_set(*, user: User | None, profile: NetworkProfile, language: str, text: str) -> None:
    require_edit_access(user, profile.organisation_id)
    text = text.strip()
    if not text:
        Portrait.objects.filter(profile=profile, language=language).delete()
        return
    Portrait.objects.update_or_create(profile=profile, language=language, defaults={"text": text})


@transaction.atomic
def profile_consent_withdraw(*, user: User | None, profile: NetworkProfile) -> NetworkProfile:
    """Withdrawal takes the profile off every public page at once, and deletes the picture."""
    require_edit_access(user, profile.organisation_id)
    if profile.consent_withdrawn_at is None:
        profile.consent_withdrawn_at = timezone.now()
        if profile.logo:
            profile.logo.delete(save=False)
        profile.logo_type = ""
        profile.save()
        audit(actor=user, action="update", obj=profile, detail="network consent withdrawn")
    return profile


@transaction.atomic
def profile_consent_renew(
    *, user: User | None, profile: NetworkProfile, consent_language: str
) -> NetworkProfile:
    require_edit_access(user, profile.organisation_id)
    profile.consent_given_at = timezone.now()
    profile.consent_withdrawn_at = None
    profile.consent_text_version = CONSENT_TEXT_VERSION
    profile.consent_language = consent_language
    profile.save()
    audit(actor=user, action="update", obj=profile, detail="network consent given again")
    return profile


@transaction.atomic
def profile_logo_set(
    *, user: User | None, profile: NetworkProfile, upload: UploadedFile, alt_text: str
) -> NetworkProfile:
    require_edit_access(user, profile.organisation_id)
    if not alt_text.strip():
        raise ValidationError({"logo_alt": _("Describe the picture for people who cannot see it.")})
    content_type = check_image(upload)
    if profile.logo:
        profile.logo.delete(save=False)
    profile.logo.save(f"{profile.pk}-{timezone.now():%Y%m%d%H%M%S}", upload, save=False)
    profile.logo_type = content_type
    profile.logo_alt = alt_text.strip()
    profile.save()
    audit(actor=user, action="update", obj=profile, detail="logo")
    return profile


@transaction.atomic
def showcase_add(*, user: User | None, profile: NetworkProfile, event_id: int) -> None:
    require_edit_access(user, profile.organisation_id)
    ShowcaseParticipation.objects.get_or_create(profile=profile, event_id=event_id)


@dataclass(frozen=True)
class TrainingInterest:
    company: Company
    follow_up: FollowUp | None
    office: Organisation


@transaction.atomic
def training_interest_submit(
    *,
    company_name: str,
    contact_name: str,
    contact_email: str,
    contact_phone: str,
    postal_code: PostalCode,
    sector: str,
    migrant_led: bool,
    message: str,
) -> TrainingInterest:
    """'Become a training company': the company enters the pipeline of the responsible office.

    The public has no account: the system acts (user=None) and the office's advisor gets a
    follow-up to call back. A company already known there by name and postal code is reused.
    """
    office = responsible_office(postal_code)
    if office is None:
        raise ValidationError(
            {"postal_code": _("No KAUSA office works in this area yet. Please call the hotline.")}
        )
    company = Company.objects.filter(
        organisation=office, name__iexact=company_name.strip(), postal_code=postal_code
    ).first()
    if company is None:
        company = company_create(
            user=None,
            organisation=office,
            name=company_name,
            postal_code=postal_code,
            chamber=Company.Chamber.OTHER,
            sector=sector,
            migrant_led=migrant_led,
            contact_name=contact_name,
            contact_email=contact_email,
            contact_phone=contact_phone,
        )
    pipeline_start(user=None, company=company, advisor=office_advisor(office))
    title = _("Call back: %(company)s wants to become a training company") % {
        "company": company.name
    }
    if message.strip():
        title = f"{title} ({message.strip()[:80]})"
    follow_up = public_follow_up_create(
        office=office,
        title=title,
        due_in_days=2,
        kind=FollowUp.Kind.TRAINING_COMPANY,
        requester=Requester(name=contact_name, email=contact_email, phone=contact_phone),
        company_id=company.pk,
    )
    return TrainingInterest(company=company, follow_up=follow_up, office=office)
