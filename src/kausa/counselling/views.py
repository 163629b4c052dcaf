from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kausa.accounts.http import AuthenticatedRequest
from kausa.accounts.permissions import advisor_required, case_access_required
from kausa.companies.selectors import company_get, offer_to_propose
from kausa.core.audit import audit
from kausa.core.http import parse_int
from kausa.core.pagination import page_of
from kausa.counselling import exports, forms, selectors, services
from kausa.counselling.models import Case
from kausa.counselling.search import workspace_search
from kausa.people.selectors import consent_get, young_person_get
from kausa.people.services import consent_withdraw as withdraw

PAGE_SIZE = 25


def _case_filters(request: AuthenticatedRequest) -> dict[str, Any]:
    status = request.GET.get("status", "open")
    return {
        "status": status if status in Case.Status.values else "",
        "kind": request.GET.get("kind", "") if request.GET.get("kind") in Case.Kind.values else "",
        "owner_id": request.user.pk if request.GET.get("mine") == "1" else None,
        "query": request.GET.get("q", "")[:100],
        "sort": request.GET.get("sort", "-opened"),
    }


@case_access_required
def case_list(request: AuthenticatedRequest) -> HttpResponse:
    filters = _case_filters(request)
    cases = selectors.case_list(user=request.user, **filters)
    page = page_of(cases, request.GET.get("page"), PAGE_SIZE)
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "counselling/case_list.html",
        {
            "page": page,
            "filters": filters,
            "statuses": Case.Status.choices,
            "kinds": Case.Kind.choices,
            "mine": request.GET.get("mine") == "1",
            "query_string": query_string.urlencode(),
        },
    )


