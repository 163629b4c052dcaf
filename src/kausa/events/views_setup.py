"""Staff pages to set an event up: groups and time blocks, JUMP! stations, speed dating.

Every page starts from ``selectors.staff_event_get`` (another office's event is a 404)
and looks its rows up through the event, so a row of another event is a 404 too.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kausa.accounts.http import AuthenticatedRequest
from kausa.accounts.permissions import advisor_required
from kausa.core.audit import audit
from kausa.events import selectors, setup_services, speed_setup
from kausa.events.forms_setup import (
    GroupForm,
    SlotGenerateForm,
    SpeedApplicantForm,
    SpeedCompanyAddForm,
    SpeedCompanyEditForm,
    StationForm,
    add_service_errors,
    local_or_none,
)
from kausa.events.models import (
    Event,
    EventGroup,
    SpeedDatingApplicant,
    SpeedDatingCompany,
    SpeedDatingSlot,
    Station,
)


def _save(form: Any, request: AuthenticatedRequest, write: Any, success: str | None) -> bool:
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


def _form_page(
    request: AuthenticatedRequest, event: Event, form: Any, **context: Any
) -> HttpResponse:
    return render(
        request, "events/staff_setup_form.html", {"event": event, "form": form, **context}
    )


def _refused(request: AuthenticatedRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


# --- groups ----------------------------------------------------------------------


@advisor_required
def staff_groups(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = selectors.staff_event_get(user=request.user, pk=pk)
    form = GroupForm(request.POST or None, initial={"capacity": event.capacity})

    def write(**data: Any) -> None:
        setup_services.group_save(user=request.user, event=event, **data)

    if _save(form, request, write, _("The group was added.")):
        return redirect("events:staff_groups", pk=event.pk)
    return render(
        request,
        "events/staff_groups.html",
        {"event": event, "groups": selectors.setup_groups(event), "form": form},
    )


@advisor_required
def staff_group_edit(request: AuthenticatedRequest, pk: int, group_pk: int) -> HttpResponse:
    event = selectors.staff_event_get(user=request.user, pk=pk)
    group = get_object_or_404(EventGroup, event=event, pk=group_pk)
    form = GroupForm(request.POST or None, initial=GroupForm.initial_for(group))

    def write(**data: Any) -> None:
        setup_services.group_save(
            user=request.user,
            event=event,
            group=group,
            **data,
        )

    if _save(form, request, write, _("The group was saved.")):
        return redirect("events:staff_groups", pk=event.pk)
    return _form_page(
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
    group = get_object_or_404(EventGroup, event=event, pk=group_pk)
    try:
        setup_services.group_delete(user=request.user, group=group)
    except ValidationError as exc:
        _refused(request, exc)
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
    companies = selectors.setup_office_companies(user=request.user, event=event)
    form = StationForm(
        request.POST or None,
        companies=companies,
        initial={
            "starts_at": local_or_none(event.starts_at),
            "ends_at": local_or_none(event.ends_at),
        },
    )

    def write(**data: Any) -> None:
        setup_services.station_save(user=request.user, event=event, **data)

    if _save(form, request, write, _("The station was added.")):
        return redirect("events:staff_stations", pk=event.pk)
    return render(
        request,
        "events/staff_stations.html",
        {"event": event, "stations": selectors.setup_stations(event), "form": form},
    )


@advisor_required
def staff_station_edit(request: AuthenticatedRequest, pk: int, station_pk: int) -> HttpResponse:
    event = _station_event(request, pk)
    station = get_object_or_404(Station, event=event, pk=station_pk)
    form = StationForm(
        request.POST or None,
        companies=selectors.setup_office_companies(user=request.user, event=event),
        initial=StationForm.initial_for(station),
    )

    def write(**data: Any) -> None:
        setup_services.station_save(user=request.user, event=event, station=station, **data)

    if _save(form, request, write, _("The station was saved.")):
        return redirect("events:staff_stations", pk=event.pk)
    return _form_page(
        request, event, form, title=_("Edit station"), back=("events:staff_stations", _("Stations"))
    )


@require_POST
@advisor_required
def staff_station_delete(request: AuthenticatedRequest, pk: int, station_pk: int) -> HttpResponse:
    event = _station_event(request, pk)
    station = get_object_or_404(Station, event=event, pk=station_pk)
    setup_services.station_delete(user=request.user, station=station)
    messages.success(request, _("The station was deleted."))
    return redirect("events:staff_stations", pk=event.pk)


# --- speed dating ----------------------------------------------------------------


def _speed_event(request: AuthenticatedRequest, pk: int) -> Event:
    event = selectors.staff_event_get(user=request.user, pk=pk)
    if event.type != Event.Type.SPEED_DATING:
        raise Http404
    return event


@advisor_required
def staff_speed_setup(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Slots, companies and applicants of a speed dating on one page."""
    event = _speed_event(request, pk)
    action = request.POST.get("action") if request.method == "POST" else None
    slot_form = SlotGenerateForm(
        request.POST if action == "slots" else None,
        prefix="slots",
        initial={
            "starts_at": local_or_none(event.starts_at),
            "ends_at": local_or_none(event.ends_at),
        },
    )
    company_form = SpeedCompanyAddForm(
        request.POST if action == "company" else None,
        prefix="company",
        companies=selectors.setup_office_companies(user=request.user, event=event),
    )

    def generate(**data: Any) -> None:
        slots = speed_setup.speed_slots_generate(user=request.user, event=event, **data)
        messages.success(request, _("%(n)s slots were added.") % {"n": len(slots)})

    def add(**data: Any) -> None:
        speed_setup.speed_company_add(user=request.user, event=event, **data)

    if _save(slot_form, request, generate, None) or _save(
        company_form, request, add, _("The company was added.")
    ):
        return redirect("events:staff_speed_setup", pk=event.pk)
    audit(
        actor=request.user,
        action="view",
        organisation_id=event.organisation_id,
        object_type="events.speeddatingapplicant",
        object_id=f"event={event.pk}",
        detail="applicant list",
    )
    return render(
        request,
        "events/staff_speed_setup.html",
        {
            "event": event,
            "slot_form": slot_form,
            "company_form": company_form,
            "slots": selectors.setup_speed_slots(event),
            "companies": selectors.setup_speed_companies(event),
            "applicants": selectors.setup_speed_applicants(event),
            "out_of_date": speed_setup.schedule_out_of_date(event),
        },
    )


