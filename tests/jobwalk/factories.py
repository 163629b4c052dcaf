"""Test objects for JOBWALK: the Lauf network, companies placed on it, a published tour."""

from __future__ import annotations

from pathlib import Path

from kausa.jobwalk import services
from kausa.jobwalk.engine.routing import StreetGraph, build_graph
from kausa.jobwalk.models import StreetNetwork, Tour
from kausa.jobwalk.streets import BUNDLED_EXTRACT
from tests.factories import CompanyFactory, postal_code

_BUILT: dict[str, Path] = {}

# real addresses in the centre of Lauf an der Pegnitz (from the bundled extract)
LAUF_PLACES = [
    (49.51063, 11.27765),  # Marktplatz
    (49.51130, 11.27930),
    (49.50990, 11.27600),
    (49.51210, 11.27700),
    (49.50950, 11.28390),  # station
    (49.51300, 11.28150),
]


def lauf_graph_file(tmp_dir: Path) -> Path:
    """The bundled extract built once per test session."""
    if "lauf" not in _BUILT:
        graph = build_graph(BUNDLED_EXTRACT, name="lauf-an-der-pegnitz")
        _BUILT["lauf"] = graph.save(tmp_dir / "lauf-an-der-pegnitz.npz")
    return _BUILT["lauf"]


def lauf_network(path: Path) -> StreetNetwork:
    graph = StreetGraph.load(path)
    south, west, north, east = graph.bbox
    network, _ = StreetNetwork.objects.get_or_create(
        city="lauf-an-der-pegnitz",
        defaults=dict(
            name="Lauf an der Pegnitz",
            south=south,
            west=west,
            north=north,
            east=east,
            node_count=graph.node_count,
            edge_count=graph.edge_count,
            file_path=str(path),
        ),
    )
    return network


def lauf_companies(office, count: int = 5, sector: str = "Fahrzeug", occupation_ids=()):
    companies = []
    for lat, lon in LAUF_PLACES[1 : count + 1]:
        company = CompanyFactory(
            organisation=office,
            postal_code=postal_code("91207"),
            city="Lauf an der Pegnitz",
            lat=lat,
            lon=lon,
            sector=sector,
        )
        services.participation_set(user=None, company=company, occupation_ids=occupation_ids)
        companies.append(company)
    return companies


def published_tour(office, *, companies=None, closed: bool = False) -> Tour:
    companies = companies if companies is not None else lauf_companies(office, 3)
    tour = services.tour_create(
        user=None,
        organisation=office,
        city_name="Lauf an der Pegnitz",
        texts={"en": {"title": "Cars in Lauf", "text": "Workshops"}, "ar": {"title": "سيارات"}},
        start_lat=LAUF_PLACES[0][0],
        start_lon=LAUF_PLACES[0][1],
        start_label="Marktplatz",
        return_to_start=closed,
    )
    services.tour_set_stations(user=None, tour=tour, company_ids=[c.pk for c in companies])
    for station in tour.stations.all():
        services.station_set_content(
            user=None,
            station=station,
            language="en",
            learn="Cars and engines",
            question="Which tool?",
            answers=["Spanner", "Spoon"],
            correct=0,
        )
    return services.tour_publish(user=None, tour=tour)
