"""What the duplicate finder's reasons (kausa.people.duplicates) say, in the page's language."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kausa.people import duplicates as d

REASONS: dict[str, Promise] = {
    d.NAME_SAME: _("same name"),
    d.NAME_VARIANT: _("the name in another spelling or script"),
    d.NAME_SIMILAR: _("similar name (a typo?)"),
    d.NAME_SWAPPED: _("first and last name swapped"),
    d.FIRST_NAME_DIFFERS: _("other first name"),
    d.LAST_NAME_DIFFERS: _("other last name"),
    d.BIRTH_DATE_SAME: _("same date of birth"),
    d.BIRTH_DATE_SWAPPED: _("date of birth with day and month swapped"),
    d.BIRTH_DATE_CLOSE: _("date of birth one digit apart"),
    d.BIRTH_DATE_DIFFERS: _("other date of birth"),
    d.PHONE_SAME: _("same phone number"),
    d.EMAIL_SAME: _("same e-mail address"),
}
# reasons that speak against the pair, shown as such
AGAINST = frozenset({d.FIRST_NAME_DIFFERS, d.LAST_NAME_DIFFERS, d.BIRTH_DATE_DIFFERS})


def reason_labels(codes: Iterable[str]) -> list[dict[str, Any]]:
    return [
        {"label": REASONS.get(code, code), "against": code in AGAINST}
        for code in codes
        if code in REASONS
    ]


def percent(score: float) -> int:
    return round(score * 100)


def duplicate_rows(found: Sequence[tuple[Any, d.Match]]) -> list[dict[str, Any]]:
    """Rows for a page: the record, its score in per cent and the reasons in words."""
    return [
        {"record": record, "percent": percent(match.score), "reasons": reason_labels(match.reasons)}
        for record, match in found
    ]
