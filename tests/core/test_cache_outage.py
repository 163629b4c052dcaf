"""With Redis down, public forms still save what people send and answer normally; mail
that cannot be queued is sent from the request instead (SECURITY.md, Reliability)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from kausa.companies.models import Company
from kausa.events.models import Registration
from kausa.matching.index import offer_index_invalidate
from kausa.network.models import Nomination
from tests.events.factories import EventFactory
from tests.matching.factories import offer_at
from tests.network.factories import edition_with_criteria
from tests.network.test_awards import _nomination_data
from tests.network.test_directory import _cta_data

pytestmark = pytest.mark.django_db

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused


@pytest.fixture
def dead_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": settings.KAUSA_REDIS_CACHE_OPTIONS,
        }
    }


@pytest.fixture
def dead_task_queue(settings):
    settings.RQ_QUEUES = {"default": {"URL": DEAD_REDIS}}
    settings.TASKS = {
        "default": {"BACKEND": "kausa.core.task_backend.FailSafeRQBackend", "QUEUES": ["default"]}
    }


def test_nomination_is_saved_while_the_cache_is_down(dead_cache, office):
    edition = edition_with_criteria(office)
    response = Client().post(f"/en/awards/{edition.pk}/nominate/", _nomination_data(edition))
    assert response.status_code == 302
    assert Nomination.objects.filter(company_name="Friseur Haddad").exists()
    assert Client().get(response["Location"]).status_code == 200


def test_network_form_limit_still_holds_while_the_cache_is_down(dead_cache, office):
    edition = edition_with_criteria(office)
    client = Client()
    url = f"/en/awards/{edition.pk}/nominate/"
    for n in range(5):
        data = _nomination_data(edition, company_name=f"F{n}", nominator_email=f"n{n}@x.test")
        assert client.post(url, data).status_code == 302
    sixth = client.post(
        url, _nomination_data(edition, company_name="Six", nominator_email="s@x.test")
    )
    assert sixth.status_code == 200 and b"Too many requests" in sixth.content
    assert Nomination.objects.count() == 5


def test_event_registration_is_saved_while_the_cache_is_down(
    dead_cache, office, django_capture_on_commit_callbacks
):
    event = EventFactory(organisation=office)
    data = {"name": "Fatma", "email": "fatma@mail.test", "language": "ar", "party_size": "1"}
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(f"/en/events/{event.pk}/register/", data | {"consent": "on"})
    assert response.status_code == 302
    assert Registration.objects.filter(event=event, email="fatma@mail.test").exists()
    assert [m.to for m in mail.outbox] == [["fatma@mail.test"]]


def test_new_training_company_is_saved_while_the_cache_is_down(dead_cache, office, advisor):
    # saving a company tells the offer index of every process (through the cache)
    response = Client().post("/en/network/become-a-training-company/", _cta_data())
    assert response.status_code == 302
    assert Company.objects.filter(name="Lebensmittel Aydin").exists()


def test_offer_search_answers_while_the_cache_is_down(
    dead_cache, office, django_capture_on_commit_callbacks
):
    # without the cache, the index learns of the new offer from the version row, which
    # moves when the writing transaction commits
    with django_capture_on_commit_callbacks(execute=True):
        near = offer_at(office, "10115")
        offer_index_invalidate(full=True)
    response = Client().get("/en/offers/", {"plz": "10115", "radius_km": "25"})
    assert response.status_code == 200
    assert [h["offer_id"] for h in response.context["hits"]] == [near.pk]
    assert 'datalist id="occupation-names"' in response.content.decode()  # drawn, not kept


def test_the_event_page_answers_while_the_cache_is_down(dead_cache, office):
    event = EventFactory(organisation=office, title="Elternabend")
    assert "Elternabend" in Client().get(f"/en/events/{event.pk}/").content.decode()


def test_mail_is_sent_from_the_request_when_the_task_queue_is_down(
    dead_task_queue, office, django_capture_on_commit_callbacks
):
    event = EventFactory(organisation=office)
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            f"/api/v1/events/{event.pk}/registrations",
            {"name": "Omar", "email": "omar@mail.test", "consent": True},
            content_type="application/json",
        )
    assert response.status_code == 201
    assert Registration.objects.filter(email="omar@mail.test").exists()
    assert [m.to for m in mail.outbox] == [["omar@mail.test"]]
