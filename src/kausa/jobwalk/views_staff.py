"""Staff pages: the office's tours, building a tour on a map, publishing, station texts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kausa.accounts.http import AuthenticatedRequest
from kausa.accounts.permissions import figures_required, staff_member_required
from kausa.accounts.selectors import office_for_new_record
from kausa.core.links import absolute_reverse
from kausa.jobwalk import exports, selectors, services
from kausa.jobwalk.forms import StationContentForm, TourForm
from kausa.jobwalk.models import Tour

if TYPE_CHECKING:
    from kausa.accounts.models import Organisation


def _require_edit(request: AuthenticatedRequest, tour: Tour) -> None:
    if not selectors.can_edit(request.user, tour):
        raise PermissionDenied


@figures_required  # the menu shows "Tours" by the same rule (workspace.navigation)
def staff_tour_list(request: AuthenticatedRequest) -> HttpResponse:
    tours = list(selectors.staff_tours(user=request.user))
    can_create = selectors.user_can_create_tours(request.user)
    return render(
        request, "jobwalk/staff_tour_list.html", {"tours": tours, "can_create": can_create}
    )


def _edit_organisation(request: AuthenticatedRequest) -> Organisation:
    org = office_for_new_record(user=request.user)
    if org is None:
        raise PermissionDenied
    return org


@staff_member_required
def staff_tour_create(request: AuthenticatedRequest) -> HttpResponse:
    organisation = _edit_organisation(request)
    form = TourForm(request.POST or None, initial={"pace_kmh": 4.0, "dwell_minutes": 15})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            tour = services.tour_create(
                user=request.user,
                organisation=organisation,
                city_name=data["city_name"],
                texts=form.texts(),
                start_lat=data["start_lat"],
                start_lon=data["start_lon"],
                start_label=data["start_label"],
                theme_sectors=data["theme_sectors"],
                return_to_start=data["return_to_start"],
                pace_kmh=data["pace_kmh"],
                dwell_minutes=data["dwell_minutes"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Tour created. Now choose its stations."))
            return redirect("jobwalk:staff_tour_edit", pk=tour.pk)
    status = 400 if form.errors else 200
    return render(
        request, "jobwalk/staff_tour_form.html", {"form": form, "tour": None}, status=status
    )


def _builder_data(tour: Tour) -> dict[str, Any]:
    chosen = {s.company_id: s.position for s in tour.stations.all()}
    companies = [
        {
            "id": p.company_id,
            "name": p.company.name,
            "street": p.company.street,
            "sector": p.company.sector,
            "lat": p.company.lat,
            "lon": p.company.lon,
            "position": chosen.get(p.company_id),
        }
        for p in selectors.participations_for(tour=tour)
    ]
    return {"tour": exports.tour_geojson(tour), "companies": companies}


@staff_member_required
def staff_tour_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    tour = selectors.staff_tour(user=request.user, pk=pk)
    editable = selectors.can_edit(request.user, tour)
    if request.method == "POST":
        _require_edit(request, tour)
        if request.POST.get("action") == "details":
            return _save_details(request, tour)
        try:
            ids = [int(x) for x in request.POST.get("order", "").split(",") if x.strip()]
        except ValueError:
            messages.error(request, _("The order of the stations could not be read."))
            return redirect("jobwalk:staff_tour_edit", pk=tour.pk)
        try:
            services.tour_set_stations(
                user=request.user,
                tour=tour,
                company_ids=ids,
                optimise=request.POST.get("action") == "optimise",
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Stations saved, route updated."))
        return redirect("jobwalk:staff_tour_edit", pk=tour.pk)
    return _render_edit(request, tour, editable=editable)


def _render_edit(
    request: AuthenticatedRequest,
    tour: Tour,
    *,
    editable: bool,
    form: TourForm | None = None,
    status: int = 200,
) -> HttpResponse:
    tour = selectors.staff_tour(user=request.user, pk=tour.pk)  # fresh, with its stations
    return render(
        request,
        "jobwalk/staff_tour_edit.html",
        {
            "tour": tour,
            "editable": editable,
            "builder": _builder_data(tour),
            "figures": selectors.walk_figures(tour=tour),
            "form": form or TourForm(initial=TourForm.initial_for(tour)),
            "details_open": form is not None,
            "tile_url": settings.KAUSA_TILE_URL,
            "stations": sorted(tour.stations.all(), key=lambda s: s.position),
        },
        status=status,
    )


def _save_details(request: AuthenticatedRequest, tour: Tour) -> HttpResponse:
    """Bad input shows the form again with its errors; nothing is saved."""
    form = TourForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.tour_update(
                user=request.user,
                tour=tour,
                texts=form.texts(),
                theme_sectors=data["theme_sectors"],
                return_to_start=data["return_to_start"],
                pace_kmh=data["pace_kmh"],
                dwell_minutes=data["dwell_minutes"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Tour saved."))
            return redirect("jobwalk:staff_tour_edit", pk=tour.pk)
    return _render_edit(request, tour, editable=True, form=form, status=400)


@staff_member_required
@require_POST
def staff_tour_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    tour = selectors.staff_tour(user=request.user, pk=pk)
    _require_edit(request, tour)
    publish = request.POST.get("publish", "1") == "1"
    try:
        services.tour_publish(user=request.user, tour=tour, publish=publish)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Tour published.") if publish else _("Tour withdrawn."))
    return redirect("jobwalk:staff_tour_edit", pk=tour.pk)


@staff_member_required
def staff_tour_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The office's copy of the handout, with each station's check-in code (never public)."""
    tour = selectors.staff_tour(user=request.user, pk=pk)
    _require_edit(request, tour)
    body = exports.tour_pdf(tour, get_language(), staff_copy=True)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="jobwalk-{tour.pk}-staff.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@staff_member_required
def staff_station_edit(request: AuthenticatedRequest, pk: int, station_pk: int) -> HttpResponse:
    tour = selectors.staff_tour(user=request.user, pk=pk)
    station = selectors.tour_station_get(tour=tour, pk=station_pk)
    _require_edit(request, tour)
    language = request.GET.get("language", "de")
    existing = station.content.get(language, {})
    initial = {
        "language": language,
        "learn": existing.get("learn", ""),
        "question": existing.get("question", ""),
        "answers": "\n".join(existing.get("answers", [])),
        "correct": (existing.get("correct") or 0) + 1 if existing.get("answers") else None,
    }
    form = StationContentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.station_set_content(
                user=request.user,
                station=station,
                language=data["language"],
                learn=data["learn"],
                question=data["question"],
                answers=data["answers"].splitlines(),
                correct=(data.get("correct") or 1) - 1,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Station text saved."))
            return redirect("jobwalk:staff_tour_edit", pk=tour.pk)
    status = 400 if form.errors else 200
    phone_url = absolute_reverse("jobwalk:tour", tour.pk)
    qr = segno.make(f"{phone_url}#station={station.pk}&code={station.code}", error="m")
    return render(
        request,
        "jobwalk/staff_station_form.html",
        {
            "tour": tour,
            "station": station,
            "form": form,
            "qr_svg": qr.svg_data_uri(scale=4),
        },
        status=status,
    )
