"""'Make me a tour': candidates and interest scores from the registry, then the engine."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _

from kausa.companies.models import Company
from kausa.jobwalk import selectors
from kausa.jobwalk.engine.planning import Plan, PlanError, plan_walk
from kausa.jobwalk.engine.routing import STRAIGHT_MODEL, haversine_m
from kausa.jobwalk.models import Participation
from kausa.reference.models import Occupation, PostalCode
from kausa.reference.selectors import occupations_in_groups

SCORE_OCCUPATION = 3.0
SCORE_GROUP = 2.0
SCORE_SECTOR = 1.0


@dataclass
class PlanRequest:
    lat: float | None = None
    lon: float | None = None
    postal_code: str = ""
    address: str = ""  # street and house number, e.g. "Marktplatz 1"
    occupation_ids: list[int] = field(default_factory=list)
    kldb_codes: list[str] = field(default_factory=list)
    interest_groups: list[str] = field(default_factory=list)  # OccupationGroup keys
    budget_minutes: float = 90
    max_stations: int | None = None
    return_to_start: bool = False
    pace_kmh: float = 4.0
    dwell_minutes: float = 15


@dataclass
class PlannedStation:
    company: Company
    score: float
    occupations: list[str]  # German short names
    leg_m: float
    shown: list[Occupation] = field(default_factory=list)  # the occupations themselves


@dataclass
class PlannedTour:
    start: tuple[float, float]
    stations: list[PlannedStation]
    plan: Plan
    city_name: str

    @property
    def model(self) -> str:
        return self.plan.route.model


def _start_point(request: PlanRequest) -> tuple[float, float]:
    if request.lat is not None and request.lon is not None:
        if not (-90 <= request.lat <= 90 and -180 <= request.lon <= 180):
            raise PlanError(_("The start coordinates are not valid."))
        return request.lat, request.lon
    address = request.address.strip()
    if address:
        found = selectors.address_lookup(address)
        if found is None:
            raise PlanError(
                _(
                    "Unknown address %(address)s: give street and house number in a city with "
                    "JOBWALK tours."
                )
                % {"address": address}
            )
        return found.lat, found.lon
    code = request.postal_code.strip()
    if code:
        place = PostalCode.objects.filter(code=code).first()
        if place is None:
            raise PlanError(_("Unknown postal code %(code)s.") % {"code": code})
        return place.lat, place.lon
    raise PlanError(_("Give a start: an address, a postal code or a location (lat/lon)."))


def _interest_occupations(request: PlanRequest) -> list[Occupation]:
    qs = Occupation.objects.none()
    if request.occupation_ids:
        qs = qs | Occupation.objects.filter(pk__in=request.occupation_ids)
    for code in request.kldb_codes[:20]:
        if code.strip().isdigit():
            qs = qs | Occupation.objects.filter(kldb__code__startswith=code.strip())
    if request.interest_groups:
        qs = qs | occupations_in_groups(request.interest_groups)
    return list(qs.select_related("kldb").distinct()[:500])


def interest_score(
    participation: Participation, interests: Iterable[Occupation], *, any_interest: bool
) -> float:
    """3 for an occupation asked for, 2 for one of the same KldB group (3 digits), 1 sector."""
    if not any_interest:
        return 1.0
    interests = list(interests)
    wanted = {o.pk for o in interests}
    groups = {o.kldb_id[:3] for o in interests}
    sectors = {o.sector for o in interests}
    shown = list(participation.occupations.all())
    if any(o.pk in wanted for o in shown):
        return SCORE_OCCUPATION
    if any(o.kldb_id[:3] in groups for o in shown):
        return SCORE_GROUP
    if participation.company.sector in sectors or any(o.sector in sectors for o in shown):
        return SCORE_SECTOR
    return 0.0


def _candidates(lat: float, lon: float, network_found: bool) -> list[Participation]:
    qs = Participation.objects.filter(active=True, company__lat__isnull=False).select_related(
        "company"
    )
    # a box of about 6 km around the start; exact distance below
    qs = qs.filter(
        company__lat__range=(lat - 0.055, lat + 0.055),
        company__lon__range=(lon - 0.085, lon + 0.085),
    ).prefetch_related("occupations")
    rows = list(qs.order_by("id")[:2000])
    if not rows:
        return []
    dist = haversine_m(
        lat, lon, np.array([p.company.lat for p in rows]), np.array([p.company.lon for p in rows])
    )
    radius = 6000.0 if network_found else selectors.FALLBACK_RADIUS_M
    return [p for p, d in zip(rows, dist, strict=True) if d <= radius]


def plan_tour(request: PlanRequest) -> PlannedTour:
    """A tour for one person's interests within their time budget (raises PlanError)."""
    if not 10 <= request.budget_minutes <= 480:
        raise PlanError(_("The time budget must be between 10 and 480 minutes."))
    start = _start_point(request)
    model, network = selectors.distance_model_at(*start)
    candidates = _candidates(*start, network_found=network is not None)
    if not candidates:
        raise PlanError(
            _("The start is outside every JOBWALK area: no company that takes part is near.")
        )
    interests = _interest_occupations(request)
    any_interest = bool(request.occupation_ids or request.kldb_codes or request.interest_groups)
    scores = np.array([interest_score(p, interests, any_interest=any_interest) for p in candidates])
    plan = plan_walk(
        model,
        start,
        np.array([p.company.lat for p in candidates]),
        np.array([p.company.lon for p in candidates]),
        scores,
        budget_minutes=request.budget_minutes,
        pace_kmh=request.pace_kmh,
        dwell_minutes=request.dwell_minutes,
        max_stations=request.max_stations,
        closed=request.return_to_start,
    )
    stations = []
    for k, index in enumerate(plan.stations):
        p = candidates[index]
        shown = list(p.occupations.all())
        stations.append(
            PlannedStation(
                company=p.company,
                score=float(scores[index]),
                occupations=[o.short_name for o in shown],
                leg_m=plan.route.legs_m[k],
                shown=shown,
            )
        )
    city = network.name if network else (stations[0].company.city if stations else "")
    return PlannedTour(start=start, stations=stations, plan=plan, city_name=city)


def model_label(model: str) -> str:
    if model == STRAIGHT_MODEL:
        return _("straight line × 1.3 (no street network here)")
    return _("walking distances on the street network")
