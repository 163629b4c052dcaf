"""`kausa bench scheduling`: the speed-dating scheduler on generated instances.

Company popularity is Zipf-like (a few companies are wanted by many). For each
size it reports the exact solver (min-cost flow + edge colouring), the two
greedy baselines and three HiGHS baselines on the same instance – the pair-level
LP (integral), the pair-level IP and the time-indexed IP – asserting equal
objectives where HiGHS proves optimality; every method is timed the same way
(median of the same number of cold runs, interleaved). At the smallest size also
the integer programme with availability limits. Every schedule is checked by
the independent validator.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import statistics
import time
from collections.abc import Callable
from typing import TextIO

import numpy as np

from kausa.bench import check
from kausa.events.speed_dating import scheduling

SIZES = [(300, 40, 12), (1000, 100, 16), (5000, 300, 16)]


def generate(
    people: int,
    companies: int,
    slots: int,
    *,
    seed: int = 1,
    wishes: int = 5,
    max_interviews: int = 3,
    zipf: float = 1.0,
    rooms: tuple[int, ...] = (1, 1, 2, 2, 3),
    availability: bool = False,
) -> scheduling.Instance:
    rng = random.Random(seed)
    popularity = np.array([1.0 / (k + 1) ** zipf for k in range(companies)])
    popularity /= popularity.sum()
    order = list(range(companies))
    rng.shuffle(order)  # popularity is not tied to the company index
    np_rng = np.random.default_rng(seed)
    wish_lists = []
    for _ in range(people):
        k = min(companies, rng.randint(max(1, wishes - 2), wishes))
        picks = np_rng.choice(companies, size=k, replace=False, p=popularity)
        wish_lists.append([order[int(c)] for c in picks])
    tables = [rng.choice(rooms) for _ in range(companies)]
    person_unavailable: list[frozenset[int]] = []
    company_unavailable: list[frozenset[int]] = []
    if availability:
        for _ in range(people):
            if rng.random() < 0.25:  # arrives late or leaves early
                cut = rng.randint(1, max(1, slots // 3))
                blocked = range(cut) if rng.random() < 0.5 else range(slots - cut, slots)
                person_unavailable.append(frozenset(blocked))
            else:
                person_unavailable.append(frozenset())
        for _ in range(companies):
            if rng.random() < 0.3:  # a break
                start = rng.randrange(slots)
                company_unavailable.append(frozenset({start, min(start + 1, slots - 1)}))
            else:
                company_unavailable.append(frozenset())
    return scheduling.Instance(
        n_slots=slots,
        tables=tables,
        wishes=wish_lists,
        max_interviews=[max_interviews] * people,
        person_unavailable=person_unavailable,
        company_unavailable=company_unavailable,
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sizes",
        default=",".join(f"{p}x{c}x{s}" for p, c, s in SIZES),
        help="comma-separated PEOPLExCOMPANIESxSLOTS (default: %(default)s)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--ip-max-people",
        type=int,
        default=1000,
        help="run the time-indexed IP only up to this many people (default: %(default)s)",
    )
    parser.add_argument("--ip-time-limit", type=float, default=600.0)
    parser.add_argument(
        "--repeat",
        type=int,
        default=5,
        help="every method: median of N cold runs, interleaved (default: %(default)s)",
    )
    parser.add_argument(
        "--sensitivity",
        default="",
        metavar="SIZE",
        help="also run instance variants (popularity, rooms, wishes) at this size",
    )
    parser.add_argument(
        "--availability-size",
        default="300x40x12",
        help="size of the instance with availability limits ('' to skip)",
    )


def _size(text: str) -> tuple[int, int, int]:
    p, c, s = (int(x) for x in text.lower().split("x"))
    return p, c, s


def _check(instance: scheduling.Instance, result: scheduling.Result) -> None:
    problems = scheduling.validate(instance, result.interviews)
    check(not problems, f"{result.method}: {problems[:5]}")


def _scored(result: scheduling.Result) -> scheduling.Score:
    """The result's score; a result without one is a wrong answer, not a slow one."""
    check(result.score is not None, f"{result.method}: no score")
    assert result.score is not None  # for the type checker; check() above raised already
    return result.score


