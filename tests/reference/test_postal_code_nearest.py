"""The postal code nearest to a point: how a location from the browser gets a place name."""

from __future__ import annotations

import math
import random

import pytest

from kausa.reference.models import PostalCode
from kausa.reference.selectors import postal_code_nearest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lat", "lon", "code"),
    [(52.532, 13.384, "10115"), (48.1345, 11.571, "80331"), (53.5491, 9.9822, "20459")],
)
def test_a_point_in_town_gets_its_postal_code(lat, lon, code):
    assert postal_code_nearest(lat, lon).code == code


def test_the_nearest_is_the_nearest_of_all_even_where_postal_codes_are_sparse():
    """Compared with looking at every centre, at points all over (and off) Germany."""
    rows = list(PostalCode.objects.values_list("code", "lat", "lon"))
    points = random.Random(14).sample(
        [(47 + i * 0.41, 5.5 + j * 0.5) for i in range(21) for j in range(21)], 60
    )
    for lat, lon in points:
        stretch = 1 / math.cos(math.radians(lat))
        best = min(rows, key=lambda r: math.hypot(r[1] - lat, (r[2] - lon) / stretch))
        assert postal_code_nearest(lat, lon).code == best[0], (lat, lon)


def test_far_from_any_postal_code_there_is_none():
    assert postal_code_nearest(30.0, -20.0) is None
