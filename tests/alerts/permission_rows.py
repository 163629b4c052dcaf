"""Permission rows of offer alerts (see tests/test_permissions.py): every page is public;
the personal pages open with the alert's token, whoever holds it."""

from __future__ import annotations

from tests.alerts.factories import confirmed, subscribe, token
from tests.matching.factories import offer_at

PERSONAS = ["anonymous", "advisor", "other_office_advisor", "coordinator", "partner", "org_admin"]
PUBLIC = dict.fromkeys(PERSONAS, 200)

ROWS: dict[str, dict[str, int]] = {
    "alerts:subscribe": PUBLIC,
    "alerts:subscribed": PUBLIC,
    "alerts:deleted": PUBLIC,
    "alerts:confirm": PUBLIC,
    "alerts:manage": PUBLIC,
    "alerts:unsubscribe": PUBLIC,
    "alerts:delete": dict.fromkeys(PERSONAS, 303),
    "alerts:open_search": dict.fromkeys(PERSONAS, 303),
    "alerts:open_offer": dict.fromkeys(PERSONAS, 303),
}


def build(office, other_office) -> dict[str, str]:
    waiting = subscribe("waiting@mail.test")
    active = confirmed("active@mail.test")
    offer = offer_at(office)
    return {
        "alerts:subscribe": "/en/offers/alerts/new/?plz=10115&q=Kfz",
        "alerts:subscribed": "/en/offers/alerts/sent/",
        "alerts:deleted": "/en/offers/alerts/deleted/",
        "alerts:confirm": f"/en/offers/alerts/confirm/{token(waiting)}/",
        "alerts:manage": f"/en/offers/alerts/{token(active)}/",
        "alerts:unsubscribe": f"/en/offers/alerts/unsubscribe/{token(active)}/",
        "alerts:delete": f"POST /en/offers/alerts/{token(active)}/delete/",
        "alerts:open_search": f"/en/offers/alerts/{token(active)}/search/",
        "alerts:open_offer": f"/en/offers/alerts/{token(active)}/offers/{offer.pk}/",
    }
