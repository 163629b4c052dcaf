"""Speed-dating pages: the staff's set-up and the page that runs the scheduler; the young
people's sign-up; the personal schedules (page, iCal, PDF) by token."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, TypedDict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kausa.accounts.http import AuthenticatedRequest
from kausa.accounts.permissions import advisor_required
from kausa.core.audit import audit
from kausa.core.links import absolute_reverse
from kausa.events import selectors
from kausa.events.ical import CalendarEntry, calendar_bytes
from kausa.events.models import (
    Event,
    SpeedDatingInterview,
    SpeedDatingRun,
    SpeedDatingSlot,
)
from kausa.events.setup import selectors as setup_selectors
from kausa.events.setup.forms import local_or_none
from kausa.events.setup.views import form_page, save_form, show_refusal
from kausa.events.speed_dating import selectors as speed_selectors
from kausa.events.speed_dating import services as speed_services
from kausa.events.speed_dating import setup as speed_setup
from kausa.events.speed_dating.forms import (
    SlotGenerateForm,
    SpeedApplicantForm,
    SpeedCompanyAddForm,
    SpeedCompanyEditForm,
    SpeedDatingApplyForm,
)
from kausa.events.speed_dating.pdf import agenda_pdf


@advisor_required
def staff_speed_dating(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The schedule page. Computing runs in a task: a POST only asks for it, the page shows
    the run's state (polled with htmx) and the stored result."""
    event = selectors.staff_event_get(user=request.user, pk=pk)
    if event.type != Event.Type.SPEED_DATING:
        raise Http404
    if request.method == "POST":
        try:
            _ask_for_run(request, event)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("events:staff_speed_dating", pk=event.pk)
    run = speed_selectors.speed_run(event)
    if request.GET.get("status"):  # htmx polls this while the schedule is computed
        response = render(request, "events/_speed_run_status.html", {"event": event, "run": run})
        if run is None or not run.busy:
            response["HX-Refresh"] = "true"
        return response
    interviews = speed_selectors.event_interviews(event)
    by_slot: dict[SpeedDatingSlot, list[SpeedDatingInterview]] = defaultdict(list)
    for interview in interviews:
        by_slot[interview.slot].append(interview)
    companies = list(speed_selectors.event_companies(event))
    return render(
        request,
        "events/staff_speed_dating.html",
        {
            "event": event,
            "by_slot": sorted(by_slot.items(), key=lambda kv: kv[0].starts_at),
            "companies": companies,
            "slots": list(speed_selectors.event_slots(event)),
            "applicants": speed_selectors.event_applicants(event),
            "run": run,
            "report": run.report if run is not None and run.report else None,
            "interview_count": len(interviews),
            "out_of_date": bool(interviews) and speed_selectors.schedule_out_of_date(event),
        },
    )


def _ask_for_run(request: AuthenticatedRequest, event: Event) -> None:
    language = get_language() or "de"
    if request.POST.get("action") == "cancel_slot":
        company, slot = speed_selectors.cancel_choice(
            event=event,
            company_pk=_int(request.POST.get("company")),
            slot_pk=_int(request.POST.get("slot")),
        )
        if company is None or slot is None:
            raise ValidationError(_("Choose a company and a slot."))
        speed_services.speed_dating_run_request(
            user=request.user,
            event=event,
            kind=SpeedDatingRun.Kind.CANCEL_SLOT,
            company=company,
            slot=slot,
            language=language,
        )
    else:
        speed_services.speed_dating_run_request(user=request.user, event=event, language=language)


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        return 0


# One interview as the applicant or the company sees it ("with" is the other side).
ScheduleRow = TypedDict(
    "ScheduleRow",
    {"start": dt.datetime, "end": dt.datetime, "with": str, "room": int, "url": str, "uid": str},
)


def _rows(interviews: list[SpeedDatingInterview], kind: str) -> list[ScheduleRow]:
    return [
        {
            "start": timezone.localtime(i.slot.starts_at),
            "end": timezone.localtime(speed_selectors.interview_end(i)),
            "with": i.company.name if kind == "applicant" else i.applicant.name,
            "room": i.room,
            "url": i.video_url,
            "uid": f"speed-{i.pk}",
        }
        for i in interviews
    ]


def personal_schedule(request: HttpRequest, token: str) -> HttpResponse:
    who, interviews, kind = speed_selectors.personal_interviews(token=token)
    response = render(
        request,
        "events/speed_personal.html",
        {
            "who": who,
            "event": who.event,
            "kind": kind,
            "rows": _rows(interviews, kind),
            "token": token,
        },
    )
    response["Cache-Control"] = "no-store"
    return response


def personal_schedule_ical(request: HttpRequest, token: str) -> HttpResponse:
    who, interviews, kind = speed_selectors.personal_interviews(token=token)
    entries = [
        CalendarEntry(
            uid=str(row["uid"]),
            title=_("Interview: %(with)s") % {"with": row["with"]},
            starts_at=row["start"],
            ends_at=row["end"],
            location=str(row["url"]),
            url=str(row["url"]),
            changed_at=who.event.updated_at,
        )
        for row in _rows(interviews, kind)
    ]
    body = calendar_bytes(entries, name=who.event.title)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="interviews.ics"'
    return response


