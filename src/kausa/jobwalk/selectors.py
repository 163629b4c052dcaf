"""Reads of JOBWALK: public tours, staff tours scoped to the user's offices, figures."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import Http404

from kausa.accounts.tenancy import access_for, scope_figures
from kausa.core.process_cache import ProcessCache
from kausa.core.sql import OneRowQuery
from kausa.jobwalk.engine.routing import Address, DistanceModel, StraightLineModel
from kausa.jobwalk.models import (
    Participation,
    PlannedStop,
    PlannedTour,
    Station,
    StreetNetwork,
    TeamWalk,
    Tour,
)
from kausa.jobwalk.streets import graph_at, resolve
from kausa.reference.models import Occupation

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django_stubs_ext import WithAnnotations

    from kausa.accounts.models import User


class StationCount(TypedDict):
    station_count: int


T = TypeVar("T", bound=Tour)

# Beyond this distance from every network and every participating company: outside any area.
FALLBACK_RADIUS_M = 5000.0


log = logging.getLogger(__name__)


def _with_stations(qs: QuerySet[T]) -> QuerySet[T]:
    return qs.prefetch_related(
        Prefetch(
            "stations",
            queryset=Station.objects.select_related("company", "company__postal_code").order_by(
                "position"
            ),
        )
    )


# --- public ----------------------------------------------------------------------------------
def published_tours(*, city: str = "") -> QuerySet[WithAnnotations[Tour, StationCount]]:
    qs = Tour.objects.filter(status=Tour.Status.PUBLISHED)
    if city:
        qs = qs.filter(Q(city=city) | Q(city_name__iexact=city))
    return _with_stations(qs.annotate(station_count=Count("stations"))).order_by("city_name", "id")


def published_tour(*, pk: int) -> Tour:
    try:
        return _with_stations(Tour.objects.filter(status=Tour.Status.PUBLISHED)).get(pk=pk)
    except Tour.DoesNotExist:
        raise Http404("No published tour with this id.") from None


# The phone page of a published tour reads the tour, its stations, their companies and the
# route on every visit (two queries and about 3 ms of ORM work, more than the rest of the
# page). It keeps them per process under the tour's version: one small query per visit.
PAGE_TOUR_SECONDS = 300.0  # at most; any change to the tour, a station or its company at once
_page_tours: ProcessCache[int, tuple[tuple[Any, ...], Tour]] = ProcessCache(
    seconds=PAGE_TOUR_SECONDS, size=256
)
_tour_version = OneRowQuery(
    lambda pk: (
        Tour.objects.filter(pk=pk, status=Tour.Status.PUBLISHED)
        .annotate(
            stations_changed=Max("stations__updated_at"),
            companies_changed=Max("stations__company__updated_at"),
            n=Count("stations"),
        )
        .values_list("updated_at", "stations_changed", "companies_changed", "n")
    )
)


def published_tour_version(*, pk: int) -> tuple[Any, ...] | None:
    """What changes when the tour, any of its stations or a station's company is saved, or a
    station is added or removed (the tour's updated_at, the newest updated_at of its stations
    and of their companies, their number); None if there is no published tour ``pk``."""
    return _tour_version.fetch(pk)


def published_tour_for_page(*, pk: int) -> Tour:
    """The published tour with its stations, as published_tour, kept per process while its
    version (published_tour_version) stays the same, for at most PAGE_TOUR_SECONDS. The
    object is shared by the process's threads: read it, never change it."""
    version = published_tour_version(pk=pk)
    if version is None:
        raise Http404("No published tour with this id.")
    kept = _page_tours.get(pk)
    if kept is not None and kept[0] == version:
        return kept[1]
    tour = published_tour(pk=pk)
    _page_tours.put(pk, (version, tour))
    return tour


def forget_page_tours() -> None:
    """Forget the tours kept for the phone page (tests)."""
    _page_tours.clear()


def public_cities() -> list[dict[str, object]]:
    rows = (
        Tour.objects.filter(status=Tour.Status.PUBLISHED)
        .values("city", "city_name")
        .annotate(tours=Count("id"))
        .order_by("city_name")
    )
    return list(rows)


def walk_by_token(*, token: str) -> TeamWalk:
    try:
        return TeamWalk.objects.select_related("tour").get(
            token=token, tour__status=Tour.Status.PUBLISHED
        )
    except TeamWalk.DoesNotExist:
        raise Http404("Unknown team walk.") from None


def visitable_participations(company_ids: list[int]) -> QuerySet[Participation]:
    """The agreements of these companies that take visitors now and have a location."""
    return Participation.objects.filter(
        company_id__in=company_ids, active=True, company__lat__isnull=False
    ).select_related("company")


def planned_tour(*, token: str) -> PlannedTour | None:
    """A planned tour by its link, expired or not (the view tells which), with stations."""
    return (
        PlannedTour.objects.filter(token=token[:40])
        .prefetch_related(
            Prefetch(
                "stations",
                queryset=PlannedStop.objects.select_related(
                    "company", "company__postal_code"
                ).order_by("position"),
            )
        )
        .first()
    )


# --- staff -----------------------------------------------------------------------------------
def staff_tours(*, user: User | AnonymousUser) -> QuerySet[Tour]:
    return (
        scope_figures(Tour.objects.all(), user)
        .select_related("organisation")
        .annotate(
            station_count=Count("stations", distinct=True),
            walks_started=Count("walks", distinct=True),
            walks_finished=Count(
                "walks", filter=Q(walks__finished_at__isnull=False), distinct=True
            ),
        )
        .order_by("city_name", "id")
    )


