"""Public JOBWALK pages: cities and tours, the planner, the phone page, team check-ins."""

from __future__ import annotations

import json
from functools import cache as cache_result
from functools import partial
from typing import Any

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from kausa.core.http import query_id
from kausa.core.links import absolute_reverse
from kausa.jobwalk import exports, selectors, services
from kausa.jobwalk.api import plan_payload
from kausa.jobwalk.engine.planning import PlanError
from kausa.jobwalk.forms import PlanForm, PlannedTourForm
from kausa.jobwalk.models import PLANNED_TOUR_DAYS, PlannedTour
from kausa.jobwalk.personal_tours import PlanRequest, model_label, plan_tour
from kausa.network import selectors as network_selectors

MAX_BODY = 4096


def _plan_form(data: Any = None) -> PlanForm:
    return PlanForm(data, occupation_ids=selectors.occupations_shown())


@require_GET
def public_index(request: HttpRequest) -> HttpResponse:
    tours = list(selectors.published_tours())
    cities: dict[str, dict[str, Any]] = {}
    for tour in tours:
        cities.setdefault(tour.city, {"name": tour.city_name, "tours": []})["tours"].append(tour)
    return render(
        request,
        "jobwalk/public_index.html",
        {"cities": list(cities.values()), "form": _plan_form()},
    )


@require_GET
def public_plan(request: HttpRequest) -> HttpResponse:
    form = _plan_form(request.GET or None)
    result = error = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            result = plan_tour(
                PlanRequest(
                    lat=data.get("lat"),
                    lon=data.get("lon"),
                    postal_code=data.get("postal_code") or "",
                    address=data.get("address") or "",
                    occupation_ids=[o.pk for o in data["occupation"]],
                    interest_groups=[data["interest"]] if data.get("interest") else [],
                    budget_minutes=data["budget_minutes"],
                    max_stations=data.get("max_stations"),
                    return_to_start=data.get("return_to_start", False),
                )
            )
        except PlanError as exc:
            error = str(exc)
    payload = plan_payload(result) if result else None
    save_form = None
    if result is not None and result.stations:
        data = form.cleaned_data
        label = data.get("address") or data.get("postal_code") or ""
        save_form = PlannedTourForm.for_result(result, label, data.get("return_to_start", False))
    return render(
        request,
        "jobwalk/public_plan.html",
        {
            "form": form,
            "result": result,
            "error": error,
            "payload": payload,
            "save_form": save_form,
            "planned_days": PLANNED_TOUR_DAYS,
            "model_label": model_label(result.model) if result else "",
            "tile_url": settings.KAUSA_TILE_URL,
        },
        status=422 if error else 200,
    )


def _phone_data(request: HttpRequest, tour: Any) -> dict[str, Any]:
    lang = get_language()
    return {
        "tour": exports.tour_geojson(tour, lang),
        "urls": {
            "walk": reverse("jobwalk:walk_start", args=[tour.pk]),
            "checkin": reverse("jobwalk:walk_checkin", args=["TOKEN"]),
            "sw": reverse("jobwalk:service_worker"),
            "scope": reverse("jobwalk:public_index"),
            "api": f"/api/v1/jobwalk/tours/{tour.pk}?lang={lang}",
        },
    }


def _station_rows(tour: exports.AnyTour) -> list[dict[str, Any]]:
    """The station cards of the phone page: texts, the occupations shown, ambassadors."""
    stations = [{"station": s, **exports.station_data(s)} for s in exports.stations_of(tour)]
    occupation_of = selectors.first_occupation_by_company(
        [row["station"].company_id for row in stations]
    )
    shown = selectors.occupations_by_company([row["station"].company_id for row in stations])
    ambassadors = network_selectors.ambassadors_shown_for(
        occupation_of.values(), language=(get_language() or "de").split("-")[0], limit=2
    )
    for row in stations:
        row["occupation_id"] = occupation_of.get(row["station"].company_id)
        row["occupations"] = shown.get(row["station"].company_id, [])
        row["ambassadors"] = ambassadors.get(row["occupation_id"] or 0, [])
    return stations


