"""Writes of offer alerts: subscriptions (saving, confirming, changing, deleting, expiry)
and digests. Callers import from here."""

from kausa.alerts.services.digests import (
    MAX_OFFERS,
    SEND_HOUR,
    DigestReport,
    alert_digest_send,
    digest_due,
    digests_send_due,
)
from kausa.alerts.services.subscriptions import (
    CONSENT_TEXT_VERSION,
    INACTIVE_DAYS,
    MAX_ALERTS_PER_EMAIL,
    RADII,
    UNCONFIRMED_DAYS,
    Criteria,
    Expired,
    Subscription,
    alert_confirm,
    alert_delete,
    alert_subscribe,
    alert_touch,
    alert_update,
    alerts_delete_for_email,
    alerts_expire,
)

__all__ = [
    "CONSENT_TEXT_VERSION",
    "INACTIVE_DAYS",
    "MAX_ALERTS_PER_EMAIL",
    "MAX_OFFERS",
    "RADII",
    "SEND_HOUR",
    "UNCONFIRMED_DAYS",
    "Criteria",
    "DigestReport",
    "Expired",
    "Subscription",
    "alert_confirm",
    "alert_delete",
    "alert_digest_send",
    "alert_subscribe",
    "alert_touch",
    "alert_update",
    "alerts_delete_for_email",
    "alerts_expire",
    "digest_due",
    "digests_send_due",
]
