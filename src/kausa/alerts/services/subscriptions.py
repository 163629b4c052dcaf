"""Saving a search with an e-mail address, the double opt-in, changing and deleting it,
and the deletion of alerts nobody confirmed or used any more."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kausa.alerts import selectors, tokens
from kausa.alerts.models import Alert
from kausa.matching import selectors as matching
from kausa.reference.choices import GermanLevel, SchoolCertificate

log = logging.getLogger(__name__)

CONSENT_TEXT_VERSION = "offer-alert-1"
RADII = (5, 10, 25, 50, 100)  # the public search's distances
MAX_ALERTS_PER_EMAIL = 10
UNCONFIRMED_DAYS = 7  # an alert nobody confirmed is deleted after this
INACTIVE_DAYS = 365  # ... and a confirmed one without a sign of life after this
TOUCH_EVERY = dt.timedelta(hours=1)  # a sign of life is written at most this often


@dataclass(frozen=True)
class Criteria:
    """The saved search: the public offer search's own parameters."""

    postal_code: str
    radius_km: int = 25
    query: str = ""
    german_level: str = ""
    certificate: str = ""

    def cleaned(self) -> Criteria:
        """The criteria checked as the search checks them (ValidationError per field)."""
        errors: dict[str, list[Any]] = {}
        plz, query = self.postal_code.strip(), " ".join(self.query.split())
        try:
            origin = matching.origin_for(plz=plz)
        except matching.SearchError:
            errors["postal_code"] = [_("Please enter a postal code with 5 digits that exists.")]
        if self.radius_km not in RADII:
            errors["radius_km"] = [_("Please choose one of the distances.")]
        if self.german_level and self.german_level not in GermanLevel.values:
            errors["german_level"] = [_("Please choose one of the levels.")]
        if self.certificate and self.certificate not in SchoolCertificate.values:
            errors["certificate"] = [_("Please choose one of the certificates.")]
        if len(query) > 100:
            errors["query"] = [_("Please use at most 100 characters.")]
        if not errors and query:
            seeker = matching.search_seeker(origin=origin, radius_km=self.radius_km, query=query)
            if seeker is None:
                errors["query"] = [
                    _("We know no occupation called “%(query)s”.") % {"query": query}
                ]
        if errors:
            raise ValidationError(errors)
        return Criteria(plz, self.radius_km, query, self.german_level, self.certificate)


@dataclass(frozen=True)
class Subscription:
    alert: Alert
    created: bool  # False: the same search of the same address was there already


def _language(language: str) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


def _email(email: str) -> str:
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": [_("Please enter a valid e-mail address.")]}) from None
    return email


def _same_search(email: str, criteria: Criteria) -> Alert | None:
    return (
        selectors.alerts_for_email(email)
        .filter(
            postal_code=criteria.postal_code,
            radius_km=criteria.radius_km,
            query__iexact=criteria.query,
            german_level=criteria.german_level,
            certificate=criteria.certificate,
        )
        .first()
    )


def _mail_on_commit(alert_id: int, kind: str) -> None:
    from kausa.alerts import tasks

    transaction.on_commit(lambda: tasks.send_alert_mail.enqueue(alert_id, kind))


@transaction.atomic
def alert_subscribe(
    *,
    email: str,
    criteria: Criteria,
    frequency: str,
    language: str,
    now: dt.datetime | None = None,
) -> Subscription:
    """Save the search for the address; the person confirms by the link mailed to them.

    The same search of the same address is not saved twice: an unconfirmed one gets the
    confirmation mail again, a confirmed one a mail with its link (the page answers the
    same either way, so it tells nobody which addresses have alerts)."""
    email = _email(email)
    criteria = criteria.cleaned()
    if frequency not in Alert.Frequency.values:
        raise ValidationError({"frequency": [_("Please choose how often.")]})
    existing = _same_search(email, criteria)
    if existing is not None:
        if not existing.is_confirmed:  # an active alert is changed by its own link only
            existing.language, existing.frequency = _language(language), frequency
            existing.save(update_fields=["language", "frequency"])
        _mail_on_commit(existing.pk, "exists" if existing.is_confirmed else "confirm")
        return Subscription(existing, created=False)
    if selectors.alerts_for_email(email).count() >= MAX_ALERTS_PER_EMAIL:
        raise ValidationError(
            {
                "email": [
                    _(
                        "This e-mail address already has %(count)d alerts. Please delete one "
                        "first (with the link in its e-mails)."
                    )
                    % {"count": MAX_ALERTS_PER_EMAIL}
                ]
            }
        )
    secret = tokens.new_secret()
    alert = Alert(
        email=email,
        language=_language(language),
        postal_code=criteria.postal_code,
        radius_km=criteria.radius_km,
        query=criteria.query,
        german_level=criteria.german_level,
        certificate=criteria.certificate,
        frequency=frequency,
        secret=secret,
        token_hash=tokens.token_hash(tokens.token_for(secret)),
        consent_text_version=CONSENT_TEXT_VERSION,
    )
    alert.full_clean()
    alert.save()
    if now is not None:  # tests and imports of old data say when
        Alert.objects.filter(pk=alert.pk).update(created_at=now)
    _mail_on_commit(alert.pk, "confirm")
    return Subscription(alert, created=True)


