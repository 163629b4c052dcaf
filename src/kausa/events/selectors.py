"""Reads of events: the public calendar, the staff lists, the figures.

Public reads show published public events (invite-only ones with their key); staff
reads are scoped through kausa.accounts.tenancy: events and figures with scope_figures,
the event pages that show personal data with scope_personal_data.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum, prefetch_related_objects
from django.http import Http404
from django.utils import timezone

from kausa.accounts.models import Organisation
from kausa.accounts.tenancy import access_for, scope_figures, scope_personal_data
from kausa.core.process_cache import ProcessCache
from kausa.core.sql import OneRowQuery
from kausa.events.models import Event, EventGroup, Registration
from kausa.reference.models import Language

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kausa.accounts.models import User


@dataclass(frozen=True)
class EventFilter:
    city: str = ""
    type: str = ""
    language: str = ""
    audience: str = ""
    organisation_slug: str = ""


# Kinds of event a filter for one audience leaves out whatever audience they were given: an
# award ceremony honours companies, it is no parents' event (the list without a filter
# still shows it).
_NOT_FOR: dict[str, tuple[str, ...]] = {Event.Audience.PARENTS: (Event.Type.AWARD,)}


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
        qs = qs.filter(audience__in=[filters.audience, Event.Audience.EVERYONE]).exclude(
            type__in=_NOT_FOR.get(filters.audience, ())
        )
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


_PUBLIC_DETAILS = (
    "languages",
    "translations",
    "stations",
    Prefetch("groups", queryset=EventGroup.objects.select_related("language")),
)


def public_event_get(
    *,
    pk: int,
    key: str = "",
    user: User | AnonymousUser | None = None,
    details: bool = True,
) -> Event:
    """A published event: public ones for everyone, invite-only ones with the key or for staff.

    ``details=False``: one query (the event, its office and seat counts); the languages,
    texts, groups and stations follow with ``public_event_details`` when needed."""
    qs = Event.objects.exclude(status=Event.Status.DRAFT)
    qs = _with_counts(qs).select_related("organisation", "postal_code")
    if details:
        qs = qs.prefetch_related(*_PUBLIC_DETAILS)
    event = qs.filter(pk=pk).first()
    if event is None:
        raise Http404
    return _visible(event, key, user)


def _visible(event: Event, key: str, user: User | AnonymousUser | None) -> Event:
    if event.is_public or (key and key == event.invite_key):
        return event
    access = access_for(user)
    if access.is_superuser or event.organisation_id in access.figure_orgs:
        return event
    raise Http404


# The event page asks on every visit only for the event's version and seat counts (its SQL
# compiled once); the event with its office is kept per process under its updated_at (every
# change to the event, its texts, groups, stations or languages moves it: signals.py).
# An office's own change (its name) has no version: it reaches the page when the kept event
# expires (1 minute) and the kept page (events.views.PAGE_SECONDS, 5 minutes) after it.
PAGE_EVENT_SECONDS = 60.0
_page_events: ProcessCache[int, tuple[Any, Event]] = ProcessCache(
    seconds=PAGE_EVENT_SECONDS, size=512
)


def _event_version_query(pk: int) -> QuerySet[Any, Any]:
    qs = _with_counts(Event.objects.exclude(status=Event.Status.DRAFT).filter(pk=pk))
    return qs.values_list("updated_at", "seats_taken", "waiting")  # type: ignore[misc]


_event_version = OneRowQuery(_event_version_query)


def public_event_for_page(
    *, pk: int, key: str = "", user: User | AnonymousUser | None = None
) -> Event:
    """``public_event_get(details=False)`` for the event page, with the seat counts of this
    moment: a copy of the kept event, the caller may add to it."""
    version = _event_version.fetch(pk)
    if version is None:
        raise Http404
    updated_at, taken, waiting = version
    kept = _page_events.get(pk)
    if kept is not None and kept[0] == updated_at:
        event = copy.copy(kept[1])
    else:
        found = public_event_get(pk=pk, key=key, user=user, details=False)
        _page_events.put(pk, (updated_at, copy.copy(found)))
        event = found
    event.seats_taken = int(taken or 0)  # type: ignore[attr-defined]
    event.waiting = int(waiting or 0)  # type: ignore[attr-defined]
    return _visible(event, key, user)


def forget_page_events() -> None:
    """Forget the events kept for the event page (tests)."""
    _page_events.clear()


def public_event_details(event: Event) -> Event:
    """Its languages, texts, groups and stations read (once) for the event page."""
    prefetch_related_objects([event], *_PUBLIC_DETAILS)
    return event


def public_event_languages() -> list[Language]:
    """The languages spoken at public events (choices of the calendar's filter)."""
    codes = (
        Event.languages.through.objects.filter(event__is_public=True)
        .values_list("language_id", flat=True)
        .distinct()
    )
    return list(Language.objects.filter(code__in=list(codes)).order_by("name_en"))


def feed_office(*, slug: str) -> Organisation:
    """The active organisation whose calendar feed this is, else 404."""
    office = Organisation.objects.filter(slug=slug, is_active=True).first()
    if office is None:
        raise Http404
    return office


def office_feed_events(*, slug: str) -> QuerySet[Event]:
    """The office's upcoming public events for calendar subscriptions: cancelled ones stay in
    (marked cancelled), so a calendar that already holds them strikes them out."""
    qs = Event.objects.filter(
        is_public=True,
        status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED],
        ends_at__gte=timezone.now(),
        organisation__slug=slug,
    )
    return (
        qs.select_related("organisation")
        .prefetch_related("languages", "translations")
        .order_by("starts_at", "id")
    )


# --- staff ---------------------------------------------------------------------


@dataclass(frozen=True)
class StaffEventRights:
    """What the staff's event list offers: the offices whose events (with their
    registrations) the user opens, and whether they may create events at all."""

    offices: frozenset[int]
    is_superuser: bool

    @property
    def can_create(self) -> bool:
        return bool(self.offices) or self.is_superuser


def staff_event_rights(*, user: User | AnonymousUser) -> StaffEventRights:
    access = access_for(user)
    return StaffEventRights(offices=access.personal_data_orgs, is_superuser=access.is_superuser)


def staff_event_list(
    *, user: User | AnonymousUser, filters: EventFilter = EventFilter(), past: bool = False
) -> QuerySet[Event]:
    qs = scope_figures(Event.objects.all(), user)
    now = timezone.now()
    qs = qs.filter(ends_at__lt=now) if past else qs.filter(ends_at__gte=now)
    return (
        _with_counts(_filtered(qs, filters))
        .select_related("organisation")
        .prefetch_related("translations")  # the list says which languages are missing
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
