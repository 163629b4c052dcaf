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
        "40x6x5,60x8x6",
        "--repeat",
        "3",
        "--availability-size",
        "30x5x5",
        "--sensitivity",
        "40x6x5",
        stdout=out,
    )
    text = out.getvalue()
    # every HiGHS baseline reaches the exact solver's optimum, asserted inside the benchmark
    for baseline in ("pair-level LP", "pair-level IP", "time-indexed IP"):
        rows = [line for line in text.splitlines() if line.startswith(f"| HiGHS {baseline}")]
        assert len(rows) == 2, baseline  # one row per size
        assert all("| yes (asserted) |" in row for row in rows)
    assert "median of 3 cold runs, interleaved" in text
    assert "strongest HiGHS baseline: HiGHS pair-level" in text
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


def test_pair_level_baselines_reach_the_flow_optimum():
    for seed in range(5):
        instance = bench.generate(80, 10, 6, seed=seed, rooms=(1,))
        flow = scheduling.solve_flow(instance)
        for relaxation in (False, True):
            pair = scheduling.solve_pair_ip(instance, relaxation=relaxation)
            assert pair.optimal
            assert scheduling.validate(instance, pair.interviews) == []
            assert pair.score == scheduling.evaluate(instance, pair.interviews)
            assert pair.score.objective == flow.score.objective
