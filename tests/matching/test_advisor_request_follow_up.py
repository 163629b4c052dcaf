from __future__ import annotations

import pytest

from kausa.counselling.selectors import my_follow_ups
from kausa.matching.services import advisor_request_create
from tests.factories import CompanyFactory, OfferFactory

pytestmark = pytest.mark.django_db


def test_talk_to_an_advisor_becomes_a_follow_up_of_the_offices_advisor(advisor, office):
    offer = OfferFactory(company=CompanyFactory(organisation=office))
    advisor_request_create(offer=offer, name="Rama", email="rama@example.org", consent=True)
    follow_ups = my_follow_ups(user=advisor)
    assert len(follow_ups) == 1
    assert "Kfz-Mechatroniker/in" in follow_ups[0].title
    assert follow_ups[0].link.endswith("/staff/matching/requests/")


def test_no_consent_no_request_and_no_follow_up(advisor, office):
    from django.core.exceptions import ValidationError

    offer = OfferFactory(company=CompanyFactory(organisation=office))
    with pytest.raises(ValidationError):
        advisor_request_create(offer=offer, name="Rama", email="r@example.org", consent=False)
    assert my_follow_ups(user=advisor) == []
