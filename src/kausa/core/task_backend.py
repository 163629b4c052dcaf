"""The task queue (RQ in Redis) without losing work when Redis is down.

Tasks are enqueued after the data is committed (mail, index refresh); if Redis cannot take
the task, it runs in this process instead, as the embedded set-up always does. A failing
task is recorded as failed, never raised into the request that enqueued it.
"""

from __future__ import annotations

import logging
from typing import Any, TypeVar

from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import Task, TaskResult
from django_tasks_rq import RQBackend

from kausa.core.cache_safe import CACHE_ERRORS

logger = logging.getLogger("kausa.tasks")

T = TypeVar("T")


class FailSafeRQBackend(RQBackend):
    def __init__(self, alias: str, params: dict[str, Any]) -> None:
        super().__init__(alias, params)
        self.in_process = ImmediateBackend(alias, {**params, "QUEUES": sorted(self.queues)})

    def enqueue(self, task: Task[..., T], args: Any, kwargs: Any) -> TaskResult[T]:
        try:
            return super().enqueue(task, args, kwargs)
        except CACHE_ERRORS as exc:
            if task.run_after is not None:
                raise  # a task for later cannot run now
            logger.warning(
                "task queue unavailable (%s), running %s in this process",
                type(exc).__name__,
                task.module_path,
            )
            return self.in_process.enqueue(task, args, kwargs)
