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
    _follow_up_for(request)
    return request


def _follow_up_for(request: AdvisorRequest) -> None:
    """The office's advisor gets a follow-up that leads to the request."""
    from django.urls import reverse
    from django.utils import translation

    from kausa.counselling.models import FollowUp
    from kausa.counselling.services import Requester, follow_up_for_office

    with translation.override("de"):
        title = _("Contact request about an offer: %(occupation)s") % {
            "occupation": request.offer.occupation.short_name
        }
        link = reverse("matching:staff_request_list")
    follow_up_for_office(
        organisation_id=request.organisation_id,
        title=title,
        link=link,
        kind=FollowUp.Kind.OFFER_CONTACT,
        requester=Requester(
            name=request.name,
            email=request.email,
            phone=request.phone,
            postal_code=request.postal_code,
            language=request.language,
        ),
    )
