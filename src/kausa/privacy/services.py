"""GDPR: what Kausa holds about a person (Art. 15/20), erasure (Art. 17) and retention.

Erasure anonymises: the rows that statistics count (cases, consultations, referrals,
outcomes) stay, stripped of everything that identifies the person; audit entries keep
only ids, which then point at an anonymous record.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from kausa.accounts.tenancy import require_edit_access
from kausa.core.audit import audit
from kausa.privacy.registry import ANONYMOUS, YoungPerson, registered

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
    """People whose retention period is over, as the apps that know it say
    (counselling: every case closed for longer than the office keeps cases)."""
    today = today or timezone.localdate()
    due: dict[int, YoungPerson] = {}
    for entry in registered():
        if entry.erasure_due is not None:
            due.update((person.pk, person) for person in entry.erasure_due(today))
    return list(due.values())


def retention_apply(*, today: dt.date | None = None) -> int:
    due = retention_due(today=today)
    for person in due:
        person_erase(user=None, person=person)
    return len(due)
