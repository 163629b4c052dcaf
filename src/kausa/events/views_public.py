"""Public event pages: list, event page, registration without an account, iCal."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kausa.core.links import absolute_reverse
from kausa.events import selectors, services
from kausa.events.forms import EventFilterForm, RegistrationForm
from kausa.events.ical import CalendarEntry, calendar_bytes
from kausa.events.models import Event, Registration
from kausa.events.qr import checkin_url, qr_data_uri
from kausa.reference.models import Language

SESSION_KEY = "events_registrations"


def _language() -> str:
    return (get_language() or "de").split("-")[0]


def _decorate(event: Event, language: str) -> Event:
    event.local_title, event.local_description = event.text_for(language)
    taken = getattr(event, "seats_taken", 0) or 0
    event.free_seats = max(event.capacity - taken, 0)
    return event


def event_list(request: HttpRequest) -> HttpResponse:
    languages = list(Language.objects.filter(code__in=_event_language_codes()).order_by("name_en"))
    form = EventFilterForm(
        request.GET or None, cities=selectors.public_cities(), languages=languages
    )
    filters = selectors.EventFilter()
    if form.is_valid():
        filters = selectors.EventFilter(
            city=form.cleaned_data["city"],
            type=form.cleaned_data["type"],
            language=form.cleaned_data["language"],
            audience=form.cleaned_data["audience"],
        )
    language = _language()
    events = [_decorate(e, language) for e in selectors.public_event_list(filters=filters)[:100]]
    return render(request, "events/public_list.html", {"form": form, "events": events})


def _event_language_codes() -> list[str]:
    return list(
        Event.languages.through.objects.filter(event__is_public=True)
        .values_list("language_id", flat=True)
        .distinct()
    )


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    key = request.GET.get("key", "")[:40]
    event = _decorate(selectors.public_event_get(pk=pk, key=key, user=request.user), _language())
    return render(
        request,
        "events/public_detail.html",
        {
            "event": event,
            "key": key,
            "group_seats": selectors.group_seats(event),
            "tile_url": _tile_url(),
            "can_register": event.status == Event.Status.PUBLISHED,
        },
    )


def _tile_url() -> str:
    from django.conf import settings

    return settings.KAUSA_TILE_URL


def _remember(request: HttpRequest, token: str) -> None:
    tokens = request.session.get(SESSION_KEY, [])[-20:]
    request.session[SESSION_KEY] = [*tokens, token]


def register(request: HttpRequest, pk: int) -> HttpResponse:
    key = request.GET.get("key", "")[:40]
    event = _decorate(selectors.public_event_get(pk=pk, key=key, user=request.user), _language())
    if event.status == Event.Status.CANCELLED:
        # an old link or a form opened before the office cancelled: say why, save nothing
        return render(request, "events/register.html", {"event": event, "closed": True, "key": key})
    if event.status != Event.Status.PUBLISHED:
        raise Http404
    form = RegistrationForm(
        request.POST or None, event=event, initial={"language": _language(), "party_size": 1}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.registration_create(
                event_id=event.pk,
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                language=data["language"],
                party_size=data["party_size"],
                consent=data["consent"],
                group_id=data["group"].pk if data.get("group") else None,
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            token = result.registration.token
            if result.created or token in request.session.get(SESSION_KEY, []):
                _remember(request, token)  # a double click lands on the same confirmation
                return redirect("events:registration_detail", token=token)
            form.add_error(
                None,
                _(
                    "This contact is already registered for this event. The personal link "
                    "is in the confirmation e-mail."
                ),
            )
    return render(request, "events/register.html", {"event": event, "form": form, "key": key})


def registration_detail(request: HttpRequest, token: str) -> HttpResponse:
    registration = selectors.registration_by_token(token=token)
    event = _decorate(registration.event, _language())
    scan_url = checkin_url(registration.checkin_code)
    response = render(
        request,
        "events/registration_detail.html",
        {
            "registration": registration,
            "event": event,
            "position": services.waitlist_position(registration),
            "qr": qr_data_uri(scan_url)
            if registration.status == Registration.Status.CONFIRMED
            else "",
        },
    )
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
def registration_cancel(request: HttpRequest, token: str) -> HttpResponse:
    try:
        services.registration_cancel(token=token)
    except Registration.DoesNotExist:
        raise Http404 from None
    response = redirect("events:registration_detail", token=token)
    response.status_code = 303  # See Other: the answer to a POST is the page, fetched with GET
    return response


def _entry(request: HttpRequest, event: Event, language: str) -> CalendarEntry:
    title, description = event.text_for(language)
    place = (
        "Online"
        if event.is_online
        else ", ".join(part for part in (event.venue, event.street, event.city) if part)
    )
    return CalendarEntry(
        uid=f"event-{event.pk}@kausa",
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
    entry = _entry(request, event, _language())
    return _ics(calendar_bytes([entry], name=entry.title), f"event-{event.pk}.ics")


def office_feed(request: HttpRequest, slug: str) -> HttpResponse:
    from kausa.accounts.models import Organisation

    office = Organisation.objects.filter(slug=slug, is_active=True).first()
    if office is None:
        raise Http404
    language = _language()
    entries = [_entry(request, e, language) for e in selectors.office_feed_events(slug=slug)[:500]]
    return _ics(calendar_bytes(entries, name=office.name), f"{slug}.ics")
