"""Staff pages to set an event up: groups and time blocks, JUMP! stations.

Every page starts from ``selectors.staff_event_get`` (another office's event is a 404)
and looks its rows up through the event, so a row of another event is a 404 too.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kausa.accounts.http import AuthenticatedRequest
from kausa.accounts.permissions import advisor_required
from kausa.events import selectors
from kausa.events.models import Event
from kausa.events.setup import selectors as setup_selectors
from kausa.events.setup import services
from kausa.events.setup.forms import GroupForm, StationForm, add_service_errors, local_or_none


def save_form(form: Any, request: AuthenticatedRequest, write: Any, success: str | None) -> bool:
    """Run the service on a valid form; its errors go back on the form."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        write(**form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    if success:
        messages.success(request, success)
    return True


def form_page(
    request: AuthenticatedRequest, event: Event, form: Any, **context: Any
) -> HttpResponse:
    return render(
        request, "events/staff_setup_form.html", {"event": event, "form": form, **context}
    )


def show_refusal(request: AuthenticatedRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


# --- groups ----------------------------------------------------------------------


@advisor_required
def staff_groups(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = selectors.staff_event_get(user=request.user, pk=pk)
    form = GroupForm(request.POST or None, initial={"capacity": event.capacity})

    def write(**data: Any) -> None:
        services.group_save(user=request.user, event=event, **data)

    if save_form(form, request, write, _("The group was added.")):
        return redirect("events:staff_groups", pk=event.pk)
    return render(
        request,
        "events/staff_groups.html",
        {"event": event, "groups": setup_selectors.setup_groups(event), "form": form},
    )


@advisor_required
def staff_group_edit(request: AuthenticatedRequest, pk: int, group_pk: int) -> HttpResponse:
    event = selectors.staff_event_get(user=request.user, pk=pk)
    group = setup_selectors.group_get(event=event, pk=group_pk)
    form = GroupForm(request.POST or None, initial=GroupForm.initial_for(group))

    def write(**data: Any) -> None:
        services.group_save(
            user=request.user,
            event=event,
            group=group,
            **data,
        )

    if save_form(form, request, write, _("The group was saved.")):
        return redirect("events:staff_groups", pk=event.pk)
    return form_page(
        request,
        event,
        form,
        title=_("Edit group"),
        back=("events:staff_groups", _("Groups and time blocks")),
    )


@require_POST
@advisor_required
def staff_group_delete(request: AuthenticatedRequest, pk: int, group_pk: int) -> HttpResponse:
    event = selectors.staff_event_get(user=request.user, pk=pk)
    group = setup_selectors.group_get(event=event, pk=group_pk)
    try:
        services.group_delete(user=request.user, group=group)
    except ValidationError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("The group was deleted."))
    return redirect("events:staff_groups", pk=event.pk)


# --- stations --------------------------------------------------------------------


def _station_event(request: AuthenticatedRequest, pk: int) -> Event:
    event = selectors.staff_event_get(user=request.user, pk=pk)
    if event.type != Event.Type.JUMP and not event.stations.all():
        raise Http404
    return event


@advisor_required
def staff_stations(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = _station_event(request, pk)
    companies = setup_selectors.setup_office_companies(user=request.user, event=event)
    form = StationForm(
        request.POST or None,
        companies=companies,
        initial={
            "starts_at": local_or_none(event.starts_at),
            "ends_at": local_or_none(event.ends_at),
        },
    )

    def write(**data: Any) -> None:
        services.station_save(user=request.user, event=event, **data)

    if save_form(form, request, write, _("The station was added.")):
        return redirect("events:staff_stations", pk=event.pk)
    return render(
        request,
        "events/staff_stations.html",
        {"event": event, "stations": setup_selectors.setup_stations(event), "form": form},
    )


@advisor_required
def staff_station_edit(request: AuthenticatedRequest, pk: int, station_pk: int) -> HttpResponse:
    event = _station_event(request, pk)
    station = setup_selectors.station_get(event=event, pk=station_pk)
    form = StationForm(
        request.POST or None,
        companies=setup_selectors.setup_office_companies(user=request.user, event=event),
        initial=StationForm.initial_for(station),
    )

    def write(**data: Any) -> None:
        services.station_save(user=request.user, event=event, station=station, **data)

    if save_form(form, request, write, _("The station was saved.")):
        return redirect("events:staff_stations", pk=event.pk)
    return form_page(
        request, event, form, title=_("Edit station"), back=("events:staff_stations", _("Stations"))
    )


@require_POST
@advisor_required
def staff_station_delete(request: AuthenticatedRequest, pk: int, station_pk: int) -> HttpResponse:
    event = _station_event(request, pk)
    station = setup_selectors.station_get(event=event, pk=station_pk)
    services.station_delete(user=request.user, station=station)
    messages.success(request, _("The station was deleted."))
    return redirect("events:staff_stations", pk=event.pk)
