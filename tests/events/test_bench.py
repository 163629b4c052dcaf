from __future__ import annotations

import io

from django.core.management import call_command

from kausa.bench import events as bench
from kausa.events.speed_dating import scheduling


def test_bench_runs_at_a_small_size():
    out = io.StringIO()
    call_command(
        "bench",
        "scheduling",
        "--sizes",
        "40x6x5",
        "--availability-size",
        "30x5x5",
        "--sensitivity",
        "40x6x5",
        stdout=out,
    )
    text = out.getvalue()
    assert "same objective (asserted)" in text
    assert "with availability limits" in text
    assert "no schedule of this instance has more preference weight than" in text
    assert text.count("| one room per company |") == 1


def test_generated_popularity_is_skewed():
    instance = bench.generate(400, 20, 8, seed=3)
    counts = sorted((sum(c in w for w in instance.wishes) for c in range(20)), reverse=True)
    assert counts[0] > 4 * counts[-1]
    assert scheduling.validate(instance, scheduling.solve(instance).interviews) == []


def test_a_wrong_benchmark_result_raises_even_without_asserts():
    import subprocess
    import sys

    code = (
        "from kausa.bench import check, BenchmarkCheckFailed\n"
        "try:\n    check(1 == 2, 'objective differs')\n"
        "except BenchmarkCheckFailed as e:\n    print('raised', e)\n"
    )
    out = subprocess.run(  # noqa: S603 - fixed interpreter and code
        [sys.executable, "-O", "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "raised objective differs"
