"""With REDIS_URL, background work goes through Redis (RQ) and a worker process runs it."""

from __future__ import annotations

import os

import pytest

from tests.events.factories import EventFactory

pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="needs Redis: set REDIS_URL (CI does)"
)


@pytest.mark.django_db(transaction=True)
def test_registration_mail_is_queued_in_redis_and_sent_by_the_worker(settings, mailoutbox):
    import django_rq
    from django_tasks_rq import Job
    from rq import SimpleWorker

    from kausa.events.registration.services import registration_create

    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    queue = django_rq.get_queue("default", job_class=Job)
    queue.empty()
    event = EventFactory()
    registration_create(
        event_id=event.pk, name="Amina Warsame", email="amina@example.org", consent=True
    )
    assert queue.count == 1, "the mail waits in Redis, nothing is sent in the request"
    assert mailoutbox == []
    # What `kausa rqworker --job-class django_tasks_rq.Job default` does, in this process.
    SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)
    assert queue.count == 0
    assert [m.to for m in mailoutbox] == [["amina@example.org"]]
