"""The personal interview agenda of a speed dating as a PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.utils import translation
from django.utils.translation import gettext as _

from kausa.core.pdf import HEADING, TITLE, Document


def agenda_pdf(
    *,
    event_title: str,
    who: str,
    kind: str,
    rows: Sequence[Mapping[str, object]],
    page_url: str,
) -> bytes:
    """Time, company (or applicant) and video room of each interview, with the page's link."""
    doc = Document(title=event_title, language=translation.get_language() or "de")
    doc.paragraph(event_title, TITLE, after=6)
    doc.paragraph(who, HEADING, after=8)
    if rows:
        doc.table(
            [_("Time"), _("Company") if kind == "applicant" else _("Applicant"), _("Video room")],
            [[_span(row), row["with"], row["url"]] for row in rows],
            [100, 170, 230],
            grid=True,
        )
    else:
        doc.paragraph(_("No interviews yet."))
    doc.space(6)
    doc.paragraph(page_url)
    return doc.output()


def _span(row: Mapping[str, object]) -> str:
    start, end = row["start"], row["end"]
    assert isinstance(start, dt.datetime) and isinstance(end, dt.datetime)
    return f"{start:%d.%m. %H:%M}–{end:%H:%M}"
