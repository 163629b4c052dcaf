"""Pages that combine several domains; each reads its apps through their selectors."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from kausa.accounts.selectors import organisations_of, public_offices
from kausa.companies.selectors import company_count, open_offer_count
from kausa.core.tenancy import access_for
from kausa.counselling.selectors import my_follow_ups
from kausa.network.selectors import juror_assignments
from kausa.people.selectors import young_person_count


def landing(request: HttpRequest) -> HttpResponse:
    return render(request, "workspace/landing.html", {"offices": public_offices()})


def staff_home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not access_for(request.user).is_staff_member:
        # Jurors of an award have no office; their home is the jury page.
        if juror_assignments(request.user).exists():
            return redirect("network:jury_home")
        if access_for(request.user).multiplier_orgs:
            return redirect("network:toolkit")
        raise PermissionDenied
    context = {
        "today": timezone.localdate(),
        "follow_ups": my_follow_ups(user=request.user, limit=12),
        "organisations": organisations_of(user=request.user),
        "figures": {
            "people": young_person_count(user=request.user),
            "companies": company_count(user=request.user),
            "open_offers": open_offer_count(user=request.user),
        },
    }
    return render(request, "workspace/staff_home.html", context)
