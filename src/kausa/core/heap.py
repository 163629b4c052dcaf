"""A web worker's long-lived objects out of the garbage collector's way.

A warmed-up worker holds a few hundred thousand objects that live as long as it does
(modules, URL patterns, settings, translations, compiled templates). Every full collection
walked all of them: about 100 ms in which the request that happened to trigger it stood
still, in every worker at about the same time (measured with
``tests/bench/offer_index_shared.py``, issue 17). Frozen after the start, they are left out
of every later collection; what requests create is collected as before.
"""

from __future__ import annotations

import gc


def freeze_startup_objects() -> int:
    """Load what the first request would (the URLconf and the views it imports), collect
    once, then move every object alive now to the permanent generation. Returns how many
    objects are frozen."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports the views now, not in a request
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
