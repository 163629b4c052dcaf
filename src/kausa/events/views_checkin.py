"""The door list and the batch check-in behind the offline-capable check-in page."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kausa.accounts.permissions import advisor_required
from kausa.core.audit import audit
from kausa.events import checkin, selectors

MAX_BODY = 64 * 1024


@require_GET
@advisor_required
def door_list(request: HttpRequest, pk: int) -> JsonResponse:
    event = selectors.staff_event_get(user=request.user, pk=pk)
    rows = checkin.door_list(user=request.user, event=event)
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
        result = checkin.check_in_batch(user=request.user, event=event, items=items)  # type: ignore[arg-type]
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
