"""The demo makes a believable year for the figures page (issue 13, item 9)."""

from __future__ import annotations

import random

import pytest
from django.utils import timezone

from kausa.accounts.models import Organisation, User
from kausa.demo import reporting as demo
from kausa.demo.data import OFFICES, SUPERUSER
from kausa.demo.generator import demo_create
from kausa.events.models import Event
from kausa.events.selectors import public_event_list
from kausa.reporting.models import Target
from kausa.reporting.periods import year
from kausa.reporting.selectors import figures_report
from tests.factories import TEST_NOW, TEST_TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(TEST_NOW)]


def test_every_indicator_counts_in_every_quarter_and_every_office_has_targets():
    demo_create()
    admin = User.objects.get(email=SUPERUSER[0])
    slugs = {slug for slug, *_rest in OFFICES}
    for y in (TEST_TODAY.year - 1, TEST_TODAY.year):
        report = figures_report(user=admin, period=year(y))
        empty = [
            (series.indicator.key, number)
            for series in report.series
            for number, cell in enumerate(series.quarters, start=1)
            if cell.value <= 0
        ]
        assert empty == [], y
        with_targets = Target.objects.filter(year=y).values_list("organisation__slug", flat=True)
        assert set(with_targets) == slugs
        assert {t.indicator.key for t in report.targets} == set(demo.TARGETED)
        # about what the offices reach: some on track, some behind
        shares = [t.share for t in report.targets if t.share is not None]
        assert all(70 <= share <= 125 for share in shares), shares

    # past events are in the figures, never among the upcoming ones
    past = Event.objects.filter(ends_at__lt=timezone.now())
    assert past.count() > 100
    assert not public_event_list().filter(pk__in=past).exists()
    assert Organisation.objects.get(slug=demo.ESF_OFFICE).esf_funded

    count = Target.objects.count()
    assert demo.extend(random.Random(1)) == {}
    assert Target.objects.count() == count
