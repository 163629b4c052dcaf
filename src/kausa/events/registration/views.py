"""Registration pages: the public form, the personal page with the QR code, cancelling;
for staff: cancelling for someone, linking to a young person, the CSV export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kausa.accounts.http import AuthenticatedRequest
from kausa.accounts.permissions import advisor_required
from kausa.core import exports
from kausa.events import selectors
from kausa.events.checkin.qr import checkin_url, qr_data_uri
from kausa.events.models import Event, Registration
from kausa.events.registration import selectors as registration_selectors
from kausa.events.registration import services
from kausa.events.registration.forms import RegistrationForm
from kausa.events.views import audit_registration_list, decorate, page_language

SESSION_KEY = "events_registrations"


def _remember(request: HttpRequest, token: str) -> None:
    tokens = request.session.get(SESSION_KEY, [])[-20:]
    request.session[SESSION_KEY] = [*tokens, token]


def register(request: HttpRequest, pk: int) -> HttpResponse:
    key = request.GET.get("key", "")[:40]
    event = decorate(selectors.public_event_get(pk=pk, key=key, user=request.user), page_language())
    if event.status == Event.Status.CANCELLED:
        # an old link or a form opened before the office cancelled: say why, save nothing
        return render(request, "events/register.html", {"event": event, "closed": True, "key": key})
    if event.status != Event.Status.PUBLISHED:
        raise Http404
    form = RegistrationForm(
        request.POST or None, event=event, initial={"language": page_language(), "party_size": 1}
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
            form.add_error(None, _already_registered(event, by_email=bool(data["email"])))
    return render(request, "events/register.html", {"event": event, "form": form, "key": key})


def _already_registered(event: Event, *, by_email: bool) -> str:
    """Where someone who registered before finds their personal link: in the confirmation
    e-mail, or (registered with a phone number only: no mail, no text message is sent) on
    the page shown after registering, else from the office."""
    if by_email:
        return _(
            "This contact is already registered for this event. The personal link "
            "is in the confirmation e-mail."
        )
    office = event.organisation
    # \u2068…\u2069 isolate the office's name and number in a right-to-left sentence
    contact = {"office": f"\u2068{office.name}\u2069", "phone": f"\u2068{office.phone}\u2069"}
    if office.phone:
        return (
            _(
                "This phone number is already registered for this event. We do not send text "
                "messages: your confirmation is the page shown right after you registered. If "
                "you no longer have it, please call %(office)s: %(phone)s."
            )
            % contact
        )
    return (
        _(
            "This phone number is already registered for this event. We do not send text "
            "messages: your confirmation is the page shown right after you registered. If you "
            "no longer have it, please contact %(office)s."
        )
        % contact
    )


def registration_detail(request: HttpRequest, token: str) -> HttpResponse:
    registration = registration_selectors.registration_by_token(token=token)
    event = decorate(registration.event, page_language())
    scan_url = checkin_url(registration.checkin_code)
    response = render(
        request,
        "events/registration_detail.html",
        {
            "registration": registration,
            "event": event,
            "position": services.waitlist_position(registration),
            # a code to show at the entrance: online events have no entrance, but a room link
            "qr": qr_data_uri(scan_url)
            if registration.status == Registration.Status.CONFIRMED and not event.is_online
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


# --- staff -----------------------------------------------------------------------


@advisor_required
def staff_export(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = selectors.staff_event_get(user=request.user, pk=pk)
    audit_registration_list(request, event, "export")
    header = [
        _("Name"),
        _("E-mail"),
        _("Phone"),
        _("Language"),
        _("Number of people"),
        _("Group"),
        _("Status"),
        _("Waitlist number"),
        _("Check-in code"),
        _("Checked in"),
        _("Registered"),
    ]
    rows = (
        [
            r.name,
            r.email,
            r.phone,
            r.language,
            r.party_size,
            r.group.name if r.group else "",
            r.get_status_display(),
            r.waitlist_number,
            r.checkin_code,
            r.checked_in_at,
            r.created_at,
        ]
        for r in registration_selectors.staff_registrations(user=request.user, event=event)
    )
    return exports.response(f"event-{event.pk}-registrations", header, rows)


@require_POST
@advisor_required
def staff_registration_cancel(
    request: AuthenticatedRequest, pk: int, registration_pk: int
) -> HttpResponse:
    event = selectors.staff_event_get(user=request.user, pk=pk)
    registration = registration_selectors.staff_registration_get(
        user=request.user, event=event, pk=registration_pk
    )
    _reg, promoted = services.registration_cancel(
        token=registration.token,
        user=request.user,
    )
    messages.success(
        request,
        _("Cancelled. Moved up from the waitlist: %(n)s.") % {"n": len(promoted)},
    )
    return redirect("events:staff_detail", pk=event.pk)


@require_POST
@advisor_required
def staff_registration_person(
    request: AuthenticatedRequest, pk: int, registration_pk: int
) -> HttpResponse:
    """Link a registration to a young person of the office (or unlink it)."""
    event = selectors.staff_event_get(user=request.user, pk=pk)
    registration = registration_selectors.staff_registration_get(
        user=request.user, event=event, pk=registration_pk
    )
    person = None
    if request.POST.get("person"):
        person = registration_selectors.person_to_link(
            user=request.user, event=event, pk=_int(request.POST["person"])
        )
    try:
        services.registration_link_person(
            user=request.user, registration=registration, person=person
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(name)s is linked to %(person)s: the event shows in their timeline.")
            % {"name": registration.name, "person": person}
            if person
            else _("The link of %(name)s to a young person was removed.")
            % {"name": registration.name},
        )
    return redirect("events:staff_detail", pk=event.pk)


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return 0
