"""Offer alerts through their services: saving, the opt-in, matching like the search,
nothing twice, daily and weekly digests, expiry, export and erasure."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import translation

from kausa.alerts import selectors, services
from kausa.alerts.models import Alert, AlertSent
from kausa.matching import selectors as matching
from kausa.matching.reasons import reasons_out
from tests.alerts.factories import at, confirmed, import_offer, subscribe, token

pytestmark = pytest.mark.django_db


def _digests(now: dt.datetime) -> services.DigestReport:
    with time_machine.travel(now, tick=False):
        return services.digests_send_due()


def _digest_mails() -> list:
    return [m for m in mail.outbox if "List-Unsubscribe" in m.extra_headers]


# --- saving and confirming -----------------------------------------------------------------
def test_saving_a_search_mails_a_confirmation_link_and_sends_nothing_else_before_it():
    alert = subscribe(query="Kfz-Mechatroniker", german_level="B1")
    assert alert.confirmed_at is None and alert.language == "uk"
    assert alert.token_hash != token(alert) and token(alert) not in alert.secret
    [message] = mail.outbox
    assert message.to == ["olena@mail.test"]
    assert f"{settings.SITE_URL}/uk/offers/alerts/confirm/{token(alert)}/" in message.body


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"plz": "00000"}, "postal_code"),
        ({"plz": "1011"}, "postal_code"),
        ({"radius_km": 30}, "radius_km"),
        ({"query": "Astronautin auf dem Mond"}, "query"),
        ({"german_level": "Z9"}, "german_level"),
        ({"certificate": "phd"}, "certificate"),
    ],
)
def test_a_search_the_search_page_would_refuse_is_refused(changes, field):
    kwargs = {"plz": "10115", "radius_km": 25, "query": "", "german_level": "", "certificate": ""}
    kwargs |= changes
    criteria = services.Criteria(
        kwargs["plz"],
        kwargs["radius_km"],
        kwargs["query"],
        kwargs["german_level"],
        kwargs["certificate"],
    )
    with pytest.raises(ValidationError) as error:
        services.alert_subscribe(
            email="a@mail.test", criteria=criteria, frequency="daily", language="de"
        )
    assert field in error.value.message_dict
    assert not Alert.objects.exists() and not mail.outbox


def test_an_invalid_address_or_frequency_is_refused():
    criteria = services.Criteria("10115")
    for email, frequency in [("not-an-address", "daily"), ("a@mail.test", "hourly")]:
        with pytest.raises(ValidationError):
            services.alert_subscribe(
                email=email, criteria=criteria, frequency=frequency, language="de"
            )
    assert not Alert.objects.exists()


def test_the_same_search_saved_again_is_not_saved_twice():
    first = subscribe(query="Kfz-Mechatroniker")
    again = subscribe("Olena@Mail.test", query="kfz-mechatroniker", language="en")
    assert again.pk == first.pk and Alert.objects.count() == 1
    assert len(mail.outbox) == 2 and "/en/offers/alerts/confirm/" in mail.outbox[1].body
    services.alert_confirm(token=token(first))
    subscribe(query="Kfz-Mechatroniker", frequency="weekly")  # in Ukrainian
    # the active alert's link again, in its own language: only its link changes an alert
    assert "/en/offers/alerts/" in mail.outbox[2].body and "/confirm/" not in mail.outbox[2].body
    first.refresh_from_db()
    assert (first.language, first.frequency) == ("en", "daily")


def test_an_address_holds_at_most_ten_alerts():
    for radius, plz in [(r, p) for r in services.RADII for p in ("10115", "10117")]:
        subscribe(plz=plz, radius_km=radius)
    with pytest.raises(ValidationError) as error:
        subscribe(plz="10119")
    assert "email" in error.value.message_dict


def test_confirming_is_idempotent_and_starts_the_window_now():
    alert = subscribe()
    with time_machine.travel(at(3, 10), tick=False):
        services.alert_confirm(token=token(alert))
    with time_machine.travel(at(4, 10), tick=False):
        again = services.alert_confirm(token=token(alert))
    assert again.confirmed_at == again.digest_from == at(3, 10)
    assert again.last_run_on == dt.date(2026, 3, 3) and again.weekday == 1  # a Tuesday


def test_a_token_that_is_not_an_alerts_finds_nothing():
    alert = subscribe()
    other = token(alert)[:-1] + ("A" if token(alert)[-1] != "A" else "B")
    for wrong in (other, "short", token(alert) + "x", "ä" * 43):
        with pytest.raises(Http404):
            selectors.alert_by_token(wrong)
    assert services.alert_delete(token="x" * 43) is False
    assert Alert.objects.filter(pk=alert.pk).exists()


# --- when a digest is due ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("frequency", "last_run", "now", "due"),
    [
        ("daily", dt.date(2026, 3, 2), at(3, 8), True),
        ("daily", dt.date(2026, 3, 2), at(3, 6, 59), False),  # before SEND_HOUR
        ("daily", dt.date(2026, 3, 3), at(3, 20), False),  # once a day
        ("weekly", dt.date(2026, 3, 2), at(3, 8), False),  # weekday: Monday
        ("weekly", dt.date(2026, 3, 2), at(8, 8), False),  # Sunday
        ("weekly", dt.date(2026, 3, 2), at(9, 8), True),  # Monday again
        ("weekly", dt.date(2026, 3, 9), at(9, 18), False),  # ran this morning
        ("weekly", dt.date(2026, 3, 2), at(10, 8), True),  # Monday missed: caught up
    ],
)
def test_daily_digests_come_every_morning_weekly_ones_on_their_weekday(
    frequency, last_run, now, due
):
    assert services.digest_due(frequency=frequency, weekday=0, last_run_on=last_run, now=now) is due


# --- digests ---------------------------------------------------------------------------------
def test_a_digest_holds_the_new_matching_offers_ranked_and_explained_like_the_search(office):
    with time_machine.travel(at(2, 9), tick=False):
        alert = confirmed(query="Kfz-Mechatroniker", german_level="B1", certificate="first")
    with time_machine.travel(at(1, 9), tick=False):
        import_offer(office, "old", plz="10115")  # before the alert: not new
    with time_machine.travel(at(2, 12), tick=False):
        far = import_offer(office, "far", plz="10117", german="B2", cert="intermediate")
        near = import_offer(office, "near", plz="10115", company="Werkstatt Mitte")
        import_offer(office, "cook", occ="Koch/Köchin")  # another occupation: left out
        import_offer(office, "hamburg", plz="20095")  # beyond 25 km: left out
    report = _digests(at(3, 8))
    assert (report.sent, report.empty, report.failed) == (1, 0, 0)
    [message] = _digest_mails()
    sent = list(AlertSent.objects.filter(alert=alert).values_list("offer_id", flat=True))
    assert sorted(sent) == sorted([near.pk, far.pk])
    # the search, run now for the same criteria, ranks and explains them the same way
    with time_machine.travel(at(3, 8), tick=False):
        result = matching.offer_search(
            origin=matching.origin_for(plz="10115"),
            radius_km=25,
            query="Kfz-Mechatroniker",
            german_level="B1",
            certificate="first",
        )
    new = [hit for hit in result.hits if hit.offer.pk in sent]
    assert [h.offer.pk for h in new] == [near.pk, far.pk]
    body = message.body
    assert body.index("Werkstatt Mitte") < body.index("Autohaus Nord GmbH")
    with translation.override("uk"):
        texts = [r["text"] for hit in new for r in reasons_out(hit.match.reasons)]
    assert len(texts) == 10 and all(text in body for text in texts)
    assert f"/uk/offers/alerts/{token(alert)}/offers/{near.pk}/" in body


def test_nothing_is_sent_twice_however_often_the_digests_run(office):
    with time_machine.travel(at(2, 9), tick=False):
        alert = confirmed()
        first = import_offer(office, "a")
    assert _digests(at(3, 8)).sent == 1
    assert _digests(at(3, 8)).sent == 0  # the same morning again
    assert _digests(at(3, 9)).sent == 0
    with time_machine.travel(at(3, 10), tick=False):
        second = import_offer(office, "b")
        import_offer(office, "a")  # the import lists the first one again
    assert _digests(at(4, 8)).sent == 1
    assert _digests(at(5, 8)).empty == 1  # nothing new: no mail
    digests = _digest_mails()
    assert len(digests) == 2
    assert AlertSent.objects.filter(alert=alert).count() == 2
    assert f"/offers/{first.pk}/" in digests[0].body
    assert f"/offers/{first.pk}/" not in digests[1].body
    assert f"/offers/{second.pk}/" in digests[1].body


def test_an_offer_in_the_overlap_of_two_windows_goes_out_once(office):
    with time_machine.travel(at(2, 9), tick=False):
        alert = confirmed()
    with time_machine.travel(at(3, 7, 55), tick=False):
        offer = import_offer(office, "late")
    assert _digests(at(3, 8)).sent == 1
    # the next window starts 10 minutes before the last run, which covers the offer again
    with time_machine.travel(at(3, 12), tick=False):
        import_offer(office, "new")
    assert _digests(at(4, 8)).sent == 1
    assert AlertSent.objects.filter(alert=alert, offer=offer).count() == 1
    assert f"/offers/{offer.pk}/" not in _digest_mails()[1].body


def test_weekly_digests_collect_the_week_and_come_on_the_weekday(office):
    with time_machine.travel(at(2, 9), tick=False):  # Monday
        confirmed(frequency="weekly")
    for day in (3, 5, 7):
        with time_machine.travel(at(day, 12), tick=False):
            import_offer(office, f"w{day}")
    for day in range(3, 9):
        assert _digests(at(day, 8)).sent == 0
    assert _digests(at(9, 8)).sent == 1
    [digest] = _digest_mails()
    assert digest.body.count("/offers/alerts/") >= 3


def test_a_digest_shows_twenty_offers_and_links_to_the_rest(office):
    with time_machine.travel(at(2, 9), tick=False):
        alert = confirmed()
        for n in range(23):
            import_offer(office, f"n{n}", company=f"Betrieb {n}")
    _digests(at(3, 8))
    [digest] = _digest_mails()
    assert AlertSent.objects.filter(alert=alert).count() == services.MAX_OFFERS
    assert digest.body.count(f"/offers/alerts/{token(alert)}/offers/") == services.MAX_OFFERS
    assert f"/offers/alerts/{token(alert)}/search/" in digest.body


def test_a_mail_that_fails_is_tried_again_next_run(office, monkeypatch):
    with time_machine.travel(at(2, 9), tick=False):
        alert = confirmed()
        import_offer(office, "a")

    def refuse(self, fail_silently=False):
        raise OSError("mail server down")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMessage.send", refuse)
        assert _digests(at(3, 8)).failed == 1
    assert not AlertSent.objects.filter(alert=alert).exists()
    assert _digests(at(3, 9)).sent == 1


def test_unconfirmed_alerts_get_no_digest(office):
    with time_machine.travel(at(2, 9), tick=False):
        subscribe()
        import_offer(office, "a")
    assert _digests(at(3, 8)).sent == 0 and not _digest_mails()


def test_a_digest_is_written_in_the_alerts_language(office):
    with time_machine.travel(at(2, 9), tick=False):
        confirmed(language="uk")
        import_offer(office, "a")
    _digests(at(3, 8))
    [digest] = _digest_mails()
    html = digest.alternatives[0][0]
    assert '<html lang="uk" dir="ltr">' in html
    assert "Ваша команда KAUSA" in digest.body  # "Your KAUSA team", in Ukrainian


# --- expiry, export, erasure -----------------------------------------------------------------
def test_unconfirmed_alerts_go_after_a_week_and_unused_ones_after_a_year():
    with time_machine.travel(at(2, 9), tick=False):
        waiting = subscribe("waiting@mail.test")
        used = confirmed("used@mail.test")
        unused = confirmed("unused@mail.test")
    with time_machine.travel(at(8, 9), tick=False):
        assert services.alerts_expire() == services.Expired(unconfirmed=0, inactive=0)
    with time_machine.travel(at(10, 9), tick=False):
        assert services.alerts_expire().unconfirmed == 1
    with time_machine.travel(dt.datetime(2027, 1, 5, 9, tzinfo=at(2).tzinfo), tick=False):
        services.alert_touch(alert=used)  # followed a link of a digest
    with time_machine.travel(dt.datetime(2027, 3, 3, 9, tzinfo=at(2).tzinfo), tick=False):
        assert services.alerts_expire() == services.Expired(unconfirmed=0, inactive=1)
    assert list(Alert.objects.values_list("pk", flat=True)) == [used.pk]
    assert not Alert.objects.filter(pk__in=[waiting.pk, unused.pk]).exists()


def test_export_and_erasure_of_a_person_reach_the_alerts_of_their_address(advisor, office):
    from kausa.privacy.services import person_erase, person_export
    from tests.factories import YoungPersonFactory

    person = YoungPersonFactory(organisation=office, email="Olena@Mail.test")
    with time_machine.travel(at(2, 9), tick=False):
        mine = confirmed("olena@mail.test", query="Kfz-Mechatroniker")
        import_offer(office, "a")
    _digests(at(3, 8))
    stranger = confirmed("someone@mail.test")
    data = person_export(user=advisor, person=person)
    [exported] = data["offer_alerts"]
    assert exported["occupation"] == "Kfz-Mechatroniker" and exported["offers_sent"] == 1
    assert "secret" not in exported and "token_hash" not in exported
    person_erase(user=advisor, person=person)
    assert not Alert.objects.filter(pk=mine.pk).exists()
    assert not AlertSent.objects.filter(alert_id=mine.pk).exists()
    assert Alert.objects.filter(pk=stranger.pk).exists()
