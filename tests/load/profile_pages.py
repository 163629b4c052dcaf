"""Where the time of a public page goes: cProfile over Django's test client, production settings.

    tests/load/profile_pages.py [PAGE ...] [--repeat 300] [--top 25]
    tests/load/profile_pages.py --ablate

PAGE is one of: search, api, event, tour, healthz (default: all). Needs the scratch database
of run.sh (``kausa_load`` with the demo data). Sets the same environment as run.sh before
Django starts (KAUSA_ENV=production, PostgreSQL, Redis db 6), then for each page: warms up,
times REPEAT requests one by one (median, p95: server time in one thread, no HTTP), profiles
REPEAT more and prints the share of the time spent in template rendering, in database
queries (with the number of queries per request) and the functions that dominate.
``--ablate``: each suspect part switched off in turn (monkeypatched), timed against the page
as it is. Standard library only (cProfile); ``python -m cProfile`` would include start-up.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import secrets
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kausa.settings")
os.environ.update(
    {
        "KAUSA_ENV": "production",
        "KAUSA_SECRET_KEY": os.environ.get("KAUSA_SECRET_KEY") or secrets.token_urlsafe(48),
        "KAUSA_ALLOWED_HOSTS": "127.0.0.1",
        "KAUSA_SSL_REDIRECT": "false",
        "KAUSA_SITE_URL": "http://127.0.0.1:8765",
        "KAUSA_LOG_LEVEL": "WARNING",
    }
)
os.environ.setdefault("KAUSA_DATA_DIR", "/tmp/kausa-load/data")  # noqa: S108  (run.sh)
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kausa_load")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/6")
os.environ.setdefault("KAUSA_CACHE_PREFIX", "kausa-load-profile")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

# The same kinds of request as the locustfile, as a fixed rotation.
SEARCHES = [
    "plz=07747&radius_km=25",
    "plz=10711&radius_km=25&q=Friseur",
    "plz=20095&radius_km=10&q=Fachinformatiker&german_level=B1",
    "lat=50.7355&lon=7.1022&radius_km=50&q=Kfz",
    "plz=86161&radius_km=25&q=Koch&certificate=first",
    "plz=99092&radius_km=25&page=2",
]
LANGUAGES = ["de", "en", "ar", "de", "tr", "uk"]


def urls(page: str) -> list[str]:
    from kausa.events.models import Event
    from kausa.jobwalk.models import Tour

    if page == "search":
        return [f"/{lang}/offers/?{q}" for lang, q in zip(LANGUAGES, SEARCHES, strict=True)]
    if page == "api":
        return [f"/api/v1/offers?{q}" for q in SEARCHES]
    if page == "event":
        ids = list(Event.objects.filter(is_public=True).values_list("pk", flat=True))
        return [f"/{lang}/events/{pk}/" for pk in ids for lang in ("de", "ar")]
    if page == "tour":
        ids = list(Tour.objects.filter(status="published").values_list("pk", flat=True))
        return [f"/{lang}/jobwalk/tours/{pk}/" for pk in ids for lang in LANGUAGES]
    if page == "healthz":
        return ["/healthz"]
    raise SystemExit(f"unknown page {page!r}")


def cumulative(stats: pstats.Stats, match: Callable[[str, str], bool]) -> float:
    """Cumulative seconds of the outermost calls of the functions that match."""
    return sum(
        ct
        for (filename, _line, name), (_cc, _nc, _tt, ct, _callers) in stats.stats.items()  # type: ignore[attr-defined]
        if match(filename, name)
    )


def template_times(get: Callable[[int], None], repeat: int) -> dict[str, list[float]]:
    """Inclusive render time per template name (ms per request, calls per request), from a
    wrapper around Template.render: includes and form widgets show up by their names."""
    from django.template import base

    original = base.Template.render
    totals: dict[str, list[float]] = {}

    def timed(self: base.Template, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(self, context)
        finally:
            row = totals.setdefault(str(self.origin.template_name or self.name), [0.0, 0])
            row[0] += time.perf_counter() - started
            row[1] += 1

    base.Template.render = timed  # type: ignore[method-assign]
    try:
        for i in range(repeat):
            get(i)
    finally:
        base.Template.render = original  # type: ignore[method-assign]
    return {name: [t * 1000 / repeat, n / repeat] for name, (t, n) in totals.items()}


def profile(page: str, repeat: int, top: int) -> None:
    client = Client(HTTP_HOST="127.0.0.1")
    rotation = urls(page)

    def get(i: int) -> None:
        response = client.get(rotation[i % len(rotation)])
        if response.status_code != 200:
            raise SystemExit(f"{rotation[i % len(rotation)]}: {response.status_code}")

    for i in range(max(20, len(rotation) * 3)):
        get(i)
    times = []
    for i in range(repeat):
        started = time.perf_counter()
        get(i)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        for i in range(len(rotation)):
            get(i)
    per_request = len(queries.captured_queries) / len(rotation)
    db_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000 / len(rotation)
    shapes: dict[str, list[float]] = {}
    for q in queries.captured_queries:
        shape = re.sub(r"\b\d+\b|'[^']*'", "?", q["sql"])
        shapes.setdefault(shape, []).append(float(q["time"]) * 1000)

    templates = template_times(get, repeat)

    profiler = cProfile.Profile()
    profiler.enable()
    for i in range(repeat):
        get(i)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    total = cumulative(stats, lambda f, n: f.endswith("django/test/client.py") and n == "get")

    def share(match: Callable[[str, str], bool]) -> str:
        seconds = cumulative(stats, match)
        return f"{seconds / repeat * 1000:.1f} ms/request ({seconds / total:.0%})"

    times.sort()
    print(f"\n## {page}: {len(rotation)} URLs, {repeat} requests")
    print(
        f"server time (test client, no profiler): median {statistics.median(times):.1f} ms, "
        f"p95 {times[int(len(times) * 0.95)]:.1f} ms"
    )
    print(f"queries per request: {per_request:.1f}, their time {db_ms:.1f} ms (no profiler)")
    print(f"under the profiler: {total / repeat * 1000:.1f} ms/request, of which")
    print(
        "  template rendering (Template.render):",
        share(lambda f, n: f.endswith("django/template/base.py") and n == "render"),
    )
    print(
        "  database (CursorWrapper._execute):",
        share(lambda f, n: f.endswith("django/db/backends/utils.py") and n == "_execute"),
    )
    print(
        "  SQL compilation (SQLCompiler.as_sql):",
        share(lambda f, n: f.endswith("django/db/models/sql/compiler.py") and n == "as_sql"),
    )
    print(
        "  context processors (kausa):",
        share(lambda f, n: f.endswith("kausa/workspace/context_processors.py") and n == "kausa"),
    )
    print(
        "  translate_url (language switcher):",
        share(lambda f, n: f.endswith("django/urls/base.py") and n == "translate_url"),
    )
    print("queries per request by shape (count, ms, SQL):")
    for shape, ms in sorted(shapes.items(), key=lambda item: -sum(item[1]))[:12]:
        n = len(rotation)
        print(f"  {len(ms) / n:5.1f} {sum(ms) / n:6.1f} ms  {shape[:150]}")
    if templates:
        print("templates, inclusive render time (ms per request, renders per request):")
        for name, (ms, calls) in sorted(templates.items(), key=lambda item: -item[1][0])[:12]:
            print(f"  {ms:6.1f} ms {calls:6.1f}x  {name}")
    out = io.StringIO()
    stats.stream = out  # type: ignore[attr-defined]
    stats.sort_stats("cumulative").print_stats("kausa/|templatetags|loader_tags", top)
    stats.sort_stats("tottime").print_stats(top)
    text = out.getvalue().replace(str(Path(sys.prefix)), "<venv>")
    print(text.replace(str(Path(__file__).resolve().parents[2]), "<repo>"))


def ablations(rounds: int = 5, repeat: int = 100) -> None:
    """How much a page gains without one part: as-is and without the part, interleaved in
    ``rounds`` rounds of ``repeat`` requests (the machine is shared; interleaving keeps a
    burst of other work from landing on one side only). Medians of the round medians."""
    import kausa.matching.views as matching_views
    import kausa.network.selectors as network_selectors
    from kausa.network.models import Ambassador

    client = Client(HTTP_HOST="127.0.0.1")

    def median_ms(page: str) -> float:
        rotation = urls(page)
        times = []
        for i in range(repeat):
            started = time.perf_counter()
            client.get(rotation[i % len(rotation)])
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times)

    def without_ambassadors(occupation_id: int | None) -> Any:
        return Ambassador.objects.none()

    cases: list[tuple[str, str, Any, str, Any]] = [
        (
            "tour",
            "the ambassadors next to each station (1 query each)",
            network_selectors,
            "ambassadors_for_occupation",
            without_ambassadors,
        ),
        (
            "search",
            "the occupation datalist (323 names)",
            matching_views,
            "_occupation_names",
            list,
        ),
    ]
    print("\n## without one part (ms, median of round medians)")
    print("| page | without | as is | without it | saved |")
    print("|---|---|---:|---:|---:|")
    for page, label, module, name, replacement in cases:
        original = getattr(module, name)
        median_ms(page)  # warm
        as_is, without = [], []
        for _ in range(rounds):
            as_is.append(median_ms(page))
            setattr(module, name, replacement)
            try:
                without.append(median_ms(page))
            finally:
                setattr(module, name, original)
        a, b = statistics.median(as_is), statistics.median(without)
        print(f"| {page} | {label} | {a:.1f} | {b:.1f} | {a - b:.1f} ({(a - b) / a:.0%}) |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", default=["search", "api", "event", "tour", "healthz"])
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--ablate", action="store_true", help="only: pages without one part")
    args = parser.parse_args()
    if args.ablate:
        ablations()
        return
    for page in args.pages:
        profile(page, args.repeat, args.top)


if __name__ == "__main__":
    main()
