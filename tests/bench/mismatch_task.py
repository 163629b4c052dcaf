"""The mismatch analysis task for all of Germany, end to end on a database (issue 17, item 2).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kausa_nat \\
    KAUSA_OFFER_INDEX_DIR=/tmp/nat/offer-index KAUSA_DATA_DIR=/tmp/nat/data \\
    .venv/bin/python tests/bench/mismatch_task.py [--radius 30] [--repeat 2]

Needs a database filled by ``kausa generate --people 450000 --offers 1000000 --offices 50``
and its offer index (``kausa build-offer-index --full``). Runs what the task runs
(``mismatch_services.mismatch_report_compute`` for an all-offices report: reading the people,
the engine, counting by district and occupation group, storing the figures) and prints its
wall time, split into the engine (``batch.mismatch``) and the rest, plus the figures' size.
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kausa.settings")

import django

django.setup()

from kausa.matching import batch, mismatch_services  # noqa: E402
from kausa.matching.index import offer_index  # noqa: E402
from kausa.matching.models import MismatchReport  # noqa: E402
from kausa.people.models import YoungPerson  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--radius", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    people = YoungPerson.objects.count()
    started = time.perf_counter()
    index = offer_index()
    print(
        f"{people:,} young people, {int(index.arrays.active.sum()):,} open offers "
        f"(offer index mapped in {time.perf_counter() - started:.2f} s)"
    )
    engine_seconds: list[float] = []
    real = batch.mismatch

    def timed(*a: object, **k: object):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        try:
            return real(*a, **k)  # type: ignore[arg-type]
        finally:
            engine_seconds.append(time.perf_counter() - t0)

    batch.mismatch = timed  # type: ignore[assignment]
    report, _ = MismatchReport.objects.get_or_create(
        scope_key="all",
        radius_km=args.radius,
        defaults={"all_offices": True, "status": MismatchReport.Status.QUEUED},
    )
    for run in range(1, args.repeat + 1):
        started = time.perf_counter()
        done = mismatch_services.mismatch_report_compute(report_id=report.pk)
        wall = time.perf_counter() - started
        assert done is not None and done.status == MismatchReport.Status.DONE
        figures = done.figures
        print(
            f"run {run}: {wall:.1f} s in all (stored: {done.seconds:.1f} s), of it the engine "
            f"{engine_seconds[-1]:.1f} s; {figures['people']:,} people, "
            f"{figures['people_unmatched']:,} without a suitable offer within "
            f"{args.radius} km; {figures['offers']:,} offers, {figures['offers_unmatched']:,} "
            f"without a suitable person; {len(figures['districts'])} districts, "
            f"{len(figures['groups'])} occupation groups"
        )


if __name__ == "__main__":
    main()
