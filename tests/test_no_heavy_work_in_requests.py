"""No web request runs the heavy engines itself (issue 17, item 2; DESIGN.md: heavy work runs
in tasks, never in a web request).

Tasks are only recorded here (django-tasks' dummy backend: nothing runs in the request,
not even in-process), and the entry points of the batch engine, the mismatch analysis and
the speed-dating solver are replaced by guards that note every call. Then every URL of the
permission table is requested by every persona of its row, and the pages that start heavy
work are also posted to. No guard may have been called. At the end the recorded tasks run
(as a worker would) and must reach the guarded engines: the guards do sit where the work is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.http import QueryDict
from django.test import Client
from django_tasks import task_backends

from kausa.events.speed_dating import scheduling
from kausa.matching import batch, mismatch
from tests.conftest import login
from tests.events.factories import speed_dating_event
from tests.test_permissions import _APP_MODULES, TABLE, _base_urls

pytestmark = pytest.mark.django_db

# (module, function name): everything that computes many pairs or solves a schedule
HEAVY: list[tuple[Any, str]] = [
    (batch, "mismatch"),
    (batch, "national_top_k"),
    (mismatch, "compute"),
    (scheduling, "solve"),
    (scheduling, "solve_flow"),
    (scheduling, "solve_ip"),
    (scheduling, "reschedule"),
    (scheduling, "best_preference"),
]
HEAVY_TASKS = {"kausa.matching.tasks.mismatch_compute", "kausa.events.tasks.speed_dating_solve"}


class Guard:
    def __init__(self) -> None:
        self.in_task = False
        self.in_request: list[str] = []  # heavy calls made while a request was served
        self.in_tasks: set[str] = set()

    def wrap(self, name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if not self.in_task:
                self.in_request.append(name)
                raise AssertionError(f"{name} called inside a web request")
            self.in_tasks.add(name)
            return func(*args, **kwargs)

        return guarded


@pytest.fixture
def guard(monkeypatch, settings) -> Iterator[Guard]:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    guard = Guard()
    for module, name in HEAVY:
        monkeypatch.setattr(
            module, name, guard.wrap(f"{module.__name__}.{name}", getattr(module, name))
        )
    return guard


def _request(client: Client, target: str) -> int:
    method, _, rest = target.partition(" ") if target.startswith("POST ") else ("GET", "", target)
    url, _, data = rest.partition(" ")
    response = client.post(url, QueryDict(data)) if method == "POST" else client.get(url)
    return response.status_code


def _all_urls(office, other_office) -> dict[str, str]:
    urls = _base_urls(office)
    for module in _APP_MODULES:
        urls |= module.build(office, other_office)
    return urls


def test_no_request_calls_the_batch_engine_or_the_solver(
    guard, request, office, other_office, advisor, django_capture_on_commit_callbacks
):
    urls = _all_urls(office, other_office)
    speed, _slots, _companies = speed_dating_event(office, people=4)
    schedule = f"/en/staff/events/{speed.pk}/speed-dating/"
    other, other_slots, other_companies = speed_dating_event(office, people=3)
    cancel = (
        f"POST /en/staff/events/{other.pk}/speed-dating/ "
        f"action=cancel_slot&company={other_companies[0].pk}&slot={other_slots[0].pk}"
    )
    # the requests that ask for heavy work (POST), besides every URL of the table
    starters = [
        ("advisor", "POST /en/staff/matching/mismatch/?radius=25"),
        ("coordinator", "POST /en/staff/matching/mismatch/"),
        ("advisor", f"POST {schedule} action=run"),
        ("advisor", f"GET {schedule}?status=1"),
        ("advisor", cancel),
    ]
    walked = [
        (persona, urls[name]) for name, row in TABLE.items() for persona in row if name in urls
    ]
    assert len(walked) > 100
    statuses: dict[str, int] = {}
    with django_capture_on_commit_callbacks(execute=True):
        for persona, target in [*walked, *starters]:
            client = (
                Client(raise_request_exception=False)
                if persona == "anonymous"
                else login(request.getfixturevalue(persona))
            )
            client.raise_request_exception = False
            statuses[f"{persona} {target}"] = _request(client, target)
    assert guard.in_request == []
    assert statuses["advisor POST /en/staff/matching/mismatch/?radius=25"] == 302
    assert statuses[f"advisor POST {schedule} action=run"] == 302
    assert statuses[f"advisor {cancel}"] == 302

    # the work was queued, and the queued tasks (run as a worker would) reach the engines
    queued = [r for r in task_backends["default"].results if r.task.module_path in HEAVY_TASKS]
    assert {r.task.module_path for r in queued} == HEAVY_TASKS
    guard.in_task = True
    for result in queued:
        result.task.call(*result.args, **result.kwargs)
    assert {
        "kausa.matching.batch.mismatch",
        "kausa.events.speed_dating.scheduling.solve",
        "kausa.events.speed_dating.scheduling.reschedule",
    } <= guard.in_tasks


def test_the_guard_notices_a_view_that_solves_in_the_request(guard, advisor, office, monkeypatch):
    """The check itself: were a view to call the solver, the walk would find it."""
    from kausa.events.speed_dating import services as speed_services
    from kausa.events.speed_dating import views

    speed, _slots, _companies = speed_dating_event(office, people=2)

    def solve_now(*, user, event, **kwargs):  # what the page did before issue 17
        speed_services.speed_dating_schedule(user=user, event=event)

    monkeypatch.setattr(views.speed_services, "speed_dating_run_request", solve_now)
    client = login(advisor)
    client.raise_request_exception = False
    client.post(f"/en/staff/events/{speed.pk}/speed-dating/", {"action": "run"})
    assert guard.in_request == ["kausa.events.speed_dating.scheduling.solve"]
