from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import CompanyFactory, OfferFactory
from tests.network.factories import AmbassadorFactory

pytestmark = pytest.mark.django_db


def test_offer_page_shows_an_ambassador_of_the_same_occupation(office):
    offer = OfferFactory(company=CompanyFactory(organisation=office))
    AmbassadorFactory(organisation=office, occupation=offer.occupation, first_name="Yonas")
    html = Client().get(f"/en/offers/{offer.pk}/").content.decode()
    assert "Ambassadors tell you about this training" in html
    assert "Yonas" in html


def test_ambassador_who_withdrew_consent_is_not_shown_next_to_offers(office):
    offer = OfferFactory(company=CompanyFactory(organisation=office))
    AmbassadorFactory(
        organisation=office,
        occupation=offer.occupation,
        first_name="Yonas",
        consent_withdrawn_at=timezone.now(),
    )
    html = Client().get(f"/en/offers/{offer.pk}/").content.decode()
    assert "Yonas" not in html