def personal_schedule_pdf(request: HttpRequest, token: str) -> HttpResponse:
    who, interviews, kind = speed_selectors.personal_interviews(token=token)
    body = agenda_pdf(
        event_title=who.event.title,
        who=str(who),
        kind=kind,
        rows=_rows(interviews, kind),
        page_url=absolute_reverse("events:speed_personal", token),
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="interviews.pdf"'
    return response


def speed_dating_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Young people sign up for a speed dating and rank the companies they want to meet."""
    key = request.GET.get("key", "")[:40]
    event = selectors.public_event_get(pk=pk, key=key, user=request.user)
    if event.type != Event.Type.SPEED_DATING or event.status != Event.Status.PUBLISHED:
        raise Http404
    language = (request.LANGUAGE_CODE or "de").split("-")[0]
    form = SpeedDatingApplyForm(
        request.POST or None,
        companies=speed_selectors.event_companies(event),
        max_wishes=speed_services.MAX_WISHES,
        initial={"language": language},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            applicant, created = speed_services.speed_dating_apply(
                event_id=event.pk,
                name=data["name"],
                email=data["email"],
                company_ids=form.company_ids(),
                consent=data["consent"],
                language=data["language"],
                german_level=data.get("german_level") or "none",
                occupation_interests=data.get("occupation_interests", ""),
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            tokens = request.session.get("speed_tokens", [])
            if created or applicant.token in tokens:
                request.session["speed_tokens"] = [*tokens[-20:], applicant.token]
                return redirect("events:speed_personal", token=applicant.token)
            form.add_error(None, _("This e-mail address is already signed up for this event."))
    title, _description = event.text_for(language)
    return render(
        request, "events/speed_apply.html", {"event": event, "form": form, "title": title}
    )


# --- set-up ----------------------------------------------------------------


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
        companies=setup_selectors.setup_office_companies(user=request.user, event=event),
    )

    def generate(**data: Any) -> None:
        slots = speed_setup.speed_slots_generate(user=request.user, event=event, **data)
        messages.success(request, _("%(n)s slots were added.") % {"n": len(slots)})

    def add(**data: Any) -> None:
        speed_setup.speed_company_add(user=request.user, event=event, **data)

    if save_form(slot_form, request, generate, None) or save_form(
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
            "slots": speed_selectors.setup_speed_slots(event),
            "companies": speed_selectors.setup_speed_companies(event),
            "applicants": speed_selectors.setup_speed_applicants(event),
            "out_of_date": speed_selectors.schedule_out_of_date(event),
        },
    )


@require_POST
@advisor_required
def staff_speed_slot_delete(request: AuthenticatedRequest, pk: int, slot_pk: int) -> HttpResponse:
    event = _speed_event(request, pk)
    slot = speed_selectors.event_slot_get(event=event, pk=slot_pk)
    try:
        speed_setup.speed_slot_delete(user=request.user, slot=slot)
    except ValidationError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("The slot was deleted."))
    return redirect("events:staff_speed_setup", pk=event.pk)


@advisor_required
def staff_speed_company_edit(
    request: AuthenticatedRequest, pk: int, company_pk: int
) -> HttpResponse:
    event = _speed_event(request, pk)
    row = speed_selectors.event_company_get(event=event, pk=company_pk)
    form = SpeedCompanyEditForm(
        request.POST or None,
        slots=speed_selectors.event_slots(event),
        initial={
            "name": row.name,
            "email": row.email,
            "tables": row.tables,
            "unavailable_slots": list(row.unavailable_slots.all()),
        },
    )

    def write(**data: Any) -> None:
        speed_setup.speed_company_update(user=request.user, row=row, **data)

    if save_form(form, request, write, _("The company was saved.")):
        if speed_selectors.schedule_out_of_date(event):
            messages.warning(request, _("The schedule no longer fits: compute it again."))
        return redirect("events:staff_speed_setup", pk=event.pk)
    return form_page(
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
    row = speed_selectors.event_company_get(event=event, pk=company_pk)
    try:
        speed_setup.speed_company_remove(user=request.user, row=row)
    except ValidationError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("The company was removed."))
    return redirect("events:staff_speed_setup", pk=event.pk)


@advisor_required
def staff_speed_applicant_edit(
    request: AuthenticatedRequest, pk: int, applicant_pk: int
) -> HttpResponse:
    event = _speed_event(request, pk)
    applicant = speed_selectors.event_applicant_get(event=event, pk=applicant_pk)
    form = SpeedApplicantForm(
        request.POST or None,
        slots=speed_selectors.event_slots(event),
        initial={
            "max_interviews": applicant.max_interviews,
            "unavailable_slots": list(applicant.unavailable_slots.all()),
        },
    )

    def write(**data: Any) -> None:
        speed_setup.speed_applicant_update(user=request.user, applicant=applicant, **data)

    if request.method == "GET":
        audit(actor=request.user, action="view", obj=applicant, detail="speed-dating set-up")

    if save_form(form, request, write, _("Saved.")):
        if speed_selectors.schedule_out_of_date(event):
            messages.warning(request, _("The schedule no longer fits: compute it again."))
        return redirect("events:staff_speed_setup", pk=event.pk)
    return form_page(
        request,
        event,
        form,
        title=applicant.name,
        back=("events:staff_speed_setup", _("Speed-dating set-up")),
    )
