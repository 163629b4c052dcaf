"""Check-in pages: the door list on a phone (search, scan a code) and, behind its
offline-capable script, the door list as JSON and the batch check-in."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from kausa.accounts.http import AuthenticatedRequest
from kausa.accounts.permissions import advisor_required
from kausa.core.audit import audit
from kausa.events import selectors
from kausa.events.checkin import selectors as checkin_selectors
from kausa.events.checkin import services
from kausa.events.checkin.forms import CheckinSearchForm
from kausa.events.models import MAX_PARTY_SIZE, Registration

MAX_BODY = 64 * 1024


@advisor_required
def staff_checkin(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The door list on a phone: search by name or typed code; plain forms, no JS needed."""
    event = selectors.staff_event_get(user=request.user, pk=pk)
    form = CheckinSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    found = checkin_selectors.door_search(user=request.user, event=event, query=query)
    if len(found) == 1 and found[0].checkin_code == query.strip().upper().replace(" ", ""):
        return redirect("events:staff_checkin_code", code=found[0].checkin_code)
    figures = selectors.event_figures(user=request.user, event_id=event.pk)
    response = render(
        request,
        "events/staff_checkin.html",
        {
            "event": event,
            "form": form,
            "found": found,
            "query": query,
            "figures": figures,
            "texts": _checkin_texts(),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


def _checkin_texts() -> dict[str, object]:
    """The words of the offline check-in script (events-checkin.js), in the page's language."""
    return {
        "list": _("Door list on this phone: %(count)s registrations, loaded %(time)s"),
        "offline": _("offline – check-ins are kept and sent later"),
        "waiting": _("Check-ins not sent yet: %(count)s"),
        "counter": _("%(attended)s of %(registered)s people checked in"),
        # "1 person", "2 people", ... in the language's plural forms, for every party size
        "party": [
            ngettext("%(counter)s person", "%(counter)s people", n) % {"counter": n}
            for n in range(MAX_PARTY_SIZE + 1)
        ],
        "checkIn": _("Check in"),
        "checkedIn": _("checked in"),
        "done": _("%(name)s is checked in."),
        "refused": _("%(name)s has no confirmed seat: not checked in."),
        "noneFound": _("No one found."),
        "notOnList": _("This code is not on the list of this event."),
        "scan": _("Scan QR code"),
        "stopScan": _("Stop scanning"),
        "noCamera": _("The camera cannot be used. Type the code or a name instead."),
    }


@advisor_required
def staff_checkin_code(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """Opened by scanning the QR code; POST checks in (again: nothing changes)."""
    registration = checkin_selectors.staff_registration_by_code(user=request.user, code=code[:20])
    already = registration.checked_in_at is not None
    audit(actor=request.user, action="view", obj=registration, detail="check-in")
    if request.method == "POST":
        if registration.status != Registration.Status.CONFIRMED:
            messages.error(request, _("This registration has no confirmed seat."))
        else:
            registration, changed = services.registration_check_in(
                user=request.user, registration=registration
            )
            if changed:
                messages.success(
                    request, _("%(name)s is checked in.") % {"name": registration.name}
                )
            else:
                messages.info(
                    request, _("%(name)s was already checked in.") % {"name": registration.name}
                )
            return redirect("events:staff_checkin", pk=registration.event_id)
    return render(
        request,
        "events/staff_checkin_code.html",
        {"registration": registration, "event": registration.event, "already": already},
    )


@require_GET
@advisor_required
def door_list(request: HttpRequest, pk: int) -> JsonResponse:
    event = selectors.staff_event_get(user=request.user, pk=pk)
    rows = checkin_selectors.door_list(user=request.user, event=event)
    audit(actor=request.user, action="view", obj=event, detail=f"door list ({len(rows)})")
    response = JsonResponse({"event": event.pk, "people": rows})
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@advisor_required
def sync(request: HttpRequest, pk: int) -> JsonResponse:
    event = selectors.staff_event_get(user=request.user, pk=pk)
    if len(request.body) > MAX_BODY:
        return JsonResponse({"detail": _("Too many check-ins at once.")}, status=413)
    try:
        payload = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"detail": _("The request is not valid JSON.")}, status=400)
    items = payload.get("check_ins") if isinstance(payload, dict) else None
    try:
        result = services.check_in_batch(user=request.user, event=event, items=items)  # type: ignore[arg-type]
    except ValidationError as exc:
        return JsonResponse({"detail": " ".join(exc.messages)}, status=400)
    figures = selectors.event_figures(user=request.user, event_id=event.pk)
    response = JsonResponse(
        {
            "checked_in": result.checked_in,
            "already": result.already,
            "not_confirmed": result.not_confirmed,
            "unknown": result.unknown,
            "attended": figures.attended,
            "registered": figures.registered,
        }
    )
    response["Cache-Control"] = "no-store"
    return response
