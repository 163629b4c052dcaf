"""Staff award pages: the editions of the user's offices, screening, closing, publishing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kausa.accounts.http import AuthenticatedRequest
from kausa.accounts.permissions import advisor_required
from kausa.core.audit import audit
from kausa.network.awards import selectors
from kausa.network.awards.services import nominations as award_services
from kausa.network.awards.views.setup import setup_context
from kausa.network.view_helpers import lang


@advisor_required
def staff_editions(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request, "network/staff_editions.html", {"awards": selectors.staff_awards(request.user)}
    )


@advisor_required
def staff_edition(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    edition = selectors.staff_edition_get(user=request.user, pk=pk)
    nominations = list(selectors.staff_nominations(user=request.user, edition=edition))
    audit(
        actor=request.user,
        action="view",
        organisation_id=edition.organisation_id,
        object_type="network.nomination",
        object_id="list",
        detail=f"edition={edition.pk}",
    )
    ranking = {}
    if edition.scoring_closed_at:
        by_id = {n.pk: n for n in nominations}
        ranking = {
            category: [(row, by_id.get(row.id)) for row in rows]
            for category, rows in award_services.edition_ranking(edition).items()
        }
    categories = {c.pk: c for c in edition.categories.all()}
    return render(
        request,
        "network/staff_edition.html",
        {
            "edition": edition,
            "nominations": nominations,
            "ranking": [(categories.get(c), rows) for c, rows in ranking.items()],
            **setup_context(edition),
        },
    )


@require_POST
@advisor_required
def staff_nomination_screen(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    nomination = selectors.staff_nomination_get(user=request.user, pk=pk)
    try:
        award_services.nomination_screen(
            user=request.user, nomination=nomination, accept=request.POST.get("accept") == "1"
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("network:staff_edition", pk=nomination.edition_id)


@require_POST
@advisor_required
def staff_edition_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    edition = selectors.staff_edition_get(user=request.user, pk=pk)
    award_services.edition_close_round(user=request.user, edition=edition)
    messages.success(request, _("The jury round is closed; the ranking is final."))
    return redirect("network:staff_edition", pk=pk)


@require_POST
@advisor_required
def staff_edition_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    edition = selectors.staff_edition_get(user=request.user, pk=pk)
    try:
        award_services.edition_publish_results(user=request.user, edition=edition, language=lang())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The winners are published as a success story."))
    return redirect("network:staff_edition", pk=pk)
