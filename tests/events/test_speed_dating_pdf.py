"""The speed-dating agenda PDF reads back as typed in Arabic, Farsi and German."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from kausa.events.speed_dating.pdf import agenda_pdf
from tests.core.test_pdf import extracted, is_presentation_form


@pytest.mark.parametrize("language", ["ar", "fa", "de"])
def test_agenda_reads_back_as_typed(language):
    start = dt.datetime(2026, 12, 4, 10, 0)
    rows = [
        {
            "start": start,
            "end": start + dt.timedelta(minutes=10),
            "with": "مطعم الشام GmbH",
            "url": "https://meet.example/room-1",
        },
        {
            "start": start,
            "end": start + dt.timedelta(minutes=20),
            "with": "تور شغلی در برلین",
            "url": "https://meet.example/room-2",
        },
    ]
    with translation.override(language):
        body = agenda_pdf(
            event_title="جولة JOBWALK في نويكولن",
            who="محمد عبد الرحمن",
            kind="applicant",
            rows=rows,
            page_url="https://kausa.example/events/speed-dating/x/",
        )
    lines = extracted(body)
    assert lines[:2] == ["جولة JOBWALK في نويكولن", "محمد عبد الرحمن"]
    whole = " ".join(lines)
    for text in (
        "مطعم الشام GmbH",
        "تور شغلی در برلین",
        "https://meet.example/room-2",
        "04.12. 10:00–10:10",
    ):
        assert text in whole
    assert not any(is_presentation_form(ch) for ch in whole)
