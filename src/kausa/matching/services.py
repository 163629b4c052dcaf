"""Writes of matching."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kausa.matching.models import AdvisorRequest

if TYPE_CHECKING:
    from kausa.companies.models import Offer

CONSENT_TEXT_VERSION = "advisor-request-1"


@transaction.atomic
def advisor_request_create(
    *,
    offer: Offer,
    name: str,
    email: str = "",
    phone: str = "",
    postal_code: str = "",
    message: str = "",
    language: str = "de",
    consent: bool,
) -> AdvisorRequest:
    """A visitor asks the office that owns the offer to contact them. Nothing without consent.

    The acting user is the anonymous visitor; the request belongs to the offer's office.
    """
    if not consent:
        raise ValidationError(_("Without your consent we cannot store your request."))
    request = AdvisorRequest(
        organisation_id=offer.organisation_id,
        offer=offer,
        name=name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        postal_code=postal_code.strip(),
        message=message.strip(),
        language=language[:8],
        consent_given_at=timezone.now(),
        consent_text_version=CONSENT_TEXT_VERSION,
    )
    request.full_clean()
    request.save()
    return request
