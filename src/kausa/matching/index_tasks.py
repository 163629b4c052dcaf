"""The task that builds the shared offer index (run by a task worker, never in a request)."""

from __future__ import annotations

import contextlib
import fcntl
import os
from typing import Any

from django_tasks import task

from kausa.matching import index

NICE = 10


@task()
def offer_index_build_task() -> dict[str, Any]:
    """Build and publish the shared offer index unless the current version is up to date.

    One build per machine at a time (a lock file next to the versions); a build asked for
    while another runs waits for it and then finds out whether it still has work."""
    return offer_index_build_locked(if_stale=True)


def offer_index_build_locked(*, if_stale: bool, full: bool = False) -> dict[str, Any]:
    """The build, one at a time per machine; the process gives way to the web workers
    (``nice`` 10: the work horse of an RQ job, or the command, ends after the build)."""
    with contextlib.suppress(OSError):  # at nice 10, however often it runs in one process
        if os.getpriority(os.PRIO_PROCESS, 0) < NICE:
            os.setpriority(os.PRIO_PROCESS, 0, NICE)
    root = index.index_root()
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return index.build_shared(if_stale=if_stale, full=full)
