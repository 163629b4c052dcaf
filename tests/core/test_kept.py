"""{% kept %}: a fragment is drawn once, kept in the shared cache and for up to a minute in
the process, so that a page asks neither the database nor Redis for it again."""

from __future__ import annotations

import types

import pytest
from django.core.cache import cache
from django.template import engines

from kausa.core import process_cache
from kausa.core.templatetags import kept

TEMPLATE = "{% load kept %}{% kept SECONDS box version %}n={{ n }}{% endkept %}"


@pytest.fixture
def clock(monkeypatch):
    now = types.SimpleNamespace(value=1000.0)
    monkeypatch.setattr(process_cache, "time", types.SimpleNamespace(monotonic=lambda: now.value))
    return now


@pytest.fixture
def cache_reads(monkeypatch):
    reads: list[str] = []
    real_get = cache.get

    def counting_get(key, *args, **kwargs):
        reads.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", counting_get)
    return reads


def render(seconds: int, version: int, n: int) -> str:
    source = TEMPLATE.replace("SECONDS", str(seconds))
    return engines["django"].from_string(source).render({"version": version, "n": n})


def test_a_kept_fragment_is_read_from_the_process_without_asking_the_cache(clock, cache_reads):
    cache.clear()
    assert render(300, 1, n=1) == "n=1"
    assert len(cache_reads) == 1  # not kept anywhere yet: drawn and stored
    assert render(300, 1, n=2) == "n=1"  # kept: not drawn again
    assert len(cache_reads) == 1  # ... and the shared cache was not asked
    # a new version is another fragment
    assert render(300, 2, n=3) == "n=3"


def test_after_a_minute_the_process_asks_the_shared_cache_again(clock, cache_reads):
    cache.clear()
    render(300, 1, n=1)
    clock.value += kept.LOCAL_SECONDS + 1
    assert render(300, 1, n=2) == "n=1"  # still in the shared cache
    assert len(cache_reads) == 2
    # what another process drew in the meantime reaches this one within the minute
    cache.clear()
    assert render(300, 1, n=3) == "n=1"
    clock.value += kept.LOCAL_SECONDS + 1
    assert render(300, 1, n=4) == "n=4"


def test_a_fragment_kept_for_less_than_a_minute_expires_in_the_process_too(clock):
    cache.clear()
    render(5, 1, n=1)
    clock.value += 4
    assert render(5, 1, n=2) == "n=1"
    clock.value += 2
    cache.clear()  # the shared cache let it go after 5 s as well
    assert render(5, 1, n=3) == "n=3"


def test_the_process_keeps_a_bounded_number_of_fragments(clock, monkeypatch):
    monkeypatch.setattr(kept._local, "size", 3)
    cache.clear()
    for version in range(10):
        render(300, version, n=version)
        assert len(kept._local) <= 3
