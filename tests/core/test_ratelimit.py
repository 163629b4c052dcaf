"""Every public write is limited per address and per contact: 429 with Retry-After, in the
request's language, nothing saved (SECURITY.md, Input and output)."""

from __future__ import annotations

import inspect
import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import translation

from kausa.core import ratelimit
from kausa.core.rates import Rate, env_rate, parse_rate
from kausa.events.models import Registration
from kausa.network.models import Nomination
from tests.conftest import login
from tests.events.factories import EventFactory
from tests.network.factories import edition_with_criteria
from tests.network.test_awards import _nomination_data
from tests.test_permissions import TABLE

pytestmark = pytest.mark.django_db

DEAD_REDIS = "redis://127.0.0.1:1/0"
ENGLISH_ADDRESS_MESSAGE = "Too many requests from your address. Please try again later."


def _register(client, event, number, **payload):
    body = {"name": f"Person {number}", "email": f"p{number}@mail.test", "consent": True}
    return client.post(
        f"/api/v1/events/{event.pk}/registrations",
        body | payload,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="ar",
    )


def _message(key: str, language: str) -> str:
    with translation.override(language):
        return str(ratelimit.MESSAGES[key])


# --- rates -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("20/h", Rate(20, 3600)),
        ("5 / 15m", Rate(5, 900)),
        ("100/d", Rate(100, 86400)),
        ("off", None),
    ],
)
def test_rates_read_like_twenty_an_hour(text, rate):
    assert parse_rate(text) == rate


@pytest.mark.parametrize("text", ["20", "20/week", "0/h", "many/h"])
def test_a_rate_that_means_nothing_stops_the_start(monkeypatch, text):
    monkeypatch.setenv("KAUSA_RATELIMIT_PUBLIC_WRITES", text)
    with pytest.raises(ImproperlyConfigured, match="KAUSA_RATELIMIT_PUBLIC_WRITES"):
        env_rate("KAUSA_RATELIMIT_PUBLIC_WRITES", "20/h")


# --- per address -----------------------------------------------------------------------------
def test_forty_api_registrations_from_one_address_keep_the_first_twenty(settings):
    settings.KAUSA_RATELIMIT_PUBLIC_WRITES = "20/h"
    event = EventFactory(capacity=50)
    client = Client()
    answers = [_register(client, event, number) for number in range(40)]
    assert [a.status_code for a in answers] == [201] * 20 + [429] * 20
    assert Registration.objects.filter(event=event).count() == 20
    kept = set(Registration.objects.values_list("email", flat=True))
    assert kept == {f"p{number}@mail.test" for number in range(20)}
    blocked = answers[-1]
    assert 1 <= int(blocked["Retry-After"]) <= 3600
    arabic = _message("address", "ar")
    assert arabic != ENGLISH_ADDRESS_MESSAGE  # the message is translated ...
    assert blocked.json() == {"detail": arabic}  # ... into the language the client asked for
    other_address = Client(REMOTE_ADDR="10.1.2.3")
    assert _register(other_address, event, 99).status_code == 201


def test_nomination_form_over_the_limit_answers_a_429_page_in_arabic(settings, office):
    settings.KAUSA_RATELIMIT_PUBLIC_WRITES = "3/h"
    edition = edition_with_criteria(office)
    client = Client()
    url = f"/ar/awards/{edition.pk}/nominate/"
    statuses = [
        client.post(
            url,
            _nomination_data(edition, company_name=f"Firma {n}", nominator_email=f"n{n}@x.test"),
        ).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 302]
    blocked = client.post(url, _nomination_data(edition, company_name="Vier"))
    assert blocked.status_code == 429
    assert blocked["Content-Type"].startswith("text/html")
    assert int(blocked["Retry-After"]) >= 1
    page = blocked.content.decode()
    assert '<html lang="ar" dir="rtl">' in page  # the site's layout, in the page's language
    assert _message("address", "ar") in page
    with translation.override("ar"):
        title = translation.gettext("Too many requests")
    assert title != "Too many requests" and f"<h1>{title}</h1>" in page
    assert Nomination.objects.count() == 3
    assert not Nomination.objects.filter(company_name="Vier").exists()


def test_submissions_that_save_nothing_do_not_use_up_the_allowance(settings):
    settings.KAUSA_RATELIMIT_PUBLIC_WRITES = "3/h"
    event = EventFactory()
    client = Client()
    refused = [_register(client, event, n, consent=False).status_code for n in range(6)]
    assert refused == [422] * 6
    assert [_register(client, event, n).status_code for n in range(4)] == [201, 201, 201, 429]


