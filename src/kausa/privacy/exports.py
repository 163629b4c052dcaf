"""The readable PDF of a person's data export."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from kausa.core.pdf import pdf_text, register_fonts


def export_pdf(data: dict[str, Any]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    regular, bold = register_fonts()
    styles = getSampleStyleSheet()
    for name in ("BodyText", "Title", "Heading2", "Heading3"):
        styles[name].fontName = regular if name == "BodyText" else bold

    def para(text: object, style: str = "BodyText") -> Paragraph:
        return Paragraph(escape(pdf_text(str(text))), styles[style])

    def block(title: str, values: dict[str, Any]) -> list[Paragraph]:
        rows = [para(title, "Heading3")]
        rows += [
            para(f"{key}: {value}") for key, value in values.items() if value not in ("", None, [])
        ]
        return rows

    person = data["person"]
    story: list[Any] = [
        para(
            _("Data held by KAUSA about %(name)s")
            % {"name": f"{person['first_name']} {person['last_name']}"},
            "Title",
        ),
        para(f"{data['organisation']} · {data['exported_at'][:10]}"),
        Spacer(1, 8),
        *block(_("Personal data"), person),
    ]
    for consent in data["consents"]:
        story += block(_("Consent"), consent)
    for number, case in enumerate(data["cases"], start=1):
        story.append(para(_("Case %(n)s") % {"n": number}, "Heading2"))
        story += block(_("Case"), {k: v for k, v in case.items() if not isinstance(v, list)})
        for key in ("consultations", "referrals", "outcomes", "follow_ups", "offers_proposed"):
            for item in case[key]:
                story += block(key.replace("_", " "), item)
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title="KAUSA").build(story)
    return buffer.getvalue()
