"""Reads of offer alerts: an alert by its personal link, the saved search in words, the
alerts whose digest may be due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import Http404

from kausa.alerts import tokens
from kausa.alerts.models import Alert
from kausa.matching import engine
from kausa.matching import selectors as matching
from kausa.reference.choices import GermanLevel, SchoolCertificate


def alert_by_token(token: str) -> Alert:
    """The alert of a personal link; 404 for anything else (no hint whether it existed)."""
    if not tokens.looks_like_token(token):
        raise Http404
    alert = Alert.objects.filter(token_hash=tokens.token_hash(token)).first()
    if alert is None:
        raise Http404
    return alert


def alert_token(alert: Alert) -> str:
    return tokens.token_for(alert.secret)


def alerts_for_email(email: str) -> QuerySet[Alert]:
    return Alert.objects.filter(email__iexact=email.strip()).order_by("pk")


def alerts_maybe_due(today: dt.date) -> QuerySet[Alert]:
    """Confirmed alerts without a digest run today (which of them is due decides
    services.digest_due: the weekly ones on their weekday)."""
    return Alert.objects.filter(confirmed_at__isnull=False, last_run_on__lt=today).order_by("pk")


@dataclass(frozen=True)
class SearchWords:
    """The saved search as a person reads it (in the active language)."""

    place: str
    radius_km: int
    occupation: str
    german_level: str
    certificate: str


def search_words(alert: Alert) -> SearchWords:
    try:
        place = matching.origin_for(plz=alert.postal_code).label
    except matching.SearchError:
        place = alert.postal_code
    return SearchWords(
        place=place,
        radius_km=alert.radius_km,
        occupation=alert.query,
        german_level=str(GermanLevel(alert.german_level).label) if alert.german_level else "",
        certificate=str(SchoolCertificate(alert.certificate).label) if alert.certificate else "",
    )


def search_params(alert: Alert) -> dict[str, Any]:
    """The public search's query parameters of the saved search."""
    params = {
        "plz": alert.postal_code,
        "radius_km": alert.radius_km,
        "q": alert.query,
        "german_level": alert.german_level,
        "certificate": alert.certificate,
    }
    return {key: value for key, value in params.items() if value not in ("", None)}


def search_query_string(alert: Alert) -> str:
    return urlencode(search_params(alert))


def alert_seeker(alert: Alert) -> engine.Seeker | None:
    """The public search's own seeker for the saved search (None: nothing can match).
    Raises matching.SearchError when the search cannot be run any more."""
    return matching.search_seeker(
        origin=matching.origin_for(plz=alert.postal_code),
        radius_km=float(alert.radius_km),
        query=alert.query,
        german_level=alert.german_level,
        certificate=alert.certificate,
    )
