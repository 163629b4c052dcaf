"""What the company duplicate finder's reasons (kausa.companies.duplicates) say in words."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kausa.companies import duplicates as d

REASONS: dict[str, Promise] = {
    d.NAME_SAME: _("same name"),
    d.NAME_VARIANT: _("same name but for the legal form or spelling"),
    d.NAME_SIMILAR: _("similar name (a typo?)"),
    d.NAME_DIFFERS: _("other name"),
    d.POSTAL_CODE_SAME: _("same postal code"),
    d.POSTAL_CODE_DIFFERS: _("other postal code"),
    d.PHONE_SAME: _("same phone number"),
    d.EMAIL_SAME: _("same e-mail address"),
    d.MAIL_DOMAIN_SAME: _("same mail domain"),
    d.STREET_SAME: _("same street and number"),
}
AGAINST = frozenset({d.NAME_DIFFERS, d.POSTAL_CODE_DIFFERS})


def reason_labels(codes: Iterable[str]) -> list[dict[str, Any]]:
    return [
        {"label": REASONS[code], "against": code in AGAINST} for code in codes if code in REASONS
    ]


def duplicate_rows(found: Sequence[tuple[Any, d.Match]]) -> list[dict[str, Any]]:
    return [
        {"record": record, "percent": round(m.score * 100), "reasons": reason_labels(m.reasons)}
        for record, m in found
    ]
