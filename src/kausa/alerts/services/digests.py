"""The digests: for each confirmed alert whose day has come, the new offers that match its
search, ranked and explained as the public search does, in one mail; nothing twice.

Due: daily alerts once a day, weekly ones on the weekday they were confirmed (or a week
after the last run, when that weekday was missed); never before SEND_HOUR local time. A
run claims each alert under a row lock, records the offers it sends (AlertSent, unique per
alert and offer) and moves the alert's window on before the mail leaves; should the mail
fail, the claim is undone so the next run tries again. Two runs at once, or one run twice,
send nothing twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from kausa.alerts import mail, selectors
from kausa.alerts.models import Alert, AlertSent
from kausa.matching.fresh import FreshHit, FreshOffers
from kausa.matching.selectors import SearchError

log = logging.getLogger(__name__)

SEND_HOUR = 7  # local time: digests go out in the morning
MAX_OFFERS = 20  # per digest; the mail links to the search for the rest
MAX_WINDOW = dt.timedelta(days=14)  # after a long pause: only the last two weeks' offers
# offers created shortly before the last run whose transaction committed after it
OVERLAP = dt.timedelta(minutes=10)


def digest_due(
    *, frequency: str, weekday: int, last_run_on: dt.date | None, now: dt.datetime
) -> bool:
    """Whether an alert's digest is due at ``now`` (aware; compared in local time)."""
    local = timezone.localtime(now)
    today = local.date()
    if local.hour < SEND_HOUR or (last_run_on is not None and last_run_on >= today):
        return False
    if frequency == Alert.Frequency.DAILY or last_run_on is None:
        return True
    return today.weekday() == weekday or (today - last_run_on).days >= 7


@dataclass
class DigestReport:
    sent: int = 0
    empty: int = 0  # due, but nothing new matched: no mail
    failed: int = 0
    skipped: list[int] = field(default_factory=list)  # search no longer possible


def _window_start(
    digest_from: dt.datetime | None, confirmed_at: dt.datetime | None, now: dt.datetime
) -> dt.datetime:
    """Offers created from here on are new for the digest at ``now``."""
    start = (digest_from or confirmed_at or now) - OVERLAP
    return max(start, now - MAX_WINDOW)


@dataclass
class _Claim:
    alert: Alert
    hits: list[FreshHit]
    total: int
    before: tuple[dt.datetime | None, dt.date | None, dt.datetime | None]


def _claim(alert_id: int, fresh: FreshOffers, now: dt.datetime) -> _Claim | None:
    """Under the alert's row lock: the offers to send, recorded as sent, and the window
    moved on. None when the alert is gone, not due (any more) or another run holds it."""
    alert = (
        Alert.objects.select_for_update(skip_locked=True)
        .filter(pk=alert_id, confirmed_at__isnull=False)
        .first()
    )
    if alert is None or not digest_due(
        frequency=alert.frequency, weekday=alert.weekday, last_run_on=alert.last_run_on, now=now
    ):
        return None
    before = (alert.digest_from, alert.last_run_on, alert.last_sent_at)
    seeker = selectors.alert_seeker(alert)  # SearchError: the caller skips the alert
    hits: list[FreshHit] = []
    total = 0
    if seeker is not None:
        already = set(
            AlertSent.objects.filter(alert=alert, offer_id__in=list(fresh.created)).values_list(
                "offer_id", flat=True
            )
        )
        since = _window_start(alert.digest_from, alert.confirmed_at, now)
        hits, total = fresh.rank(seeker, since=since, exclude=already, limit=MAX_OFFERS)
    alert.digest_from = now
    alert.last_run_on = timezone.localdate(now)
    if hits:
        alert.last_sent_at = now
        AlertSent.objects.bulk_create(
            [AlertSent(alert=alert, offer=hit.offer, sent_at=now) for hit in hits],
            ignore_conflicts=True,
        )
    alert.save(update_fields=["digest_from", "last_run_on", "last_sent_at"])
    return _Claim(alert, hits, total, before)


def _undo(claim: _Claim) -> None:
    """The mail did not leave: forget the claim, so the next run sends these offers."""
    digest_from, last_run_on, last_sent_at = claim.before
    offers = [hit.offer.pk for hit in claim.hits]
    with transaction.atomic():
        AlertSent.objects.filter(alert_id=claim.alert.pk, offer_id__in=offers).delete()
        Alert.objects.filter(pk=claim.alert.pk).update(
            digest_from=digest_from, last_run_on=last_run_on, last_sent_at=last_sent_at
        )


def alert_digest_send(*, alert_id: int, fresh: FreshOffers, now: dt.datetime) -> str:
    """One alert's digest: ``sent``, ``empty`` (nothing new), ``not_due`` or ``failed``."""
    with transaction.atomic():
        claimed = _claim(alert_id, fresh, now)
    if claimed is None:
        return "not_due"
    if not claimed.hits:
        return "empty"
    try:
        mail.digest_message(claimed.alert, claimed.hits, claimed.total).send()
    except Exception:  # the mail server refused or is down: try again next run
        log.exception("offer alert %s: the digest could not be sent", alert_id)
        _undo(claimed)
        return "failed"
    return "sent"


def digests_send_due(*, now: dt.datetime | None = None) -> DigestReport:
    """Send every digest that is due now (run by ``kausa send-offer-alerts``)."""
    now = now or timezone.now()
    report = DigestReport()
    candidates = selectors.alerts_maybe_due(timezone.localdate(now))
    rows = candidates.values_list(
        "pk", "frequency", "weekday", "last_run_on", "digest_from", "confirmed_at"
    )
    due = [
        (pk, _window_start(digest_from, confirmed_at, now))
        for pk, frequency, weekday, last_run_on, digest_from, confirmed_at in rows
        if digest_due(frequency=frequency, weekday=weekday, last_run_on=last_run_on, now=now)
    ]
    if not due:
        return report
    fresh = FreshOffers(since=min(start for _pk, start in due), until=now)
    for pk, _start in due:
        try:
            outcome = alert_digest_send(alert_id=pk, fresh=fresh, now=now)
        except SearchError:  # e.g. the postal code left the reference data
            report.skipped.append(pk)
            continue
        if outcome == "sent":
            report.sent += 1
        elif outcome == "empty":
            report.empty += 1
        elif outcome == "failed":
            report.failed += 1
    return report