def _pct(new: int, old: int) -> str:
    return f"{(new - old) / old * 100:+.1f} %" if old else "n/a"


def _coverage_bound(instance: scheduling.Instance) -> int:
    """How many people could get one interview at all (max-flow bound, ignoring others)."""
    only_first = scheduling.Instance(
        n_slots=instance.n_slots,
        tables=instance.tables,
        wishes=instance.wishes,
        max_interviews=[1] * instance.n_people,
        person_unavailable=instance.person_unavailable,
        company_unavailable=instance.company_unavailable,
    )
    return scheduling.solve(only_first).score.served  # type: ignore[union-attr]


Method = tuple[str, Callable[[scheduling.Instance], scheduling.Result]]


def _timed(
    instance: scheduling.Instance, methods: list[Method], repeat: int
) -> dict[str, tuple[float, float, scheduling.Result]]:
    """Median wall and CPU time of ``repeat`` runs of every method, interleaved (run 1 of
    each method, then run 2, ...) so that changing load on the machine hits all alike.
    Every run gets a fresh copy of the instance: nothing cached carries over (cold)."""
    wall: dict[str, list[float]] = {name: [] for name, _ in methods}
    cpu: dict[str, list[float]] = {name: [] for name, _ in methods}
    last: dict[str, scheduling.Result] = {}
    for _ in range(repeat):
        for name, method in methods:
            fresh = dataclasses.replace(instance)
            started, started_cpu = time.perf_counter(), time.process_time()
            last[name] = method(fresh)
            wall[name].append(time.perf_counter() - started)
            cpu[name].append(time.process_time() - started_cpu)
    return {
        name: (statistics.median(wall[name]), statistics.median(cpu[name]), last[name])
        for name, _ in methods
    }


def _exact_parts(instance: scheduling.Instance, repeat: int) -> dict[str, float]:
    """Median CPU seconds of the exact solver's steps on fresh copies: reading the
    instance into arrays, the min-cost flow, slots and rooms (colouring, sorting, score)."""
    steps: dict[str, list[float]] = {"arrays": [], "flow": [], "slots": []}
    for _ in range(repeat):
        fresh = dataclasses.replace(instance)
        t0 = time.process_time()
        pairs = scheduling._pairs(fresh)
        t1 = time.process_time()
        chosen = scheduling._b_matching(fresh, pairs)
        t2 = time.process_time()
        scheduling._from_pairs(fresh, pairs, chosen, "parts", t2)
        t3 = time.process_time()
        steps["arrays"].append(t1 - t0)
        steps["flow"].append(t2 - t1)
        steps["slots"].append(t3 - t2)
    return {name: statistics.median(values) for name, values in steps.items()}


def _load() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f}"


