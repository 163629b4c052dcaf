"""Permission rows of the company and offer pages (see tests/test_permissions.py)."""

from __future__ import annotations

OK, REDIRECT, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404


def _row(advisor: int, other: int = NOT_FOUND) -> dict[str, int]:
    return {
        "anonymous": REDIRECT,
        "advisor": advisor,
        "org_admin": advisor,
        "other_office_advisor": other,
        "coordinator": FORBIDDEN,
        "partner": FORBIDDEN,
    }


ROWS = {
    # a new company: any advisor, for the offices they act for
    "companies:create": _row(OK, other=OK),
    # an offer of a company: the company's office only
    "companies:offer_create": _row(OK),
    "companies:offer_edit": _row(OK),
    "companies:offer_withdraw": _row(REDIRECT),  # POST, back to the company page
    "companies:offer_fill": _row(REDIRECT),
}


def build(office, other_office) -> dict[str, str]:
    from tests.factories import CompanyFactory, OfferFactory

    company = CompanyFactory(organisation=office)
    offers = [OfferFactory(company=company) for _ in range(3)]
    return {
        "companies:create": "/de/staff/companies/new/",
        "companies:offer_create": f"/de/staff/companies/{company.pk}/offers/new/",
        "companies:offer_edit": f"/de/staff/companies/offers/{offers[0].pk}/edit/",
        "companies:offer_withdraw": f"POST /de/staff/companies/offers/{offers[1].pk}/withdraw/",
        "companies:offer_fill": f"POST /de/staff/companies/offers/{offers[2].pk}/filled/",
    }
