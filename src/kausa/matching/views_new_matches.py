"""New offers for your people (kausa match-new-offers): the advisors' list, and dismissing
one. Proposing goes through the staff matching's own form (counselling:offer_propose)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kausa.accounts.permissions import advisor_required
from kausa.core.http import query_int
from kausa.matching import new_matches

PAGE_SIZE = 50


@advisor_required
@never_cache
def new_offers(request: HttpRequest) -> HttpResponse:
    mine = request.GET.get("mine") == "1"
    matches = new_matches.new_offer_matches(user=request.user, mine=mine)
    page = query_int(request, "page", minimum=1, maximum=10_000, default=1)
    rows = list(matches[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    context = {
        "matches": rows[:PAGE_SIZE],
        "mine": mine,
        "page": page,
        "has_next": len(rows) > PAGE_SIZE,
        "min_score": round(new_matches.MIN_SCORE * 100),
    }
    return render(request, "matching/new_offers.html", context)


@advisor_required
@require_POST
def new_offer_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    match = new_matches.new_offer_match_get(user=request.user, pk=pk)
    new_matches.new_offer_match_dismiss(user=request.user, match=match)  # type: ignore[arg-type]
    messages.success(request, _("The offer is no longer shown for this person."))
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return redirect("matching:staff_new_offers")