def run_size(
    people: int, companies: int, slots: int, options: argparse.Namespace, out: TextIO
) -> dict[str, float]:
    instance = generate(people, companies, slots, seed=options.seed)
    out.write(f"\n## {people} people x {companies} companies x {slots} slots\n")
    out.write(
        f"wishes {sum(len(w) for w in instance.wishes)}, rooms per slot {sum(instance.tables)}, "
        f"seats {sum(instance.tables) * slots}; load average before (1 / 5 min): {_load()}\n"
    )
    limit = options.ip_time_limit
    exact_name = "exact (flow + colouring)"
    lp_name = "HiGHS pair-level LP (dual simplex; integral: network matrix)"
    pair_name = "HiGHS pair-level IP (milp)"
    time_name = "HiGHS time-indexed IP (milp)"
    methods: list[Method] = [
        (exact_name, scheduling.solve_flow),
        (lp_name, lambda i: scheduling.solve_pair_ip(i, relaxation=True, time_limit=limit)),
        (pair_name, lambda i: scheduling.solve_pair_ip(i, time_limit=limit)),
    ]
    if people <= options.ip_max_people:
        methods.append((time_name, lambda i: scheduling.solve_ip(i, time_limit=limit)))
    methods += [
        ("greedy first-come-first-served", scheduling.greedy_fcfs),
        ("greedy rank rounds", scheduling.greedy_rank_rounds),
        ("preference only (upper bound, not published)", scheduling.best_preference),
    ]
    timed = _timed(instance, methods, options.repeat)
    for _seconds, _cpu, result in timed.values():
        _check(instance, result)
    exact_seconds, exact_cpu, exact = timed[exact_name]
    fcfs, ranks = timed["greedy first-come-first-served"][2], timed["greedy rank rounds"][2]
    ceiling = timed["preference only (upper bound, not published)"][2]
    best, f, r = _scored(exact), _scored(fcfs), _scored(ranks)
    check(best.objective >= r.objective and best.objective >= f.objective)
    bound = _coverage_bound(instance)
    top = _scored(ceiling).preference
    check(top >= max(best.preference, f.preference, r.preference))
    exact_methods = [lp_name, pair_name] + ([time_name] if time_name in timed else [])
    verdicts: dict[str, str] = {exact_name: "(reference)"}
    for name in exact_methods:
        result = timed[name][2]
        if result.optimal:
            check(_scored(result).objective == best.objective, (name, result.score, best))
            verdicts[name] = "yes (asserted)"
        else:
            verdicts[name] = f"no proof: {result.notes}"
    out.write(
        f"each method: median of {options.repeat} cold runs, interleaved; "
        f"load average after: {_load()}\n"
    )
    out.write(
        "| method | seconds (median) | exact is ... faster | CPU seconds | ... faster in CPU | "
        "same optimum | interviews | people served | without | preference |\n"
    )
    out.write("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|\n")
    for name, (seconds, cpu, res) in timed.items():
        sc = _scored(res)
        ratio = cpu_ratio = ""
        if name in exact_methods:
            ratio = f"{seconds / max(exact_seconds, 1e-9):.1f}x"
            cpu_ratio = f"{cpu / max(exact_cpu, 1e-9):.1f}x"
        out.write(
            f"| {name} | {seconds:.4f} | {ratio} | {cpu:.4f} | {cpu_ratio} | "
            f"{verdicts.get(name, '')} | {sc.interviews} | "
            f"{sc.served} | {people - sc.served} | {sc.preference} |\n"
        )
    if time_name not in timed:
        out.write("(time-indexed IP skipped at this size: --ip-max-people)\n")
    proven = [n for n in exact_methods if verdicts[n] == "yes (asserted)"]
    strongest = min(proven, key=lambda n: timed[n][0]) if proven else None
    if strongest:
        out.write(
            f"strongest HiGHS baseline: {strongest}, {timed[strongest][0]:.4f} s; "
            f"the exact solver is {timed[strongest][0] / max(exact_seconds, 1e-9):.1f}x faster "
            f"(pair-level IP {timed[pair_name][0] / max(exact_seconds, 1e-9):.1f}x)\n"
        )
    parts = _exact_parts(instance, options.repeat)
    where = (
        f"exact solver, where the CPU time goes (medians): arrays from the instance "
        f"{parts['arrays'] * 1e3:.1f} ms, min-cost flow {parts['flow'] * 1e3:.1f} ms, "
        f"slots and rooms (colouring, sorting, score) {parts['slots'] * 1e3:.1f} ms"
    )
    if strongest:
        ceiling_ratio = timed[strongest][1] / max(parts["flow"], 1e-9)
        where += (
            f"; the flow alone is {ceiling_ratio:.1f}x less CPU than the whole "
            f"{strongest.split(' (')[0]} (ceiling of this method with OR-Tools)"
        )
    out.write(where + "\n")
    out.write(
        f"gain in preference weight over FCFS {_pct(best.preference, f.preference)}, "
        f"over rank rounds {_pct(best.preference, r.preference)}; "
        f"objective (people served first) over FCFS {_pct(best.objective, f.objective)}, "
        f"over rank rounds {_pct(best.objective, r.objective)}; "
        f"people who could get an interview at all: {bound}, served: {best.served}\n"
        f"no schedule of this instance has more preference weight than {top}: "
        f"the largest gain over FCFS any schedule can reach is {_pct(top, f.preference)}\n"
    )
    figures = {
        "flow_seconds": exact_seconds,
        "flow_cpu_seconds": exact_cpu,
        "pair_lp_seconds": timed[lp_name][0],
        "pair_lp_cpu_seconds": timed[lp_name][1],
        "pair_ip_seconds": timed[pair_name][0],
        "gain_fcfs": best.preference / max(f.preference, 1),
        "ceiling_fcfs": top / max(f.preference, 1),
    }
    if time_name in timed:
        figures["ip_seconds"] = timed[time_name][0]
    return figures


