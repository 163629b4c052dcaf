"""The engine's reason codes in words a young person understands (translatable)."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from kausa.matching.engine import Reason
from kausa.reference.choices import GermanLevel, RequiredCertificate

PART_LABELS = {
    "occupation": gettext_lazy("occupation"),
    "distance": gettext_lazy("distance"),
    "german": gettext_lazy("German"),
    "certificate": gettext_lazy("school certificate"),
    "start": gettext_lazy("start date"),
}
# a reason worth a warning colour in the list
NOTICE_CODES = frozenset(
    {"german_bsk", "certificate_below", "certificate_recognition_advised", "start_passed"}
)


def _date(ordinal: int) -> str:
    return date_format(dt.date.fromordinal(ordinal), "DATE_FORMAT")


def _certificate(code: str) -> str:
    return str(RequiredCertificate(code).label)


def _german(code: str) -> str:
    return str(GermanLevel(code).label) if code else ""


def reason_text(reason: Reason) -> str:
    p: dict[str, Any] = reason.params
    match reason.code:
        case "occupation_exact":
            return _("The occupation you are looking for")
        case "occupation_group":
            return _("Close to the occupation you are looking for (same occupational group)")
        case "occupation_area":
            return _("In the same broad field as the occupation you are looking for")
        case "occupation_other":
            return _("A different occupation from the ones you are looking for")
        case "occupation_any":
            return _("You did not choose an occupation")
        case "distance":
            return _("%(km)s km away") % {"km": p["km"]}
        case "german_no_requirement":
            return _("No particular German level asked for")
        case "german_meets":
            return _("Your German %(have)s — this place asks for %(need)s") % {
                "have": _german(p["have"]),
                "need": _german(p["need"]),
            }
        case "german_bsk":
            return _(
                "Your German %(have)s — this place asks for %(need)s: "
                "an Azubi-BSK course can close the gap"
            ) % {"have": _german(p["have"]), "need": _german(p["need"])}
        case "german_check":
            return _("This place asks for German %(need)s") % {"need": _german(p["need"])}
        case "certificate_no_requirement":
            return _("No particular school certificate asked for")
        case "certificate_meets":
            return _("Your school certificate fits (this place asks for %(need)s)") % {
                "need": _certificate(p["need"])
            }
        case "certificate_below":
            return _(
                "This place asks for %(need)s — the company decides, it can be worth applying"
            ) % {"need": _certificate(p["need"])}
        case "certificate_recognition_advised":
            return _(
                "This place asks for %(need)s: have your foreign certificate recognised "
                "(recognition advised)"
            ) % {"need": _certificate(p["need"])}
        case "certificate_check":
            return _("This place asks for %(need)s") % {"need": _certificate(p["need"])}
        case "start_fits":
            return _("Starts on %(date)s") % {"date": _date(p["start"])}
        case "start_later":
            return _("Starts later, on %(date)s") % {"date": _date(p["start"])}
        case "start_passed":
            return _("Started on %(date)s — ask whether you can still join") % {
                "date": _date(p["start"])
            }
    return reason.code


@functools.lru_cache(maxsize=8192)
def _cached_text(language: str | None, code: str, params: tuple[tuple[str, Any], ...]) -> str:
    return reason_text(Reason(code, dict(params)))


def reasons_out(reasons: tuple[Reason, ...]) -> list[dict[str, Any]]:
    """The reasons with their words in the active language (the few distinct texts are
    remembered per language: a result list repeats the same ones)."""
    language = get_language()
    return [
        {
            "code": r.code,
            "params": r.params,
            "text": _cached_text(language, r.code, tuple(sorted(r.params.items()))),
            "notice": r.code in NOTICE_CODES,
        }
        for r in reasons
    ]


@functools.lru_cache(maxsize=8192)
def _item_html(language: str | None, code: str, params: tuple[tuple[str, Any], ...]) -> str:
    notice = " mt-reason-notice" if code in NOTICE_CODES else ""
    text = escape(_cached_text(language, code, params))
    return f'<li class="mt-reason{notice}" data-code="{escape(code)}">{text}</li>'


def reasons_html(reasons: tuple[Reason, ...]) -> SafeString:
    """The reasons as the list items of a result card (class mt-reason, mt-reason-notice for
    a warning), in the active language. Each distinct item is drawn once per language: a
    result page repeats the same few dozen."""
    language = get_language()
    return mark_safe(  # noqa: S308  (every text is escaped in _item_html)
        "".join(_item_html(language, r.code, tuple(sorted(r.params.items()))) for r in reasons)
    )
