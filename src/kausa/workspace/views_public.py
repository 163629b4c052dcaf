"""Public pages of the installation: the offices' contact pages and the legal pages
(Impressum, privacy notice, accessibility statement). No login needed; offices are read
through accounts' selectors, the operator's data comes from settings."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kausa.accounts.models import Organisation
from kausa.accounts.selectors import offices_administered_by, public_office_get, public_offices
from kausa.counselling.services import Requester, public_request_submit
from kausa.network.services.common import responsible_office
from kausa.network.view_helpers import add_errors, lang, too_many
from kausa.reference.selectors import postal_code_get
from kausa.workspace.forms import CallBackForm

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


def _office_page(
    request: HttpRequest, office: Organisation, form: CallBackForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "workspace/office_detail.html",
        {
            "office": office,
            "can_edit": office in offices_administered_by(user=request.user),
            "osm_link": _osm_link(office),
            "map_point": _map_point(office),
            "tile_url": settings.KAUSA_TILE_URL,
            "form": form,
        },
        status=status,
    )


def _language_choices() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


@require_GET
def office_detail(request: HttpRequest, slug: str) -> HttpResponse:
    office = public_office_get(slug)
    if office is None:
        raise Http404
    topic = request.GET.get("topic", "")
    form = CallBackForm(
        languages=_language_choices(),
        initial={
            "language": lang(),
            **({"topic": topic} if topic in dict(CallBackForm.TOPICS) else {}),
        },
    )
    return _office_page(request, office, form)


@require_http_methods(["POST"])
def office_call_back(request: HttpRequest, slug: str) -> HttpResponse:
    """Someone asks the office to call or write back: the request lands in its inbox, and
    the person is told, in the page's language, who will get back to them and how."""
    office = public_office_get(slug)
    if office is None:
        raise Http404
    form = CallBackForm(request.POST, languages=_language_choices())
    if not form.is_valid() or too_many(request, form, "call-back"):
        return _office_page(request, office, form, status=400)
    data = form.cleaned_data
    try:
        public_request_submit(
            organisation_id=office.pk,
            kind=data["topic"],
            requester=Requester(
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                language=data["language"] or lang(),
                message=data["message"],
            ),
        )
    except ValidationError as exc:
        add_errors(form, exc)
        return _office_page(request, office, form, status=400)
    if data["phone"].strip():
        text = _(
            "Thank you, %(name)s. %(office)s has your request and will call you at %(phone)s "
            "within two working days."
        ) % {"name": data["name"], "office": office.name, "phone": data["phone"]}
    else:
        text = _(
            "Thank you, %(name)s. %(office)s has your request and will write to you at "
            "%(email)s within two working days."
        ) % {"name": data["name"], "office": office.name, "email": data["email"]}
    messages.success(request, text)
    return redirect("workspace:office_detail", slug=office.slug)


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