def staff_tour(*, user: User | AnonymousUser, pk: int) -> Tour:
    try:
        return _with_stations(scope_figures(Tour.objects.all(), user)).get(pk=pk)
    except Tour.DoesNotExist:
        raise Http404 from None


def can_edit(user: User | AnonymousUser, tour: Tour) -> bool:
    access = access_for(user)
    return access.is_superuser or tour.organisation_id in access.personal_data_orgs


def user_sees_figures(user: User | AnonymousUser) -> bool:
    """Whether the user sees tours (and their figures) of at least one office."""
    access = access_for(user)
    return bool(access.figure_orgs) or access.is_superuser


def user_can_create_tours(user: User | AnonymousUser) -> bool:
    access = access_for(user)
    return bool(access.personal_data_orgs) or access.is_superuser


def tour_station_get(*, tour: Tour, pk: int) -> Station:
    """A station of this tour (with its company); a station of another tour is a 404."""
    station = Station.objects.select_related("company", "tour").filter(tour=tour, pk=pk).first()
    if station is None:
        raise Http404
    return station


def occupations_shown() -> list[int]:
    """Ids of the occupations that companies taking part show (for the planner's choices)."""
    shown = (
        Participation.objects.filter(active=True).values_list("occupations", flat=True).distinct()
    )
    return [pk for pk in shown if pk]


def first_occupation_by_company(company_ids: list[int]) -> dict[int, int]:
    """The first occupation (lowest id) each company shows, for the ambassadors next to its
    station."""
    pairs = list(
        Participation.occupations.through.objects.filter(participation__company_id__in=company_ids)
        .order_by("participation__company_id", "occupation_id")
        .values_list("participation__company_id", "occupation_id")
    )
    return dict(reversed(pairs))  # the lowest occupation id per company wins


def occupations_by_company(company_ids: list[int]) -> dict[int, list[Occupation]]:
    """The occupations each company shows to visitors (names and descriptions on the
    station cards), in the order of their short names. Two queries."""
    pairs = list(
        Participation.occupations.through.objects.filter(
            participation__company_id__in=company_ids
        ).values_list("participation__company_id", "occupation_id")
    )
    occupations = Occupation.objects.in_bulk({occupation_id for _, occupation_id in pairs})
    result: dict[int, list[Occupation]] = {}
    for company_id, occupation_id in pairs:
        result.setdefault(company_id, []).append(occupations[occupation_id])
    for shown in result.values():
        shown.sort(key=lambda o: o.short_name)
    return result


def participations_for(*, tour: Tour) -> QuerySet[Participation]:
    """Companies of the tour's office that take visitors, in the tour's city."""
    qs = Participation.objects.filter(
        organisation_id=tour.organisation_id, active=True, company__lat__isnull=False
    ).select_related("company")
    network = StreetNetwork.objects.filter(city=tour.city).first()
    if network is not None:
        qs = qs.filter(
            company__lat__range=(network.south, network.north),
            company__lon__range=(network.west, network.east),
        )
    else:
        qs = qs.filter(company__city__iexact=tour.city_name)
    return qs.prefetch_related("occupations").order_by("company__name")


@dataclass(frozen=True)
class WalkFigures:
    started: int
    finished: int
    stations_reached: int

    @property
    def completion(self) -> float:
        return self.finished / self.started if self.started else 0.0


def walk_figures(*, tour: Tour) -> WalkFigures:
    walks = TeamWalk.objects.filter(tour=tour)
    return WalkFigures(
        started=walks.count(),
        finished=walks.filter(finished_at__isnull=False).count(),
        stations_reached=Station.objects.filter(tour=tour, checkins__isnull=False).count(),
    )


# --- distance models -------------------------------------------------------------------------
def address_lookup(query: str) -> Address | None:
    """A street address ('Marktplatz 1', 'Hersbrucker Str. 64, Lauf') in any stored network.

    With a city name after a comma, that city's network is asked first.
    """
    query = query.strip()
    if not query:
        return None
    networks = list(StreetNetwork.objects.order_by("name"))
    place = query.split(",", 1)[1].lower() if "," in query else ""
    networks.sort(key=lambda n: 0 if place and n.name.lower().split()[0] in place else 1)
    for network in networks:
        path = resolve(network.file_path)
        if not path.exists():
            continue
        found = graph_at(network.file_path).addresses.find(query)
        if found is not None:
            return found
    return None


def network_at(lat: float, lon: float) -> StreetNetwork | None:
    """The stored network that covers a point (within about 1 km of a walkable way)."""
    for network in StreetNetwork.objects.all():
        if not network.covers(lat, lon):
            continue
        if not resolve(network.file_path).exists():
            # e.g. a restore into a new data directory: walk by straight line (the answer
            # says so) until `kausa load-streets` builds the graph again
            log.warning("street graph %s is missing: run kausa load-streets", network.name)
            continue
        if graph_at(network.file_path).contains(lat, lon):
            return network
    return None


def distance_model_at(lat: float, lon: float) -> tuple[DistanceModel, StreetNetwork | None]:
    network = network_at(lat, lon)
    if network is None:
        return StraightLineModel(), None
    return graph_at(network.file_path), network
