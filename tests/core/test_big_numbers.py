"""No 500 for any number (issue 11, item 6).

A number larger than any database column (2**63 and up) in a URL, a query string or an API
parameter is answered 404, 422 or ignored like an absent filter, never with a server error.
The clients here never re-raise a view's exception: a crash shows up as status 500 and fails.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import (
    NoReverseMatch,
    Resolver404,
    URLPattern,
    URLResolver,
    get_resolver,
    resolve,
    reverse,
)
from django.urls.converters import IntConverter
from django.urls.resolvers import LocalePrefixPattern, RoutePattern

from kausa.core.converters import MAX_ID, IdConverter
from kausa.core.http import parse_int
from kausa.events.models import SpeedDatingSlot
from kausa.events.speed_dating.forms import SlotChoiceField
from kausa.reference.forms import OccupationMultipleChoiceField
from tests.factories import ConsentFactory, UserFactory, YoungPersonFactory, occupation
from tests.jobwalk.factories import lauf_companies
from tests.network.factories import ProfileFactory

pytestmark = pytest.mark.django_db

HUGE = 2**70
OUT_OF_RANGE = (HUGE, MAX_ID + 1)
PERSONAS = ("anonymous", "advisor", "coordinator", "superuser")

# Route parameters that are not converted to int in Django, but carry an id to the view (the
# API's path parameters, the admin's object ids).
ID_NAMES = re.compile(r"(^|_)(pk|id)$")
# Admin pages of third-party apps answer 500 for any id that does not exist (django-rq's queue
# index, django-otp's device config), not only for huge ones: not ours to change here.
THIRD_PARTY = ("de/admin/django_rq/", "de/admin/otp_totp/")
PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _client(request: pytest.FixtureRequest, persona: str) -> Client:
    client = Client(raise_request_exception=False)
    if persona == "superuser":
        client.force_login(UserFactory(is_superuser=True, is_staff=True))
    elif persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return client


def _routes(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """(route with <converter:name> placeholders, converters by name) of every URL pattern."""
    for pattern in resolver.url_patterns:
        if isinstance(pattern.pattern, LocalePrefixPattern):
            route = "de/"
        elif isinstance(pattern.pattern, RoutePattern):
            route = str(pattern.pattern)
        else:
            continue  # a regular expression (admin's app index): no typed parameter
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, prefix + route)
        elif isinstance(pattern, URLPattern):
            yield prefix + route, pattern.pattern.converters


def _is_id(name: str, converter: object) -> bool:
    return isinstance(converter, IntConverter | IdConverter) or bool(ID_NAMES.search(name))


def _id_routes() -> list[str]:
    routes = [
        route
        for route, converters in _routes(get_resolver())
        if any(_is_id(name, conv) for name, conv in converters.items())
        and not route.startswith(THIRD_PARTY)
    ]
    return sorted(set(routes))


def _fill(route: str, number: int) -> str:
    def value(match: re.Match[str]) -> str:
        name, converter = match["name"], match["converter"]
        return str(number) if converter in ("int", "id") or ID_NAMES.search(name) else "x"

    return "/" + PARAMETER.sub(value, route)


def test_every_id_in_a_url_uses_the_id_converter():
    plain_int = [
        route
        for route, converters in _routes(get_resolver())
        if any(isinstance(c, IntConverter) for c in converters.values())
        # The API checks its ids itself (PkInt: a 422 in JSON, not the resolver's HTML 404);
        # the admin's <int:...> are third-party pages.
        and not route.startswith(("api/", "de/admin/"))
    ]
    assert not plain_int, f"use <id:...> instead of <int:...> in {plain_int}"
    assert len(_id_routes()) > 100  # the sweep below really walks the project's URLs


def test_the_id_converter_matches_ids_and_refuses_what_no_column_holds():
    url = reverse("workspace:person_detail", args=[MAX_ID])
    assert url.endswith(f"/{MAX_ID}/")
    assert resolve(url).kwargs == {"pk": MAX_ID}
    for number in (0, MAX_ID + 1, HUGE):
        with pytest.raises(NoReverseMatch):
            reverse("workspace:person_detail", args=[number])
        with pytest.raises(Resolver404):
            resolve(url.replace(str(MAX_ID), str(number)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("42", 42),
        (" 7 ", 7),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        (str(HUGE), None),
        ("9" * 5000, None),
        ("-1", None),
        ("²", None),
        ("١٢", None),  # Arabic-Indic digits: isdigit() says yes, a column says no
        ("1e3", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_int_takes_only_whole_numbers_a_column_can_hold(text, expected):
    assert parse_int(text) == expected


# Beyond 2**63-1 the resolver refuses <id:...> before any view runs, whoever asks (the
# superuser also reaches the admin's object ids); the largest id that matches reaches every
# view, as every persona.
SWEEP = [
    *[(persona, number) for number in OUT_OF_RANGE for persona in ("anonymous", "advisor")],
    ("superuser", HUGE),
    *[(persona, MAX_ID) for persona in PERSONAS],
]


@pytest.mark.parametrize(("persona", "number"), SWEEP)
def test_no_url_answers_500_for_a_huge_id(request, office, persona, number):
    client = _client(request, persona)
    crashed, matched = [], []
    for route in _id_routes():
        url = _fill(route, number)
        # The API takes JSON; a form post there is a different question than numbers.
        post = {"content_type": "application/json"} if route.startswith("api/") else {}
        for method, response in (("GET", client.get(url)), ("POST", client.post(url, **post))):
            status = response.status_code
            if status >= 500:
                crashed.append(f"{method} {url} -> {status}")
            elif number > MAX_ID and "<id:" in route and status != 404:
                matched.append(f"{method} {url} -> {status}")
    assert not crashed, "\n".join(crashed)
    assert not matched, "an id beyond 2**63-1 must not match:\n" + "\n".join(matched)


# -- the API: every integer path and query parameter, every integer field of a JSON body --


def _integer(schema: dict[str, Any]) -> bool:
    options = schema.get("anyOf", [schema])
    return any(
        option.get("type") == "integer"
        or (option.get("type") == "array" and option.get("items", {}).get("type") == "integer")
        for option in options
    )


def _api_cases() -> Iterator[tuple[str, str, str, str]]:
    """(method, path template, where, parameter name) for every integer API input."""
    schema = Client().get("/api/v1/openapi.json").json()
    components = schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if _integer(parameter["schema"]):
                    yield method, path, parameter["in"], parameter["name"]
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                ref = body["schema"]["$ref"].rsplit("/", 1)[-1]
                for name, field in components[ref].get("properties", {}).items():
                    if _integer(field):
                        yield method, path, "body", name


def test_the_api_sweep_finds_integer_inputs():
    where = {(method, path, kind, name) for method, path, kind, name in _api_cases()}
    assert ("get", "/api/v1/occupations", "query", "offset") in where
    assert ("get", "/api/v1/events/{event_id}", "path", "event_id") in where
    assert ("post", "/api/v1/jobwalk/plan", "body", "occupations") in where


def _api_request(method: str, path: str, where: str, name: str, number: int) -> Any:
    """``number`` in one parameter; every other path parameter 1, no other input."""
    url = re.sub(r"\{(\w+)\}", lambda m: str(number) if m[1] == name else "1", path)
    body: dict[str, Any] = {}
    if where == "query":
        url += f"?{name}={number}"
    elif where == "body":
        body[name] = [number] if name == "occupations" else number
    return Client(raise_request_exception=False).generic(
        method.upper(), url, data=json.dumps(body) if body else "", content_type="application/json"
    )


@pytest.mark.parametrize("number", OUT_OF_RANGE)
def test_no_api_input_answers_500_for_a_huge_number(db, number):
    failures = []
    for method, path, where, name in _api_cases():
        response = _api_request(method, path, where, name, number)
        detail = _detail(response)
        if response.status_code != 422 or name not in detail:  # 422 naming what is wrong
            failures.append(
                f"{method.upper()} {path} {where} {name}: {response.status_code} {detail}"
            )
    assert not failures, "\n".join(failures)


def _detail(response: Any) -> str:
    try:
        return str(response.json().get("detail", ""))
    except ValueError:
        return ""


def test_occupations_offset_beyond_64_bits_says_what_is_wrong(db):
    response = Client(raise_request_exception=False).get(
        "/api/v1/occupations?offset=27398846446965605988827136"
    )
    assert response.status_code == 422
    assert "offset" in response.json()["detail"]


# -- HTML pages that read a number from the query string --


@pytest.fixture
def person(office):
    return YoungPersonFactory(organisation=office)


@pytest.fixture
def walkable(office):
    """A company that takes JOBWALK teams: the planner then offers its occupation to choose."""
    return lauf_companies(office, 1, occupation_ids=[occupation().pk])


# (persona, url name, reverse kwargs, query, status, text the page still shows)
PAGES: list[tuple[str, str, dict[str, Any], dict[str, Any], int, str]] = [
    ("advisor", "companies:pipeline", {}, {"advisor": HUGE}, 200, 'name="advisor"'),
    ("advisor", "companies:list", {}, {"page": HUGE}, 200, 'name="q"'),
    ("advisor", "people:list", {}, {"page": HUGE}, 200, 'name="q"'),
    ("advisor", "counselling:case_list", {}, {"page": HUGE}, 200, 'name="q"'),
    ("anonymous", "jobwalk:public_plan", {}, {"occupation": HUGE}, 200, 'name="occupation"'),
    (
        "anonymous",
        "jobwalk:public_plan",
        {},
        {"postal_code": "91207", "kldb": HUGE, "max_stations": HUGE, "budget_minutes": HUGE},
        200,
        'name="max_stations"',
    ),
    ("anonymous", "jobwalk:manifest", {}, {"tour": HUGE}, 200, "JOBWALK"),
    ("anonymous", "matching:offer_search", {}, {"plz": "10115", "page": HUGE}, 200, 'name="plz"'),
    (
        "anonymous",
        "matching:offer_search",
        {},
        {"plz": "10115", "radius_km": HUGE},
        200,
        'name="radius_km"',
    ),
    ("advisor", "matching:staff_person_offers", {"pk": "person"}, {"radius": HUGE}, 200, "km"),
    ("superuser", "matching:staff_mismatch", {}, {"radius": HUGE}, 200, 'name="radius"'),
    ("superuser", "privacy:audit_log", {}, {"actor": HUGE, "page": HUGE}, 200, 'name="type"'),
    ("coordinator", "reporting:figures", {}, {"year": HUGE}, 200, 'name="year"'),
    ("coordinator", "reporting:figures", {}, {"year": "²"}, 200, 'name="year"'),
    ("anonymous", "network:visit_request", {}, {"ambassador": HUGE}, 200, 'name="school"'),
]


@pytest.mark.parametrize(
    ("persona", "name", "kwargs", "query", "status", "shown"),
    PAGES,
    ids=[f"{name}?{'&'.join(query)}" for _, name, _, query, _, _ in PAGES],
)
def test_a_huge_number_in_the_query_string_still_renders_the_page(
    request, walkable, persona, name, kwargs, query, status, shown
):
    kwargs = {key: request.getfixturevalue(value).pk for key, value in kwargs.items()}
    response = _client(request, persona).get(reverse(name, kwargs=kwargs), query)
    assert response.status_code == status
    assert shown in response.content.decode()


def test_the_three_reported_urls_answer_without_a_server_error(request, walkable):
    anonymous, advisor = _client(request, "anonymous"), _client(request, "advisor")
    assert anonymous.get("/de/jobwalk/plan/?occupation=99999999999999999999999").status_code == 200
    pipeline = advisor.get("/de/staff/companies/pipeline/?advisor=99999999999999999999999")
    assert pipeline.status_code == 200
    occupations = anonymous.get("/api/v1/occupations?offset=27398846446965605988827136")
    assert occupations.status_code == 422


@pytest.mark.parametrize("value", [str(HUGE), str(-HUGE), str(MAX_ID + 1), "9" * 5000])
def test_a_multiple_choice_of_ids_calls_a_huge_id_a_wrong_choice(db, value):
    field = OccupationMultipleChoiceField()
    assert list(field.clean([str(occupation().pk)])) == [occupation()]
    with pytest.raises(ValidationError) as error:
        field.clean([str(occupation().pk), value])
    assert error.value.code in ("invalid_choice", "invalid_pk_value")


# -- numbers in forms that staff pages post --


@pytest.mark.parametrize("case", [str(HUGE), str(MAX_ID + 1), "²", "0"])
def test_withdrawing_consent_with_an_unusable_case_number_returns_to_the_person(
    request, office, case
):
    consent = ConsentFactory(young_person=YoungPersonFactory(organisation=office))
    response = _client(request, "advisor").post(
        reverse("counselling:consent_withdraw", args=[consent.pk]), {"case": case}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "workspace:person_detail", args=[consent.young_person_id]
    )


@pytest.mark.parametrize("event", [str(HUGE), "²", ""])
def test_a_showcase_for_an_unusable_event_number_is_not_found(request, office, event):
    profile = ProfileFactory(company__organisation=office)
    response = _client(request, "advisor").post(
        reverse("network:staff_profile_showcase", args=[profile.pk]), {"event": event}
    )
    assert response.status_code == 404


def test_a_huge_slot_id_in_the_speed_dating_company_form_is_a_form_error(db):
    field = SlotChoiceField(queryset=SpeedDatingSlot.objects.all(), required=False)
    with pytest.raises(ValidationError):
        field.clean([str(HUGE)])
