"""Load test of Kausa's public read pages (issue 11, item 9); results in docs/benchmarks-load.md.

Run it through ``tests/load/run.sh`` (scratch database with the demo data, production
settings, gunicorn, 1 / 10 / 50 users). By hand, against a running server with the demo data:

    locust -f tests/load/locustfile.py --headless -H http://127.0.0.1:8765 -u 10 -r 10 -t 30s

Every request is named after its page, so the statistics group by page, not by query string:

    offer search page    GET /<lang>/offers/?plz=…|lat=…&lon=…, q=…, radius_km=…, …
    GET /api/v1/offers   the same search through the API, by postal code, place or occupation id
    event page           GET /<lang>/events/<id>/ of a public demo event
    tour page            GET /<lang>/jobwalk/tours/<id>/ (the JOBWALK phone page)
    /healthz             the health check (database, cache, task queue, disk): the floor
                         every other page is compared with

Only GET requests: nothing here writes, so the rate limits on public forms never apply.
Users wait ``LOAD_THINK_TIME`` seconds (e.g. ``0.5-2``) between requests; by default 0: each
user is a closed loop, so "users" is the number of requests in flight.
"""

from __future__ import annotations

import json
import logging
import os
import random
import urllib.parse
import urllib.request
from typing import Any

from locust import FastHttpUser, between, constant, events, task

log = logging.getLogger("kausa.load")

# Postal codes of the demo's companies with open offers (fixed seed; `kausa demo`), per
# office city, and a point near each city centre for searches by location ("use my location").
POSTAL_CODES = {
    "Berlin": ["10711", "10713", "12435", "12629", "13353", "14129", "14169", "14199"],
    "Hamburg": ["20095", "20459", "22047", "22117", "22335", "22339"],
    "Jena": ["07743", "07745", "07747", "07749"],
    "Erfurt": ["99085", "99089", "99091", "99092", "99096", "99098", "99099"],
    "Bonn": ["53111", "53113", "53119", "53121", "53175", "53177", "53225", "53227"],
    "Augsburg": ["86153", "86154", "86156", "86161", "86165", "86169", "86179"],
}
PLACES = {
    "Berlin": (52.5219, 13.4132),
    "Hamburg": (53.5503, 9.9920),
    "Jena": (50.9287, 11.5892),
    "Erfurt": (50.9770, 11.0237),
    "Bonn": (50.7355, 7.1022),
    "Augsburg": (48.3689, 10.8978),
}
# What young people type in the occupation field: the demo's most offered occupations,
# shortened the way people type them, one in English; "" = every occupation.
OCCUPATION_QUERIES = [
    "",
    "",
    "Friseur",
    "Fachinformatiker",
    "Kfz",
    "Kfz-Mechatroniker",
    "Anlagenmechaniker",
    "Medizinische Fachangestellte",
    "Koch",
    "Hotel",
    "Lagerlogistik",
    "Verkäufer",
    "Mechatroniker",
    "Maler",
    "Zahnmedizinische",
    "hairdresser",
]
RADII = [10, 25, 25, 25, 50]
GERMAN_LEVELS = ["", "", "", "A2", "B1", "B2"]
CERTIFICATES = ["", "", "", "first", "intermediate", "foreign_unrecognised"]
# Most visitors read German; the others in the languages of the site.
LANGUAGES = ["de"] * 6 + ["en", "ar", "tr", "uk", "fa", "ru"]

# Filled in at test start from the public API (see discover); env vars override.
TARGETS: dict[str, list[Any]] = {"events": [], "tours": [], "occupation_ids": []}


def _ids(name: str) -> list[int]:
    return [int(v) for v in os.environ.get(name, "").split(",") if v.strip()]


