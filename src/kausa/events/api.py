"""API endpoints of events (ninja reads annotations at runtime: no __future__ import)."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Field, Query, Router, Schema, Status

from kausa.core.api_params import ErrorOut, PkInt
from kausa.core.links import absolute_url
from kausa.events import selectors
from kausa.events.models import MAX_PARTY_SIZE, Event, Registration
from kausa.events.registration import services

router = Router(tags=["events"])

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class GroupOut(Schema):
    id: int
    name: str
    kind: str
    capacity: int


class StationOut(Schema):
    name: str
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str


class EventOut(Schema):
    id: int
    type: str
    title: str
    description: str
    audience: str
    languages: list[str]
    is_online: bool
    venue: str
    street: str
    postal_code: str | None
    city: str
    lat: float | None
    lon: float | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    seats_free: int
    waiting: int
    organisation: str
    status: str
    url: str


class EventDetailOut(EventOut):
    groups: list[GroupOut]
    stations: list[StationOut]


class EventFilterIn(Schema):
    city: str = Field("", max_length=100)
    type: str = Field("", description="one of: " + ", ".join(Event.Type.values))
    language: str = Field("", max_length=8, description="ISO 639-1 code spoken at the event")
    audience: str = Field("", description="one of: " + ", ".join(Event.Audience.values))
    lang: str = Field("", description="language of title and description (fallback German)")


class RegistrationIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)
    language: str = Field("de", description="language for messages: " + ", ".join(LANGUAGE_CODES))
    party_size: int = Field(1, ge=1, le=MAX_PARTY_SIZE)
    group_id: PkInt | None = None
    consent: bool = Field(..., description="consent to store the data for this event")


class RegistrationOut(Schema):
    id: int
    event_id: int
    status: str
    party_size: int
    waitlist_position: int | None
    token: str
    checkin_code: str


class CancelOut(Schema):
    status: str
    promoted: int


def _event_out(event: Event, language: str, request: HttpRequest, *, detail: bool = False) -> dict:
    title, description = event.text_for(language)
    taken = getattr(event, "seats_taken", 0) or 0
    data = {
        "id": event.pk,
        "type": event.type,
        "title": title,
        "description": description,
        "audience": event.audience,
        "languages": [lang.code for lang in event.languages.all()],
        "is_online": event.is_online,
        "venue": event.venue,
        "street": event.street,
        "postal_code": event.postal_code_id,
        "city": event.city,
        "lat": event.lat,
        "lon": event.lon,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "capacity": event.capacity,
        "seats_free": max(event.capacity - taken, 0),
        "waiting": getattr(event, "waiting", 0) or 0,
        "organisation": event.organisation.name,
        "status": event.status,
        "url": absolute_url(f"/{language}/events/{event.pk}/"),
    }
    if detail:
        data["groups"] = list(event.groups.all())
        data["stations"] = list(event.stations.all())
    return data


def _lang(requested: str) -> str:
    if requested in LANGUAGE_CODES:
        return requested
    return (get_language() or "de").split("-")[0]


@router.get(
    "/events",
    response={200: list[EventOut], 422: ErrorOut},
    url_name="event_list",
    summary="Upcoming public events, filterable by city, type, language and audience",
)
def event_list(request: HttpRequest, filters: Query[EventFilterIn]) -> Status:
    if filters.type and filters.type not in Event.Type.values:
        return Status(422, {"detail": f"type must be one of {', '.join(Event.Type.values)}."})
    if filters.audience and filters.audience not in Event.Audience.values:
        return Status(
            422, {"detail": f"audience must be one of {', '.join(Event.Audience.values)}."}
        )
    events = selectors.public_event_list(
        filters=selectors.EventFilter(
            city=filters.city,
            type=filters.type,
            language=filters.language,
            audience=filters.audience,
        )
    )[:200]
    language = _lang(filters.lang)
    return Status(200, [_event_out(e, language, request) for e in events])


@router.get(
    "/events/{event_id}",
    response={200: EventDetailOut, 404: ErrorOut},
    url_name="event_detail",
    summary="One event (invite-only events need their key)",
)
def event_detail(request: HttpRequest, event_id: PkInt, key: str = "", lang: str = "") -> Status:
    event = selectors.public_event_get(pk=event_id, key=key[:40], user=request.user)
    return Status(200, _event_out(event, _lang(lang), request, detail=True))


@router.post(
    "/events/{event_id}/registrations",
    response={
        201: RegistrationOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
    url_name="registration_create",
    summary="Register (a full event answers with the waitlist position)",
)
def registration_create(
    request: HttpRequest, event_id: PkInt, payload: RegistrationIn, key: str = ""
) -> Status:
    event = selectors.public_event_get(pk=event_id, key=key[:40], user=request.user)
    try:
        result = services.registration_create(
            event_id=event.pk,
            name=payload.name,
            email=payload.email,
            phone=payload.phone,
            language=payload.language,
            party_size=payload.party_size,
            consent=payload.consent,
            group_id=payload.group_id,
        )
    except ValidationError as exc:
        fields = exc.message_dict
        detail = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in fields.items())
        # the shape of every 422 of the API (as for invalid JSON values): one entry a message
        errors = [
            {"loc": ["body", field], "msg": message, "type": "value_error"}
            for field, messages in fields.items()
            for message in messages
        ]
        return Status(422, {"detail": detail, "errors": errors})
    if not result.created:
        if payload.email:
            where = "The personal link is in the confirmation e-mail."
        else:  # registered by phone only: no mail and no text message was sent
            office = event.organisation
            where = (
                "No e-mail or text message is sent for a registration by phone number: the "
                "personal link was in the answer to the first registration. If it is lost, "
                f"please contact {office.name}"
                + (f", phone {office.phone}." if office.phone else ".")
            )
        return Status(
            409, {"detail": f"This contact is already registered for this event. {where}"}
        )
    registration = result.registration
    return Status(
        201,
        {
            "id": registration.pk,
            "event_id": event.pk,
            "status": registration.status,
            "party_size": registration.party_size,
            "waitlist_position": result.waitlist_position,
            "token": registration.token,
            "checkin_code": registration.checkin_code,
        },
    )


@router.delete(
    "/registrations/{token}",
    response={200: CancelOut, 404: ErrorOut},
    url_name="registration_cancel",
    summary="Cancel with the personal token (again: no change)",
)
def registration_cancel(request: HttpRequest, token: str) -> Status:
    try:
        registration, promoted = services.registration_cancel(token=token[:100])
    except Registration.DoesNotExist:
        return Status(404, {"detail": "No registration has this token."})
    return Status(200, {"status": registration.status, "promoted": len(promoted)})
