from __future__ import annotations

from typing import Any, TypedDict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kausa.accounts.http import AuthenticatedRequest
from kausa.accounts.permissions import advisor_required
from kausa.companies import forms, selectors, services
from kausa.companies.models import Company, Offer, PipelineStage
from kausa.companies.reasons import duplicate_rows
from kausa.core.forms import add_service_errors
from kausa.core.http import query_id
from kausa.core.pagination import page_of

PAGE_SIZE = 25


@advisor_required
def company_list(request: AuthenticatedRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    companies = selectors.company_list(user=request.user, query=query)
    page = page_of(companies, request.GET.get("page"), PAGE_SIZE)
    return render(request, "companies/company_list.html", {"page": page, "query": query})


@advisor_required
def company_create(request: AuthenticatedRequest) -> HttpResponse:
    organisations = selectors.offices_for_new_company(user=request.user)
    form = forms.CompanyForm(request.POST or None, organisations=organisations)
    duplicates: list[dict[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not request.POST.get("save_anyway"):
            duplicates = duplicate_rows(
                selectors.duplicates_of_new_company(
                    user=request.user,
                    organisation_id=data["organisation"].pk,
                    name=data["name"],
                    postal_code=data["postal_code"].code,
                    phone=data["contact_phone"],
                    email=data["contact_email"],
                    street=data["street"],
                )
            )
        if duplicates:
            # "probably the same company": open it or save anyway (nothing saved yet)
            context = {
                "form": form,
                "duplicates": duplicates,
                "sectors": selectors.sector_suggestions(user=request.user),
            }
            return render(request, "companies/company_form.html", context)
        try:
            company = services.company_create_by_staff(
                user=request.user,
                organisation=data["organisation"],
                postal_code=data["postal_code"],
                **forms.company_changes(data),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": company.name})
            return redirect("workspace:company_detail", pk=company.pk)
    context = {"form": form, "sectors": selectors.sector_suggestions(user=request.user)}
    status = 400 if request.method == "POST" else 200
    return render(request, "companies/company_form.html", context, status=status)


@advisor_required
def offer_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    company = selectors.company_get(user=request.user, pk=pk)
    form = forms.OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_create(
                user=request.user, company=company, **forms.offer_fields(form.cleaned_data)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The offer was added."))
            return redirect("workspace:company_detail", pk=company.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "company": company}
    return render(request, "companies/offer_form.html", context, status=status)


@advisor_required
def offer_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_get(user=request.user, pk=pk)
    if offer.status != Offer.Status.OPEN or offer.source != services.STAFF_SOURCE:
        messages.error(request, _("Only an open offer entered here can be changed."))
        return redirect("workspace:company_detail", pk=offer.company_id)
    form = forms.OfferForm(request.POST or None, initial=forms.offer_initial(offer))
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_update(
                user=request.user, offer=offer, **forms.offer_fields(form.cleaned_data)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("workspace:company_detail", pk=offer.company_id)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "company": offer.company, "offer": offer}
    return render(request, "companies/offer_form.html", context, status=status)


@advisor_required
@require_POST
def offer_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_get(user=request.user, pk=pk)
    try:
        services.offer_withdraw(user=request.user, offer=offer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The offer was withdrawn."))
    return redirect("workspace:company_detail", pk=offer.company_id)


@advisor_required
@require_POST
def offer_fill(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_get(user=request.user, pk=pk)
    try:
        services.offer_mark_filled(user=request.user, offer=offer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The offer is marked as filled."))
    return redirect("workspace:company_detail", pk=offer.company_id)


class BoardFilters(TypedDict):
    migrant_led: bool | None
    sector: str
    chamber: str
    advisor_id: int | None


def _board_filters(request: AuthenticatedRequest) -> BoardFilters:
    migrant = request.GET.get("migrant_led", "")
    return {
        "migrant_led": {"yes": True, "no": False}.get(migrant),
        "sector": request.GET.get("sector", "")[:60],
        "chamber": request.GET.get("chamber", "")
        if request.GET.get("chamber") in Company.Chamber.values
        else "",
        "advisor_id": query_id(request, "advisor"),
    }


@advisor_required
def pipeline(request: AuthenticatedRequest) -> HttpResponse:
    filters = _board_filters(request)
    board = selectors.pipeline_board(user=request.user, **filters)
    columns = [
        {"stage": value, "label": label, "cards": board[value]}
        for value, label in PipelineStage.choices
    ]
    return render(
        request,
        "companies/pipeline.html",
        {
            "columns": columns,
            "filters": filters,
            "stages": PipelineStage.choices,
            "sectors": selectors.sectors_in_use(user=request.user),
            "chambers": Company.Chamber.choices,
            "advisors": selectors.pipeline_advisors(user=request.user),
            "raw": request.GET,
        },
    )


@advisor_required
@require_POST
def pipeline_start(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    company = selectors.company_get(user=request.user, pk=pk)
    services.pipeline_start(user=request.user, company=company)
    messages.success(
        request,
        _("%(company)s is now on the way to becoming a training company.")
        % {"company": company.name},
    )
    return redirect("workspace:company_detail", pk=company.pk)


@advisor_required
@require_POST
def pipeline_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = selectors.pipeline_get(user=request.user, pk=pk)
    form = forms.PipelineMoveForm(request.POST)
    if form.is_valid():
        services.pipeline_move(user=request.user, pipeline=item, stage=form.cleaned_data["stage"])
        messages.success(
            request,
            _("%(company)s moved to “%(stage)s”.")
            % {"company": item.company.name, "stage": item.get_stage_display()},
        )
    else:
        messages.error(request, _("Choose a stage."))
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return redirect("companies:pipeline")


@advisor_required
@require_POST
def pipeline_checklist(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = selectors.pipeline_get(user=request.user, pk=pk)
    form = forms.PipelineChecklistForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        services.pipeline_update_checklist(
            user=request.user,
            pipeline=item,
            trainer_name=data["trainer_name"],
            trainer_aevo_on=data["trainer_aevo_on"],
            occupation_id=data["occupation"].pk if data["occupation"] else None,
            training_plan_done=data["training_plan_done"],
            chamber_registered=data["chamber_registered"],
        )
        messages.success(request, _("Checklist saved."))
    else:
        messages.error(request, _("The checklist could not be saved; please check the dates."))
    return redirect("workspace:company_detail", pk=item.company_id)
