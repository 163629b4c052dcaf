"""Jury pages: a juror scores the nominees of their edition; own scores only until the round
closes. Jurors need a login but no office membership (their role is a JurorAssignment)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kausa.accounts.http import AuthenticatedRequest
from kausa.network.awards import selectors
from kausa.network.awards.forms import ConflictForm, ScoreForm
from kausa.network.awards.services import nominations as award_services
from kausa.network.awards.services.nominations import conflict_reason


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@login_required
def jury_home(request: AuthenticatedRequest) -> HttpResponse:
    assignments = selectors.juror_assignments(request.user)
    return _no_store(render(request, "network/jury_home.html", {"assignments": assignments}))


@login_required
def jury_edition(request: AuthenticatedRequest, edition_pk: int) -> HttpResponse:
    assignment = selectors.juror_assignment_get(user=request.user, edition_pk=edition_pk)
    edition = assignment.edition
    criteria = list(edition.criteria.all())
    rows = selectors.jury_rows(assignment)
    ranking = []
    if edition.scoring_closed_at:
        by_id = {row.nomination.pk: row.nomination for row in rows}
        categories = {c.pk: c for c in edition.categories.all()}
        ranking = [
            (categories.get(cat), [(r, by_id.get(r.id)) for r in ranked])
            for cat, ranked in award_services.edition_ranking(edition).items()
        ]
    return _no_store(
        render(
            request,
            "network/jury_edition.html",
            {
                "assignment": assignment,
                "edition": edition,
                "criteria": criteria,
                "rows": rows,
                "ranking": ranking,
            },
        )
    )


@login_required
def jury_score(request: AuthenticatedRequest, edition_pk: int, pk: int) -> HttpResponse:
    assignment = selectors.juror_assignment_get(user=request.user, edition_pk=edition_pk)
    nomination = selectors.jury_nomination_get(assignment=assignment, pk=pk)
    criteria = list(assignment.edition.criteria.all())
    conflict = conflict_reason(assignment, nomination)
    own = selectors.own_scores(assignment=assignment, nomination=nomination)
    form = ScoreForm(request.POST or None, criteria=criteria, initial_points=own)
    if request.method == "POST" and not conflict and form.is_valid():
        try:
            award_services.scores_record(
                juror=assignment, nomination=nomination, points=form.points()
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Your scores were saved."))
            return redirect("network:jury_edition", edition_pk=edition_pk)
    return _no_store(
        render(
            request,
            "network/jury_score.html",
            {
                "assignment": assignment,
                "edition": assignment.edition,
                "nomination": nomination,
                "form": form,
                "conflict": conflict,
                "conflict_form": ConflictForm(),
                "closed": assignment.edition.scoring_closed_at is not None,
            },
        )
    )


@require_POST
@login_required
def jury_conflict(request: AuthenticatedRequest, edition_pk: int, pk: int) -> HttpResponse:
    assignment = selectors.juror_assignment_get(user=request.user, edition_pk=edition_pk)
    nomination = selectors.jury_nomination_get(assignment=assignment, pk=pk)
    form = ConflictForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    award_services.conflict_declare(juror=assignment, nomination=nomination, reason=reason)
    messages.success(request, _("Conflict of interest recorded: you will not score this nominee."))
    return redirect("network:jury_edition", edition_pk=edition_pk)