def _stations_context(tour: exports.AnyTour) -> dict[str, Any]:
    """The station cards are the same for every visitor: the template keeps them rendered per
    tour version and language ({% kept %}), so the rows (occupations, ambassadors: four
    queries) are read only when the kept cards expired or the tour, a station or a station's
    company changed. A company's occupations and the ambassadors shown may be up to 5 minutes
    old (6 in a process that kept the cards itself)."""
    stations = exports.stations_of(tour)
    newest = max(
        [
            tour.updated_at,
            *(s.updated_at for s in stations),
            *(s.company.updated_at for s in stations),
        ]
    ).timestamp()
    return {
        "stations": cache_result(partial(_station_rows, tour)),
        "station_count": len(stations),
        "stations_version": f"{exports.tour_key(tour)}:{newest}:{len(stations)}",
    }


@require_GET
def tour_detail(request: HttpRequest, pk: int) -> HttpResponse:
    tour = selectors.published_tour_for_page(pk=pk)
    return render(
        request,
        "jobwalk/tour_phone.html",
        {
            "tour": tour,
            **_stations_context(tour),
            # the same for every visitor: the template keeps it with the station cards
            "phone_data": partial(_phone_data, request, tour),
            "tile_url": settings.KAUSA_TILE_URL,
            "gpx_url": f"/api/v1/jobwalk/tours/{tour.pk}.gpx",
            "pdf_url": reverse("jobwalk:tour_pdf", args=[tour.pk]),
        },
    )


