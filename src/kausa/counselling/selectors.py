"""Reads of cases and their timeline. The partner rule for cases lives here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kausa.accounts.tenancy import access_for, scope_personal_data
from kausa.companies.selectors import open_offers_of_office
from kausa.core.text import search_key
from kausa.counselling.models import (
    Case,
    Consultation,
    FollowUp,
    Handover,
    OfferProposal,
    Outcome,
    Referral,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kausa.accounts.models import User
    from kausa.companies.models import Company, Offer
    from kausa.events.models import Event
    from kausa.people.models import YoungPerson

    AnyUser = User | AnonymousUser

CASE_SORTS = {
    "opened": "opened_on",
    "-opened": "-opened_on",
    "name": "subject_name",
    "-name": "-subject_name",
    "status": "status",
    "last": "last_consultation_on",
    "-last": "-last_consultation_on",
}


def active_handovers() -> QuerySet[Handover]:
    """Handovers whose consent still stands; withdrawal ends access at once."""
    return Handover.objects.filter(consent__withdrawn_at__isnull=True)


def _case_scope(queryset: QuerySet[Case], user: AnyUser) -> QuerySet[Case]:
    access = access_for(user)
    if access.is_superuser:
        return queryset
    own = Q(organisation_id__in=access.personal_data_orgs)
    if not access.partner_orgs:
        return queryset.filter(own)
    shared = Exists(
        active_handovers().filter(case=OuterRef("pk"), partner_id__in=access.partner_orgs)
    )
    return queryset.filter(own | shared)


def case_is_shared_with_user(case: Case, user: AnyUser) -> bool:
    """True when the user sees the case only as a partner (read and add consultations)."""
    access = access_for(user)
    return not (access.is_superuser or case.organisation_id in access.personal_data_orgs)


def case_list(
    *,
    user: AnyUser,
    status: str = "",
    kind: str = "",
    owner_id: int | None = None,
    query: str = "",
    sort: str = "-opened",
) -> QuerySet[Case]:
    qs = _case_scope(Case.objects.all(), user)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if owner_id:
        qs = qs.filter(owner_id=owner_id)
    if query.strip():
        qs = qs.filter(search_text__contains=search_key(query))
    order = CASE_SORTS.get(sort, "-opened_on")
    return qs.select_related("young_person", "parent", "company", "owner").order_by(order, "-id")


def case_get(*, user: AnyUser, pk: int) -> Case:
    try:
        return (
            _case_scope(Case.objects.all(), user)
            .select_related("young_person", "parent", "company", "owner", "organisation")
            .get(pk=pk)
        )
    except Case.DoesNotExist:
        raise Http404 from None


# A case's parts for its page; the case itself comes from case_get (already scoped).
def case_referrals(case: Case) -> QuerySet[Referral]:
    return case.referrals.select_related("target_organisation").order_by("-proposed_on")


def case_open_follow_ups(case: Case) -> QuerySet[FollowUp]:
    return case.follow_ups.filter(done_at__isnull=True).select_related("assignee")


def case_handovers(case: Case) -> QuerySet[Handover]:
    return case.handovers.select_related("partner", "consent")


def case_outcome_offers(case: Case) -> QuerySet[Offer]:
    """The open offers of the case's office, one of which a contract may fill."""
    return open_offers_of_office(organisation_id=case.organisation_id)


def cases_of_person(*, user: AnyUser, person: YoungPerson) -> QuerySet[Case]:
    return _case_scope(Case.objects.filter(young_person=person), user).select_related("owner")


def cases_of_company(*, user: AnyUser, company: Company) -> QuerySet[Case]:
    return _case_scope(Case.objects.filter(company=company), user).select_related("owner")


def proposed_offer_ids(*, user: AnyUser, person: YoungPerson) -> set[int]:
    cases = cases_of_person(user=user, person=person)
    return set(OfferProposal.objects.filter(case__in=cases).values_list("offer_id", flat=True))


def open_case_owners(person_ids: list[int]) -> dict[int, int]:
    """The owner of each person's most recent open (or paused) case, for a nightly job (a
    system read: no user)."""
    owners: dict[int, int] = {}
    for lo in range(0, len(person_ids), 5000):
        rows = (
            Case.objects.filter(
                young_person_id__in=person_ids[lo : lo + 5000],
                status__in=[Case.Status.OPEN, Case.Status.ON_HOLD],
                owner__isnull=False,
            )
            .order_by("opened_on", "id")
            .values_list("young_person_id", "owner_id")
        )
        owners.update(rows)  # the newest case last: its owner stays
    return owners


def proposed_pairs(person_ids: list[int]) -> set[tuple[int, int]]:
    """(person, offer) of every offer proposed to these people, for a nightly job (a
    system read: no user)."""
    pairs: set[tuple[int, int]] = set()
    for lo in range(0, len(person_ids), 5000):
        pairs.update(
            OfferProposal.objects.filter(
                case__young_person_id__in=person_ids[lo : lo + 5000]
            ).values_list("case__young_person_id", "offer_id")
        )
    return pairs


