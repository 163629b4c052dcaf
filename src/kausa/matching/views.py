"""Pages of matching: the public offer search and offer page, the advisors' matching views."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_http_methods

from kausa.accounts.permissions import advisor_required, staff_member_required
from kausa.core import exports
from kausa.core.http import query_int
from kausa.matching import mismatch_services, selectors, services, share
from kausa.matching.cards import public_cards
from kausa.matching.forms import SORT_CHOICES, AdvisorRequestForm, OfferSearchForm
from kausa.matching.reasons import PART_LABELS, reasons_html, reasons_out

PAGE_SIZE = 20
STAFF_RADII = (10, 25, 50, 100)


@lru_cache(maxsize=4096)
def _date_text(day: dt.date, language: str) -> str:
    """A start date in the page's language (Django's date_format reads its formats anew on
    every call; a result page repeats a few dozen dates)."""
    return date_format(day, "DATE_FORMAT")


@lru_cache(maxsize=8192)
def _km_text(km: float, language: str) -> str:
    """ "12,5 km" in the page's language (distances come rounded to 0.1 km)."""
    return _("%(km)s km") % {"km": localize(km)}


@lru_cache(maxsize=16384)
def _offer_url(offer_id: int, language: str, script_prefix: str) -> str:
    return reverse("matching:offer_detail", args=[offer_id])


def _hit_view(hit: Any) -> dict[str, Any]:
    from kausa.reference.occupation_names import occupation_label

    offer, match = hit.offer, hit.match
    company = offer.company
    language = get_language() or "de"
    label = occupation_label(offer.occupation, language)
    reasons = reasons_out(match.reasons)
    return {
        "offer": offer,
        "company": company,
        # worked out here once: the search page shows up to 20 cards, and every tag and
        # filter in a card's template costs (issue 17: page time)
        "label": label,
        "label_is_german": label == offer.occupation.short_name,
        "place": f"{company.postal_code_id} {company.city or company.postal_code.place}".strip(),
        "start": _date_text(offer.start_date, language) if offer.start_date else "",
        "start_iso": offer.start_date.isoformat() if offer.start_date else "",
        "distance_km": match.distance_km,
        "score": round(match.score * 100),
        "reasons": reasons,
        "reasons_html": reasons_html(match.reasons),
        "km_text": _km_text(match.distance_km, language),
        "url": _offer_url(offer.pk, language, get_script_prefix()),
        "parts": [
            {"label": PART_LABELS[name], "percent": round(value * 100)}
            for name, value in match.parts.items()
        ],
        "lat": company.lat if company.lat is not None else company.postal_code.lat,
        "lon": company.lon if company.lon is not None else company.postal_code.lon,
    }


def _public_hit_view(hit: Any) -> dict[str, Any]:
    """A card of the public result list from a PublicHit (the offer's public data as the
    offers API serves it: kept per process and index version, no query per request)."""
    from kausa.reference.occupation_names import occupation_label

    offer, match = hit.offer, hit.match
    company = offer["company"]
    language = get_language() or "de"
    label = occupation_label(offer["occupation"], language)
    start = offer["start_date"]
    return {
        "offer_id": offer["id"],
        "label": label,
        "label_is_german": label == offer["occupation"]["short_name"],
        "company_name": company["name"],
        "place": f"{company['postal_code']} {company['city'] or ''}".strip(),
        "start": _date_text(start, language) if start else "",
        "start_iso": start.isoformat() if start else "",
        "distance_km": match.distance_km,
        "reasons_html": reasons_html(match.reasons),
        "km_text": _km_text(match.distance_km, language),
        "url": _offer_url(offer["id"], language, get_script_prefix()),
        "lat": company["lat"],
        "lon": company["lon"],
    }


def _map_points(hits: list[dict[str, Any]], url_name: str = "") -> list[dict[str, Any]]:
    from django.urls import reverse
    from django.utils.translation import get_language

    from kausa.reference.occupation_names import occupation_label

    language = get_language() or "de"
    return [
        {
            "lat": h["lat"],
            "lon": h["lon"],
            "title": h.get("label") or occupation_label(h["offer"].occupation, language),
            "company": h["company"].name,
            "km": h["distance_km"],
            "url": reverse(url_name or "matching:offer_detail", args=[h["offer"].pk]),
        }
        for h in hits
    ]


def _page_number(request: HttpRequest) -> int:
    last = selectors.MAX_RESULTS // PAGE_SIZE
    page = query_int(request, "page", minimum=-(2**63), default=1)
    return min(max(page, 1), last)


