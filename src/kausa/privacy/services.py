"""GDPR: what Kausa holds about a person (Art. 15/20), erasure (Art. 17) and retention.

Erasure anonymises: the rows that statistics count (cases, consultations, referrals,
outcomes) stay, stripped of everything that identifies the person; audit entries keep
only ids, which then point at an anonymous record.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from kausa.core.audit import audit
from kausa.core.tenancy import require_edit_access
from kausa.people.models import YoungPerson
from kausa.privacy.registry import ANONYMOUS, registered

if TYPE_CHECKING:
    from kausa.accounts.models import User

__all__ = ["ANONYMOUS", "person_erase", "person_export", "retention_apply", "retention_due"]


def person_export(*, user: User, person: YoungPerson) -> dict[str, Any]:
    """Everything stored about one young person, and nothing about anyone else: each app
    with personal data contributes its sections (kausa.privacy.registry)."""
    require_edit_access(user, person.organisation_id)
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "organisation": person.organisation.name,
    }
    for entry in registered():
        for section, export in entry.export.items():
            data[section] = export(person)
    audit(actor=user, action="export", obj=person, detail="data export (Art. 15)")
    return data


@transaction.atomic
def person_erase(*, user: User | None, person: YoungPerson) -> YoungPerson:
    """Anonymise a young person in every app that holds their data; counts for statistics
    remain. The person's own row goes last (the others match on it)."""
    require_edit_access(user, person.organisation_id)
    for entry in registered(for_erasure=True):
        if entry.erase is not None:
            entry.erase(person)
    audit(actor=user, action="delete", obj=person, detail="anonymised (Art. 17)")
    return person


def retention_due(*, today: dt.date | None = None) -> list[YoungPerson]:
    """People whose every case is closed for longer than their office keeps cases."""
    from django.db.models import F

    today = today or timezone.localdate()
    candidates = (
        YoungPerson.objects.filter(is_anonymised=False)
        .annotate(last_closed=Max("cases__closed_on"))
        .exclude(cases__status__in=["open", "on_hold"])
        .filter(~Q(last_closed=None))
        .select_related("organisation")
        .annotate(retention=F("organisation__retention_days"))
    )
    return [p for p in candidates if p.last_closed + dt.timedelta(days=p.retention) < today]


def retention_apply(*, today: dt.date | None = None) -> int:
    due = retention_due(today=today)
    for person in due:
        person_erase(user=None, person=person)
    return len(due)
