"""Candidates for an offer: only the people near the offer are read, with the same ranking
as over all of the office's people (issue 17, item 2)."""

from __future__ import annotations

import random

import pytest

from kausa.matching import engine
from kausa.matching.rows import offer_row, person_rows
from kausa.matching.selectors import candidates_for_offer, people_near
from kausa.people.models import YoungPerson
from kausa.reference.models import PostalCode
from tests.factories import YoungPersonFactory, occupation
from tests.matching.factories import offer_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def people_all_over(office):
    """People at postal codes all over Germany and many around Berlin, some without one."""
    rng = random.Random(17)
    codes = list(PostalCode.objects.order_by("code"))
    berlin_area = [c for c in codes if c.code.startswith(("10", "12", "13", "14", "15", "16"))]
    chosen = rng.sample(codes, 120) + rng.sample(berlin_area, 120)
    interests = [occupation("Kfz-Mechatroniker/in"), occupation("Verkäufer/in")]
    for i, code in enumerate(chosen):
        person = YoungPersonFactory(
            organisation=office, postal_code=code, german_level=rng.choice(["A2", "B1", "C1"])
        )
        person.occupations_of_interest.set(interests[: i % 3])
    YoungPersonFactory(organisation=office, postal_code=None)


@pytest.mark.parametrize("radius", [10, 25, 50, 100])
def test_candidates_are_the_same_as_ranking_every_person_of_the_office(
    advisor, office, people_all_over, radius
):
    offer = offer_at(office, "10115")
    _offer, hits = candidates_for_offer(user=advisor, pk=offer.pk, radius_km=radius, k=500)
    everyone = engine.PersonArrays.from_rows(person_rows(YoungPerson.objects.all()))
    full = engine.rank_people(
        everyone, engine.OfferArrays.from_rows([offer_row(offer)]).row(0), radius_km=radius, k=500
    )
    assert [(h.person.pk, h.match.score, h.match.distance_km) for h in hits] == [
        (int(everyone.ids[m.row]), m.score, m.distance_km) for m in full
    ]
    assert hits  # the Berlin area is never empty


def test_people_far_from_the_offer_are_not_read(office, people_all_over):
    berlin = PostalCode.objects.get(code="10115")
    near = people_near(YoungPerson.objects.all(), lat=berlin.lat, lon=berlin.lon, radius_km=50)
    codes = set(near.values_list("postal_code__code", flat=True))
    assert codes and len(codes) < YoungPerson.objects.count() / 2
    assert not any(code.startswith(("2", "4", "5", "6", "7", "8", "9")) for code in codes)
