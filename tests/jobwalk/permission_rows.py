"""JOBWALK rows of the permission table (tests/test_permissions.py)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from tests.jobwalk.factories import lauf_graph_file, lauf_network, published_tour

ALL = ["anonymous", "advisor", "other_office_advisor", "coordinator", "partner"]
PUBLIC = dict.fromkeys(ALL, 200)
STAFF_EDIT = {
    "anonymous": 302,
    "advisor": 200,
    "other_office_advisor": 404,
    "coordinator": 403,
    "partner": 404,
}

ROWS: dict[str, dict[str, int]] = {
    "jobwalk:public_index": PUBLIC,
    "jobwalk:public_plan": PUBLIC,
    "jobwalk:service_worker": PUBLIC,
    "jobwalk:manifest": PUBLIC,
    "jobwalk:tour": PUBLIC,
    "jobwalk:tour_pdf": PUBLIC,
    "jobwalk:walk_start": dict.fromkeys(ALL, 201),
    "jobwalk:walk_checkin": {"anonymous": 422, "advisor": 422},
    # planned tours: a POST without the plan is refused; the link works for everyone
    "jobwalk:planned_create": {"anonymous": 400, "advisor": 400},
    "jobwalk:planned_tour": PUBLIC,
    "jobwalk:planned_gpx": PUBLIC,
    "jobwalk:planned_pdf": PUBLIC,
    # the copy with check-in codes: only who may edit the tour
    "jobwalk:staff_tour_pdf": STAFF_EDIT,
    "jobwalk:staff_tour_list": {
        "anonymous": 302,
        "advisor": 200,
        "other_office_advisor": 200,
        "coordinator": 200,
        "partner": 403,
    },
    "jobwalk:staff_tour_create": {
        "anonymous": 302,
        "advisor": 200,
        "other_office_advisor": 200,
        "coordinator": 403,
        "partner": 403,
    },
    "jobwalk:staff_tour_edit": {**STAFF_EDIT, "coordinator": 200},
    "jobwalk:staff_tour_publish": {
        "anonymous": 302,
        "advisor": 302,
        "other_office_advisor": 404,
        "coordinator": 403,
        "partner": 404,
    },
    "jobwalk:staff_station_edit": STAFF_EDIT,
    "api:jobwalk_tours": {"anonymous": 200},
    "api:jobwalk_tour": {"anonymous": 200},
    "api:jobwalk_tour_gpx": {"anonymous": 200},
    "api:jobwalk_plan": {"anonymous": 400},  # no JSON body
}


def build(office, other_office) -> dict[str, str]:
    streets = Path(tempfile.gettempdir()) / "kausa-jobwalk-permission-tests"
    streets.mkdir(exist_ok=True)
    lauf_network(lauf_graph_file(streets))
    tour = published_tour(office)
    station = tour.stations.first()
    from kausa.jobwalk.services import walk_start

    walk = walk_start(tour=tour)
    from kausa.jobwalk.services import planned_tour_create

    planned = planned_tour_create(
        start_lat=tour.start_lat,
        start_lon=tour.start_lon,
        company_ids=[s.company_id for s in tour.stations.order_by("position")],
    ).token
    return {
        "jobwalk:public_index": "/en/jobwalk/",
        "jobwalk:public_plan": "/en/jobwalk/plan/?postal_code=91207&budget_minutes=120",
        "jobwalk:service_worker": "/en/jobwalk/sw.js",
        "jobwalk:manifest": f"/en/jobwalk/manifest.webmanifest?tour={tour.pk}",
        "jobwalk:tour": f"/en/jobwalk/tours/{tour.pk}/",
        "jobwalk:tour_pdf": f"/en/jobwalk/tours/{tour.pk}/handout.pdf",
        "jobwalk:walk_start": f"POST /en/jobwalk/tours/{tour.pk}/walks/",
        "jobwalk:walk_checkin": f"POST /en/jobwalk/walks/{walk.token}/checkin/",
        "jobwalk:planned_create": "POST /en/jobwalk/plan/walk/",
        "jobwalk:planned_tour": f"/en/jobwalk/planned/{planned}/",
        "jobwalk:planned_gpx": f"/en/jobwalk/planned/{planned}/tour.gpx",
        "jobwalk:planned_pdf": f"/en/jobwalk/planned/{planned}/handout.pdf",
        "jobwalk:staff_tour_pdf": f"/en/staff/jobwalk/{tour.pk}/handout.pdf",
        "jobwalk:staff_tour_list": "/en/staff/jobwalk/",
        "jobwalk:staff_tour_create": "/en/staff/jobwalk/new/",
        "jobwalk:staff_tour_edit": f"/en/staff/jobwalk/{tour.pk}/",
        "jobwalk:staff_tour_publish": f"POST /en/staff/jobwalk/{tour.pk}/publish/",
        "jobwalk:staff_station_edit": f"/en/staff/jobwalk/{tour.pk}/stations/{station.pk}/",
        "api:jobwalk_tours": "/api/v1/jobwalk/tours?city=lauf-an-der-pegnitz",
        "api:jobwalk_tour": f"/api/v1/jobwalk/tours/{tour.pk}",
        "api:jobwalk_tour_gpx": f"/api/v1/jobwalk/tours/{tour.pk}.gpx",
        "api:jobwalk_plan": "POST /api/v1/jobwalk/plan",
    }