def offer_search(request: HttpRequest) -> HttpResponse:
    searched = any(request.GET.get(key) for key in ("plz", "lat", "q"))
    form = OfferSearchForm(request.GET if searched else None)
    # a callable: the template asks for the names only when its cached suggestions expired
    context: dict[str, Any] = {"form": form, "occupation_names": selectors.occupation_names}
    if searched and form.is_valid():
        data = form.cleaned_data
        page = _page_number(request)
        radius_km = data["radius_km"] or 25
        try:
            origin = selectors.origin_for(plz=data["plz"], lat=data["lat"], lon=data["lon"])
            result = selectors.offer_search(
                origin=origin,
                radius_km=float(radius_km),
                query=data["q"],
                german_level=data["german_level"],
                certificate=data["certificate"],
                start_from=data["start_from"],
                start_until=data["start_until"],
                sort=data["sort"],
                limit=PAGE_SIZE,
                offset=(page - 1) * PAGE_SIZE,
                public=True,
            )
        except selectors.SearchError:
            form.add_error(None, _("Please check your search."))
        else:
            hits = [_public_hit_view(h) for h in result.hits]
            query = request.GET.copy()
            query["page"] = str(page + 1)
            context |= {
                "result": result,
                "radius_km": radius_km,
                "hits": hits,
                "cards": public_cards(hits),
                "page": page,
                "first_number": (page - 1) * PAGE_SIZE + 1,
                "sort_links": _sort_links(request, data["sort"]),
                "next_query": query.urlencode()
                if page * PAGE_SIZE < min(result.count, selectors.MAX_RESULTS)
                else "",
                "map_data": {
                    "origin": {"lat": origin.lat, "lon": origin.lon, "label": origin.label},
                    "points": [
                        {
                            "lat": h["lat"],
                            "lon": h["lon"],
                            "title": h["label"],
                            "company": h["company_name"],
                            "km": h["distance_km"],
                            "url": h["url"],
                        }
                        for h in hits
                    ],
                },
            }
    context["tile_url"] = settings.KAUSA_TILE_URL
    return render(request, "matching/offer_search.html", context)


def _sort_links(request: HttpRequest, current: str) -> list[dict[str, Any]]:
    """The same search in each order, from the first page (links: no script needed)."""
    links = []
    for value, label in SORT_CHOICES:
        query = request.GET.copy()
        query["sort"] = value
        query.pop("page", None)
        links.append({"label": label, "url": f"?{query.urlencode()}", "current": value == current})
    return links


def offers_saved(request: HttpRequest) -> HttpResponse:
    """ "My offers": the offers saved on this device. The list lives in the browser
    (localStorage) and is drawn by a script, so the page is the same for everyone, holds
    nothing personal and works offline once the service worker has kept it."""
    return render(request, "matching/offers_saved.html")


@require_http_methods(["GET"])
@cache_control(no_cache=True)
def offers_service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker of /<lang>/offers/ (served from here, so that its scope is the
    offer pages): keeps "My offers" and the saved offers' pages for offline use."""
    path = finders.find("kausa/js/offers-sw.js")
    if not path:
        raise Http404
    with open(path, encoding="utf-8") as handle:
        body = handle.read()
    return HttpResponse(body, content_type="text/javascript; charset=utf-8")


