"""Cases and what happened in them (see kausa.privacy.registry).

Erasure anonymises: the rows that statistics count stay, stripped of what identifies the
person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.db.models import F, Max, Q, QuerySet

from kausa.counselling.models import (
    Case,
    Consultation,
    FollowUp,
    Handover,
    OfferProposal,
    Outcome,
    Referral,
)
from kausa.people.models import YoungPerson
from kausa.privacy.registry import ANONYMOUS, Blank, PersonalData, register

if TYPE_CHECKING:
    from kausa.accounts.models import Organisation

# a request from the public, stripped of who sent it
REQUEST_BLANKED = {
    "title": ANONYMOUS,
    "link": "",
    "requester_name": "",
    "requester_email": "",
    "requester_phone": "",
    "requester_postal_code": "",
    "requester_message": "",
}


def _date(value: Any) -> str | None:
    return value.isoformat() if value else None


def _case(case: Case) -> dict[str, Any]:
    return {
        "opened_on": _date(case.opened_on),
        "status": case.status,
        "closing_reason": case.closing_reason,
        "closed_on": _date(case.closed_on),
        "esf_labour_status": case.esf_labour_status,
        "esf_education": case.esf_education,
        "esf_on_leaving": {
            "in_education_or_training": case.esf_left_in_education,
            "gained_qualification": case.esf_left_qualified,
            "in_employment": case.esf_left_employed,
        },
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


def export_cases(person: YoungPerson) -> list[dict[str, Any]]:
    return [_case(case) for case in Case.objects.filter(young_person=person).order_by("opened_on")]


def _requests_of(person: YoungPerson) -> QuerySet[FollowUp]:
    """Requests that became the person, or came from their e-mail address or phone number
    to their office."""
    match = Q(young_person=person)
    if person.email:
        match |= Q(requester_email__iexact=person.email)
    if person.phone:
        match |= Q(requester_phone=person.phone)
    return FollowUp.objects.filter(match, organisation_id=person.organisation_id).exclude(
        kind=FollowUp.Kind.TASK
    )


def export_requests(person: YoungPerson) -> list[dict[str, Any]]:
    return [
        {
            "received_at": f.created_at.isoformat(),
            "kind": f.kind,
            "about": f.title,
            "name": f.requester_name,
            "email": f.requester_email,
            "phone": f.requester_phone,
            "postal_code": f.requester_postal_code,
            "message": f.requester_message,
            "status": f.state,
        }
        for f in _requests_of(person).order_by("created_at")
    ]


def retention(org: Organisation, cutoff: dt.datetime) -> Iterator[Blank]:
    yield Blank(
        "requests from the public",
        FollowUp.objects.filter(organisation=org, case__isnull=True, created_at__lt=cutoff)
        .exclude(kind=FollowUp.Kind.TASK)
        .exclude(title=ANONYMOUS),
        REQUEST_BLANKED,
    )


def erasure_due(today: dt.date) -> list[YoungPerson]:
    """People whose every case is closed for longer than their office keeps cases."""
    candidates = (
        YoungPerson.objects.filter(is_anonymised=False)
        .annotate(last_closed=Max("cases__closed_on"))
        .exclude(cases__status__in=["open", "on_hold"])
        .filter(~Q(last_closed=None))
        .select_related("organisation")
        .annotate(retention=F("organisation__retention_days"))
    )
    return [p for p in candidates if p.last_closed + dt.timedelta(days=p.retention) < today]


def erase(person: YoungPerson) -> None:
    _requests_of(person).update(**REQUEST_BLANKED)
    cases = Case.objects.filter(young_person=person)
    Consultation.objects.filter(case__in=cases).update(notes="")
    FollowUp.objects.filter(case__in=cases).update(title=ANONYMOUS, link="")
    Outcome.objects.filter(case__in=cases).update(note="", company_name="")
    Referral.objects.filter(case__in=cases).update(target_name="")
    OfferProposal.objects.filter(case__in=cases).update(score=None)
    Handover.objects.filter(case__in=cases).update(purpose_note=ANONYMOUS)
    cases.update(subject_name=ANONYMOUS, search_text="")


register(
    PersonalData(
        app="kausa.counselling",
        models=(Case, Consultation, FollowUp, Referral, Outcome, Handover, OfferProposal),
        export={"cases": export_cases, "requests": export_requests},
        erase=erase,
        retention=retention,
        erasure_due=erasure_due,
    )
)
