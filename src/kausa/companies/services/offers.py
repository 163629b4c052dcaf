"""Writes of apprenticeship offers on the staff pages: add, change, withdraw, fill."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.accounts.tenancy import require_edit_access
from kausa.companies.models import Company, Offer, PipelineStage
from kausa.companies.services.pipeline import pipeline_reach
from kausa.core.audit import audit

if TYPE_CHECKING:
    from kausa.accounts.models import User


# Offers entered by staff: the figures count them as offers the office acquired.
STAFF_SOURCE = "kausa"


class OfferChanges(TypedDict, total=False):
    """What staff keep up to date about an offer; a field left out stays as it is."""

    occupation_id: int
    start_date: dt.date
    places: int
    required_certificate: str
    required_german: str
    description: str


@transaction.atomic
def offer_create(
    *,
    user: User,
    company: Company,
    occupation_id: int,
    start_date: dt.date,
    places: int = 1,
    required_certificate: str = "none",
    required_german: str = "none",
    description: str = "",
) -> Offer:
    """A new open offer of the company, entered by staff; it belongs to the company's office
    and counts as acquired by it. A company on its way to training reaches 'first offer
    published'. The public search sees it after the commit (the offer index's stamp)."""
    require_edit_access(user, company.organisation_id)
    offer = Offer(
        organisation_id=company.organisation_id,
        company=company,
        occupation_id=occupation_id,
        start_date=start_date,
        places=places,
        required_certificate=required_certificate,
        required_german=required_german,
        description=description.strip(),
        source=STAFF_SOURCE,
    )
    offer.full_clean()
    offer.save()
    audit(actor=user, action="create", obj=offer, detail=f"company={company.pk}")
    pipeline_reach(
        user=user, company=company, stage=PipelineStage.OFFER_PUBLISHED, on=timezone.localdate()
    )
    return offer


def _open_offer_locked(offer: Offer) -> Offer:
    locked = Offer.objects.select_for_update().get(pk=offer.pk)
    if locked.status != Offer.Status.OPEN:
        raise ValidationError(
            _("This offer is %(status)s; only an open offer can be changed.")
            % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def offer_update(*, user: User, offer: Offer, **changes: Unpack[OfferChanges]) -> Offer:
    """Change an open offer that staff entered (an imported one is changed by its import);
    returns it as saved. The audit entry names the changed fields, never their values."""
    require_edit_access(user, offer.organisation_id)
    locked = _open_offer_locked(offer)
    if locked.source != STAFF_SOURCE:
        raise ValidationError(
            _("This offer comes from an import; the next import would undo the change.")
        )
    changed = []
    for name, value in changes.items():
        if name not in OfferChanges.__annotations__:
            raise TypeError(f"offer_update() cannot change {name!r}")
        if isinstance(value, str) and name == "description":
            value = value.strip()
        if getattr(locked, name) != value:
            setattr(locked, name, value)
            changed.append(name.removesuffix("_id"))
    if isinstance(locked.places, int) and locked.places < locked.places_filled:
        raise ValidationError(
            {
                "places": _("%(filled)s places are already filled; there cannot be fewer.")
                % {"filled": locked.places_filled}
            }
        )
    locked.full_clean()
    if changed:
        locked.save()
        audit(actor=user, action="update", obj=locked, detail="changed: " + ", ".join(changed))
    return locked


@transaction.atomic
def offer_withdraw(*, user: User, offer: Offer) -> Offer:
    """The company no longer offers the place(s): gone from the public search and matching."""
    require_edit_access(user, offer.organisation_id)
    locked = _open_offer_locked(offer)
    locked.status = Offer.Status.WITHDRAWN
    locked.save(update_fields=["status", "updated_at"])
    audit(actor=user, action="update", obj=locked, detail="status=withdrawn")
    return locked


@transaction.atomic
def offer_mark_filled(*, user: User, offer: Offer) -> Offer:
    """Every place of the offer is taken: gone from the public search and matching."""
    require_edit_access(user, offer.organisation_id)
    locked = _open_offer_locked(offer)
    locked.places_filled = locked.places
    locked.status = Offer.Status.FILLED
    locked.save(update_fields=["places_filled", "status", "updated_at"])
    audit(actor=user, action="update", obj=locked, detail="status=filled")
    return locked


@transaction.atomic
def offer_fill_place(*, user: User | None, offer: Offer) -> Offer:
    """One more place taken; the offer is filled when no place is left."""
    require_edit_access(user, offer.organisation_id)
    locked = Offer.objects.select_for_update().get(pk=offer.pk)
    if locked.places_filled >= locked.places:
        raise ValidationError(_("This offer has no free place left."))
    locked.places_filled += 1
    if locked.places_filled >= locked.places:
        locked.status = Offer.Status.FILLED
    locked.save(update_fields=["places_filled", "status", "updated_at"])
    offer.places_filled, offer.status = locked.places_filled, locked.status
    return locked
