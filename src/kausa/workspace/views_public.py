"""Public pages of the installation: the offices' contact pages and the legal pages
(Impressum, privacy notice, accessibility statement). No login needed; offices are read
through accounts' selectors, the operator's data comes from settings."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kausa.accounts.models import Organisation
from kausa.accounts.selectors import offices_administered_by, public_office_get, public_offices
from kausa.network.services.common import responsible_office
from kausa.reference.selectors import postal_code_get

# when the accessibility statement was last checked against the pages (BITV 2.0 § 7)
ACCESSIBILITY_REVIEWED = dt.date(2026, 12, 4)


def _osm_link(office: Organisation) -> str:
    address = ", ".join(
        part for part in (office.street, f"{office.postal_code} {office.city}".strip()) if part
    )
    return "https://www.openstreetmap.org/search?" + urlencode({"query": address})


def _map_point(office: Organisation) -> dict[str, Any] | None:
    """The centre of the office's postal code (the map is a sketch; the address is text)."""
    place = postal_code_get(office.postal_code) if office.postal_code else None
    if place is None:
        return None
    return {"lat": place.lat, "lon": place.lon}


def _operator() -> dict[str, str]:
    return {
        "name": settings.KAUSA_OPERATOR_NAME,
        "address": settings.KAUSA_OPERATOR_ADDRESS,
        "email": settings.KAUSA_OPERATOR_EMAIL,
        "dpo_email": settings.KAUSA_DPO_EMAIL,
        "site_url": settings.SITE_URL,
    }


@require_GET
def office_list(request: HttpRequest) -> HttpResponse:
    """Every active office with its address and how to reach it; "find your office" by
    postal code."""
    plz = request.GET.get("plz", "").strip()
    found: Organisation | None = None
    plz_unknown = False
    if plz:
        place = postal_code_get(plz) if plz.isdigit() and len(plz) == 5 else None
        found = responsible_office(place) if place is not None else None
        plz_unknown = found is None
    return render(
        request,
        "workspace/office_list.html",
        {
            "offices": public_offices(),
            "plz": plz,
            "found": found,
            "plz_unknown": plz_unknown,
        },
    )


@require_GET
def office_detail(request: HttpRequest, slug: str) -> HttpResponse:
    office = public_office_get(slug)
    if office is None:
        raise Http404
    return render(
        request,
        "workspace/office_detail.html",
        {
            "office": office,
            "can_edit": office in offices_administered_by(user=request.user),
            "osm_link": _osm_link(office),
            "map_point": _map_point(office),
            "tile_url": settings.KAUSA_TILE_URL,
        },
    )


@require_GET
def imprint(request: HttpRequest) -> HttpResponse:
    return render(request, "workspace/legal/imprint.html", {"operator": _operator()})


@require_GET
def privacy_notice(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "workspace/legal/privacy.html",
        {
            "operator": _operator(),
            "offices": public_offices(),
            "tile_host": urlsplit(settings.KAUSA_TILE_URL).netloc,
        },
    )


@require_GET
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "workspace/legal/accessibility.html",
        {"operator": _operator(), "reviewed": ACCESSIBILITY_REVIEWED},
    )
