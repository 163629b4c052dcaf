"""Permission rows of matching (see tests/test_permissions.py)."""

from __future__ import annotations

from django.utils import timezone

from kausa.matching.models import NewOfferMatch
from tests.factories import YoungPersonFactory
from tests.matching.factories import offer_at

OK, REDIRECT, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404
PUBLIC = dict.fromkeys(
    ["anonymous", "advisor", "other_office_advisor", "coordinator", "partner", "org_admin"], OK
)
ADVISORS_ONLY = {
    "anonymous": REDIRECT,
    "advisor": OK,
    "org_admin": OK,
    "other_office_advisor": OK,
    "coordinator": FORBIDDEN,
    "partner": FORBIDDEN,
}

ROWS = {
    "matching:offer_search": PUBLIC,
    "matching:offer_detail": PUBLIC,
    "matching:offer_qr_png": PUBLIC,
    "matching:offers_saved": PUBLIC,
    "matching:offers_service_worker": PUBLIC,
    # a person of the office: another office's advisor gets 404
    "matching:staff_person_offers": ADVISORS_ONLY | {"other_office_advisor": NOT_FOUND},
    # an open offer is public; the candidates come from the user's own office only
    "matching:staff_offer_candidates": ADVISORS_ONLY,
    "matching:staff_request_list": ADVISORS_ONLY,
    "matching:staff_mismatch": {
        "anonymous": REDIRECT,
        "advisor": OK,
        "other_office_advisor": OK,
        "coordinator": OK,
        "partner": FORBIDDEN,
        "org_admin": OK,
    },
    "matching:staff_mismatch_csv": {
        "anonymous": REDIRECT,
        "advisor": OK,
        "coordinator": OK,
        "partner": FORBIDDEN,
    },
    "matching:staff_new_offers": ADVISORS_ONLY,
    # another office's match is not found; dismissing redirects back to the list
    "matching:staff_new_offer_dismiss": {
        "anonymous": REDIRECT,
        "advisor": REDIRECT,
        "other_office_advisor": NOT_FOUND,
        "coordinator": FORBIDDEN,
        "partner": FORBIDDEN,
    },
    "api:offer_search": {"anonymous": OK, "advisor": OK},
    "api:offer_get": {"anonymous": OK, "other_office_advisor": OK},
}


def build(office, other_office) -> dict[str, str]:
    offer = offer_at(office)
    person = YoungPersonFactory(organisation=office)
    match = NewOfferMatch.objects.create(
        organisation=office, person=person, offer=offer, score=0.9, found_at=timezone.now()
    )
    return {
        "matching:offer_search": "/en/offers/?plz=10115",
        "matching:offer_detail": f"/en/offers/{offer.pk}/",
        "matching:offer_qr_png": f"/en/offers/{offer.pk}/qr.png",
        "matching:offers_saved": "/en/offers/saved/",
        "matching:offers_service_worker": "/en/offers/sw.js",
        "matching:staff_person_offers": f"/en/staff/matching/people/{person.pk}/",
        "matching:staff_offer_candidates": f"/en/staff/matching/offers/{offer.pk}/",
        "matching:staff_request_list": "/en/staff/matching/requests/",
        "matching:staff_mismatch": "/en/staff/matching/mismatch/",
        "matching:staff_mismatch_csv": "/en/staff/matching/mismatch.csv",
        "matching:staff_new_offers": "/en/staff/matching/new-offers/",
        "matching:staff_new_offer_dismiss": (
            f"POST /en/staff/matching/new-offers/{match.pk}/dismiss/"
        ),
        "api:offer_search": "/api/v1/offers?plz=10115",
        "api:offer_get": f"/api/v1/offers/{offer.pk}",
    }
