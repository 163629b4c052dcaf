"""Staff pages: events of the own offices, registrations, waitlist, export, check-in."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kausa.accounts.http import AuthenticatedRequest
from kausa.accounts.permissions import advisor_required, staff_member_required
from kausa.accounts.tenancy import access_for, scope_personal_data
from kausa.core.audit import audit
from kausa.core.links import absolute_url
from kausa.events import selectors, services
from kausa.events.forms import CheckinSearchForm, EventForm, TranslationsForm
from kausa.events.models import MAX_PARTY_SIZE, Event, Registration

if TYPE_CHECKING:
    from kausa.accounts.models import Organisation


@staff_member_required
def staff_list(request: AuthenticatedRequest) -> HttpResponse:
    past = request.GET.get("past") == "1"
    events = selectors.staff_event_list(user=request.user, past=past)[:200]
    access = access_for(request.user)
    return render(
        request,
        "events/staff_list.html",
        {
            "events": events,
            "past": past,
            "can_edit": bool(access.personal_data_orgs) or access.is_superuser,
            "personal_orgs": access.personal_data_orgs,
            "is_superuser": access.is_superuser,
        },
    )


def _own_office(request: AuthenticatedRequest) -> Organisation:
    from kausa.accounts.models import Organisation

    access = access_for(request.user)
    office = Organisation.objects.filter(pk__in=access.personal_data_orgs).order_by("pk").first()
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
    registrations = list(selectors.staff_registrations(user=request.user, event=event))
    confirmed = [r for r in registrations if r.status == Registration.Status.CONFIRMED]
    waiting = sorted(
        (r for r in registrations if r.status == Registration.Status.WAITLISTED),
        key=lambda r: r.waitlist_number or 0,
    )
    cancelled = [r for r in registrations if r.status == Registration.Status.CANCELLED]
    suggestions = selectors.person_suggestions(user=request.user, registrations=registrations)
    for r in registrations:
        r.suggested_person = suggestions.get(r.pk)
    _audit_list(request, event, "view")
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


@advisor_required
def staff_export(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = selectors.staff_event_get(user=request.user, pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}-registrations.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with a BOM correctly
    _audit_list(request, event, "export")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
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
    )
    for r in selectors.staff_registrations(user=request.user, event=event):
        writer.writerow(
            [
                _csv_safe(r.name),
                r.email,
                _csv_safe(r.phone),
                r.language,
                r.party_size,
                _csv_safe(r.group.name if r.group else ""),
                r.get_status_display(),
                r.waitlist_number or "",
                r.checkin_code,
                timezone.localtime(r.checked_in_at).strftime("%Y-%m-%d %H:%M")
                if r.checked_in_at
                else "",
                timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
            ]
        )
    return response


def _audit_list(request: AuthenticatedRequest, event: Event, action: str) -> None:
    audit(
        actor=request.user,
        action=action,
        organisation_id=event.organisation_id,
        object_type="events.registration",
        object_id=f"event={event.pk}",
        detail="registration list",
    )


def _csv_safe(value: str) -> str:
    """No formula injection when the list is opened in a spreadsheet."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@advisor_required
def staff_checkin(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The door list on a phone: search by name or typed code; plain forms, no JS needed."""
    event = selectors.staff_event_get(user=request.user, pk=pk)
    form = CheckinSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    found = (
        list(
            selectors.staff_registrations(user=request.user, event=event, query=query).exclude(
                status=Registration.Status.CANCELLED
            )[:30]
        )
        if query
        else []
    )
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
    registration = selectors.staff_registration_by_code(user=request.user, code=code[:20])
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


@require_POST
@advisor_required
def staff_registration_cancel(
    request: AuthenticatedRequest, pk: int, registration_pk: int
) -> HttpResponse:
    event = selectors.staff_event_get(user=request.user, pk=pk)
    registration = (
        selectors.staff_registrations(user=request.user, event=event)
        .filter(pk=registration_pk)
        .first()
    )
    if registration is None:
        from django.http import Http404

        raise Http404
    _reg, promoted = services.registration_cancel(
        token=registration.token,
        user=request.user,
    )
    messages.success(
        request,
        _("Cancelled. Moved up from the waitlist: %(n)s.") % {"n": len(promoted)},
    )
    return redirect("events:staff_detail", pk=event.pk)


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
    active = list(
        selectors.staff_registrations(user=request.user, event=event).exclude(
            status=Registration.Status.CANCELLED
        )
    )
    phone_only = [r for r in active if not r.email]
    if phone_only:
        _audit_list(request, event, "view")
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


__all__ = ["Event"]


@require_POST
@advisor_required
def staff_registration_person(
    request: AuthenticatedRequest, pk: int, registration_pk: int
) -> HttpResponse:
    """Link a registration to a young person of the office (or unlink it)."""
    from django.http import Http404

    from kausa.people.models import YoungPerson

    event = selectors.staff_event_get(user=request.user, pk=pk)
    registration = (
        selectors.staff_registrations(user=request.user, event=event)
        .filter(pk=registration_pk)
        .first()
    )
    if registration is None:
        raise Http404
    person = None
    if request.POST.get("person"):
        person = (
            scope_personal_data(YoungPerson.objects.all(), request.user)
            .filter(pk=_int(request.POST["person"]), organisation_id=event.organisation_id)
            .first()
        )
        if person is None:
            raise Http404
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
