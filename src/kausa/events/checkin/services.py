"""Check-in at the door: one scan, or a batch from a phone on a flaky connection.

The phone loads the event's door list once (confirmed registrations: name, party size,
group and check-in code), finds people and checks them in without the network, and sends
the check-ins in batches when it is back online. A batch is idempotent: a code sent twice
(retry after a lost answer, two phones at the door) changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.accounts.models import User
from kausa.accounts.tenancy import require_edit_access, scope_personal_data
from kausa.core.audit import audit
from kausa.events.models import CHECKIN_ALPHABET, Event, Registration

MAX_BATCH = 500
# a check-in made offline keeps the time it was made, if that time is plausible
OFFLINE_GRACE = dt.timedelta(hours=24)


@dataclass
class SyncResult:
    checked_in: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    not_confirmed: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def _clean_code(value: object) -> str:
    """Letters of the check-in alphabet only (a scanned link or stray bytes leave nothing else)."""
    text = str(value).strip().upper()
    return "".join(ch for ch in text if ch in CHECKIN_ALPHABET)[:20]


def _when(value: object, now: dt.datetime) -> dt.datetime:
    """The time the phone saw the person, if plausible; the server's time otherwise."""
    if not isinstance(value, str) or not value:
        return now
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return now
    if timezone.is_naive(moment):
        return now
    if now - OFFLINE_GRACE <= moment <= now:
        return moment
    return now


def check_in_batch(*, user: User, event: Event, items: list[dict[str, object]]) -> SyncResult:
    """Check in everyone of ``items`` (``{"code": ..., "at": iso time}``) at this event."""
    require_edit_access(user, event.organisation_id)
    if not isinstance(items, list) or len(items) > MAX_BATCH:
        raise ValidationError(_("Send a list of at most %(max)s check-ins.") % {"max": MAX_BATCH})
    now = timezone.now()
    wanted: dict[str, dt.datetime] = {}
    for item in items:
        if not isinstance(item, dict):
            raise ValidationError(_("Every check-in needs a code."))
        code = _clean_code(item.get("code", ""))
        if not code:
            raise ValidationError(_("Every check-in needs a code."))
        wanted.setdefault(code, _when(item.get("at"), now))
    result = SyncResult()
    with transaction.atomic():
        found = {
            r.checkin_code: r
            for r in scope_personal_data(Registration.objects.filter(event=event), user)
            .filter(checkin_code__in=list(wanted))
            .select_for_update()
        }
        for code, when in wanted.items():
            registration = found.get(code)
            if registration is None:
                result.unknown.append(code)
            elif registration.status != Registration.Status.CONFIRMED:
                result.not_confirmed.append(code)
            elif registration.checked_in_at is not None:
                result.already.append(code)
            else:
                registration.checked_in_at = when
                registration.save(update_fields=["checked_in_at", "updated_at"])
                audit(actor=user, action="update", obj=registration, detail="checked in")
                result.checked_in.append(code)
    return result


def registration_check_in(*, user: User, registration: Registration) -> tuple[Registration, bool]:
    """Mark as arrived; a second scan (flaky connection, double tap) changes nothing."""
    require_edit_access(user, registration.organisation_id)
    with transaction.atomic():
        updated = Registration.objects.filter(
            pk=registration.pk, checked_in_at__isnull=True
        ).update(checked_in_at=timezone.now(), updated_at=timezone.now())
        registration.refresh_from_db()
        if updated:
            audit(actor=user, action="update", obj=registration, detail="checked in")
    return registration, bool(updated)