def _get_json(host: str, path: str) -> Any:
    request = urllib.request.Request(host.rstrip("/") + path, headers={"Accept": "json"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310  (own test server)
        return json.load(response)


@events.test_start.add_listener
def discover(environment: Any, **_: Any) -> None:
    """Find the demo's public events, JOBWALK tours and occupation ids once, outside the
    statistics (plain urllib, not the users' client)."""
    host = environment.host or ""
    TARGETS["events"] = _ids("LOAD_EVENT_IDS") or [
        e["id"] for e in _get_json(host, "/api/v1/events")
    ]
    TARGETS["tours"] = _ids("LOAD_TOUR_IDS") or [
        t["id"] for t in _get_json(host, "/api/v1/jobwalk/tours")
    ]
    occupation_ids = []
    for name in ("Friseur", "Fachinformatiker", "Kfz-Mechatroniker", "Koch", "Verkäufer"):
        found = _get_json(host, "/api/v1/occupations?limit=1&q=" + urllib.parse.quote(name))
        items = found["items"] if isinstance(found, dict) else found
        occupation_ids += [o["id"] for o in items]
    TARGETS["occupation_ids"] = occupation_ids
    if not TARGETS["events"] or not TARGETS["tours"]:
        raise RuntimeError(f"No public events or tours at {host}: load the demo data first.")
    log.info("load targets: %s", TARGETS)


def _wait_time() -> Any:
    spec = os.environ.get("LOAD_THINK_TIME", "0")
    if "-" in spec:
        low, high = (float(v) for v in spec.split("-", 1))
        return between(low, high)
    return constant(float(spec))


def _origin() -> dict[str, Any]:
    """Where a search starts: mostly a postal code, sometimes the phone's location."""
    city = random.choice(list(POSTAL_CODES))
    if random.random() < 0.75:
        return {"plz": random.choice(POSTAL_CODES[city])}
    lat, lon = PLACES[city]
    return {
        "lat": round(lat + random.uniform(-0.02, 0.02), 5),
        "lon": round(lon + random.uniform(-0.03, 0.03), 5),
    }


def _without_empty(params: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in params.items() if v not in ("", None)}


class Visitor(FastHttpUser):
    """A visitor of the public site: a young person, a parent or a company on a phone."""

    wait_time = _wait_time()

    def _get(self, url: str, name: str, *, json_key: str = "") -> None:
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            elif json_key and json_key not in (response.json() or {}):
                response.failure(f"no {json_key!r} in the answer")
            else:
                response.success()

    @task(4)
    def offer_search_page(self) -> None:
        params = _origin() | {
            "radius_km": random.choice(RADII),
            "q": random.choice(OCCUPATION_QUERIES),
            "german_level": random.choice(GERMAN_LEVELS),
            "certificate": random.choice(CERTIFICATES),
        }
        if random.random() < 0.15:
            params["page"] = 2
        language = random.choice(LANGUAGES)
        query = urllib.parse.urlencode(_without_empty(params))
        self._get(f"/{language}/offers/?{query}", "offer search page")

    @task(3)
    def api_offers(self) -> None:
        params = _origin() | {
            "radius_km": random.choice(RADII),
            "german_level": random.choice(GERMAN_LEVELS),
            "certificate": random.choice(CERTIFICATES),
            "limit": random.choice([10, 20, 20, 50]),
            "offset": random.choice([0, 0, 0, 20]),
        }
        if TARGETS["occupation_ids"] and random.random() < 0.3:
            params["occupation"] = random.choice(TARGETS["occupation_ids"])
        else:
            params["q"] = random.choice(OCCUPATION_QUERIES)
        query = urllib.parse.urlencode(_without_empty(params))
        self._get(f"/api/v1/offers?{query}", "GET /api/v1/offers", json_key="results")

    @task(2)
    def event_page(self) -> None:
        language = random.choice(LANGUAGES)
        self._get(f"/{language}/events/{random.choice(TARGETS['events'])}/", "event page")

    @task(2)
    def tour_page(self) -> None:
        language = random.choice(LANGUAGES)
        self._get(f"/{language}/jobwalk/tours/{random.choice(TARGETS['tours'])}/", "tour page")

    @task(1)
    def healthz(self) -> None:
        self._get("/healthz", "/healthz", json_key="status")
