"""Alerts made through the services, and offers that arrive by an office's import."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.test import TestCase

from kausa.alerts import selectors, services
from kausa.alerts.models import Alert
from kausa.companies.models import Offer
from kausa.companies.services import ImportedOffer, offers_upsert_from_import
from tests.factories import occupation, postal_code

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def at(day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    """A moment in March 2026 (Monday the 2nd, ...), Berlin time."""
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=BERLIN)


def subscribe(
    email: str = "olena@mail.test",
    *,
    plz: str = "10115",
    radius_km: int = 25,
    query: str = "",
    german_level: str = "",
    certificate: str = "",
    frequency: str = "daily",
    language: str = "uk",
) -> Alert:
    criteria = services.Criteria(plz, radius_km, query, german_level, certificate)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the mail goes after the commit
        return services.alert_subscribe(
            email=email, criteria=criteria, frequency=frequency, language=language
        ).alert


def confirmed(email: str = "olena@mail.test", **kwargs) -> Alert:
    alert = subscribe(email, **kwargs)
    return services.alert_confirm(token=selectors.alert_token(alert))


def token(alert: Alert) -> str:
    return selectors.alert_token(alert)


def import_offer(
    office,
    external_id: str,
    *,
    plz: str = "10115",
    occ: str = "Kfz-Mechatroniker/in",
    german: str = "none",
    cert: str = "none",
    company: str = "Autohaus Nord GmbH",
    start: dt.date = dt.date(2026, 8, 1),
):
    """One offer of the office's feed, through the import service; returns the Offer."""
    row = ImportedOffer(
        external_id=external_id,
        company_name=company,
        postal_code=postal_code(plz),
        occupation=occupation(occ),
        start_date=start,
        required_german=german,
        required_certificate=cert,
    )
    offers_upsert_from_import(organisation=office, source="feed", rows={external_id: row})
    return Offer.objects.get(source="feed", external_id=external_id, organisation=office)
