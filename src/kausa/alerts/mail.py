"""The alerts' e-mails, in the person's language: the confirmation (double opt-in) and the
digest of new offers. Plain text plus HTML; every link absolute from KAUSA_SITE_URL.

Digests carry ``List-Unsubscribe`` (the one-click link and a mailto) and
``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` (RFC 2369, RFC 8058), so mail
programs offer their own unsubscribe button, which deletes the alert in one POST.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from kausa.alerts import selectors
from kausa.alerts.models import Alert
from kausa.core.links import absolute_reverse, absolute_url
from kausa.matching.fresh import FreshHit
from kausa.matching.reasons import reasons_out
from kausa.reference.occupation_names import occupation_label


@dataclass(frozen=True)
class Links:
    confirm: str
    manage: str
    unsubscribe: str
    search: str


def links(alert: Alert) -> Links:
    """The alert's personal links in the active language."""
    token = selectors.alert_token(alert)
    return Links(
        confirm=absolute_reverse("alerts:confirm", token),
        manage=absolute_reverse("alerts:manage", token),
        unsubscribe=absolute_reverse("alerts:unsubscribe", token),
        search=absolute_reverse("alerts:open_search", token),
    )


def _message(alert: Alert, template: str, context: dict[str, Any]) -> EmailMultiAlternatives:
    subject = " ".join(render_to_string(f"alerts/mail/{template}_subject.txt", context).split())
    context["subject"] = subject
    body = render_to_string(f"alerts/mail/{template}.txt", context)
    html = render_to_string(f"alerts/mail/{template}.html", context)
    message = EmailMultiAlternatives(subject, body, None, [alert.email])
    message.attach_alternative(html, "text/html")
    return message


def confirmation_message(alert: Alert, kind: str = "confirm") -> EmailMultiAlternatives:
    """``confirm``: the double opt-in; ``exists``: the same search was saved before and is
    active, here is its link again."""
    with translation.override(alert.language):
        context = {
            "alert": alert,
            "kind": kind,
            "links": links(alert),
            "search": selectors.search_words(alert),
        }
        return _message(alert, "confirm", context)


def _hit(alert: Alert, hit: FreshHit, token: str) -> dict[str, Any]:
    offer, company = hit.offer, hit.offer.company
    return {
        "title": occupation_label(offer.occupation, alert.language),
        "company": company.name,
        "place": f"{company.postal_code_id} {company.city or company.postal_code.place}",
        "distance_km": hit.match.distance_km,
        "start_date": offer.start_date,
        "reasons": reasons_out(hit.match.reasons),
        "url": absolute_reverse("alerts:open_offer", token, offer.pk),
    }


def digest_message(alert: Alert, hits: list[FreshHit], total: int) -> EmailMultiAlternatives:
    with translation.override(alert.language):
        token = selectors.alert_token(alert)
        alert_links = links(alert)
        context = {
            "alert": alert,
            "hits": [_hit(alert, hit, token) for hit in hits],
            "count": len(hits),
            "more": max(0, total - len(hits)),
            "links": alert_links,
            "search": selectors.search_words(alert),
            "site": absolute_url("/"),
        }
        message = _message(alert, "digest", context)
    mailto = f"mailto:{settings.KAUSA_OPERATOR_EMAIL}?subject={quote('unsubscribe offer alert')}"
    message.extra_headers["List-Unsubscribe"] = f"<{alert_links.unsubscribe}>, <{mailto}>"
    message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.extra_headers["List-Id"] = "KAUSA offer alerts <offer-alerts.kausa>"
    return message