def proposal_exists(*, person: Any, offer: Any) -> Exists:
    """An Exists() to annotate or filter rows that carry a person and an offer (outer
    references) with: was this offer proposed to this person."""
    return Exists(OfferProposal.objects.filter(case__young_person=person, offer=offer))


def my_follow_ups(*, user: AnyUser, limit: int = 10) -> list[FollowUp]:
    """Open follow-ups assigned to the user, overdue first, then by due date."""
    if not user.is_authenticated:
        return []
    qs = scope_personal_data(
        FollowUp.objects.filter(assignee=user, done_at__isnull=True), user
    ).select_related("case__young_person", "case__parent", "case__company")
    return list(qs.order_by("due_on", "id")[:limit])


INBOX_STATES = ("open", "in_progress", "done", "spam", "not_done", "all")


def _office_follow_ups(user: AnyUser) -> QuerySet[FollowUp]:
    return scope_personal_data(FollowUp.objects.all(), user)


def follow_up_inbox(
    *,
    user: AnyUser,
    kind: str = "",
    state: str = "not_done",
    mine: bool = False,
    query: str = "",
) -> QuerySet[FollowUp]:
    """Every follow-up and public request of the offices the user acts for, newest first.

    ``kind``: one FollowUp.Kind or "requests" (all but tasks); ``state``: open, in_progress,
    done, spam, not_done (open and in progress) or all but spam; ``mine``: assigned to the
    user. ``query`` looks in the title, the requester's name, e-mail, phone and message.
    """
    qs = _office_follow_ups(user)
    if kind == "requests":
        qs = qs.exclude(kind=FollowUp.Kind.TASK)
    elif kind in FollowUp.Kind.values:
        qs = qs.filter(kind=kind)
    if state == "open":
        qs = qs.filter(done_at__isnull=True, started_at__isnull=True)
    elif state == "in_progress":
        qs = qs.filter(done_at__isnull=True, started_at__isnull=False)
    elif state == "done":
        qs = qs.filter(done_at__isnull=False, is_spam=False)
    elif state == "spam":
        qs = qs.filter(is_spam=True)
    elif state == "all":
        qs = qs.filter(is_spam=False)
    else:
        qs = qs.filter(done_at__isnull=True)
    if mine:
        qs = qs.filter(assignee_id=user.pk)
    text = query.strip()
    if text:
        qs = qs.filter(
            Q(title__icontains=text)
            | Q(requester_name__icontains=text)
            | Q(requester_email__icontains=text)
            | Q(requester_phone__icontains=text)
            | Q(requester_message__icontains=text)
        )
    return qs.select_related(
        "assignee", "organisation", "case__young_person", "case__parent", "case__company"
    ).order_by("-created_at", "-id")


def new_request_count(*, user: AnyUser) -> int:
    """Requests from the public that nobody has taken on yet (the menu's badge)."""
    if not user.is_authenticated:
        return 0
    return (
        _office_follow_ups(user)
        .exclude(kind=FollowUp.Kind.TASK)
        .filter(done_at__isnull=True, started_at__isnull=True, is_spam=False)
        .count()
    )


def requests_of_today(*, user: AnyUser, limit: int = 10) -> list[FollowUp]:
    """Requests that came in today and are not done, newest first (the staff home)."""
    if not user.is_authenticated:
        return []
    start = timezone.make_aware(
        dt.datetime.combine(timezone.localdate(), dt.time.min), timezone.get_current_timezone()
    )
    qs = (
        _office_follow_ups(user)
        .exclude(kind=FollowUp.Kind.TASK)
        .filter(created_at__gte=start, done_at__isnull=True)
    )
    return list(qs.select_related("assignee").order_by("-created_at", "-id")[:limit])


def referral_get(*, user: AnyUser, pk: int) -> Referral:
    try:
        return scope_personal_data(Referral.objects.select_related("case"), user).get(pk=pk)
    except Referral.DoesNotExist:
        raise Http404 from None


def requester_name_parts(name: str) -> tuple[str, str]:
    """'Amina Rahimi' -> ('Amina', 'Rahimi'); one word stays the first name."""
    parts = name.split()
    if len(parts) < 2:
        return name.strip(), "–"
    return " ".join(parts[:-1]), parts[-1]


def duplicates_of_requester(*, user: AnyUser, follow_up: FollowUp) -> list[tuple[YoungPerson, Any]]:
    """People of the office the requester probably is (name with its spelling variants,
    phone, e-mail), best first: offered before a request becomes a new person."""
    from kausa.people.selectors import duplicates_of_new_person

    if follow_up.young_person_id is not None or follow_up.case_id is not None:
        return []
    if follow_up.kind not in FollowUp.PERSON_KINDS or not follow_up.requester_name.strip():
        return []
    first_name, last_name = requester_name_parts(follow_up.requester_name)
    return duplicates_of_new_person(
        user=user,
        organisation_id=follow_up.organisation_id,
        first_name=first_name,
        last_name=last_name if last_name != "–" else "",
        phone=follow_up.requester_phone,
        email=follow_up.requester_email,
    )


