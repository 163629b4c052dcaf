from __future__ import annotations

import gzip

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from kausa.jobwalk import selectors, services
from kausa.jobwalk.engine.planning import PlanError
from kausa.jobwalk.engine.routing import STRAIGHT_MODEL, STREET_MODEL
from kausa.jobwalk.models import CheckIn, StreetNetwork, Tour
from kausa.jobwalk.personal_tours import PlanRequest, plan_tour
from kausa.reference.models import Occupation
from tests.factories import CompanyFactory
from tests.jobwalk.factories import LAUF_PLACES, lauf_companies, published_tour
from tests.jobwalk.test_routing import _osm_xml

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are matched in English, whichever language an earlier test left active."""
    from django.utils import translation

    with translation.override("en"):
        yield


def test_load_streets_command_stores_the_graph_and_a_row(tmp_path, settings, capsys):
    settings.DATA_DIR = tmp_path
    extract = tmp_path / "town.osm.gz"
    extract.write_bytes(gzip.compress(_osm_xml().encode()))
    call_command("load_streets", str(extract), "--name", "Kleinstadt")
    network = StreetNetwork.objects.get(city="kleinstadt")
    assert network.node_count == 5 and network.edge_count == 5
    assert (tmp_path / "streets" / "kleinstadt.npz").exists()
    assert network.file_path == "streets/kleinstadt.npz"
    assert "5 nodes" in capsys.readouterr().out


def test_tour_follows_the_streets_and_optimising_never_makes_it_longer(network, office):
    tour = published_tour(office)
    assert tour.distance_model == STREET_MODEL
    assert len(tour.geometry) > 4
    given = tour.length_m
    companies = [s.company_id for s in tour.stations.all()]
    services.tour_set_stations(user=None, tour=tour, company_ids=companies[::-1], optimise=True)
    tour.refresh_from_db()
    assert tour.length_m <= given + 0.5
    assert [s.position for s in tour.stations.all()] == [1, 2, 3]


def test_stations_must_be_companies_that_take_part(network, office):
    tour = published_tour(office)
    stranger = CompanyFactory(organisation=office, lat=49.511, lon=11.279)
    with pytest.raises(ValidationError):
        services.tour_set_stations(user=None, tour=tour, company_ids=[stranger.pk])


def test_other_office_cannot_change_a_tour(network, office, other_office_advisor):
    tour = published_tour(office)
    with pytest.raises(PermissionDenied):
        services.tour_publish(user=other_office_advisor, tour=tour, publish=False)


def test_without_a_network_the_route_is_straight_and_says_so(office, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    tour = published_tour(office)
    assert tour.distance_model == STRAIGHT_MODEL
    assert len(tour.geometry) == 4


def test_a_network_whose_graph_file_is_gone_walks_by_straight_line(network, office, settings):
    """After a restore into a new data directory the stored graph may be missing: tours
    still work (straight lines, said so) until `kausa load-streets` runs again."""
    network.file_path = "streets/restored-without-this.npz"
    network.save()
    tour = published_tour(office)
    assert tour.distance_model == STRAIGHT_MODEL
    assert selectors.network_at(*LAUF_PLACES[0]) is None


def test_check_in_by_location_code_and_quiz(network, office):
    tour = published_tour(office)
    walk = services.walk_start(tour=tour)
    first, second, third = tour.stations.all()
    with pytest.raises(ValidationError, match="away"):
        services.walk_check_in(walk=walk, station=first, lat=LAUF_PLACES[0][0], lon=11.2776)
    checkin = services.walk_check_in(
        walk=walk, station=first, lat=first.company.lat + 0.0002, lon=first.company.lon, answer=0
    )
    assert checkin.method == CheckIn.Method.GPS and checkin.quiz_correct
    services.walk_check_in(walk=walk, station=second, code=second.code.lower(), answer=1)
    services.walk_check_in(walk=walk, station=third, code=third.token)
    walk.refresh_from_db()
    assert walk.points == 3 * services.POINTS_CHECK_IN + services.POINTS_QUIZ
    assert walk.finished_at is not None
    figures = selectors.walk_figures(tour=tour)
    assert (figures.started, figures.finished, figures.stations_reached) == (1, 1, 3)


def test_a_draft_cannot_be_walked(network, office):
    tour = published_tour(office)
    services.tour_publish(user=None, tour=tour, publish=False)
    with pytest.raises(ValidationError):
        services.walk_start(tour=tour)


def test_planner_picks_interesting_companies_on_the_street_network(network, office):
    mechanic = Occupation.objects.filter(sector="Fahrzeug").first()
    lauf_companies(office, 3, sector="Fahrzeug", occupation_ids=[mechanic.pk])
    result = plan_tour(
        PlanRequest(postal_code="91207", occupation_ids=[mechanic.pk], budget_minutes=120)
    )
    assert result.model == STREET_MODEL
    assert 1 <= len(result.stations) <= 3
    assert all(s.score == 3.0 for s in result.stations)
    assert result.plan.total_minutes <= 120
    assert result.plan.route.optimal


def test_planner_refuses_a_start_outside_every_area(network, office):
    lauf_companies(office, 2)
    with pytest.raises(PlanError, match="outside"):
        plan_tour(PlanRequest(postal_code="10115", budget_minutes=90))


def test_planner_refuses_a_budget_too_short(network, office):
    lauf_companies(office, 2)
    with pytest.raises(PlanError, match="too short"):
        plan_tour(PlanRequest(lat=49.5105, lon=11.2700, budget_minutes=10))


def test_planner_falls_back_to_straight_lines_without_a_network(office, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    lauf_companies(office, 3)
    result = plan_tour(PlanRequest(postal_code="91207", budget_minutes=90, return_to_start=True))
    assert result.model == STRAIGHT_MODEL
    assert result.plan.route.order[0] == result.plan.route.order[-1] == 0


def test_public_selectors_show_published_tours_only(network, office):
    tour = published_tour(office)
    assert list(selectors.published_tours(city="lauf-an-der-pegnitz")) == [tour]
    Tour.objects.filter(pk=tour.pk).update(status="draft")
    assert not selectors.published_tours().exists()