def offer_qr_png(request: HttpRequest, pk: int) -> HttpResponse:
    """The QR code of an open offer's link as a PNG to download (and print)."""
    offer = selectors.public_offer_get(pk)
    response = HttpResponse(share.qr_png(share.offer_share_url(offer.pk)), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="kausa-offer-{offer.pk}-qr.png"'
    return response


@require_http_methods(["GET", "POST"])
def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.public_offer_get(pk)
    form = AdvisorRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.advisor_request_create(
                offer=offer,
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                postal_code=data["postal_code"],
                message=data["message"],
                language=get_language() or "de",
                consent=data["consent"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                # \u2068…\u2069 isolate the German name in a right-to-left sentence
                _("Thank you. %(office)s will contact you soon.")
                % {"office": f"\u2068{offer.organisation.name}\u2069"},
            )
            return redirect("matching:offer_detail", pk=offer.pk)
    company = offer.company
    share_url = share.offer_share_url(offer.pk)
    context = {
        "offer": offer,
        "company": company,
        "form": form,
        "share_url": share_url,
        "share_qr": share.qr_svg_data_uri(share_url),
        "tile_url": settings.KAUSA_TILE_URL,
        "jobsuche_url": (
            f"https://www.arbeitsagentur.de/jobsuche/jobdetail/{offer.external_id}"
            if offer.source == "ba-jobsuche" and offer.external_id
            else ""
        ),
        "map_data": {
            "points": [
                {
                    "lat": company.lat if company.lat is not None else company.postal_code.lat,
                    "lon": company.lon if company.lon is not None else company.postal_code.lon,
                    "title": offer.occupation.short_name,
                    "company": company.name,
                    "url": "",
                }
            ]
        },
    }
    return render(request, "matching/offer_detail.html", context)


def _radius(request: HttpRequest, default: int) -> int:
    return _radius_from(request, STAFF_RADII, default)


@advisor_required
@never_cache
def person_offers(request: HttpRequest, pk: int) -> HttpResponse:
    radius = _radius(request, 25)
    person, hits = selectors.offers_for_person(user=request.user, pk=pk, radius_km=radius)
    views = [_hit_view(h) for h in hits] if hits is not None else None
    from kausa.counselling.selectors import proposed_offer_ids

    context = {
        "person": person,
        "hits": views,
        "proposed_ids": proposed_offer_ids(user=request.user, person=person),
        "radius": radius,
        "radii": STAFF_RADII,
        "tile_url": settings.KAUSA_TILE_URL,
        "map_data": {
            "origin": {
                "lat": person.postal_code.lat,
                "lon": person.postal_code.lon,
                "label": str(person.postal_code),
            }
            if person.postal_code
            else None,
            "points": _map_points(views or [], "matching:staff_offer_candidates"),
        },
    }
    return render(request, "matching/person_offers.html", context)


@advisor_required
@never_cache
def offer_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    radius = _radius(request, 50)
    offer, hits = selectors.candidates_for_offer(user=request.user, pk=pk, radius_km=radius)
    rows = [
        {
            "person": h.person,
            "distance_km": h.match.distance_km,
            "score": round(h.match.score * 100),
            "reasons": reasons_out(h.match.reasons),
        }
        for h in hits
    ]
    context = {"offer": offer, "rows": rows, "radius": radius, "radii": STAFF_RADII}
    return render(request, "matching/offer_candidates.html", context)


@advisor_required
@never_cache
def request_list(request: HttpRequest) -> HttpResponse:
    requests = selectors.advisor_requests(user=request.user)
    return render(request, "matching/request_list.html", {"requests": requests})


MISMATCH_RADII = (10, 25, 30, 50)


def _require_figures(request: HttpRequest) -> None:
    if not selectors.user_sees_figures(request.user):
        raise PermissionDenied


def _mismatch_report(request: HttpRequest) -> tuple[int, Any]:
    """The radius asked for and the stored report of the user's scope (a computation is
    enqueued when there is none yet: it runs in a task, never in this request)."""
    _require_figures(request)
    radius = _radius_from(request, MISMATCH_RADII, 30)
    report = mismatch_services.mismatch_report_request(user=request.user, radius_km=radius)
    return radius, report


def _radius_from(request: HttpRequest, allowed: tuple[int, ...], default: int) -> int:
    radius = query_int(request, "radius", default=default)
    return radius if radius in allowed else default


@staff_member_required
@never_cache
@require_http_methods(["GET", "POST"])
def mismatch(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":  # "compute again": enqueued, the page shows the progress
        _require_figures(request)
        radius = _radius_from(request, MISMATCH_RADII, 30)
        mismatch_services.mismatch_report_request(user=request.user, radius_km=radius, again=True)
        messages.success(request, _("The figures are being computed again."))
        return redirect(f"{reverse('matching:staff_mismatch')}?radius={radius}")
    radius, report = _mismatch_report(request)
    busy = report.status in mismatch_services.BUSY
    if request.GET.get("status"):  # htmx polls this while the figures are being computed
        response = render(
            request, "matching/_mismatch_status.html", {"report": report, "radius": radius}
        )
        if not busy:
            response["HX-Refresh"] = "true"
        return response
    figures = selectors.mismatch_report_figures(report)
    small = selectors.small_count
    map_points = [
        {
            "lat": row.lat,
            "lon": row.lon,
            "name": row.name,
            "people": small(row.people_unmatched),
            "offers": small(row.offers_unmatched),
            "size": max(row.people_unmatched, 4) if row.people_unmatched else 0,
        }
        for row in (figures.districts if figures else [])
        if row.lat is not None
    ]
    context = {
        "figures": figures,
        "report": report,
        "busy": busy,
        "radii": MISMATCH_RADII,
        "radius": radius,
        "tile_url": settings.KAUSA_TILE_URL,
        "map_data": {"points": map_points},
    }
    return render(request, "matching/mismatch.html", context)


@staff_member_required
@never_cache
def mismatch_csv(request: HttpRequest) -> HttpResponse:
    """The stored figures (empty until the first computation has finished), each row with
    the time they were computed."""
    radius, report = _mismatch_report(request)
    figures = selectors.mismatch_report_figures(report)
    computed_at = (
        timezone.localtime(report.computed_at).isoformat(timespec="seconds")
        if report.computed_at
        else ""
    )

    def count(value: int) -> int | str:
        shown = selectors.small_count(value)  # "<5" stays text, other counts are numbers
        return int(shown) if shown.isdigit() else shown

    header = [
        "level",
        "key",
        "name",
        "young_people",
        "young_people_without_offer",
        "offers",
        "offers_without_candidate",
        "radius_km",
        "computed_at",
    ]
    levels = (("district", figures.districts), ("kldb_group", figures.groups)) if figures else ()
    rows = [
        [
            level,
            row.key,
            row.name,
            count(row.people),
            count(row.people_unmatched),
            count(row.offers),
            count(row.offers_unmatched),
            float(radius),
            computed_at,
        ]
        for level, level_rows in levels
        for row in level_rows
    ]
    return exports.response("kausa-mismatch", header, rows)
