"""Event pages: the public calendar (list, event page, iCal) and the staff's events
(list, create, edit, translate, copy, the event page with its registrations, call off).

Registrations, check-in, set-up and speed dating have their pages in their packages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kausa.accounts.http import AuthenticatedRequest
from kausa.accounts.permissions import advisor_required, staff_member_required
from kausa.accounts.selectors import office_for_new_record
from kausa.core.audit import audit
from kausa.core.cache_safe import cache_call
from kausa.core.links import absolute_reverse, absolute_url
from kausa.events import selectors, services
from kausa.events.forms import EventFilterForm, EventForm, TranslationsForm
from kausa.events.ical import CalendarEntry, calendar_bytes
from kausa.events.models import Event, Registration
from kausa.events.registration import selectors as registration_selectors

if TYPE_CHECKING:
    from kausa.accounts.models import Organisation


def page_language() -> str:
    return (get_language() or "de").split("-")[0]


def decorate(event: Event, language: str) -> Event:
    event.local_title, event.local_description = event.text_for(language)
    event.title_language, event.description_language = event.text_languages_for(language)
    taken = getattr(event, "seats_taken", 0) or 0
    event.free_seats = max(event.capacity - taken, 0)
    return event


def event_list(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(
        request.GET or None,
        cities=selectors.public_cities(),
        languages=selectors.public_event_languages(),
    )
    filters = selectors.EventFilter()
    if form.is_valid():
        filters = selectors.EventFilter(
            city=form.cleaned_data["city"],
            type=form.cleaned_data["type"],
            language=form.cleaned_data["language"],
            audience=form.cleaned_data["audience"],
        )
    language = page_language()
    events = [decorate(e, language) for e in selectors.public_event_list(filters=filters)[:100]]
    return render(request, "events/public_list.html", {"form": form, "events": events})


# The event page's text, groups, stations and map are the same for every visitor: rendered
# once per event version, seat count and language, then kept (saving the event or any of its
# texts, groups, stations or languages moves ``updated_at``: signals in apps.py).
PAGE_SECONDS = 300


def _event_page(event: Event, key: str, language: str) -> dict[str, str]:
    valid_key = key if key and key == event.invite_key else ""
    seats = getattr(event, "seats_taken", 0), getattr(event, "waiting", 0)  # annotations
    cache_key = (
        f"events:page:{event.pk}:{event.updated_at.timestamp()}:{seats[0]}:{seats[1]}:"
        f"{language}:{valid_key}"
    )
    page = cache_call("event-page-get", cache.get, cache_key, default=None)
    if page is None:
        event = decorate(selectors.public_event_details(event), language)
        body = render_to_string(
            "events/_public_detail_body.html",
            {
                "event": event,
                "key": valid_key,
                "tile_url": _tile_url(),
                "can_register": event.status == Event.Status.PUBLISHED,
            },
        )
        page = {"title": event.local_title, "body": body}
        cache_call("event-page-set", cache.set, cache_key, page, PAGE_SECONDS, default=None)
    return {"title": page["title"], "body": mark_safe(page["body"])}  # noqa: S308 (our render)


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    key = request.GET.get("key", "")[:40]
    event = selectors.public_event_for_page(pk=pk, key=key, user=request.user)
    return render(
        request,
        "events/public_detail.html",
        {"event": event, "page": _event_page(event, key, page_language())},
    )


def _tile_url() -> str:
    from django.conf import settings

    return settings.KAUSA_TILE_URL


def _entry(request: HttpRequest, event: Event, language: str) -> CalendarEntry:
    title, description = event.text_for(language)
    place = (
        "Online"
        if event.is_online
        else ", ".join(part for part in (event.venue, event.street, event.city) if part)
    )
    return CalendarEntry(
        uid=f"event-{event.pk}",
        changed_at=event.updated_at,
        cancelled=event.status == Event.Status.CANCELLED,
        title=title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        description=description,
        location=place,
        url=absolute_reverse("events:public_detail", event.pk),
    )


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def event_ical(request: HttpRequest, pk: int) -> HttpResponse:
    key = request.GET.get("key", "")[:40]
    event = selectors.public_event_get(pk=pk, key=key, user=request.user)
    entry = _entry(request, event, page_language())
    return _ics(calendar_bytes([entry], name=entry.title), f"event-{event.pk}.ics")


def office_feed(request: HttpRequest, slug: str) -> HttpResponse:
    office = selectors.feed_office(slug=slug)
    language = page_language()
    entries = [_entry(request, e, language) for e in selectors.office_feed_events(slug=slug)[:500]]
    return _ics(calendar_bytes(entries, name=office.name), f"{slug}.ics")


# --- staff -----------------------------------------------------------------------


@staff_member_required
def staff_list(request: AuthenticatedRequest) -> HttpResponse:
    past = request.GET.get("past") == "1"
    events = selectors.staff_event_list(user=request.user, past=past)[:200]
    rights = selectors.staff_event_rights(user=request.user)
    return render(
        request,
        "events/staff_list.html",
        {
            "events": events,
            "past": past,
            "can_edit": rights.can_create,
            "personal_orgs": rights.offices,
            "is_superuser": rights.is_superuser,
        },
    )


def _own_office(request: AuthenticatedRequest) -> Organisation:
    office = office_for_new_record(user=request.user)
    if office is None:
        raise PermissionDenied
    return office


@advisor_required
def staff_create(request: AuthenticatedRequest) -> HttpResponse:
    office = _own_office(request)
    form = EventForm(request.POST or None, initial={"capacity": 30, "city": office.city})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        languages = [lang.code for lang in data.pop("languages")]
        postal = data.pop("postal_code")
        try:
            event = services.event_create(
                user=request.user,
                organisation=office,
                language_codes=languages or ["de"],
                postal_code_id=postal.pk if postal else None,
                **data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The event was created."))
            return redirect("events:staff_detail", pk=event.pk)
    return render(request, "events/staff_form.html", {"form": form, "event": None})


@advisor_required
def staff_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = selectors.staff_event_get(user=request.user, pk=pk)
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["language_codes"] = [lang.code for lang in data.pop("languages")]
        try:
            services.event_update(
                user=request.user,
                event=event,
                **data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The event was saved."))
            return redirect("events:staff_detail", pk=event.pk)
    return render(request, "events/staff_form.html", {"form": form, "event": event})


@advisor_required
def staff_translations(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = selectors.staff_event_get(user=request.user, pk=pk)
    form = TranslationsForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        for code in form.languages():
            services.event_translation_set(
                user=request.user,
                event=event,
                language=code,
                title=form.cleaned_data[f"title_{code}"],
                description=form.cleaned_data[f"description_{code}"],
            )
        messages.success(request, _("The translations were saved."))
        return redirect("events:staff_detail", pk=event.pk)
    pairs = [(form[f"title_{code}"], form[f"description_{code}"]) for code in form.languages()]
    return render(
        request, "events/staff_translations.html", {"form": form, "event": event, "pairs": pairs}
    )


@require_POST
@advisor_required
def staff_copy(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = selectors.staff_event_get(user=request.user, pk=pk)
    copy = services.event_copy(user=request.user, event=event)
    messages.success(request, _("A copy was made as a draft one week later. Check date and place."))
    return redirect("events:staff_edit", pk=copy.pk)


@advisor_required
def staff_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = selectors.staff_event_get(user=request.user, pk=pk)
    registrations = list(registration_selectors.staff_registrations(user=request.user, event=event))
    confirmed = [r for r in registrations if r.status == Registration.Status.CONFIRMED]
    waiting = sorted(
        (r for r in registrations if r.status == Registration.Status.WAITLISTED),
        key=lambda r: r.waitlist_number or 0,
    )
    cancelled = [r for r in registrations if r.status == Registration.Status.CANCELLED]
    suggestions = registration_selectors.person_suggestions(
        user=request.user, registrations=registrations
    )
    for r in registrations:
        r.suggested_person = suggestions.get(r.pk)
    audit_registration_list(request, event, "view")
    return render(
        request,
        "events/staff_detail.html",
        {
            "event": event,
            "confirmed": confirmed,
            "waiting": waiting,
            "cancelled": cancelled,
            "figures": selectors.event_figures(user=request.user, event_id=event.pk),
            "public_url": absolute_url(
                f"/{request.LANGUAGE_CODE}/events/{event.pk}/"
                + ("" if event.is_public else f"?key={event.invite_key}")
            ),
        },
    )


def audit_registration_list(request: AuthenticatedRequest, event: Event, action: str) -> None:
    audit(
        actor=request.user,
        action=action,
        organisation_id=event.organisation_id,
        object_type="events.registration",
        object_id=f"event={event.pk}",
        detail="registration list",
    )


@advisor_required
def staff_event_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Call the event off after a confirmation step; everyone registered is told by e-mail."""
    event = selectors.staff_event_get(user=request.user, pk=pk)
    if request.method == "POST":
        try:
            released = services.event_cancel(
                user=request.user,
                event=event,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("events:staff_detail", pk=event.pk)
        mailed = sum(1 for r in released if r.email)
        messages.success(
            request,
            ngettext(
                "The event is cancelled. An e-mail goes to %(n)s registration in its language.",
                "The event is cancelled. E-mails go to %(n)s registrations in their language.",
                mailed,
            )
            % {"n": mailed},
        )
        if phoned := len(released) - mailed:
            messages.warning(
                request,
                ngettext(
                    "%(n)s registration has only a phone number: please call.",
                    "%(n)s registrations have only a phone number: please call them.",
                    phoned,
                )
                % {"n": phoned},
            )
        return redirect("events:staff_detail", pk=event.pk)
    active = registration_selectors.staff_active_registrations(user=request.user, event=event)
    phone_only = [r for r in active if not r.email]
    if phone_only:
        audit_registration_list(request, event, "view")
    return render(
        request,
        "events/staff_event_cancel.html",
        {
            "event": event,
            "confirmed": sum(1 for r in active if r.status == Registration.Status.CONFIRMED),
            "waiting": sum(1 for r in active if r.status == Registration.Status.WAITLISTED),
            "phone_only": phone_only,
        },
    )
