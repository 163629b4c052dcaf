"""Staff pages for ambassadors and the toolkit (uploads are checked in the services)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kausa.accounts.http import AuthenticatedRequest
from kausa.accounts.permissions import advisor_required
from kausa.accounts.selectors import office_for_new_record
from kausa.network import selectors
from kausa.network.forms import (
    AmbassadorForm,
    MaterialForm,
    MaterialVersionForm,
    VisitHeldForm,
)
from kausa.network.services import ambassadors as ambassador_services
from kausa.network.services import toolkit as toolkit_services
from kausa.network.view_helpers import add_errors, lang


@advisor_required
def staff_ambassadors(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "network/staff_ambassadors.html",
        {
            "ambassadors": selectors.staff_ambassadors(request.user)[:500],
            "visits": selectors.staff_visit_requests(request.user)[:200],
        },
    )


@require_POST
@advisor_required
def staff_visit_held(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    visit = selectors.staff_visit_request_get(user=request.user, pk=pk)
    form = VisitHeldForm(request.POST)
    if form.is_valid():
        try:
            ambassador_services.visit_request_record_held(
                user=request.user, visit=visit, held_on=form.cleaned_data["held_on"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Saved: the figures count the visit."))
            return redirect("network:staff_ambassadors")
    else:
        messages.error(request, _("Please give the date of the visit as a date."))
    response = render(
        request,
        "network/staff_ambassadors.html",
        {
            "ambassadors": selectors.staff_ambassadors(request.user)[:500],
            "visits": selectors.staff_visit_requests(request.user)[:200],
        },
    )
    response.status_code = 400
    return response


@advisor_required
def staff_ambassador_create(request: AuthenticatedRequest) -> HttpResponse:
    form = AmbassadorForm(
        request.POST or None, request.FILES or None, initial={"consent_language": lang()}
    )
    office = office_for_new_record(user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if office is None:
            form.add_error(None, _("You work in no office."))
        else:
            try:
                with transaction.atomic():
                    ambassador = ambassador_services.ambassador_create(
                        user=request.user,
                        organisation=office,
                        first_name=data["first_name"],
                        occupation_id=data["occupation"].pk,
                        status=data["status"],
                        consent_language=data["consent_language"],
                        company_name=data["company_name"],
                        language_codes=tuple(data["languages"]),
                        country_of_origin=data["country_of_origin"],
                        show_origin=data["show_origin"],
                        video_url=data["video_url"],
                        scope_photo=data["scope_photo"],
                        scope_next_to_offers=data["scope_next_to_offers"],
                        scope_school_visits=data["scope_school_visits"],
                        stories={
                            k: v
                            for k, v in (("de", data["story_de"]), ("en", data["story_en"]))
                            if v.strip()
                        },
                    )
                    if data["photo"]:
                        ambassador_services.ambassador_photo_set(
                            user=request.user, ambassador=ambassador, upload=data["photo"]
                        )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    add_errors(form, exc)
                else:
                    form.add_error("photo", exc.messages)
            else:
                messages.success(request, _("The ambassador profile was created."))
                return redirect("network:staff_ambassadors")
    return render(request, "network/staff_form.html", {"form": form, "title": _("New ambassador")})


@require_POST
@advisor_required
def staff_ambassador_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ambassador = selectors.staff_ambassador_get(user=request.user, pk=pk)
    ambassador_services.ambassador_consent_withdraw(user=request.user, ambassador=ambassador)
    messages.success(request, _("Consent withdrawn: the profile is no longer public."))
    return redirect("network:staff_ambassadors")


@advisor_required
def staff_materials(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "network/staff_materials.html",
        {"materials": selectors.staff_materials(request.user)[:500]},
    )


@advisor_required
def staff_material_create(request: AuthenticatedRequest) -> HttpResponse:
    form = MaterialForm(request.POST or None)
    office = office_for_new_record(user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if office is None:
            form.add_error(None, _("You work in no office."))
        else:
            material = toolkit_services.material_create(
                user=request.user,
                organisation=office,
                title=data["title"],
                description=data["description"],
                format=data["format"],
                audience=data["audience"],
                is_public=data["is_public"],
                topic_slugs=tuple(data["topics"]),
            )
            return redirect("network:staff_material", pk=material.pk)
    return render(request, "network/staff_form.html", {"form": form, "title": _("New material")})


@advisor_required
def staff_material(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One material: its language versions; add a version with a file or a link."""
    material = selectors.staff_material_get(user=request.user, pk=pk)
    form = MaterialVersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            toolkit_services.material_version_set(
                user=request.user,
                material=material,
                language_code=data["language"],
                title=data["title"],
                upload=data["file"],
                link=data["link"],
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            messages.success(request, _("The language version was saved."))
            return redirect("network:staff_material", pk=material.pk)
    return render(request, "network/staff_material.html", {"material": material, "form": form})
