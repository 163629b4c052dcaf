"""Query counts of the public list pages do not grow with the number of rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.network.factories import ProfileFactory, material, story

pytestmark = pytest.mark.django_db


def _queries(url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert Client().get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("/en/network/", lambda office, n: ProfileFactory(company__organisation=office)),
        ("/en/stories/", lambda office, n: story(office, title=f"Story {n}")),
        ("/en/toolkit/", lambda office, n: material(office, title=f"Material {n}")),
        (
            "/api/v1/network/companies",
            lambda office, n: ProfileFactory(company__organisation=office),
        ),
    ],
)
def test_list_pages_have_constant_query_counts(office, url, make):
    for n in range(2):
        make(office, n)
    few = _queries(url)
    for n in range(2, 8):
        make(office, n)
    assert _queries(url) == few
