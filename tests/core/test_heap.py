"""A web worker's start-up objects are frozen out of the garbage collector (kausa.wsgi): a
full collection then walks only what requests left behind, instead of stopping a request
for about 100 ms (issue 17; measured with tests/bench/offer_index_shared.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

PROBE = """
import gc, json
import kausa.wsgi  # what gunicorn imports in each worker (or once, with --preload)
import django.urls
frozen = gc.get_freeze_count()
views_loaded = "kausa.matching.views" in __import__("sys").modules
print(json.dumps({
    "frozen": frozen,
    "collected_generations": sum(len(gc.get_objects(generation=g)) for g in range(3)),
    "views_loaded": views_loaded,
}))
"""


def test_the_wsgi_module_freezes_the_workers_start_up_objects(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kausa.settings",
        "KAUSA_DATA_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)  # the embedded default is enough: no query at start
    out = subprocess.run(  # noqa: S603 - fixed interpreter and code
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    probe = json.loads(out.stdout.strip().splitlines()[-1])
    # the URLconf and its views are loaded before the freeze, not in the first request
    assert probe["views_loaded"]
    # what lives as long as the worker is in the permanent generation; the generations a
    # collection walks hold only what came after (a few objects of the probe itself)
    assert probe["frozen"] > 100_000
    assert probe["collected_generations"] < probe["frozen"] // 50
