"""The network demo: what the issue asks the demo to show, and idempotence."""

from __future__ import annotations

import random

import pytest
from django.test import Client

from kausa.demo import network as demo
from kausa.demo.data import DEMO_PASSWORD
from kausa.demo.generator import demo_create
from kausa.network.models import (
    Ambassador,
    Edition,
    MaterialVersion,
    NetworkProfile,
    Nomination,
    Story,
)
from kausa.network.selectors import public_profiles, public_stories

pytestmark = pytest.mark.django_db


def test_demo_shows_network_awards_ambassadors_toolkit_and_stories():
    demo_create()
    mut = public_profiles().filter(network__slug=demo.NETWORK_SLUG)
    assert mut.count() >= 8
    assert {p.company.organisation.state for p in mut} == {"TH"}
    assert all(p.company.migrant_led for p in mut)
    current, past = Edition.objects.order_by("-year")
    assert current.nominations.filter(status=Nomination.Status.ACCEPTED).count() >= 4
    assert current.jurors.count() == 3 and current.scoring_closed_at is None
    assert past.results_published_at and past.results_story.status == Story.Status.PUBLISHED
    winners = past.nominations.filter(place=1)
    assert winners.exists()
    winner_profile = NetworkProfile.objects.get(company=winners.first().company)
    page = Client().get(f"/en/network/companies/{winner_profile.pk}/").content.decode()
    assert "Winner of Unternehmen mit Kultur" in page
    assert Ambassador.objects.count() == 3
    languages = set(MaterialVersion.objects.values_list("language_id", flat=True))
    assert len(languages) >= 4
    assert public_stories().count() >= 12
    assert len(set(public_stories().values_list("state", flat=True))) >= 4
    from kausa.accounts.models import User

    juror = User.objects.get(email="juror1@kausa.example")
    assert juror.check_password(DEMO_PASSWORD) and not juror.memberships.exists()
    client = Client()
    client.force_login(juror)
    assert client.get(f"/en/jury/{current.pk}/").status_code == 200
    count = Story.objects.count()
    assert demo.extend(random.Random(1)) == {}
    assert Story.objects.count() == count
