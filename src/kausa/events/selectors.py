"""Reads of events and registrations.

Public reads show published public events (invite-only ones with their key);
staff reads are scoped through kausa.accounts.tenancy: events and figures with
scope_figures, registrations (personal data) with scope_personal_data.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from kausa.accounts.tenancy import access_for, scope_figures, scope_personal_data
from kausa.core.text import search_key
from kausa.events.models import (
    Event,
    EventGroup,
    Registration,
    SpeedDatingApplicant,
    SpeedDatingCompany,
    SpeedDatingSlot,
    SpeedDatingWish,
    Station,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kausa.accounts.models import User
    from kausa.companies.models import Company
    from kausa.people.models import YoungPerson

ACTIVE = ~Q(status=Registration.Status.CANCELLED)


@dataclass(frozen=True)
class EventFilter:
    city: str = ""
    type: str = ""
    language: str = ""
    audience: str = ""
    organisation_slug: str = ""


def _with_counts(qs: QuerySet[Event]) -> QuerySet[Event]:
    return qs.annotate(
        seats_taken=Sum(
            "registrations__party_size",
            filter=Q(registrations__status=Registration.Status.CONFIRMED),
            default=0,
        ),
        waiting=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)
        ),
    )


def _filtered(qs: QuerySet[Event], filters: EventFilter) -> QuerySet[Event]:
    if filters.city:
        qs = qs.filter(Q(city__iexact=filters.city) | Q(organisation__city__iexact=filters.city))
    if filters.type:
        qs = qs.filter(type=filters.type)
    if filters.language:
        qs = qs.filter(languages__code=filters.language)
    if filters.audience:
        qs = qs.filter(audience__in=[filters.audience, Event.Audience.EVERYONE])
    if filters.organisation_slug:
        qs = qs.filter(organisation__slug=filters.organisation_slug)
    return qs.distinct()


def public_event_list(
    *, filters: EventFilter = EventFilter(), now: dt.datetime | None = None
) -> QuerySet[Event]:
    """Upcoming (and running) published public events, soonest first."""
    qs = Event.objects.filter(
        is_public=True, status=Event.Status.PUBLISHED, ends_at__gte=now or timezone.now()
    )
    return (
        _with_counts(_filtered(qs, filters))
        .select_related("organisation")
        .prefetch_related("languages", "translations")
        .order_by("starts_at", "id")
    )


def public_cities() -> list[str]:
    return sorted(
        set(
            Event.objects.filter(
                is_public=True, status=Event.Status.PUBLISHED, ends_at__gte=timezone.now()
            )
            .exclude(city="")
            .values_list("city", flat=True)
        )
    )


def public_event_get(*, pk: int, key: str = "", user: User | AnonymousUser | None = None) -> Event:
    """A published event: public ones for everyone, invite-only ones with the key or for staff."""
    qs = Event.objects.exclude(status=Event.Status.DRAFT)
    event = (
        _with_counts(qs)
        .select_related("organisation", "postal_code")
        .prefetch_related(
            "languages",
            "translations",
            "stations",
            Prefetch("groups", queryset=EventGroup.objects.select_related("language")),
        )
        .filter(pk=pk)
        .first()
    )
    if event is None:
        raise Http404
    if event.is_public or (key and key == event.invite_key):
        return event
    access = access_for(user)
    if access.is_superuser or event.organisation_id in access.figure_orgs:
        return event
    raise Http404


def office_feed_events(*, slug: str) -> QuerySet[Event]:
    return public_event_list(filters=EventFilter(organisation_slug=slug))


def registration_by_token(*, token: str) -> Registration:
    registration = (
        Registration.objects.select_related("event", "event__organisation", "group")
        .filter(token=token)
        .first()
    )
    if registration is None:
        raise Http404
    return registration


def group_seats(event: Event) -> dict[int, int]:
    rows = (
        Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
        .values("group_id")
        .annotate(n=Sum("party_size"))
    )
    return {row["group_id"]: row["n"] for row in rows if row["group_id"]}


# --- staff ---------------------------------------------------------------------


def staff_event_list(
    *, user: User | AnonymousUser, filters: EventFilter = EventFilter(), past: bool = False
) -> QuerySet[Event]:
    qs = scope_figures(Event.objects.all(), user)
    now = timezone.now()
    qs = qs.filter(ends_at__lt=now) if past else qs.filter(ends_at__gte=now)
    return (
        _with_counts(_filtered(qs, filters))
        .select_related("organisation")
        .order_by("-starts_at" if past else "starts_at", "id")
    )


def staff_event_get(*, user: User | AnonymousUser, pk: int) -> Event:
    """An event of one of the user's offices where they see personal data, else 404."""
    event = (
        _with_counts(scope_personal_data(Event.objects.all(), user))
        .select_related("organisation", "postal_code")
        .prefetch_related("languages", "translations", "groups", "stations")
        .filter(pk=pk)
        .first()
    )
    if event is None:
        raise Http404
    return event