def follow_up_get(*, user: AnyUser, pk: int) -> FollowUp:
    try:
        return _office_follow_ups(user).select_related("organisation").get(pk=pk)
    except FollowUp.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class TimelineEntry:
    on: dt.date
    kind: str  # consultation | referral | outcome | offer | pipeline | follow_up | case
    title: str
    detail: str
    obj: object
    order: int = 0


def _consultation_entries(consultations: QuerySet[Consultation]) -> list[TimelineEntry]:
    return [
        TimelineEntry(
            c.held_on, "consultation", c.get_channel_display(), ", ".join(c.topic_labels()), c, c.pk
        )
        for c in consultations.select_related("language", "author")
    ]


def _referral_entries(referrals: QuerySet[Referral]) -> list[TimelineEntry]:
    return [
        TimelineEntry(r.proposed_on, "referral", r.get_kind_display(), r.target_label, r, r.pk)
        for r in referrals.select_related("target_organisation")
    ]


def _outcome_entries(outcomes: QuerySet[Outcome]) -> list[TimelineEntry]:
    return [
        TimelineEntry(
            o.recorded_on,
            "outcome",
            o.get_kind_display(),
            " · ".join(
                filter(None, [str(o.company or o.company_name or ""), str(o.occupation or "")])
            ),
            o,
            o.pk,
        )
        for o in outcomes.select_related("company", "occupation")
    ]


def _proposal_entries(proposals: QuerySet[OfferProposal]) -> list[TimelineEntry]:
    return [
        TimelineEntry(
            p.proposed_on,
            "proposal",
            str(p.offer.occupation),
            f"{p.offer.company.name} · {p.get_status_display()}",
            p,
            p.pk,
        )
        for p in proposals.select_related("offer__occupation", "offer__company")
    ]


def _sorted(entries: list[TimelineEntry], limit: int) -> list[TimelineEntry]:
    return sorted(entries, key=lambda e: (e.on, e.kind, e.order), reverse=True)[:limit]


def timeline_for_cases(case_ids: list[int], *, limit: int = 200) -> list[TimelineEntry]:
    """Everything that happened in these cases, newest first (ids already scoped)."""
    entries = _consultation_entries(Consultation.objects.filter(case_id__in=case_ids))
    entries += _referral_entries(Referral.objects.filter(case_id__in=case_ids))
    entries += _outcome_entries(Outcome.objects.filter(case_id__in=case_ids))
    entries += _proposal_entries(OfferProposal.objects.filter(case_id__in=case_ids))
    return _sorted(entries, limit)


def _event_entries(person: YoungPerson) -> list[TimelineEntry]:
    from django.utils import translation

    from kausa.events.models import Registration

    language = (translation.get_language() or "de").split("-")[0]
    registrations = Registration.objects.filter(young_person=person).select_related("event")
    return [
        TimelineEntry(
            timezone.localdate(r.event.starts_at),
            "event",
            r.event.text_for(language)[0],
            str(_("attended")) if r.checked_in_at else r.get_status_display(),
            r,
            r.pk,
        )
        for r in registrations.prefetch_related("event__translations")
    ]


def person_timeline(*, user: AnyUser, person: YoungPerson, limit: int = 200) -> list[TimelineEntry]:
    case_ids = list(cases_of_person(user=user, person=person).values_list("id", flat=True))
    entries = timeline_for_cases(case_ids, limit=limit)
    if case_ids:  # only who may see the person's cases sees their events
        entries += _event_entries(person)
    return _sorted(entries, limit)


def case_timeline(case: Case, *, limit: int = 200) -> list[TimelineEntry]:
    """The case's own entries, plus the events of the person it is about."""
    entries = timeline_for_cases([case.pk], limit=limit)
    if case.young_person is not None:
        entries += _event_entries(case.young_person)
    return _sorted(entries, limit)


def upcoming_office_events(*, user: AnyUser, case: Case) -> list[Event]:
    from kausa.events.models import Event

    return list(
        Event.objects.filter(
            organisation_id=case.organisation_id,
            status=Event.Status.PUBLISHED,
            starts_at__gte=timezone.now(),
        ).order_by("starts_at")[:30]
    )


def company_timeline(*, user: AnyUser, company: Company, limit: int = 200) -> list[TimelineEntry]:
    from kausa.companies.models import Offer, PipelineStep

    case_ids = list(cases_of_company(user=user, company=company).values_list("id", flat=True))
    entries = timeline_for_cases(case_ids, limit=limit)
    entries += [
        TimelineEntry(
            timezone.localdate(o.created_at),
            "offer",
            str(o.occupation),
            o.get_status_display(),
            o,
            o.pk,
        )
        for o in Offer.objects.filter(company=company).select_related("occupation")
    ]
    entries += [
        TimelineEntry(s.reached_on, "pipeline", s.get_stage_display(), "", s, s.pk)
        for s in PipelineStep.objects.filter(pipeline__company=company)
    ]
    contracts = scope_personal_data(
        Outcome.objects.filter(company=company).exclude(case_id__in=case_ids), user
    )
    entries += _outcome_entries(contracts)
    return _sorted(entries, limit)
