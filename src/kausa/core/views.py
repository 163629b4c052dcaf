from __future__ import annotations

import time

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kausa.accounts.selectors import organisations_of, public_offices
from kausa.companies.selectors import company_count, open_offer_count
from kausa.core.health import run_checks
from kausa.people.selectors import young_person_count


def landing(request: HttpRequest) -> HttpResponse:
    return render(request, "core/landing.html", {"offices": public_offices()})


def staff_home(request: HttpRequest) -> HttpResponse:
    from django.contrib.auth.views import redirect_to_login
    from django.shortcuts import redirect

    from kausa.core.tenancy import access_for
    from kausa.network.selectors import juror_assignments

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not access_for(request.user).is_staff_member:
        # Jurors of an award have no office; their home is the jury page.
        if juror_assignments(request.user).exists():
            return redirect("network:jury_home")
        if access_for(request.user).multiplier_orgs:
            return redirect("network:toolkit")
        raise PermissionDenied
    return _staff_home(request)


def _staff_home(request: HttpRequest) -> HttpResponse:
    from django.utils import timezone

    from kausa.counselling.selectors import my_follow_ups

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
    return render(request, "core/staff_home.html", context)


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when every part works, 503 naming the failing parts; each with its time."""
    started = time.perf_counter()
    parts = run_checks()
    failing = [part.name for part in parts if not part.ok]
    body = {
        "status": "failing" if failing else "ok",
        "failing": failing,
        **{part.name: "ok" if part.ok else "failing" for part in parts},
        "checks": {part.name: part.as_json() for part in parts},
        "ms": round((time.perf_counter() - started) * 1000, 1),
    }
    return JsonResponse(body, status=503 if failing else 200)