def staff_registrations(
    *, user: User | AnonymousUser, event: Event, query: str = ""
) -> QuerySet[Registration]:
    qs = scope_personal_data(Registration.objects.filter(event=event), user).select_related(
        "group", "young_person"
    )
    if query.strip():
        key = search_key(query)
        code = query.strip().upper().replace(" ", "")
        qs = qs.filter(
            Q(name__icontains=query.strip()) | Q(name__icontains=key) | Q(checkin_code=code)
        )
    return qs.order_by("status", "waitlist_number", "name", "id")


def staff_registration_by_code(*, user: User | AnonymousUser, code: str) -> Registration:
    code = code.strip().upper().replace(" ", "").replace("-", "")
    registration = (
        scope_personal_data(Registration.objects.all(), user)
        .select_related("event", "group")
        .filter(checkin_code=code)
        .first()
    )
    if registration is None:
        raise Http404
    return registration


@dataclass
class EventFigures:
    events: int = 0
    registrations: int = 0
    registered: int = 0  # people (party sizes) with a confirmed seat
    waitlisted: int = 0
    cancelled: int = 0
    attended: int = 0
    no_show: int = 0
    languages: dict[str, int] = field(default_factory=dict)


def event_figures(
    *,
    user: User | AnonymousUser,
    start: dt.date | None = None,
    end: dt.date | None = None,
    organisation_id: int | None = None,
    event_id: int | None = None,
    now: dt.datetime | None = None,
) -> EventFigures:
    """Counts for reports: registered, attended, no-show (past events only), languages.

    Scoped with scope_figures, so coordinators count their offices' events too.
    """
    events = scope_figures(Event.objects.exclude(status=Event.Status.DRAFT), user)
    if organisation_id is not None:
        events = events.filter(organisation_id=organisation_id)
    if event_id is not None:
        events = events.filter(pk=event_id)
    if start is not None:
        events = events.filter(starts_at__date__gte=start)
    if end is not None:
        events = events.filter(starts_at__date__lte=end)
    regs = Registration.objects.filter(event__in=events)
    now = now or timezone.now()
    confirmed = regs.filter(status=Registration.Status.CONFIRMED)
    totals = confirmed.aggregate(
        people=Sum("party_size", default=0),
        attended=Sum("party_size", filter=Q(checked_in_at__isnull=False), default=0),
        no_show=Sum(
            "party_size",
            filter=Q(checked_in_at__isnull=True, event__ends_at__lt=now),
            default=0,
        ),
    )
    by_status = Counter(dict(regs.values_list("status").annotate(n=Count("id"))))
    languages = Counter(
        dict(confirmed.values_list("language").annotate(n=Sum("party_size")).order_by())
    )
    return EventFigures(
        events=events.count(),
        registrations=by_status[Registration.Status.CONFIRMED],
        registered=totals["people"],
        waitlisted=by_status[Registration.Status.WAITLISTED],
        cancelled=by_status[Registration.Status.CANCELLED],
        attended=totals["attended"],
        no_show=totals["no_show"],
        languages=dict(languages.most_common()),
    )