@advisor_required
def case_export(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    cases = selectors.case_list(user=request.user, **_case_filters(request))
    services.case_list_record_export(user=request.user, fmt=fmt)
    return exports.cases_response(cases, fmt)


def _workspace_context(request: AuthenticatedRequest, case: Case, **bound: Any) -> dict[str, Any]:
    shared_only = selectors.case_is_shared_with_user(case, request.user)
    referrals = list(selectors.case_referrals(case))
    return {
        "case": case,
        "shared_only": shared_only,
        "timeline": selectors.case_timeline(case),
        "upcoming_events": []
        if shared_only
        else selectors.upcoming_office_events(user=request.user, case=case),
        "referrals": referrals,
        "follow_ups": selectors.case_open_follow_ups(case),
        "handovers": selectors.case_handovers(case),
        "consultation_form": bound.get("consultation_form") or forms.ConsultationForm(),
        "referral_form": bound.get("referral_form") or forms.ReferralForm(prefix="ref"),
        "follow_up_form": bound.get("follow_up_form") or forms.FollowUpForm(),
        "outcome_form": bound.get("outcome_form")
        or forms.OutcomeForm(offers=selectors.case_outcome_offers(case), prefix="out"),
        "status_form": bound.get("status_form")
        or forms.CaseStatusForm(initial={"status": case.status}),
        "handover_form": bound.get("handover_form") or forms.HandoverForm(),
        "esf_form": bound.get("esf_form") or forms.EsfForm.for_case(case),
        "advance_form": forms.ReferralAdvanceForm(),
        "exam_form": forms.ExamForm(),
        "open_panel": bound.get("open_panel", ""),
        "referral_errors": bound.get("referral_errors", {}),
    }


def _render_case(
    request: AuthenticatedRequest, case: Case, status: int = 200, **bound: Any
) -> HttpResponse:
    context = _workspace_context(request, case, **bound)
    template = "counselling/_workspace.html" if request.htmx else "counselling/case_detail.html"
    # htmx swaps only 2xx answers; the form errors are in the fragment either way.
    return render(request, template, context, status=200 if request.htmx else status)


def _done(request: AuthenticatedRequest, case: Case, message: str) -> HttpResponse:
    messages.success(request, message)
    if request.htmx:
        return _render_case(request, case)
    return redirect("counselling:case_detail", pk=case.pk)


@case_access_required
def case_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    audit(actor=request.user, action="view", obj=case)
    return _render_case(request, case)


@advisor_required
@require_POST
def case_open(request: AuthenticatedRequest) -> HttpResponse:
    if request.POST.get("young_person"):
        person = young_person_get(user=request.user, pk=_int(request.POST["young_person"]))
        case = services.case_open(
            user=request.user, organisation=person.organisation, young_person=person
        )
    else:
        company = company_get(user=request.user, pk=_int(request.POST.get("company")))
        case = services.case_open(
            user=request.user, organisation=company.organisation, company=company
        )
    messages.success(request, _("Case opened."))
    return redirect("counselling:case_detail", pk=case.pk)


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise Http404 from None


@case_access_required
@require_POST
def consultation_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    form = forms.ConsultationForm(request.POST)
    if not form.is_valid():
        return _render_case(request, case, 400, consultation_form=form, open_panel="consultation")
    data = form.cleaned_data
    services.consultation_record(
        user=request.user,
        case=case,
        held_on=data["held_on"],
        channel=data["channel"],
        duration_minutes=data["duration_minutes"],
        language_code=data["language"].code,
        interpreter=data["interpreter"],
        topics=data["topics"],
        notes=data["notes"],
    )
    return _done(request, case, _("Consultation recorded."))


@advisor_required
@require_POST
def referral_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    form = forms.ReferralForm(request.POST, prefix="ref")
    if not form.is_valid():
        return _render_case(request, case, 400, referral_form=form, open_panel="referral")
    data = form.cleaned_data
    services.referral_create(
        user=request.user,
        case=case,
        kind=data["kind"],
        target_organisation=data["target_organisation"],
        target_name=data["target_name"],
        proposed_on=data["proposed_on"],
        course_level=data["course_level"],
        course_start=data["course_start"],
        lesson_format=data["lesson_format"],
    )
    return _done(request, case, _("Referral recorded."))


@advisor_required
@require_POST
def referral_advance(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    referral = selectors.referral_get(user=request.user, pk=pk)
    case = selectors.case_get(user=request.user, pk=referral.case_id)
    form = forms.ReferralAdvanceForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose a status and a date."))
        services.referral_advance(
            user=request.user,
            referral=referral,
            status=form.cleaned_data["status"],
            on=form.cleaned_data["on"],
        )
    except ValidationError as error:
        return _render_case(request, case, 400, referral_errors={referral.pk: error.messages})
    return _done(request, case, _("Referral updated."))


@advisor_required
@require_POST
def referral_exam(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    referral = selectors.referral_get(user=request.user, pk=pk)
    case = selectors.case_get(user=request.user, pk=referral.case_id)
    form = forms.ExamForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose the result and the date of the exam."))
        services.referral_record_exam(
            user=request.user,
            referral=referral,
            result=form.cleaned_data["exam_result"],
            exam_on=form.cleaned_data["exam_on"],
        )
    except ValidationError as error:
        return _render_case(request, case, 400, referral_errors={referral.pk: error.messages})
    return _done(request, case, _("Exam recorded."))


@advisor_required
@require_POST
def outcome_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    form = forms.OutcomeForm(request.POST, offers=selectors.case_outcome_offers(case), prefix="out")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.outcome_record(
                user=request.user,
                case=case,
                kind=data["kind"],
                recorded_on=data["recorded_on"],
                offer=data["offer"],
                company_name=data["company_name"],
                occupation=data["occupation"],
                starts_on=data["starts_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(request, case, _("Outcome recorded."))
    return _render_case(request, case, 400, outcome_form=form, open_panel="outcome")


@advisor_required
@require_POST
def follow_up_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    form = forms.FollowUpForm(request.POST)
    if not form.is_valid():
        return _render_case(request, case, 400, follow_up_form=form, open_panel="follow_up")
    services.follow_up_create(
        user=request.user,
        case=case,
        title=form.cleaned_data["title"],
        due_on=form.cleaned_data["due_on"],
    )
    return _done(request, case, _("Follow-up planned."))


@advisor_required
@require_POST
def follow_up_done(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    follow_up = selectors.follow_up_get(user=request.user, pk=pk)
    services.follow_up_complete(user=request.user, follow_up=follow_up)
    messages.success(request, _("Follow-up done."))
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    if follow_up.case_id:
        return redirect("counselling:case_detail", pk=follow_up.case_id)
    return redirect("workspace:staff_home")


@advisor_required
@require_POST
def case_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    form = forms.CaseStatusForm(request.POST)
    if not form.is_valid():
        return _render_case(request, case, 400, status_form=form, open_panel="status")
    services.case_set_status(
        user=request.user,
        case=case,
        status=form.cleaned_data["status"],
        closing_reason=form.cleaned_data["closing_reason"],
    )
    return _done(request, case, _("Case status changed."))


@advisor_required
@require_POST
def case_esf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    form = forms.EsfForm(request.POST, prefix="esf")
    if not form.is_valid():
        return _render_case(request, case, 400, esf_form=form, open_panel="esf")
    data = form.cleaned_data
    try:
        services.case_record_esf(
            user=request.user,
            case=case,
            labour_status=data["labour_status"],
            education=data["education"],
            left_in_education=data["left_in_education"],
            left_qualified=data["left_qualified"],
            left_employed=data["left_employed"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _render_case(request, case, 400, esf_form=form, open_panel="esf")
    return _done(request, case, _("ESF+ data saved."))


@advisor_required
@require_POST
def handover_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    form = forms.HandoverForm(request.POST)
    if case.young_person is None:
        raise PermissionDenied
    if not form.is_valid():
        return _render_case(request, case, 400, handover_form=form, open_panel="handover")
    partner = form.cleaned_data["partner"]
    services.handover_create_with_consent(
        user=request.user,
        case=case,
        partner=partner,
        purpose_note=form.cleaned_data["purpose_note"],
        language=request.LANGUAGE_CODE,
    )
    return _done(request, case, _("Case handed over to %(partner)s.") % {"partner": partner})


@advisor_required
@require_POST
def consent_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    consent = consent_get(user=request.user, pk=pk)
    withdraw(user=request.user, consent=consent)
    messages.success(request, _("Consent withdrawn; the partner no longer sees the case."))
    case_id = parse_int(request.POST.get("case"), minimum=1)
    if case_id is not None:
        return redirect("counselling:case_detail", pk=case_id)
    return redirect("workspace:person_detail", pk=consent.young_person_id)


@advisor_required
def search(request: AuthenticatedRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    results = workspace_search(user=request.user, query=query) if query.strip() else None
    return render(request, "counselling/search.html", {"query": query, "results": results})


@advisor_required
@require_POST
def offer_propose(request: AuthenticatedRequest) -> HttpResponse:
    person = young_person_get(user=request.user, pk=_int(request.POST.get("young_person")))
    offer = offer_to_propose(user=request.user, pk=_int(request.POST.get("offer")))
    try:
        score = float(request.POST.get("score", ""))
    except ValueError:
        score = None
    try:
        services.offer_propose(user=request.user, young_person=person, offer=offer, score=score)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Offer proposed; it is in the case timeline."))
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return redirect("workspace:person_detail", pk=person.pk)


@advisor_required
@require_POST
def event_register(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    event_ids = {e.pk for e in selectors.upcoming_office_events(user=request.user, case=case)}
    event_id = _int(request.POST.get("event"))
    if case.young_person is None or event_id not in event_ids:
        messages.error(request, _("Choose one of the office's upcoming events."))
        return redirect("counselling:case_detail", pk=case.pk)
    try:
        result = services.event_register_person(
            user=request.user, young_person=case.young_person, event_id=event_id
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        position = result.waitlist_position
        messages.success(
            request,
            _("Registered; waitlist position %(n)s.") % {"n": position}
            if position
            else _("Registered for the event."),
        )
    return redirect("counselling:case_detail", pk=case.pk)
