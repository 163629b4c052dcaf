"""Writes of JOBWALK: networks, participations, tours and stations, team walks and check-ins."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kausa.accounts.tenancy import require_edit_access
from kausa.core.audit import audit
from kausa.jobwalk import selectors
from kausa.jobwalk.engine.planning import MAX_POINTS, PlanError, route_through
from kausa.jobwalk.engine.routing import build_graph, haversine_m
from kausa.jobwalk.models import (
    PLANNED_TOUR_DAYS,
    CheckIn,
    Participation,
    PlannedStop,
    PlannedTour,
    Station,
    StreetNetwork,
    TeamWalk,
    Tour,
)
from kausa.jobwalk.streets import network_file

if TYPE_CHECKING:
    from kausa.accounts.models import Organisation, User
    from kausa.companies.models import Company

POINTS_CHECK_IN = 10
POINTS_QUIZ = 5
# stations of a planned tour lie within this distance of its start (the planner looks 6 km)
PLANNED_TOUR_REACH_M = 8000.0
LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


# --- street networks -------------------------------------------------------------------------
def network_load(*, path: str | Path, city_name: str) -> StreetNetwork:
    """Build the walkable graph of an OSM extract and store it for `city_name`."""
    city = slugify(city_name)
    if not city:
        raise ValidationError(_("The city needs a name."))
    graph = build_graph(path, name=city)
    target = graph.save(network_file(city))
    try:
        stored = str(target.relative_to(Path(settings.DATA_DIR)))
    except ValueError:
        stored = str(target)
    south, west, north, east = graph.bbox
    network, _created = StreetNetwork.objects.update_or_create(
        city=city,
        defaults={
            "name": city_name.strip(),
            "south": south,
            "west": west,
            "north": north,
            "east": east,
            "node_count": graph.node_count,
            "edge_count": graph.edge_count,
            "file_path": stored,
            "source": Path(path).name,
        },
    )
    return network


# --- companies that take part ----------------------------------------------------------------
@transaction.atomic
def participation_set(
    *,
    user: User | None,
    company: Company,
    agreed_on: dt.date | None = None,
    visiting_times: str = "",
    occupation_ids: Iterable[int] = (),
    active: bool = True,
) -> Participation:
    require_edit_access(user, company.organisation_id)
    participation, _created = Participation.objects.update_or_create(
        company=company,
        defaults={
            "organisation_id": company.organisation_id,
            "agreed_on": agreed_on or timezone.localdate(),
            "visiting_times": visiting_times[:200],
            "active": active,
        },
    )
    participation.occupations.set(list(occupation_ids))
    audit(actor=user, action="update", obj=participation, detail=f"active={active}")
    return participation


# --- tours -----------------------------------------------------------------------------------
def _clean_texts(texts: dict[str, dict[str, Any]]) -> dict[str, dict[str, str]]:
    clean: dict[str, dict[str, str]] = {}
    for code, value in texts.items():
        if code not in LANGUAGE_CODES or not isinstance(value, dict):
            continue
        title = str(value.get("title", "")).strip()[:200]
        text = str(value.get("text", "")).strip()[:4000]
        if title or text:
            clean[code] = {"title": title, "text": text}
    if not any(v.get("title") for v in clean.values()):
        raise ValidationError(_("A tour needs a title in at least one language."))
    return clean


@transaction.atomic
def tour_create(
    *,
    user: User | None,
    organisation: Organisation,
    city_name: str,
    texts: dict[str, dict[str, Any]],
    start_lat: float,
    start_lon: float,
    start_label: str = "",
    theme_sectors: Iterable[str] = (),
    theme_occupation_ids: Iterable[int] = (),
    return_to_start: bool = False,
    pace_kmh: float = 4.0,
    dwell_minutes: int = 15,
) -> Tour:
    require_edit_access(user, organisation.pk)
    tour = Tour(
        organisation=organisation,
        city=slugify(city_name),
        city_name=city_name.strip(),
        texts=_clean_texts(texts),
        theme_sectors=sorted({s.strip() for s in theme_sectors if s.strip()}),
        start_lat=start_lat,
        start_lon=start_lon,
        start_label=start_label[:200],
        return_to_start=return_to_start,
        pace_kmh=pace_kmh,
        dwell_minutes=dwell_minutes,
    )
    tour.full_clean()
    tour.save()
    tour.theme_occupations.set(list(theme_occupation_ids))
    audit(actor=user, action="create", obj=tour)
    return tour


@transaction.atomic
def tour_update(
    *,
    user: User | None,
    tour: Tour,
    texts: dict[str, dict[str, Any]] | None = None,
    theme_sectors: Iterable[str] | None = None,
    return_to_start: bool | None = None,
    pace_kmh: float | None = None,
    dwell_minutes: int | None = None,
) -> Tour:
    require_edit_access(user, tour.organisation_id)
    if texts is not None:
        tour.texts = _clean_texts(texts)
    if theme_sectors is not None:
        tour.theme_sectors = sorted({s.strip() for s in theme_sectors if s.strip()})
    if return_to_start is not None:
        tour.return_to_start = return_to_start
    if pace_kmh is not None:
        tour.pace_kmh = pace_kmh
    if dwell_minutes is not None:
        tour.dwell_minutes = dwell_minutes
    tour.full_clean()
    tour.save()
    tour_refresh_route(tour=tour)
    audit(actor=user, action="update", obj=tour)
    return tour


def tour_refresh_route(*, tour: Tour, optimise: bool = False) -> list[int]:
    """Recompute the street geometry (and, when asked, the best order) of a tour.

    Returns the station ids in their (new) order.
    """
    stations = list(tour.stations.select_related("company").order_by("position"))
    lat = np.array([tour.start_lat] + [s.company.lat for s in stations], float)
    lon = np.array([tour.start_lon] + [s.company.lon for s in stations], float)
    model, _network = selectors.distance_model_at(tour.start_lat, tour.start_lon)
    route = route_through(model, lat, lon, closed=tour.return_to_start, optimise=optimise)
    ordered = [stations[i - 1] for i in route.order if i != 0]
    for position, station in enumerate(ordered, start=1):
        if station.position != position:
            station.position = position
            station.save(update_fields=["position", "updated_at"])
    tour.geometry = [[round(a, 6), round(b, 6)] for a, b in route.geometry]
    tour.length_m = round(route.length_m, 1)
    tour.distance_model = route.model
    tour.save(update_fields=["geometry", "length_m", "distance_model", "updated_at"])
    return [s.pk for s in ordered]


@transaction.atomic
def tour_set_stations(
    *, user: User | None, tour: Tour, company_ids: list[int], optimise: bool = False
) -> Tour:
    """Stations in this order (companies of the tour's office that take visitors)."""
    require_edit_access(user, tour.organisation_id)
    company_ids = list(dict.fromkeys(company_ids))
    if len(company_ids) > MAX_POINTS - 1:
        raise ValidationError(_("A tour has at most %(n)d stations.") % {"n": MAX_POINTS - 1})
    allowed = {p.company_id: p.company for p in selectors.participations_for(tour=tour)}
    unknown = [cid for cid in company_ids if cid not in allowed]
    if unknown:
        raise ValidationError(
            _("These companies do not take part in JOBWALK here: %(ids)s")
            % {"ids": ", ".join(map(str, unknown))}
        )
    existing = {s.company_id: s for s in tour.stations.all()}
    tour.stations.exclude(company_id__in=company_ids).delete()
    # move the kept ones out of the way of the new positions first
    tour.stations.update(position=F("position") + 1000)
    for position, cid in enumerate(company_ids, start=1):
        station = existing.get(cid) or Station(tour=tour, company=allowed[cid])
        station.position = position
        station.save()
    try:
        tour_refresh_route(tour=tour, optimise=optimise)
    except PlanError as exc:
        raise ValidationError(str(exc)) from exc
    audit(actor=user, action="update", obj=tour, detail=f"stations={len(company_ids)}")
    return tour


@transaction.atomic
def station_set_content(
    *,
    user: User | None,
    station: Station,
    language: str,
    learn: str,
    question: str = "",
    answers: list[str] | None = None,
    correct: int = 0,
) -> Station:
    require_edit_access(user, station.tour.organisation_id)
    if language not in LANGUAGE_CODES:
        raise ValidationError(_("Unknown language."))
    answers = [a.strip()[:200] for a in (answers or []) if a.strip()]
    if question.strip() and len(answers) < 2:
        raise ValidationError(_("A quiz question needs at least two answers."))
    if answers and not 0 <= correct < len(answers):
        raise ValidationError(_("The correct answer must be one of the answers."))
    content = dict(station.content)
    content[language] = {
        "learn": learn.strip()[:4000],
        "question": question.strip()[:300],
        "answers": answers if question.strip() else [],
        "correct": correct if question.strip() else None,
    }
    station.content = content
    station.save(update_fields=["content", "updated_at"])
    return station


@transaction.atomic
def tour_publish(*, user: User | None, tour: Tour, publish: bool = True) -> Tour:
    require_edit_access(user, tour.organisation_id)
    if publish and not tour.stations.exists():
        raise ValidationError(_("A tour needs at least one station before it is published."))
    tour.status = Tour.Status.PUBLISHED if publish else Tour.Status.DRAFT
    tour.published_at = timezone.now() if publish else None
    tour.save(update_fields=["status", "published_at", "updated_at"])
    audit(actor=user, action="update", obj=tour, detail=f"status={tour.status}")
    return tour


# --- team walks ------------------------------------------------------------------------------
def walk_start(*, tour: Tour) -> TeamWalk:
    if not tour.is_published:
        raise ValidationError(_("This tour is not published."))
    return TeamWalk.objects.create(tour=tour)


@transaction.atomic
def walk_check_in(
    *,
    walk: TeamWalk,
    station: Station,
    lat: float | None = None,
    lon: float | None = None,
    code: str = "",
    answer: int | None = None,
) -> CheckIn:
    """Check a team in at a station: near enough by GPS, or with the station's code/QR token."""
    walk = TeamWalk.objects.select_for_update().get(pk=walk.pk)
    if station.tour_id != walk.tour_id:
        raise ValidationError(_("This station is not part of the tour."))
    code = code.strip()
    distance = None
    company = station.company
    if lat is not None and lon is not None and company.lat is not None and company.lon is not None:
        distance = float(haversine_m(lat, lon, company.lat, company.lon))
    if code and (code.upper() == station.code.upper() or code == station.token):
        method = CheckIn.Method.CODE
    elif distance is not None and distance <= station.radius_m:
        method = CheckIn.Method.GPS
    elif distance is not None:
        raise ValidationError(
            _("You are %(d)d m away; come within %(r)d m of the station.")
            % {"d": round(distance), "r": station.radius_m}
        )
    else:
        raise ValidationError(_("Send your location or the station's code."))
    checkin = CheckIn.objects.filter(walk=walk, station=station).first()
    if checkin is None:
        checkin = CheckIn.objects.create(
            walk=walk, station=station, method=method, distance_m=distance, points=POINTS_CHECK_IN
        )
        walk.points += POINTS_CHECK_IN
    if answer is not None and checkin.quiz_correct is None:
        correct = station.localized().get("correct")
        checkin.quiz_correct = correct is not None and answer == correct
        if checkin.quiz_correct:
            checkin.points += POINTS_QUIZ
            walk.points += POINTS_QUIZ
        checkin.save(update_fields=["quiz_correct", "points", "updated_at"])
    reached = CheckIn.objects.filter(walk=walk).count()
    if walk.finished_at is None and reached >= walk.tour.stations.count():
        walk.finished_at = timezone.now()
    walk.save(update_fields=["points", "finished_at", "updated_at"])
    return checkin


# --- planned tours (the public planner's result behind a link) ------------------------------
@transaction.atomic
def planned_tour_create(
    *,
    start_lat: float,
    start_lon: float,
    company_ids: list[int],
    start_label: str = "",
    return_to_start: bool = False,
    pace_kmh: float = 4.0,
    dwell_minutes: int = 15,
    now: dt.datetime | None = None,
) -> PlannedTour:
    """Keep a planned tour for PLANNED_TOUR_DAYS: its stations in the planner's order,
    companies that take visitors; the route is computed here again, not taken from the
    request."""
    if not (-90 <= start_lat <= 90 and -180 <= start_lon <= 180):
        raise ValidationError(_("The start coordinates are not valid."))
    company_ids = list(dict.fromkeys(company_ids))
    if not company_ids:
        raise ValidationError(_("A tour needs at least one station."))
    if len(company_ids) > MAX_POINTS - 1:
        raise ValidationError(_("A tour has at most %(n)d stations.") % {"n": MAX_POINTS - 1})
    allowed = {p.company_id: p.company for p in selectors.visitable_participations(company_ids)}
    if any(cid not in allowed for cid in company_ids):
        raise ValidationError(_("Some of these companies no longer take visitors: plan again."))
    companies = [allowed[cid] for cid in company_ids]
    lat = np.array([start_lat] + [c.lat for c in companies], float)
    lon = np.array([start_lon] + [c.lon for c in companies], float)
    if float(np.max(haversine_m(start_lat, start_lon, lat, lon))) > PLANNED_TOUR_REACH_M:
        raise ValidationError(_("A station is too far from the start for a walk: plan again."))
    model, network = selectors.distance_model_at(start_lat, start_lon)
    try:
        route = route_through(model, lat, lon, closed=return_to_start, optimise=False)
    except PlanError as exc:
        raise ValidationError(str(exc)) from exc
    now = now or timezone.now()
    tour = PlannedTour(
        expires_at=now + dt.timedelta(days=PLANNED_TOUR_DAYS),
        city_name=network.name if network else (companies[0].city or "")[:120],
        start_lat=start_lat,
        start_lon=start_lon,
        start_label=start_label.strip()[:200],
        return_to_start=return_to_start,
        pace_kmh=min(max(pace_kmh, 2.0), 7.0),
        dwell_minutes=min(max(dwell_minutes, 0), 60),
        geometry=[[round(a, 6), round(b, 6)] for a, b in route.geometry],
        length_m=round(route.length_m, 1),
        distance_model=route.model,
    )
    tour.save()
    PlannedStop.objects.bulk_create(
        PlannedStop(tour=tour, position=position, company=company)
        for position, company in enumerate(companies, start=1)
    )
    return tour


def planned_tours_delete_expired(*, now: dt.datetime | None = None) -> int:
    """Delete the planned tours whose 30 days are over (with their stations); returns how
    many tours were deleted."""
    now = now or timezone.now()
    expired = PlannedTour.objects.filter(expires_at__lte=now)
    count = expired.count()
    expired.delete()
    return count


@transaction.atomic
def jobwalk_company_move(*, user: User | None, source: Company, target: Company) -> int:
    """The JOBWALK stations and the agreement to receive teams of ``source`` now belong to
    ``target`` (a merge of two records of one company); returns how many rows moved. Where
    both records have one (an agreement, or a station on the same tour) nothing moves: the
    advisor settles that first."""
    require_edit_access(user, source.organisation_id)
    require_edit_access(user, target.organisation_id)
    stations = list(Station.objects.select_for_update().filter(company=source))
    if Station.objects.filter(company=target, tour__in=[s.tour_id for s in stations]).exists():
        raise ValidationError(
            _("Both companies are stations of the same JOBWALK tour; remove one station first.")
        )
    participation = Participation.objects.select_for_update().filter(company=source).first()
    if participation is not None and Participation.objects.filter(company=target).exists():
        raise ValidationError(
            _("Both companies agreed to JOBWALK visits; end one of the agreements first.")
        )
    moved: list[Station | Participation] = [*stations]
    if participation is not None:
        moved.append(participation)
    for row in moved:
        row.company = target
        row.save(update_fields=["company", "updated_at"])
        organisation = row.tour.organisation_id if isinstance(row, Station) else row.organisation_id
        audit(
            actor=user,
            action="update",
            organisation_id=organisation,
            object_type=row._meta.label_lower,
            object_id=str(row.pk),
            detail=f"company {source.pk} → {target.pk}",
        )
    # stops of planned tours (anonymous, 30 days): moved, or dropped where the same planned
    # tour already visits the kept company
    stops = PlannedStop.objects.filter(company=source)
    stops.filter(tour__stations__company=target).delete()
    return len(moved) + stops.update(company=target)
