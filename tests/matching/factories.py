from __future__ import annotations

import datetime as dt

from tests.factories import CompanyFactory, OfferFactory, occupation, postal_code


def offer_at(
    organisation,
    plz: str = "10115",
    *,
    occ: str = "Kfz-Mechatroniker/in",
    german: str = "none",
    cert: str = "none",
    start: dt.date = dt.date(2027, 8, 1),
    **company_kwargs,
):
    code = postal_code(plz)
    company = CompanyFactory(
        organisation=organisation,
        postal_code=code,
        city=code.place,
        lat=code.lat,
        lon=code.lon,
        **company_kwargs,
    )
    return OfferFactory(
        company=company,
        occupation=occupation(occ),
        required_german=german,
        required_certificate=cert,
        start_date=start,
    )
