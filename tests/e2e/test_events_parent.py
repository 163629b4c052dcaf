"""A parent registers in Arabic for the bilingual parent evening, cancels, and the first
person on the waitlist moves up."""

from __future__ import annotations

import pytest
from django.core import mail

from kausa.demo import events as demo
from kausa.events.models import Event, Registration
from kausa.events.registration import services as registrations

pytestmark = pytest.mark.e2e


def test_parent_registers_in_arabic_cancels_and_the_waitlist_moves_up(page, demo_site):
    event = Event.objects.get(title=demo.MARKER)
    arabic_title = event.text_for("ar")[0]

    page.goto(f"{demo_site.url}/ar/events/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.get_by_role("link", name=arabic_title).click()
    page.wait_for_url(f"**/ar/events/{event.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == arabic_title

    # the parent takes the last seat
    Event.objects.filter(pk=event.pk).update(capacity=registrations.seats_taken(event.pk) + 1)
    page.locator("a.ev-register").click()
    page.wait_for_url(f"**/ar/events/{event.pk}/register/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator("#id_name").fill("فاطمة الحسن")
    page.locator("#id_email").fill("fatima.parent@mail.example")
    page.locator("#id_language").select_option("ar")
    page.locator("#id_party_size").fill("1")
    page.locator("#id_consent").check()
    page.locator("button.ev-submit").click()

    page.wait_for_url("**/ar/events/registration/*/")
    assert page.locator("[data-status=confirmed]").is_visible()
    # an online evening: how to join the video room, no check-in code for an entrance
    assert page.locator("#join a.button").is_visible()
    assert page.locator(".ev-qr").count() == 0
    mine = Registration.objects.get(email="fatima.parent@mail.example")
    assert mine.status == "confirmed" and mine.language == "ar"
    assert any(mine.token in m.body for m in mail.outbox)

    # now the event is full: the next person waits
    waiting = registrations.registration_create(
        event_id=event.pk, name="Hassan Nasser", email="hassan@mail.example", consent=True
    ).registration
    assert waiting.status == "waitlisted"

    page.locator("button.ev-cancel").click()
    page.wait_for_url(f"**/ar/events/registration/{mine.token}/")
    assert page.locator("[data-status=cancelled]").is_visible()
    waiting.refresh_from_db()
    assert waiting.status == "confirmed" and waiting.promoted_at is not None
    assert any("hassan@mail.example" in m.to for m in mail.outbox)
