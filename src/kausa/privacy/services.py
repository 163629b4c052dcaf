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
from kausa.counselling.models import (
    Case,
    Consultation,
    FollowUp,
    Handover,
    OfferProposal,
    Outcome,
    Referral,
)
from kausa.people.models import Consent, Parent, YoungPerson

if TYPE_CHECKING:
    from kausa.accounts.models import User

ANONYMOUS = "–"


def _date(value: Any) -> str | None:
    return value.isoformat() if value else None


def person_export(*, user: User, person: YoungPerson) -> dict[str, Any]:
    """Everything stored about one young person, and nothing about anyone else."""
    require_edit_access(user, person.organisation_id)
    cases = Case.objects.filter(young_person=person).order_by("opened_on")
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "organisation": person.organisation.name,
        "person": {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "birth_date": _date(person.birth_date),
            "email": person.email,
            "phone": person.phone,
            "postal_code": person.postal_code_id,
            "german_level": person.german_level,
            "school_certificate": person.certificate,
            "year_of_arrival": person.year_of_arrival,
            "country_of_origin": person.country_of_origin,
            "languages": sorted(person.languages.values_list("code", flat=True)),
            "occupations_of_interest": sorted(
                person.occupations_of_interest.values_list("short_name", flat=True)
            ),
            "created_at": person.created_at.isoformat(),
        },
        "parents": [
            {"first_name": p.first_name, "last_name": p.last_name} for p in person.parents.all()
        ],
        "consents": [
            {
                "purpose": c.purpose,
                "recipient": str(c.recipient or ""),
                "given_at": c.given_at.isoformat(),
                "text_version": c.text_version,
                "language": c.language,
                "withdrawn_at": _date(c.withdrawn_at),
            }
            for c in person.consents.select_related("recipient")
        ],
        "cases": [],
        "event_registrations": [
            {
                "event": r.event.title,
                "starts": r.event.starts_at.isoformat(),
                "status": r.status,
                "checked_in": r.checked_in_at is not None,
            }
            for r in person.event_registrations.select_related("event")
        ],
        "speed_dating": _speed_dating_export(person),
    }
    for case in cases:
        data["cases"].append(
            {
                "opened_on": _date(case.opened_on),
                "status": case.status,
                "closing_reason": case.closing_reason,
                "closed_on": _date(case.closed_on),
                "consultations": [
                    {
                        "date": _date(c.held_on),
                        "channel": c.channel,
                        "minutes": c.duration_minutes,
                        "language": c.language_id,
                        "interpreter": c.interpreter,
                        "topics": c.topics,
                        "notes": c.notes,
                    }
                    for c in case.consultations.order_by("held_on")
                ],
                "referrals": [
                    {
                        "kind": r.kind,
                        "to": r.target_label,
                        "status": r.status,
                        "proposed_on": _date(r.proposed_on),
                        "course_level": r.course_level,
                        "exam_result": r.exam_result,
                        "exam_on": _date(r.exam_on),
                    }
                    for r in case.referrals.select_related("target_organisation")
                ],
                "outcomes": [
                    {
                        "kind": o.kind,
                        "date": _date(o.recorded_on),
                        "company": str(o.company or o.company_name),
                        "occupation": str(o.occupation or ""),
                    }
                    for o in case.outcomes.select_related("company", "occupation")
                ],
                "follow_ups": [
                    {"task": f.title, "due_on": _date(f.due_on), "done": f.done_at is not None}
                    for f in case.follow_ups.all()
                ],
                "offers_proposed": [
                    {"offer": str(p.offer), "date": _date(p.proposed_on), "status": p.status}
                    for p in case.proposals.select_related("offer__occupation", "offer__company")
                ],
            }
        )
    audit(actor=user, action="export", obj=person, detail="data export (Art. 15)")
    return data


def _speed_dating_export(person: YoungPerson) -> list[dict[str, Any]]:
    from kausa.events.models import SpeedDatingApplicant, SpeedDatingInterview, SpeedDatingWish

    rows = []
    for applicant in SpeedDatingApplicant.objects.filter(young_person=person).select_related(
        "event"
    ):
        wishes = SpeedDatingWish.objects.filter(applicant=applicant).select_related("company")
        interviews = SpeedDatingInterview.objects.filter(applicant=applicant).select_related(
            "company", "slot"
        )
        rows.append(
            {
                "event": applicant.event.title,
                "german_level": applicant.german_level,
                "occupation_interests": applicant.occupation_interests,
                "wishes": [w.company.name for w in wishes.order_by("rank")],
                "interviews": [
                    {"company": i.company.name, "starts": i.slot.starts_at.isoformat()}
                    for i in interviews.order_by("slot__starts_at")
                ],
            }
        )
    return rows


@transaction.atomic
def person_erase(*, user: User | None, person: YoungPerson) -> YoungPerson:
    """Anonymise a young person; counts for statistics remain."""
    require_edit_access(user, person.organisation_id)
    cases = Case.objects.filter(young_person=person)
    Consultation.objects.filter(case__in=cases).update(notes="")
    FollowUp.objects.filter(case__in=cases).update(title=ANONYMOUS, link="")
    Outcome.objects.filter(case__in=cases).update(note="", company_name="")
    Referral.objects.filter(case__in=cases).update(target_name="")
    OfferProposal.objects.filter(case__in=cases).update(score=None)
    Handover.objects.filter(case__in=cases).update(purpose_note=ANONYMOUS)
    from kausa.events.models import Registration, SpeedDatingApplicant

    Registration.objects.filter(young_person=person).update(
        name=ANONYMOUS, email="", phone="", is_anonymised=True
    )
    SpeedDatingApplicant.objects.filter(young_person=person).update(
        name=ANONYMOUS, email="", occupation_interests=""
    )
    cases.update(subject_name=ANONYMOUS, search_text="")
    for parent in Parent.objects.filter(children=person):
        parent.children.remove(person)
        if not parent.children.exists():
            parent.delete()
    # Partners lose the case at once; consents behind a handover stay as bare proof.
    Consent.objects.filter(young_person=person, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
    Consent.objects.filter(young_person=person).exclude(handovers__isnull=False).delete()
    person.first_name, person.last_name = ANONYMOUS, ANONYMOUS
    person.birth_date = None
    person.email = person.phone = person.country_of_origin = ""
    person.search_text = ""
    person.is_anonymised = True
    person.save()
    person.occupations_of_interest.clear()
    person.languages.clear()
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