def _locked(token: str) -> Alert:
    alert = selectors.alert_by_token(token)
    return Alert.objects.select_for_update().get(pk=alert.pk)


@transaction.atomic
def alert_confirm(*, token: str, now: dt.datetime | None = None) -> Alert:
    """The double opt-in (idempotent). New offers count from now on; the first digest
    comes the next day (daily) or in a week on this weekday (weekly)."""
    alert = _locked(token)
    if alert.confirmed_at is not None:
        return alert
    now = now or timezone.now()
    alert.confirmed_at = alert.digest_from = alert.last_opened_at = now
    alert.last_run_on = timezone.localdate(now)
    alert.weekday = alert.last_run_on.weekday()
    alert.save(
        update_fields=["confirmed_at", "digest_from", "last_opened_at", "last_run_on", "weekday"]
    )
    return alert


@transaction.atomic
def alert_update(
    *, token: str, criteria: Criteria, frequency: str, now: dt.datetime | None = None
) -> Alert:
    """Change the saved search or how often it comes (by the personal link)."""
    criteria = criteria.cleaned()
    if frequency not in Alert.Frequency.values:
        raise ValidationError({"frequency": [_("Please choose how often.")]})
    alert = _locked(token)
    alert.postal_code = criteria.postal_code
    alert.radius_km = criteria.radius_km
    alert.query = criteria.query
    alert.german_level = criteria.german_level
    alert.certificate = criteria.certificate
    alert.frequency = frequency
    alert.last_opened_at = now or timezone.now()
    alert.full_clean()
    alert.save()
    return alert


def alert_touch(*, alert: Alert, now: dt.datetime | None = None) -> None:
    """A sign of life (the person opened the alert's page or a link of its mails): the
    alert is kept another year. No tracking pixel: only links the person follows count."""
    now = now or timezone.now()
    if alert.last_opened_at is None or now - alert.last_opened_at >= TOUCH_EVERY:
        Alert.objects.filter(pk=alert.pk).update(last_opened_at=now)
        alert.last_opened_at = now


@transaction.atomic
def alert_delete(*, token: str) -> bool:
    """Unsubscribe: the alert and everything about it is deleted (idempotent: False when
    the link leads nowhere any more)."""
    if not tokens.looks_like_token(token):
        return False
    alert = Alert.objects.filter(token_hash=tokens.token_hash(token)).first()
    if alert is None:
        return False
    alert.delete()  # AlertSent goes with it (cascade)
    log.info("offer alert %s deleted by its owner", alert.pk)
    return True


@transaction.atomic
def alerts_delete_for_email(*, email: str) -> int:
    """Every alert of an address (erasure, or an unsubscribe request by mail)."""
    return _delete(selectors.alerts_for_email(email))


@dataclass(frozen=True)
class Expired:
    unconfirmed: int
    inactive: int


@transaction.atomic
def alerts_expire(*, now: dt.datetime | None = None) -> Expired:
    """Delete alerts nobody confirmed within UNCONFIRMED_DAYS and confirmed ones without a
    sign of life (confirmation, page opened, link followed) for INACTIVE_DAYS."""
    now = now or timezone.now()
    unconfirmed = Alert.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - dt.timedelta(days=UNCONFIRMED_DAYS)
    )
    inactive = (
        Alert.objects.filter(confirmed_at__isnull=False)
        .annotate(alive=Coalesce("last_opened_at", "confirmed_at"))
        .filter(alive__lt=now - dt.timedelta(days=INACTIVE_DAYS))
    )
    return Expired(unconfirmed=_delete(unconfirmed), inactive=_delete(inactive))


def _delete(alerts: QuerySet[Alert]) -> int:
    _total, by_model = Alert.objects.filter(pk__in=alerts.values("pk")).delete()
    return by_model.get(Alert._meta.label, 0)
