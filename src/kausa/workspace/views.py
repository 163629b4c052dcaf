"""Pages that combine several domains; each reads its apps through their selectors."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from kausa.accounts.http import AuthenticatedRequest
from kausa.accounts.permissions import advisor_required
from kausa.accounts.selectors import (
    is_multiplier,
    is_staff_member,
    organisations_of,
    public_offices,
)
from kausa.companies import selectors as company_selectors
from kausa.companies.forms import PipelineChecklistForm
from kausa.companies.selectors import company_count, open_offer_count
from kausa.core.audit import audit
from kausa.counselling.selectors import (
    cases_of_company,
    cases_of_person,
    company_timeline,
    my_follow_ups,
    new_request_count,
    person_timeline,
    requests_of_today,
)
from kausa.matching.new_matches import new_offer_matches
from kausa.network.awards.selectors import juror_assignments
from kausa.people import selectors as people_selectors
from kausa.people.selectors import young_person_count


def landing(request: HttpRequest) -> HttpResponse:
    return render(request, "workspace/landing.html", {"offices": public_offices()})


NEW_OFFERS_SHOWN = 5  # on the staff home; the rest on the new-offers page


def staff_home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not is_staff_member(user=request.user):
        # Jurors of an award have no office; their home is the jury page.
        if juror_assignments(request.user).exists():
            return redirect("network:jury_home")
        if is_multiplier(user=request.user):
            return redirect("network:toolkit")
        raise PermissionDenied
    context = {
        "today": timezone.localdate(),
        "follow_ups": my_follow_ups(user=request.user, limit=12),
        "todays_requests": requests_of_today(user=request.user, limit=10),
        "new_requests": new_request_count(user=request.user),
        "new_offers": list(new_offer_matches(user=request.user, mine=True)[: NEW_OFFERS_SHOWN + 1]),
        "organisations": organisations_of(user=request.user),
        "figures": {
            "people": young_person_count(user=request.user),
            "companies": company_count(user=request.user),
            "open_offers": open_offer_count(user=request.user),
        },
    }
    return render(request, "workspace/staff_home.html", context)


# A person and a company with everything that happened around them (several apps).
@advisor_required
def person_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = people_selectors.young_person_get(user=request.user, pk=pk)
    if person.merged_into_id is not None:  # an old link to a record merged into another
        return redirect("workspace:person_detail", pk=person.merged_into_id)
    audit(actor=request.user, action="view", obj=person)
    return render(
        request,
        "workspace/person_detail.html",
        {
            "person": person,
            "cases": cases_of_person(user=request.user, person=person),
            "timeline": person_timeline(user=request.user, person=person, limit=100),
        },
    )


@advisor_required
def company_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    company = company_selectors.company_get(user=request.user, pk=pk)
    audit(actor=request.user, action="view", obj=company)
    offers = company_selectors.offers_of_company(user=request.user, company=company)
    pipeline = getattr(company, "pipeline", None)
    return render(
        request,
        "workspace/company_detail.html",
        {
            "company": company,
            "offers": offers,
            "pipeline": pipeline,
            "cases": cases_of_company(user=request.user, company=company),
            "timeline": company_timeline(user=request.user, company=company, limit=50),
            "checklist_form": PipelineChecklistForm(
                initial={
                    "trainer_name": pipeline.trainer_name,
                    "trainer_aevo_on": pipeline.trainer_aevo_on,
                    "occupation": pipeline.occupation_id,
                    "training_plan_done": pipeline.training_plan_done,
                    "chamber_registered": pipeline.chamber_registered,
                }
            )
            if pipeline
            else None,
        },
    )