def test_logged_in_staff_are_not_limited(settings, advisor, office):
    settings.KAUSA_RATELIMIT_PUBLIC_WRITES = "2/h"
    event = EventFactory(organisation=office)
    client = login(advisor)
    assert [_register(client, event, n).status_code for n in range(4)] == [201] * 4


def test_limits_hold_in_this_process_while_the_cache_is_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": DEAD_REDIS,
        }
    }
    settings.KAUSA_RATELIMIT_PUBLIC_WRITES = "3/h"
    event = EventFactory()
    client = Client()
    assert [_register(client, event, n).status_code for n in range(5)] == [201] * 3 + [429] * 2
    assert Registration.objects.filter(event=event).count() == 3


# --- per contact -----------------------------------------------------------------------------
def test_one_email_address_is_limited_from_every_address(settings, office):
    settings.KAUSA_RATELIMIT_PER_CONTACT = "5/h"
    events = [EventFactory(organisation=office) for _ in range(7)]
    answers = [
        _register(Client(REMOTE_ADDR=f"10.0.0.{n}"), event, n, email="Amina@Mail.test")
        for n, event in enumerate(events)
    ]
    assert [a.status_code for a in answers] == [201] * 5 + [429] * 2
    assert answers[-1].json() == {"detail": _message("contact", "ar")}
    assert Registration.objects.filter(email__iexact="amina@mail.test").count() == 5


def test_phone_numbers_count_as_one_contact_however_written():
    factory = RequestFactory()
    request = factory.post(
        "/", {"contact_phone": "+49 151 2345678", "phone": "0049-151-2345678", "email": ""}
    )
    assert ratelimit.submitted_contacts(request) == ["phone:491512345678"]
    json_request = factory.post(
        "/", {"email": " Eva@Example.org ", "nested": {"email": "x@y.z"}}, "application/json"
    )
    assert ratelimit.submitted_contacts(json_request) == ["email:eva@example.org"]


# --- who the client is -------------------------------------------------------------------------
def test_behind_a_proxy_the_address_the_proxy_saw_counts(settings):
    request = RequestFactory().post(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    settings.KAUSA_PROXY_COUNT = 0
    assert ratelimit.client_address(request) == "10.0.0.1"  # a header anyone can send
    settings.KAUSA_PROXY_COUNT = 1
    assert ratelimit.client_address(request) == "203.0.113.7"


def test_an_ipv6_client_counts_by_its_network():
    request = RequestFactory().post("/", REMOTE_ADDR="2001:db8:1:2:aaaa::1")
    other_host = RequestFactory().post("/", REMOTE_ADDR="2001:db8:1:2:bbbb::9")
    assert ratelimit.client_address(request) == ratelimit.client_address(other_host)
    assert ratelimit.client_address(request) == "2001:db8:1:2::/64"


# --- nothing forgotten -------------------------------------------------------------------------
POST_MARKERS = ("request.POST", "request.method", "require_POST", "request.body", '"POST"')


def _named_views(resolver: URLResolver, prefix: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace not in ("admin", "api"):
                namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                yield from _named_views(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name, pattern.callback


def _handles_post(callback) -> bool:
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return callable(getattr(view_class, "post", None))
    target = inspect.unwrap(callback)
    if not inspect.isfunction(target):
        target = type(target).__call__
    source = inspect.getsource(target)
    return any(marker in source for marker in POST_MARKERS)


def _is_public(name: str) -> bool:
    return TABLE[name]["anonymous"] not in (302, 403)  # 302: the login page


def test_every_public_page_that_takes_a_post_is_limited():
    public_posts = {
        name
        for name, callback in _named_views(get_resolver())
        if _is_public(name) and _handles_post(callback)
    }
    assert "network:nominate" in public_posts  # the sweep finds what it should
    declared = set(ratelimit.PUBLIC_WRITES) | set(ratelimit.NOT_LIMITED)
    assert public_posts - declared == set(), "declare these in kausa.core.ratelimit"


def test_every_public_api_write_is_limited():
    from kausa.api.api import api

    writes = set()
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            security = operation.get("security") or [{}]
            if method.upper() in ratelimit.SAFE_METHODS or {} not in security:
                continue  # a read, or only for the logged in ({} would allow anyone)
            writes.add(resolve(re.sub(r"\{[^}]+\}", "1", path)).view_name)
    assert "api:registration_create" in writes
    declared = set(ratelimit.PUBLIC_WRITES) | set(ratelimit.NOT_LIMITED)
    assert writes - declared == set(), "declare these in kausa.core.ratelimit"


def test_every_declared_endpoint_exists():
    from tests.test_permissions import _all_url_names

    names = _all_url_names(get_resolver())
    assert set(ratelimit.PUBLIC_WRITES) | set(ratelimit.NOT_LIMITED) <= names
