"""API endpoints of jobwalk (ninja reads annotations at runtime: no __future__ import)."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from ninja import Field, Query, Router, Schema, Status

from kausa.core.api_params import ErrorOut, PkInt
from kausa.core.links import absolute_url
from kausa.jobwalk import exports, selectors
from kausa.jobwalk.engine.planning import PlanError
from kausa.jobwalk.personal_tours import PlanRequest, plan_tour
from kausa.reference.occupation_names import occupation_label

router = Router(tags=["jobwalk"])
LANGS = {code for code, _name in settings.LANGUAGES}


class TourListFilter(Schema):
    city: str = Field("", max_length=80, description="city key or name, e.g. lauf-an-der-pegnitz")
    lang: str = Field("de", max_length=5, description="language of titles and texts")


class TourSummaryOut(Schema):
    id: int
    title: str
    text: str
    city: str
    city_name: str
    length_m: float
    total_minutes: int
    stations: int
    distance_model: str
    url: str


class LangFilter(Schema):
    lang: str = Field("de", max_length=5)


def _activate(lang: str) -> None:
    translation.activate(lang if lang in LANGS else "de")


@router.get(
    "/jobwalk/tours",
    response=list[TourSummaryOut],
    url_name="jobwalk_tours",
    summary="Published JOBWALK tours, optionally of one city",
)
def tours(request: HttpRequest, filters: Query[TourListFilter]) -> list[dict[str, Any]]:
    _activate(filters.lang)
    return [
        {
            "id": t.pk,
            "title": t.title,
            "text": t.text,
            "city": t.city,
            "city_name": t.city_name,
            "length_m": round(t.length_m),
            "total_minutes": round(t.walk_minutes + t.dwell_minutes * t.station_count),
            "stations": t.station_count,
            "distance_model": t.distance_model,
            "url": absolute_url(f"/api/v1/jobwalk/tours/{t.pk}"),
        }
        for t in selectors.published_tours(city=filters.city)[:200]
    ]


@router.get(
    "/jobwalk/tours/{int:tour_id}",
    response={200: dict[str, Any], 404: ErrorOut},
    url_name="jobwalk_tour",
    summary="One published tour as GeoJSON: route (LineString), start and stations (Points)",
)
def tour(request: HttpRequest, tour_id: PkInt, filters: Query[LangFilter]) -> Status:
    _activate(filters.lang)
    return Status(200, exports.tour_geojson(selectors.published_tour(pk=tour_id)))


@router.get(
    "/jobwalk/tours/{int:tour_id}.gpx",
    response={200: None, 404: ErrorOut},
    openapi_extra={
        "responses": {
            200: {
                "description": "GPX 1.1 track of the walk with a waypoint per station",
                "content": {"application/gpx+xml": {"schema": {"type": "string"}}},
            }
        }
    },
    url_name="jobwalk_tour_gpx",
    summary="One published tour as GPX track with station waypoints",
)
def tour_gpx(request: HttpRequest, tour_id: PkInt) -> HttpResponse:
    found = selectors.published_tour(pk=tour_id)
    response = HttpResponse(exports.tour_gpx(found), content_type="application/gpx+xml")
    response["Content-Disposition"] = f'attachment; filename="jobwalk-{found.pk}.gpx"'
    return response


class PlanIn(Schema):
    postal_code: str = Field("", max_length=5, description="start at this postal code …")
    lat: float | None = Field(None, ge=-90, le=90, description="… or at this location")
    lon: float | None = Field(None, ge=-180, le=180)
    address: str = Field(
        "", max_length=120, description="street and house number, e.g. 'Marktplatz 1, Lauf'"
    )
    occupations: list[PkInt] = Field([], max_length=50, description="occupation ids")
    kldb: list[str] = Field([], max_length=20, description="KldB groups, e.g. '252' or '2'")
    interests: list[str] = Field(
        [],
        max_length=20,
        description="fields of work: keys of /api/v1/occupation-groups, e.g. 'vehicles'",
    )
    budget_minutes: int = Field(90, ge=10, le=480)
    max_stations: int | None = Field(None, ge=1, le=29, description="empty: as many as fit")
    return_to_start: bool = False
    pace_kmh: float = Field(4.0, ge=2.0, le=7.0)
    dwell_minutes: int = Field(15, ge=0, le=60)
    lang: str = Field("de", max_length=5)


class PlannedStationOut(Schema):
    company_id: int
    name: str
    street: str
    sector: str
    lat: float
    lon: float
    score: float
    occupations: list[str] = Field(..., description="German short names")
    occupation_labels: list[str] = Field(
        [], description="the same occupations, named in the language asked for (lang)"
    )
    walk_m_from_previous: float


class PlanOut(Schema):
    distance_model: str
    method: str
    optimal: bool
    start: dict[str, float]
    length_m: float
    walk_minutes: float
    total_minutes: float
    stations: list[PlannedStationOut]
    geometry: dict[str, Any]


def plan_payload(result: Any) -> dict[str, Any]:
    route = result.plan.route
    return {
        "distance_model": route.model,
        "method": route.method,
        "optimal": route.optimal,
        "start": {"lat": result.start[0], "lon": result.start[1]},
        "length_m": round(route.length_m, 1),
        "walk_minutes": round(result.plan.walk_minutes, 1),
        "total_minutes": round(result.plan.total_minutes, 1),
        "stations": [
            {
                "company_id": s.company.pk,
                "name": s.company.name,
                "street": s.company.street,
                "sector": s.company.sector,
                "lat": s.company.lat,
                "lon": s.company.lon,
                "score": s.score,
                "occupations": s.occupations,
                "occupation_labels": [
                    occupation_label(o, translation.get_language()) for o in s.shown
                ],
                "walk_m_from_previous": round(s.leg_m, 1),
            }
            for s in result.stations
        ],
        "geometry": {
            "type": "LineString",
            "coordinates": [[round(lon, 6), round(lat, 6)] for lat, lon in route.geometry],
        },
    }


@router.post(
    "/jobwalk/plan",
    response={200: PlanOut, 422: ErrorOut},
    url_name="jobwalk_plan",
    summary="Make me a tour: start, interests and time budget -> stations, route, time",
)
def plan(request: HttpRequest, payload: PlanIn) -> Status:
    _activate(payload.lang)
    if payload.postal_code and not payload.postal_code.isdigit():
        return Status(422, {"detail": "postal_code must be 5 digits."})
    if (payload.lat is None) != (payload.lon is None):
        return Status(422, {"detail": "Give both lat and lon, or a postal_code."})
    try:
        result = plan_tour(
            PlanRequest(
                lat=payload.lat,
                lon=payload.lon,
                postal_code=payload.postal_code,
                address=payload.address,
                occupation_ids=payload.occupations,
                kldb_codes=payload.kldb,
                interest_groups=[key[:40] for key in payload.interests],
                budget_minutes=payload.budget_minutes,
                max_stations=payload.max_stations,
                return_to_start=payload.return_to_start,
                pace_kmh=payload.pace_kmh,
                dwell_minutes=payload.dwell_minutes,
            )
        )
    except PlanError as exc:
        return Status(422, {"detail": str(exc)})
    return Status(200, plan_payload(result))
