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

PAGE_SIZE = 25
STATES = [
    ("not_done", gettext_lazy("open or in progress")),
    ("open", gettext_lazy("open")),
    ("in_progress", gettext_lazy("in progress")),
    ("done", gettext_lazy("done")),
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


@advisor_required
@require_POST
def request_person(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    follow_up = selectors.follow_up_get(user=request.user, pk=pk)
    try:
        person = services.request_create_person(user=request.user, follow_up=follow_up)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(request)
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
        case = services.request_open_case(user=request.user, follow_up=follow_up)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(request)
    messages.success(request, _("Case opened from the request."))
    return redirect("counselling:case_detail", pk=case.pk)
