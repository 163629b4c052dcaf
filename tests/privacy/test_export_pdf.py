"""The GDPR export PDF reads back as typed, names in reading order."""

from __future__ import annotations

from django.utils import translation

from kausa.privacy.exports import export_pdf
from tests.core.test_pdf import extracted, is_presentation_form


def _data(first: str, last: str, notes: str) -> dict:
    return {
        "person": {"first_name": first, "last_name": last, "city": "Berlin-Neukölln"},
        "organisation": "KAUSA Landesstelle Berlin",
        "exported_at": "2026-12-04T10:00:00",
        "consents": [],
        "cases": [
            {
                "status": "open",
                "consultations": [{"notes": notes}],
                "referrals": [],
                "outcomes": [],
                "follow_ups": [],
                "offers_proposed": [],
            }
        ],
    }


def test_arabic_and_farsi_names_and_notes_read_back_as_typed():
    first, last = "محمد عبد الرحمن", "الهاشمي كريم زاده"
    notes = "تور شغلی در برلین – جولة JOBWALK في نويكولن"
    for language in ("ar", "fa", "de"):
        with translation.override(language):
            body = export_pdf(_data(first, last, notes))
        whole = " ".join(extracted(body))
        assert f"first_name: {first}" in whole and f"last_name: {last}" in whole
        assert f"notes: {notes}" in whole
        assert f"{first} {last}" in whole  # the title: the first name first
        assert not any(is_presentation_form(ch) for ch in whole)


def test_a_long_name_wraps_with_the_first_name_on_the_first_line():
    first, last = "محمد عبد الرحمن عبد الله", "الهاشمي كريم زاده " * 4
    with translation.override("ar"):
        lines = extracted(export_pdf(_data(first, last.strip(), "")))
    assert "محمد عبد الرحمن" in lines[0]  # the title wraps after his first name, not before
    assert "الهاشمي" not in lines[0] and "الهاشمي" in lines[1]
    assert " ".join(lines).count(first) >= 2
