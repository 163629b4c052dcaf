from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import occupation
from tests.jobwalk.factories import lauf_companies, published_tour
from tests.network.factories import AmbassadorFactory

pytestmark = pytest.mark.django_db


def test_station_card_shows_an_ambassador_of_the_companys_occupation(office, network):
    kfz = occupation("Kfz-Mechatroniker/in")
    tour = published_tour(office, companies=lauf_companies(office, 2, occupation_ids=[kfz.pk]))
    AmbassadorFactory(organisation=office, occupation=kfz, first_name="Yonas")
    html = Client().get(f"/en/jobwalk/tours/{tour.pk}/").content.decode()
    assert "Yonas" in html
    assert html.count("Ambassadors tell you about this training") == 2


def test_no_ambassador_block_without_a_matching_ambassador(office, network):
    tour = published_tour(office)
    html = Client().get(f"/en/jobwalk/tours/{tour.pk}/").content.decode()
    assert "Ambassadors tell you about this training" not in html
