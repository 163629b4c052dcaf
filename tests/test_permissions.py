"""Every URL pattern, every persona: the status each one gets (SECURITY.md, Access).

Apps add their rows in tests/<app>/permission_rows.py: ``ROWS`` (url name -> persona ->
status) and ``build(office, other_office) -> {url name: url}`` that makes the objects.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import login
from tests.factories import CompanyFactory, YoungPersonFactory

pytestmark = pytest.mark.django_db

OK, REDIRECT, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404

# (url name, url builder key) -> {persona: status}
TABLE: dict[str, dict[str, int]] = {
    "workspace:landing": dict.fromkeys(
        ["anonymous", "advisor", "other_office_advisor", "coordinator", "partner"], OK
    ),
    "workspace:staff_home": {
        "anonymous": REDIRECT,
        "advisor": OK,
        "other_office_advisor": OK,
        "coordinator": OK,
        "partner": OK,
    },
    "accounts:login": {"anonymous": OK, "advisor": REDIRECT},
    "accounts:security": dict.fromkeys(
        ["advisor", "other_office_advisor", "coordinator", "partner", "org_admin"], OK
    )
    | {"anonymous": REDIRECT},
    "accounts:logout": {"anonymous": 405, "advisor": 405},  # GET is refused; POST logs out
    "accounts:password_reset": {"anonymous": OK, "advisor": OK},
    "accounts:password_reset_done": {"anonymous": OK},
    "accounts:password_reset_confirm": {"anonymous": OK},  # an invalid link says so
    "accounts:password_reset_complete": {"anonymous": OK},
    "people:list": {
        "anonymous": REDIRECT,
        "advisor": OK,
        "other_office_advisor": OK,
        "coordinator": FORBIDDEN,
        "partner": FORBIDDEN,
    },
    "people:create": {
        "anonymous": REDIRECT,
        "advisor": OK,
        "other_office_advisor": OK,
        "coordinator": FORBIDDEN,
        "partner": FORBIDDEN,
    },
    "workspace:person_detail": {
        "anonymous": REDIRECT,
        "advisor": OK,
        "other_office_advisor": NOT_FOUND,
        "coordinator": FORBIDDEN,
        "partner": FORBIDDEN,
    },
    "companies:list": {
        "anonymous": REDIRECT,
        "advisor": OK,
        "other_office_advisor": OK,
        "coordinator": FORBIDDEN,
        "partner": FORBIDDEN,
    },
    "workspace:company_detail": {
        "anonymous": REDIRECT,
        "advisor": OK,
        "other_office_advisor": NOT_FOUND,
        "coordinator": FORBIDDEN,
        "partner": FORBIDDEN,
    },
    "healthz": {"anonymous": OK},
    "api:api-root": {"anonymous": NOT_FOUND},
    "api:openapi-json": {"anonymous": OK},
    "api:openapi-view": {"anonymous": OK},
    "api:postal_code": {"anonymous": OK},
    "api:occupations": {"anonymous": OK},
    "api:occupation_groups": {"anonymous": OK},
}
_APP_MODULES = [
    importlib.import_module(f"tests.{path.parent.name}.permission_rows")
    for path in sorted(Path(__file__).parent.glob("*/permission_rows.py"))
]
_OWNER = {}
for _module in _APP_MODULES:
    TABLE.update(_module.ROWS)
    _OWNER.update(dict.fromkeys(_module.ROWS, _module))

# Patterns that are not ours to police row by row (Django admin has its own tests below).
EXEMPT_NAMESPACES = {"admin"}


def _all_url_names(resolver: URLResolver, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = pattern.namespace
            if namespace in EXEMPT_NAMESPACES:
                continue
            names |= _all_url_names(pattern, f"{prefix}{namespace}:" if namespace else prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(prefix + pattern.name)
    return names


def test_every_url_pattern_has_a_row_in_the_permission_table():
    missing = _all_url_names(get_resolver()) - set(TABLE)
    assert not missing, f"add these URL names to the permission table: {sorted(missing)}"


def _url_for(name: str, office, other_office) -> str:
    module = _OWNER.get(name)
    if module is not None:
        return module.build(office, other_office)[name]
    return _base_urls(office)[name]


def _base_urls(office):
    person = YoungPersonFactory(organisation=office)
    company = CompanyFactory(organisation=office)
    return {
        "workspace:landing": "/de/",
        "workspace:staff_home": "/de/staff/",
        "accounts:login": "/de/accounts/login/",
        "accounts:logout": "/de/accounts/logout/",
        "accounts:security": "/de/accounts/security/",
        "accounts:password_reset": "/de/accounts/password-reset/",
        "accounts:password_reset_done": "/de/accounts/password-reset/sent/",
        "accounts:password_reset_confirm": "/de/accounts/password-reset/MQ/abc-def/",
        "accounts:password_reset_complete": "/de/accounts/password-reset/done/",
        "people:list": "/de/staff/people/",
        "people:create": "/de/staff/people/new/",
        "workspace:person_detail": f"/de/staff/people/{person.pk}/",
        "companies:list": "/de/staff/companies/",
        "workspace:company_detail": f"/de/staff/companies/{company.pk}/",
        "healthz": "/healthz",
        "api:api-root": "/api/v1/",
        "api:openapi-json": "/api/v1/openapi.json",
        "api:openapi-view": "/api/v1/docs",
        "api:postal_code": "/api/v1/postal-codes/10115",
        "api:occupations": "/api/v1/occupations",
        "api:occupation_groups": "/api/v1/occupation-groups",
    }


CASES = [(name, persona, status) for name, row in TABLE.items() for persona, status in row.items()]


@pytest.mark.parametrize(("name", "persona", "expected"), CASES)
def test_permission_table(name, persona, expected, office, other_office, request):
    client = Client() if persona == "anonymous" else login(request.getfixturevalue(persona))
    target = _url_for(name, office, other_office)
    method, _, rest = target.partition(" ") if target.startswith("POST ") else ("GET", "", target)
    url, _, data = rest.partition(" ")
    response = client.post(url, QueryDict(data)) if method == "POST" else client.get(url)
    assert response.status_code == expected, f"{persona} {target}"
    if expected == REDIRECT and persona == "anonymous":
        assert "/accounts/login/" in response["Location"]