# --- planned tours: the planner's result behind a link, for 30 days --------------------------
@require_POST
def planned_create(request: HttpRequest) -> HttpResponse:
    """'Walk this tour on my phone' on the planner's result: keeps the tour, opens its page."""
    form = PlannedTourForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            tour = services.planned_tour_create(
                start_lat=data["start_lat"],
                start_lon=data["start_lon"],
                start_label=data.get("start_label") or "",
                company_ids=form.company_ids(),
                return_to_start=data.get("return_to_start", False),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("jobwalk:planned_tour", token=tour.token)
    return render(request, "jobwalk/planned_retry.html", {"form": form}, status=400)


def _planned_or_gone(request: HttpRequest, token: str) -> PlannedTour | HttpResponse:
    """The planned tour, or a page that says the link is unknown or expired (404 / 410)."""
    tour = selectors.planned_tour(token=token)
    if tour is not None and not tour.is_expired():
        return tour
    return render(
        request,
        "jobwalk/planned_gone.html",
        {"expired": tour is not None, "days": PLANNED_TOUR_DAYS},
        status=410 if tour is not None else 404,
    )


@require_GET
def planned_tour(request: HttpRequest, token: str) -> HttpResponse:
    tour = _planned_or_gone(request, token)
    if isinstance(tour, HttpResponse):
        return tour
    share_url = absolute_reverse("jobwalk:planned_tour", tour.token)
    return render(
        request,
        "jobwalk/tour_phone.html",
        {
            "tour": tour,
            "planned": True,
            **_stations_context(tour),
            "phone_data": {
                "tour": exports.tour_geojson(tour, get_language()),
                # check-in is on the phone, by location: no codes, nothing sent
                "checkin": "device",
                "urls": {
                    "sw": reverse("jobwalk:service_worker"),
                    "scope": reverse("jobwalk:public_index"),
                },
            },
            "tile_url": settings.KAUSA_TILE_URL,
            "gpx_url": reverse("jobwalk:planned_gpx", args=[tour.token]),
            "pdf_url": reverse("jobwalk:planned_pdf", args=[tour.token]),
            "share_url": share_url,
            "qr_svg": segno.make(share_url, error="m").svg_data_uri(scale=5, border=2),
            "expires_at": tour.expires_at,
        },
    )


@require_GET
def planned_gpx(request: HttpRequest, token: str) -> HttpResponse:
    tour = _planned_or_gone(request, token)
    if isinstance(tour, HttpResponse):
        return tour
    response = HttpResponse(exports.tour_gpx(tour), content_type="application/gpx+xml")
    response["Content-Disposition"] = 'attachment; filename="jobwalk-tour.gpx"'
    return response


@require_GET
def planned_pdf(request: HttpRequest, token: str) -> HttpResponse:
    tour = _planned_or_gone(request, token)
    if isinstance(tour, HttpResponse):
        return tour
    link = absolute_reverse("jobwalk:planned_tour", tour.token)
    body = exports.tour_pdf(tour, get_language(), link=link)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="jobwalk-tour.pdf"'
    return response


@require_GET
def tour_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    tour = selectors.published_tour(pk=pk)
    body = exports.tour_pdf(tour, get_language())
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="jobwalk-{tour.pk}.pdf"'
    return response


@require_GET
@cache_control(max_age=3600)
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest in the page's language; `?tour=<id>` opens that tour."""
    start = reverse("jobwalk:public_index")
    name, short = _("JOBWALK – walking tours to training companies"), "JOBWALK"
    tour_id = query_id(request, "tour")
    if tour_id is not None:
        tour = selectors.published_tour(pk=tour_id)
        start, name = reverse("jobwalk:tour", args=[tour.pk]), f"JOBWALK · {tour.title}"
    icons = [
        ("kausa/img/jobwalk-icon-192.png", "192x192", "image/png", "any"),
        ("kausa/img/jobwalk-icon-512.png", "512x512", "image/png", "any"),
        ("kausa/img/jobwalk-icon-maskable-512.png", "512x512", "image/png", "maskable"),
        ("kausa/img/jobwalk-icon.svg", "any", "image/svg+xml", "any"),
    ]
    body = {
        "name": name,
        "short_name": short,
        "description": _("Walk from company to company and learn what training is like there."),
        "lang": get_language(),
        "dir": "rtl" if translation.get_language_bidi() else "ltr",
        "start_url": start,
        "scope": reverse("jobwalk:public_index"),
        "id": start,
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#0b5c55",
        "icons": [
            {"src": static(src), "sizes": sizes, "type": kind, "purpose": purpose}
            for src, sizes, kind, purpose in icons
        ],
    }
    return JsonResponse(
        body, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )


@require_GET
@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    path = finders.find("kausa/js/jobwalk-sw.js")
    if not path:
        raise Http404
    with open(path, encoding="utf-8") as handle:
        body = handle.read()
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse("jobwalk:public_index")
    return response


# --- team walks (JSON, called by the phone page) --------------------------------------------
def _json_body(request: HttpRequest) -> dict[str, Any]:
    if len(request.body) > MAX_BODY:
        raise ValidationError("Request too large.")
    try:
        data = json.loads(request.body or b"{}")
    except ValueError as exc:
        raise ValidationError("Send JSON.") from exc
    if not isinstance(data, dict):
        raise ValidationError("Send a JSON object.")
    return data


def _error(exc: ValidationError, status: int = 422) -> JsonResponse:
    return JsonResponse({"detail": " ".join(exc.messages)}, status=status)


@require_POST
def walk_start(request: HttpRequest, pk: int) -> JsonResponse:
    tour = selectors.published_tour(pk=pk)
    try:
        walk = services.walk_start(tour=tour)
    except ValidationError as exc:
        return _error(exc)
    return JsonResponse({"token": walk.token, "points": 0}, status=201)


def _number(value: Any) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValidationError("Coordinates must be numbers.")
    try:
        return float(value)
    except ValueError as exc:
        raise ValidationError("Coordinates must be numbers.") from exc


@require_POST
def walk_checkin(request: HttpRequest, token: str) -> JsonResponse:
    walk = selectors.walk_by_token(token=token[:40])
    try:
        data = _json_body(request)
        try:
            station = selectors.tour_station_get(
                tour=walk.tour, pk=int(data.get("station", 0) or 0)
            )
        except Http404:
            raise ValidationError("Unknown station.") from None
        answer = data.get("answer")
        checkin = services.walk_check_in(
            walk=walk,
            station=station,
            lat=_number(data.get("lat")),
            lon=_number(data.get("lon")),
            code=str(data.get("code", ""))[:40],
            answer=int(answer)
            if isinstance(answer, int) and not isinstance(answer, bool)
            else None,
        )
    except (ValidationError, ValueError, TypeError) as exc:
        return _error(exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
    walk = checkin.walk  # as the check-in left it (points, finished)
    return JsonResponse(
        {
            "station": station.pk,
            "method": checkin.method,
            "quiz_correct": checkin.quiz_correct,
            "points": walk.points,
            "finished": walk.finished_at is not None,
        }
    )
