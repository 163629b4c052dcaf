"""Ambassadors: profiles with consent scope, and visit requests from schools."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.accounts.tenancy import require_edit_access
from kausa.core.audit import audit
from kausa.counselling.models import FollowUp
from kausa.counselling.services import Requester
from kausa.network.models import Ambassador, AmbassadorStory, VisitRequest
from kausa.network.services.common import public_follow_up_create
from kausa.network.uploads import check_image

if TYPE_CHECKING:
    from kausa.accounts.models import Organisation, User

CONSENT_TEXT_VERSION = "ambassador-2026-1"


@transaction.atomic
def ambassador_create(
    *,
    user: User | None,
    organisation: Organisation,
    first_name: str,
    occupation_id: int,
    status: str,
    consent_language: str,
    company_name: str = "",
    language_codes: tuple[str, ...] = (),
    country_of_origin: str = "",
    show_origin: bool = False,
    video_url: str = "",
    scope_photo: bool = False,
    scope_next_to_offers: bool = False,
    scope_school_visits: bool = True,
    stories: dict[str, str] | None = None,
) -> Ambassador:
    """Create the profile with the written consent the office holds (version and language)."""
    require_edit_access(user, organisation.pk)
    ambassador = Ambassador(
        organisation=organisation,
        first_name=first_name.strip(),
        occupation_id=occupation_id,
        status=status,
        company_name=company_name,
        country_of_origin=country_of_origin,
        show_origin=show_origin,
        video_url=video_url,
        scope_photo=scope_photo,
        scope_next_to_offers=scope_next_to_offers,
        scope_school_visits=scope_school_visits,
        consent_given_at=timezone.now(),
        consent_text_version=CONSENT_TEXT_VERSION,
        consent_language=consent_language,
    )
    ambassador.full_clean(exclude=["photo"])
    ambassador.save()
    # Language's key is its ISO code; the stubs only know integer keys.
    ambassador.languages.set(language_codes)  # type: ignore[arg-type]
    for language, text in (stories or {}).items():
        AmbassadorStory.objects.update_or_create(
            ambassador=ambassador, language=language, defaults={"text": text.strip()}
        )
    audit(actor=user, action="create", obj=ambassador, detail="ambassador consent given")
    return ambassador


@transaction.atomic
def ambassador_photo_set(
    *, user: User | None, ambassador: Ambassador, upload: UploadedFile
) -> None:
    require_edit_access(user, ambassador.organisation_id)
    content_type = check_image(upload)
    if ambassador.photo:
        ambassador.photo.delete(save=False)
    ambassador.photo.save(f"{ambassador.pk}-{timezone.now():%Y%m%d%H%M%S}", upload, save=False)
    ambassador.photo_type = content_type
    ambassador.save()


@transaction.atomic
def ambassador_consent_withdraw(*, user: User | None, ambassador: Ambassador) -> Ambassador:
    """Withdrawal hides the profile everywhere at once and deletes the photo."""
    require_edit_access(user, ambassador.organisation_id)
    if ambassador.consent_withdrawn_at is None:
        ambassador.consent_withdrawn_at = timezone.now()
        if ambassador.photo:
            ambassador.photo.delete(save=False)
        ambassador.photo_type = ""
        ambassador.save()
        audit(actor=user, action="update", obj=ambassador, detail="ambassador consent withdrawn")
    return ambassador


@transaction.atomic
def visit_request_submit(
    *,
    office: Organisation,
    school: str,
    contact_name: str,
    contact_email: str,
    contact_phone: str,
    date_options: str,
    class_size: int,
    language_codes: tuple[str, ...],
    message: str,
    ambassador: Ambassador | None = None,
) -> VisitRequest:
    """The request goes to the office's advisor as a follow-up; the ambassador is not told."""
    request = VisitRequest(
        organisation=office,
        ambassador=ambassador,
        school=school.strip(),
        contact_name=contact_name.strip(),
        contact_email=contact_email,
        contact_phone=contact_phone.strip(),
        date_options=date_options.strip(),
        class_size=class_size,
        message=message.strip(),
    )
    request.full_clean()
    request.save()
    # Language's key is its ISO code; the stubs only know integer keys.
    request.languages.set(language_codes)  # type: ignore[arg-type]
    title = _("Ambassador visit requested by %(school)s") % {"school": request.school}
    if ambassador is not None:
        title += f" ({ambassador.first_name})"
    request.follow_up = public_follow_up_create(
        office=office,
        title=title,
        due_in_days=3,
        kind=FollowUp.Kind.AMBASSADOR_VISIT,
        requester=Requester(
            name=request.contact_name, email=request.contact_email, phone=request.contact_phone
        ),
    )
    request.save(update_fields=["follow_up"])
    audit(actor=None, action="create", obj=request, detail="public visit request")
    return request


def visit_request_record_held(
    *, user: User, visit: VisitRequest, held_on: dt.date | None
) -> VisitRequest:
    """Record the day the ambassador visited (None: not held / undo)."""
    require_edit_access(user, visit.organisation_id)
    if held_on is not None:
        if held_on > timezone.localdate():
            raise ValidationError({"held_on": _("A visit cannot be held in the future.")})
        if held_on < visit.created_at.date():
            raise ValidationError({"held_on": _("The visit cannot be before it was requested.")})
    visit.held_on = held_on
    visit.save(update_fields=["held_on", "updated_at"])
    audit(actor=user, action="update", obj=visit, detail=f"held_on={held_on or ''}")
    return visit
