"""Possible duplicates: the office's list from the nightly check, 'not the same', and the
merge of two records of one young person or one company (workspace.services.person_merge
and company_merge move what the other apps hold)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kausa.accounts.http import AuthenticatedRequest
from kausa.accounts.permissions import advisor_required
from kausa.accounts.selectors import offices_acting_for
from kausa.companies import selectors as company_selectors
from kausa.companies import services as company_services
from kausa.companies.reasons import reason_labels as company_reason_labels
from kausa.core.audit import audit
from kausa.core.forms import add_service_errors
from kausa.core.http import parse_int
from kausa.core.pagination import page_of
from kausa.people import selectors as people_selectors
from kausa.people import services as people_services
from kausa.people.models import YoungPerson
from kausa.people.reasons import percent, reason_labels
from kausa.workspace import services
from kausa.workspace.forms import MergeForm, shown

PAGE_SIZE = 20


def _describe(person: Any) -> str:
    born = shown(person, "birth_date") if person.birth_date else ""
    return " · ".join(p for p in (person.full_name, born, f"#{person.pk}") if p)


@advisor_required
def duplicate_list(request: AuthenticatedRequest) -> HttpResponse:
    offices = list(offices_acting_for(user=request.user))
    office = parse_int(request.GET.get("office"))
    if office not in {o.pk for o in offices}:
        office = None
    pairs = people_selectors.duplicate_candidate_list(user=request.user, organisation_id=office)
    page = page_of(pairs, request.GET.get("page"), PAGE_SIZE)
    people = [p for c in page for p in (c.person_a, c.person_b)]
    cases = people_selectors.case_counts(people)
    rows = [
        {
            "pair": c,
            "percent": percent(c.score),
            "reasons": reason_labels(c.reasons),
            "cases": (cases.get(c.person_a_id, 0), cases.get(c.person_b_id, 0)),
        }
        for c in page
    ]
    for person in people:
        audit(actor=request.user, action="view", obj=person, detail="possible duplicates")
    company_pairs = company_selectors.company_duplicate_list(
        user=request.user, organisation_id=office
    )
    company_page = page_of(company_pairs, request.GET.get("cpage"), PAGE_SIZE)
    companies = [c for pair in company_page for c in (pair.company_a, pair.company_b)]
    history = company_selectors.company_history_counts(companies)
    company_rows = [
        {
            "pair": pair,
            "percent": percent(pair.score),
            "reasons": company_reason_labels(pair.reasons),
            "history": (history.get(pair.company_a_id), history.get(pair.company_b_id)),
        }
        for pair in company_page
    ]
    context = {
        "page": page,
        "rows": rows,
        "company_page": company_page,
        "company_rows": company_rows,
        "offices": offices,
        "office": office,
    }
    return render(request, "workspace/duplicates.html", context)


@advisor_required
@require_POST
def duplicate_dismiss(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    pair = people_selectors.duplicate_candidate_get(user=request.user, pk=pk)
    try:
        people_services.duplicate_dismiss(user=request.user, candidate=pair)
    except ValidationError as error:  # decided by a colleague a moment ago
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Marked as not the same person; the pair is not shown again."))
    return redirect("workspace:duplicates")


def _merge_form(request: AuthenticatedRequest, a: YoungPerson, b: YoungPerson) -> MergeForm:
    cases = people_selectors.case_counts([a, b])
    # the record with more history stays unless the advisor says otherwise; else the older
    keep = "b" if cases.get(b.pk, 0) > cases.get(a.pk, 0) else "a"
    return MergeForm(
        request.POST or None,
        a=a,
        b=b,
        fields=people_services.MERGE_FIELDS,
        empty=people_services.MERGE_EMPTY,
        describe=_describe,
        keep=keep,
    )


@advisor_required
def person_merge(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    pair = people_selectors.duplicate_candidate_get(user=request.user, pk=pk)
    a, b = pair.person_a, pair.person_b
    form = _merge_form(request, a, b)
    if request.method == "POST" and form.is_valid():
        keep, take = form.decision()
        kept, other = (a, b) if keep == "a" else (b, a)
        try:
            merged = services.person_merge(user=request.user, kept=kept, other=other, take=take)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The two records were merged; the history of both is on this page."),
            )
            return redirect("workspace:person_detail", pk=merged.pk)
    if request.method != "POST":
        audit(actor=request.user, action="view", obj=a, detail="merge form")
        audit(actor=request.user, action="view", obj=b, detail="merge form")
    cases = people_selectors.case_counts([a, b])
    context = {
        "pair": pair,
        "form": form,
        "a": a,
        "b": b,
        "cases": (cases.get(a.pk, 0), cases.get(b.pk, 0)),
        "percent": percent(pair.score),
        "reasons": reason_labels(pair.reasons),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "workspace/person_merge.html", context, status=status)


@advisor_required
@require_POST
def company_duplicate_dismiss(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    pair = company_selectors.company_duplicate_get(user=request.user, pk=pk)
    try:
        company_services.company_duplicate_dismiss(user=request.user, candidate=pair)
    except ValidationError as error:  # decided by a colleague a moment ago
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Marked as not the same company; the pair is not shown again."))
    return redirect(reverse("workspace:duplicates") + "#companies")


def _describe_company(company: Any) -> str:
    return f"{company.name} · {company.postal_code_id} · #{company.pk}"


@advisor_required
def company_merge(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    pair = company_selectors.company_duplicate_get(user=request.user, pk=pk)
    a, b = pair.company_a, pair.company_b
    history = company_selectors.company_history_counts([a, b])
    keep = "b" if history.get(b.pk, (0, 0)) > history.get(a.pk, (0, 0)) else "a"
    form = MergeForm(
        request.POST or None,
        a=a,
        b=b,
        fields=company_services.COMPANY_MERGE_FIELDS,
        empty=company_services.COMPANY_MERGE_EMPTY,
        describe=_describe_company,
        keep=keep,
    )
    if request.method == "POST" and form.is_valid():
        keep, take = form.decision()
        kept, other = (a, b) if keep == "a" else (b, a)
        try:
            merged = services.company_merge(user=request.user, kept=kept, other=other, take=take)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The two records were merged; the history of both is on this page.")
            )
            return redirect("workspace:company_detail", pk=merged.pk)
    context = {
        "pair": pair,
        "form": form,
        "a": a,
        "b": b,
        "history": (history.get(a.pk), history.get(b.pk)),
        "percent": percent(pair.score),
        "reasons": company_reason_labels(pair.reasons),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "workspace/company_merge.html", context, status=status)