# --- set-up pages (the event comes from staff_event_get, so it is already scoped) ----


def setup_groups(event: Event) -> list[EventGroup]:
    """The event's groups with ``seats_taken`` (confirmed people) and ``registration_count``."""
    taken = group_seats(event)
    groups: list[EventGroup] = list(
        EventGroup.objects.filter(event=event)
        .select_related("language")
        .annotate(registration_count=Count("registrations"))
        .order_by("starts_at", "name", "id")
    )
    for group in groups:
        group.seats_taken = taken.get(group.pk, 0)  # type: ignore[attr-defined]
    return groups


def setup_stations(event: Event) -> QuerySet[Station]:
    return Station.objects.filter(event=event).select_related("company")


def setup_office_companies(*, user: User | AnonymousUser, event: Event) -> QuerySet[Company]:
    """Companies of the event's office that the user may see, to link or invite."""
    from kausa.companies.models import Company

    return (
        scope_personal_data(Company.objects.filter(organisation_id=event.organisation_id), user)
        .only("id", "name")
        .order_by("name", "id")
    )


def setup_speed_slots(event: Event) -> QuerySet[SpeedDatingSlot]:
    return SpeedDatingSlot.objects.filter(event=event).annotate(interview_count=Count("interviews"))


def setup_speed_companies(event: Event) -> QuerySet[SpeedDatingCompany]:
    wishes = (
        SpeedDatingWish.objects.filter(company=OuterRef("pk"))
        .values("company")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return (
        SpeedDatingCompany.objects.filter(event=event)
        .select_related("company")
        .prefetch_related("unavailable_slots")
        .annotate(
            interview_count=Count("interviews", distinct=True),
            wish_count=Coalesce(Subquery(wishes), 0),
        )
        .order_by("name", "id")
    )


def setup_speed_applicants(event: Event) -> QuerySet[SpeedDatingApplicant]:
    return (
        SpeedDatingApplicant.objects.filter(event=event)
        .prefetch_related("unavailable_slots")
        .annotate(interview_count=Count("interviews"))
        .order_by("name", "id")
    )


def person_suggestions(
    *, user: User | AnonymousUser, registrations: list[Registration]
) -> dict[int, YoungPerson]:
    """For registrations not linked to a young person: one of the office's young people with
    the same e-mail address, phone number or full name (first match wins)."""
    from django.db.models import Q

    from kausa.people.models import YoungPerson as People

    open_rows = [
        r
        for r in registrations
        if r.young_person_id is None and r.status != Registration.Status.CANCELLED
    ][:300]
    if not open_rows:
        return {}
    match = Q(pk__in=[])
    for r in open_rows:
        if r.email:
            match |= Q(email__iexact=r.email)
        if r.phone:
            match |= Q(phone=r.phone)
        parts = r.name.split()
        if len(parts) >= 2:
            match |= Q(first_name__iexact=" ".join(parts[:-1]), last_name__iexact=parts[-1])
    people = list(
        scope_personal_data(People.objects.all(), user)
        .filter(match, is_anonymised=False, organisation_id=open_rows[0].organisation_id)
        .order_by("pk")
    )
    found: dict[int, YoungPerson] = {}
    for r in open_rows:
        for person in people:
            same_mail = bool(r.email) and person.email.lower() == r.email.lower()
            same_phone = bool(r.phone) and person.phone == r.phone
            same_name = (
                f"{person.first_name} {person.last_name}".lower()
                == " ".join(r.name.split()).lower()
            )
            if same_mail or same_phone or same_name:
                found[r.pk] = person
                break
    return found
