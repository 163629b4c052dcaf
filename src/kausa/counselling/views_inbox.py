"""The office's inbox: every follow-up and request from the public, with what to do next."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kausa.accounts.http import AuthenticatedRequest
from kausa.accounts.permissions import advisor_required
from kausa.core.pagination import page_of
from kausa.counselling import selectors, services
from kausa.counselling.models import FollowUp
from kausa.people import selectors as people_selectors
from kausa.people.reasons import duplicate_rows

PAGE_SIZE = 25
STATES = [
    ("not_done", gettext_lazy("open or in progress")),
    ("open", gettext_lazy("open")),
    ("in_progress", gettext_lazy("in progress")),
    ("done", gettext_lazy("done")),
    ("spam", gettext_lazy("spam")),
    ("all", gettext_lazy("all")),
]


def _filters(request: AuthenticatedRequest) -> dict[str, Any]:
    kind = request.GET.get("kind", "")
    state = request.GET.get("state", "not_done")
    return {
        "kind": kind if kind == "requests" or kind in FollowUp.Kind.values else "",
        "state": state if state in selectors.INBOX_STATES else "not_done",
        "mine": request.GET.get("mine") == "1",
        "query": request.GET.get("q", "")[:100],
    }


@advisor_required
def inbox(request: AuthenticatedRequest) -> HttpResponse:
    filters = _filters(request)
    follow_ups = selectors.follow_up_inbox(user=request.user, **filters)
    page = page_of(follow_ups, request.GET.get("page"), PAGE_SIZE)
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "counselling/inbox.html",
        {
            "page": page,
            "filters": filters,
            "kinds": FollowUp.Kind.choices,
            "states": STATES,
            "today": timezone.localdate(),
            "new_requests": selectors.new_request_count(user=request.user),
            "query_string": query_string.urlencode(),
            "here": request.get_full_path(),
        },
    )


def _back(request: AuthenticatedRequest) -> HttpResponse:
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return redirect("counselling:inbox")


@advisor_required
@require_POST
def follow_up_start(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    follow_up = selectors.follow_up_get(user=request.user, pk=pk)
    try:
        services.follow_up_start(user=request.user, follow_up=follow_up)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You are taking care of it: %(title)s") % {"title": follow_up})
    return _back(request)


def _known_person_step(
    request: AuthenticatedRequest, follow_up: FollowUp, action: str
) -> HttpResponse | None:
    """Before a request becomes a new person: the people of the office the requester
    probably is. The advisor picks one (``person``) or creates a new one anyway (``new``).
    Returns a page to show, or None to go on."""
    chosen = request.POST.get("person", "")
    if chosen.isdigit():
        person = people_selectors.young_person_get(user=request.user, pk=int(chosen))
        services.request_use_person(user=request.user, follow_up=follow_up, person=person)
        return None
    if request.POST.get("new") == "1" or follow_up.young_person_id is not None:
        return None
    found = selectors.duplicates_of_requester(user=request.user, follow_up=follow_up)
    if not found:
        return None
    return render(
        request,
        "counselling/request_known_person.html",
        {
            "follow_up": follow_up,
            "found": duplicate_rows(found),
            "action": action,
            "next": request.POST.get("next", ""),
        },
    )


@advisor_required
@require_POST
def request_person(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    follow_up = selectors.follow_up_get(user=request.user, pk=pk)
    try:
        page = _known_person_step(request, follow_up, "counselling:request_person")
        if page is not None:
            return page
        existing = follow_up.young_person
        person = existing or services.request_create_person(user=request.user, follow_up=follow_up)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(request)
    if existing is not None:
        messages.success(
            request, _("The request now belongs to %(name)s.") % {"name": person.full_name}
        )
    else:
        messages.success(
            request,
            _("%(name)s was added from the request. Please complete the profile.")
            % {"name": person.full_name},
        )
    return redirect("workspace:person_detail", pk=person.pk)


@advisor_required
@require_POST
def request_case(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    follow_up = selectors.follow_up_get(user=request.user, pk=pk)
    try:
        if follow_up.kind != FollowUp.Kind.TRAINING_COMPANY:
            page = _known_person_step(request, follow_up, "counselling:request_case")
            if page is not None:
                return page
        case = services.request_open_case(user=request.user, follow_up=follow_up)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(request)
    messages.success(request, _("Case opened from the request."))
    return redirect("counselling:case_detail", pk=case.pk)


@advisor_required
@require_POST
def follow_up_spam(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    follow_up = selectors.follow_up_get(user=request.user, pk=pk)
    spam = request.POST.get("spam", "1") == "1"
    try:
        services.follow_up_mark_spam(user=request.user, follow_up=follow_up, spam=spam)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Marked as spam: %(title)s") % {"title": follow_up}
            if spam
            else _("Back in the inbox: %(title)s") % {"title": follow_up},
        )
    return _back(request)
