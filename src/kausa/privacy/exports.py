"""The readable PDF of a person's data export."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from kausa.core.pdf import HEADING, NORMAL, TITLE, Document, Style

_SUBHEADING = Style(size=11, bold=True, leading=1.4, tag="H3")


def export_pdf(data: dict[str, Any]) -> bytes:
    person = data["person"]
    title = _("Data held by KAUSA about %(name)s") % {
        "name": f"{person['first_name']} {person['last_name']}"
    }
    doc = Document(title=title, language=translation.get_language() or "de")

    def block(heading: str, values: dict[str, Any]) -> None:
        doc.paragraph(heading, _SUBHEADING, after=2)
        for key, value in values.items():
            if value not in ("", None, []):
                doc.paragraph(f"{key}: {value}", NORMAL, after=1)

    doc.paragraph(title, TITLE, after=6)
    doc.paragraph(f"{data['organisation']} · {data['exported_at'][:10]}", after=8)
    block(_("Personal data"), person)
    for consent in data["consents"]:
        block(_("Consent"), consent)
    for number, case in enumerate(data["cases"], start=1):
        doc.paragraph(_("Case %(n)s") % {"n": number}, HEADING)
        block(_("Case"), {k: v for k, v in case.items() if not isinstance(v, list)})
        for key in ("consultations", "referrals", "outcomes", "follow_ups", "offers_proposed"):
            for item in case[key]:
                block(key.replace("_", " "), item)
    return doc.output()