def run_availability(text: str, options: argparse.Namespace, out: TextIO) -> None:
    people, companies, slots = _size(text)
    instance = generate(people, companies, slots, seed=options.seed, availability=True)
    blocked_p = sum(1 for s in instance.person_unavailable if s)
    blocked_c = sum(1 for s in instance.company_unavailable if s)
    out.write(
        f"\n## with availability limits: {people}x{companies}x{slots} "
        f"({blocked_p} people arrive late/leave early, {blocked_c} companies take a break)\n"
    )
    started = time.perf_counter()
    result = scheduling.solve(instance, time_limit=options.ip_time_limit)
    seconds = time.perf_counter() - started
    _check(instance, result)
    fcfs = scheduling.greedy_fcfs(instance)
    score, fcfs_score = _scored(result), _scored(fcfs)
    out.write(
        f"{result.method}: {seconds:.2f} s, optimal={result.optimal}, "
        f"{score.interviews} interviews, served {score.served}/{people}, "
        f"preference {score.preference} (FCFS {fcfs_score.preference}, "
        f"{_pct(score.preference, fcfs_score.preference)})\n"
    )


VARIANTS: list[tuple[str, dict[str, object]]] = [
    ("default (Zipf 1.0, 1-3 rooms, 3-5 wishes, 3 interviews)", {}),
    ("flatter popularity (Zipf 0.8)", {"zipf": 0.8}),
    ("steeper popularity (Zipf 1.2)", {"zipf": 1.2}),
    ("one room per company", {"rooms": (1,)}),
    ("two or three rooms", {"rooms": (2, 3)}),
    ("4-6 wishes", {"wishes": 6}),
    ("at most 2 interviews", {"max_interviews": 2}),
]


def run_sensitivity(text: str, options: argparse.Namespace, out: TextIO) -> None:
    """How much there is to gain over FCFS depends on the instance, not only on the solver."""
    people, companies, slots = _size(text)
    out.write(f"\n## instance variants at {people}x{companies}x{slots}\n")
    out.write(
        "| variant | served exact / FCFS / rank rounds | preference gain over FCFS | "
        "largest possible | over rank rounds | objective gain over FCFS |\n"
    )
    out.write("|---|---|---:|---:|---:|---:|\n")
    for name, params in VARIANTS:
        instance = generate(people, companies, slots, seed=options.seed, **params)  # type: ignore[arg-type]
        exact = scheduling.solve_flow(instance)
        fcfs = scheduling.greedy_fcfs(instance)
        ranks = scheduling.greedy_rank_rounds(instance)
        ceiling = scheduling.best_preference(instance)
        for result in (exact, fcfs, ranks, ceiling):
            _check(instance, result)
        e, f, r, c = _scored(exact), _scored(fcfs), _scored(ranks), _scored(ceiling)
        out.write(
            f"| {name} | {e.served} / {f.served} / {r.served} | "
            f"{_pct(e.preference, f.preference)} | {_pct(c.preference, f.preference)} | "
            f"{_pct(e.preference, r.preference)} | {_pct(e.objective, f.objective)} |\n"
        )


def run(options: argparse.Namespace, stdout: TextIO) -> None:
    stdout.write("# Speed-dating scheduler benchmark\n")
    stdout.write(
        f"(every method: median of {options.repeat} cold runs on fresh copies of the "
        f"instance, interleaved; {os.cpu_count()} CPUs, load average {_load()})\n"
    )
    # warm-up: imports of OR-Tools and SciPy are not part of any solve time
    tiny = generate(20, 5, 4, seed=0)
    scheduling.solve_flow(tiny)
    scheduling.solve_ip(tiny)
    scheduling.solve_pair_ip(tiny)
    scheduling.solve_pair_ip(tiny, relaxation=True)
    for text in options.sizes.split(","):
        if text.strip():
            run_size(*_size(text), options, stdout)
    if options.sensitivity:
        run_sensitivity(options.sensitivity, options, stdout)
    if options.availability_size:
        run_availability(options.availability_size, options, stdout)