@require_POST
@advisor_required
def staff_speed_slot_delete(request: AuthenticatedRequest, pk: int, slot_pk: int) -> HttpResponse:
    event = _speed_event(request, pk)
    slot = get_object_or_404(SpeedDatingSlot, event=event, pk=slot_pk)
    try:
        speed_setup.speed_slot_delete(user=request.user, slot=slot)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The slot was deleted."))
    return redirect("events:staff_speed_setup", pk=event.pk)


@advisor_required
def staff_speed_company_edit(
    request: AuthenticatedRequest, pk: int, company_pk: int
) -> HttpResponse:
    event = _speed_event(request, pk)
    row = get_object_or_404(SpeedDatingCompany, event=event, pk=company_pk)
    form = SpeedCompanyEditForm(
        request.POST or None,
        slots=SpeedDatingSlot.objects.filter(event=event),
        initial={
            "name": row.name,
            "email": row.email,
            "tables": row.tables,
            "unavailable_slots": list(row.unavailable_slots.all()),
        },
    )

    def write(**data: Any) -> None:
        speed_setup.speed_company_update(user=request.user, row=row, **data)

    if _save(form, request, write, _("The company was saved.")):
        if speed_setup.schedule_out_of_date(event):
            messages.warning(request, _("The schedule no longer fits: compute it again."))
        return redirect("events:staff_speed_setup", pk=event.pk)
    return _form_page(
        request,
        event,
        form,
        title=row.name,
        back=("events:staff_speed_setup", _("Speed-dating set-up")),
    )


@require_POST
@advisor_required
def staff_speed_company_delete(
    request: AuthenticatedRequest, pk: int, company_pk: int
) -> HttpResponse:
    event = _speed_event(request, pk)
    row = get_object_or_404(SpeedDatingCompany, event=event, pk=company_pk)
    try:
        speed_setup.speed_company_remove(user=request.user, row=row)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The company was removed."))
    return redirect("events:staff_speed_setup", pk=event.pk)


@advisor_required
def staff_speed_applicant_edit(
    request: AuthenticatedRequest, pk: int, applicant_pk: int
) -> HttpResponse:
    event = _speed_event(request, pk)
    applicant = get_object_or_404(SpeedDatingApplicant, event=event, pk=applicant_pk)
    form = SpeedApplicantForm(
        request.POST or None,
        slots=SpeedDatingSlot.objects.filter(event=event),
        initial={
            "max_interviews": applicant.max_interviews,
            "unavailable_slots": list(applicant.unavailable_slots.all()),
        },
    )

    def write(**data: Any) -> None:
        speed_setup.speed_applicant_update(user=request.user, applicant=applicant, **data)

    if request.method == "GET":
        audit(actor=request.user, action="view", obj=applicant, detail="speed-dating set-up")

    if _save(form, request, write, _("Saved.")):
        if speed_setup.schedule_out_of_date(event):
            messages.warning(request, _("The schedule no longer fits: compute it again."))
        return redirect("events:staff_speed_setup", pk=event.pk)
    return _form_page(
        request,
        event,
        form,
        title=applicant.name,
        back=("events:staff_speed_setup", _("Speed-dating set-up")),
    )
