"""Speed-dating interview schedules, solved to optimality (no Django in here).

An instance has young people (each with a ranked wish list of companies, at most
``max_interviews`` interviews and possibly unavailable slots) and companies (each
with ``tables`` parallel rooms per slot and possibly unavailable slots).

Objective (maximised), lexicographic by construction:
  * every person who gets at least one interview earns ``first_bonus`` – larger than
    all preference weight together, so nobody who could get an interview is left
    without one;
  * each interview with the company ranked r (0 = first choice) earns ``N - r``
    where N is the longest wish list.

Solvers:
  * no slot-specific availability: which pairs meet is a max-weight b-matching,
    solved exactly as a min-cost flow (OR-Tools SimpleMinCostFlow); when they meet
    is a proper edge colouring of a bipartite multigraph with max degree <= slots
    (König), found with alternating-path recolouring – always possible;
  * with availability limits: a time-indexed integer programme, HiGHS through
    scipy.optimize.milp (mip_rel_gap = 0).
Baselines: first-come-first-served greedy and rank-round greedy. ``validate``
checks every hard constraint independently of the solvers.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np


@dataclass(frozen=True)
class Instance:
    n_slots: int
    tables: Sequence[int]  # per company: parallel rooms in each slot
    wishes: Sequence[Sequence[int]]  # per person: company indices, best first
    max_interviews: Sequence[int]  # per person
    person_unavailable: Sequence[frozenset[int]] = ()
    company_unavailable: Sequence[frozenset[int]] = ()
    served: frozenset[int] = frozenset()  # people who already have an interview elsewhere

    @property
    def n_people(self) -> int:
        return len(self.wishes)

    @property
    def n_companies(self) -> int:
        return len(self.tables)

    @cached_property
    def max_rank(self) -> int:
        return max((len(w) for w in self.wishes), default=0)

    @cached_property
    def _rank(self) -> list[dict[int, int]]:
        return [{c: r for r, c in enumerate(w)} for w in self.wishes]

    def weight(self, person: int, company: int) -> int:
        return self.max_rank - self._rank[person][company]

    def person_blocked(self, person: int) -> frozenset[int]:
        return self.person_unavailable[person] if self.person_unavailable else frozenset()

    def company_blocked(self, company: int) -> frozenset[int]:
        return self.company_unavailable[company] if self.company_unavailable else frozenset()

    @property
    def has_availability_limits(self) -> bool:
        return any(self.person_unavailable) or any(self.company_unavailable)

    def capacity_matrix(self) -> np.ndarray:
        cap = np.repeat(np.asarray(self.tables, dtype=np.int64)[:, None], self.n_slots, axis=1)
        for c in range(self.n_companies):
            for t in self.company_blocked(c):
                cap[c, t] = 0
        return cap

    def person_limit(self, person: int) -> int:
        free_slots = self.n_slots - len(self.person_blocked(person))
        return max(0, min(self.max_interviews[person], free_slots, len(self.wishes[person])))

    @cached_property
    def first_bonus(self) -> int:
        """More than the largest possible total preference weight."""
        n = self.max_rank
        total = 0
        for p in range(self.n_people):
            k = self.person_limit(p)
            total += sum(n - r for r in range(k))
        return total + 1


@dataclass(frozen=True, order=True)
class Interview:
    slot: int
    company: int
    room: int
    person: int


@dataclass(frozen=True)
class Score:
    served: int
    preference: int
    objective: int
    interviews: int


@dataclass
class Result:
    interviews: list[Interview]
    method: str
    optimal: bool
    seconds: float
    score: Score | None = None
    notes: list[str] = field(default_factory=list)


def evaluate(instance: Instance, interviews: Iterable[Interview]) -> Score:
    people: set[int] = set()
    preference = 0
    count = 0
    for item in interviews:
        people.add(item.person)
        preference += instance.weight(item.person, item.company)
        count += 1
    served = len(people - instance.served)
    return Score(
        served=served,
        preference=preference,
        objective=instance.first_bonus * served + preference,
        interviews=count,
    )


def validate(instance: Instance, interviews: Iterable[Interview]) -> list[str]:
    """Every violated hard constraint, in words; an empty list means the schedule is valid."""
    problems: list[str] = []
    per_person_slot: set[tuple[int, int]] = set()
    pairs: set[tuple[int, int]] = set()
    rooms: set[tuple[int, int, int]] = set()
    per_person: dict[int, int] = defaultdict(int)
    load: dict[tuple[int, int], int] = defaultdict(int)
    for item in interviews:
        p, c, t, r = item.person, item.company, item.slot, item.room
        if not (0 <= p < instance.n_people and 0 <= c < instance.n_companies):
            problems.append(f"unknown person or company in {item}")
            continue
        if not 0 <= t < instance.n_slots:
            problems.append(f"slot {t} does not exist ({item})")
        if c not in instance.wishes[p]:
            problems.append(f"person {p} did not ask for company {c}")
        if (p, t) in per_person_slot:
            problems.append(f"person {p} has two interviews in slot {t}")
        per_person_slot.add((p, t))
        if (p, c) in pairs:
            problems.append(f"person {p} meets company {c} twice")
        pairs.add((p, c))
        if not 0 <= r < instance.tables[c]:
            problems.append(f"company {c} has no room {r}")
        if (c, t, r) in rooms:
            problems.append(f"company {c} room {r} is double-booked in slot {t}")
        rooms.add((c, t, r))
        load[(c, t)] += 1
        per_person[p] += 1
        if t in instance.person_blocked(p):
            problems.append(f"person {p} is not available in slot {t}")
        if t in instance.company_blocked(c):
            problems.append(f"company {c} is not available in slot {t}")
    for (c, t), n in load.items():
        if n > instance.tables[c]:
            problems.append(
                f"company {c} has {n} interviews in slot {t} but {instance.tables[c]} rooms"
            )
    for p, n in per_person.items():
        if n > instance.max_interviews[p]:
            problems.append(f"person {p} has {n} interviews, at most {instance.max_interviews[p]}")
    return problems


# --- exact: min-cost flow + König edge colouring -------------------------------------


def _b_matching(instance: Instance) -> list[tuple[int, int]]:
    """Pairs (person, company) of a maximum-weight b-matching with the first-interview bonus."""
    from ortools.graph.python import min_cost_flow

    n_p, n_c = instance.n_people, instance.n_companies
    source, sink = n_p + n_c, n_p + n_c + 1
    bonus = instance.first_bonus
    tails: list[int] = []
    heads: list[int] = []
    caps: list[int] = []
    costs: list[int] = []
    total = 0
    for p in range(n_p):
        limit = instance.person_limit(p)
        if limit == 0:
            continue
        total += limit
        first = 0 if p in instance.served else -bonus
        tails += [source, source]
        heads += [p, p]
        caps += [1, limit - 1]
        costs += [first, 0]
    pair_start = len(tails)
    pair_list: list[tuple[int, int]] = []
    rank_n = instance.max_rank
    for p in range(n_p):
        if instance.person_limit(p) == 0:
            continue
        for r, c in enumerate(instance.wishes[p]):
            if instance.tables[c] <= 0:
                continue
            tails.append(p)
            heads.append(n_p + c)
            caps.append(1)
            costs.append(-(rank_n - r))
            pair_list.append((p, c))
    pair_end = len(tails)
    for c in range(n_c):
        slots = instance.n_slots - len(instance.company_blocked(c))
        tails.append(n_p + c)
        heads.append(sink)
        caps.append(instance.tables[c] * max(slots, 0))
        costs.append(0)
    tails.append(source)  # flow that is not needed bypasses everyone
    heads.append(sink)
    caps.append(total)
    costs.append(0)
    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(
        np.asarray(tails, dtype=np.int32),
        np.asarray(heads, dtype=np.int32),
        np.asarray(caps, dtype=np.int64),
        np.asarray(costs, dtype=np.int64),
    )
    solver.set_nodes_supplies(
        np.asarray([source, sink], dtype=np.int32), np.asarray([total, -total], dtype=np.int64)
    )
    status = solver.solve()
    if status != solver.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    flows = solver.flows(np.arange(pair_start, pair_end, dtype=np.int32))
    return [pair for pair, flow in zip(pair_list, flows, strict=True) if flow > 0]


def _edge_colouring(edges: list[tuple[int, int]], n_colours: int) -> list[int]:
    """Proper edge colouring of a bipartite multigraph whose max degree <= n_colours.

    Left and right vertices must use disjoint ids. Alternating-path (Kempe chain)
    recolouring: colour an edge with a colour free at u; if it is taken at v, swap the
    two colours along the path from v – in a bipartite graph that path never reaches u.
    """
    at: dict[int, dict[int, int]] = defaultdict(dict)  # vertex -> colour -> edge
    colour = [-1] * len(edges)

    def free(vertex: int) -> int:
        used = at[vertex]
        for k in range(n_colours):
            if k not in used:
                return k
        raise ValueError("degree exceeds the number of colours")

    for e, (u, v) in enumerate(edges):
        a = free(u)
        if a in at[v]:
            b = free(v)
            path = []
            x, k = v, a
            while k in at[x]:
                edge = at[x][k]
                path.append(edge)
                eu, ev = edges[edge]
                x = ev if eu == x else eu
                k = b if k == a else a
            for edge in path:
                eu, ev = edges[edge]
                del at[eu][colour[edge]]
                del at[ev][colour[edge]]
            for edge in path:
                eu, ev = edges[edge]
                colour[edge] = b if colour[edge] == a else a
                at[eu][colour[edge]] = edge
                at[ev][colour[edge]] = edge
        colour[e] = a
        at[u][a] = e
        at[v][a] = e
    return colour


def solve_flow(instance: Instance) -> Result:
    """Exact when nobody has slot-specific unavailability (raises otherwise)."""
    if instance.has_availability_limits:
        raise ValueError("availability limits need the integer programme (solve_ip)")
    started = time.perf_counter()
    pairs = _b_matching(instance)
    n_p = instance.n_people
    # company c becomes `tables` vertices (one per room), each with degree <= n_slots
    by_company: dict[int, list[int]] = defaultdict(list)
    for index, (_p, c) in enumerate(pairs):
        by_company[c].append(index)
    room_of = [0] * len(pairs)
    room_base: dict[int, int] = {}
    next_id = n_p
    for c in sorted(by_company):
        room_base[c] = next_id
        next_id += instance.tables[c]
        for k, index in enumerate(by_company[c]):
            room_of[index] = k % instance.tables[c]
    edges = [(p, room_base[c] + room_of[i]) for i, (p, c) in enumerate(pairs)]
    colours = _edge_colouring(edges, instance.n_slots)
    interviews = sorted(
        Interview(slot=colours[i], company=c, room=room_of[i], person=p)
        for i, (p, c) in enumerate(pairs)
    )
    return Result(
        interviews,
        method="min-cost flow + edge colouring",
        optimal=True,
        seconds=time.perf_counter() - started,
        score=evaluate(instance, interviews),
    )


# --- exact: time-indexed integer programme (HiGHS) -----------------------------------


def solve_ip(
    instance: Instance,
    *,
    time_limit: float | None = None,
    capacity: np.ndarray | None = None,
    taken_rooms: dict[tuple[int, int], set[int]] | None = None,
) -> Result:
    """Time-indexed integer programme; handles every availability limit."""
    from scipy import sparse
    from scipy.optimize import Bounds, LinearConstraint, milp

    started = time.perf_counter()
    cap = instance.capacity_matrix() if capacity is None else capacity
    n_p = instance.n_people
    var_p: list[int] = []
    var_c: list[int] = []
    var_t: list[int] = []
    weights: list[int] = []
    for p in range(n_p):
        if instance.max_interviews[p] <= 0:
            continue
        blocked = instance.person_blocked(p)
        for c in instance.wishes[p]:
            w = instance.weight(p, c)
            for t in range(instance.n_slots):
                if t not in blocked and cap[c, t] > 0:
                    var_p.append(p)
                    var_c.append(c)
                    var_t.append(t)
                    weights.append(w)
    n_x = len(var_p)
    if n_x == 0:
        return Result([], "integer programme (HiGHS)", True, time.perf_counter() - started)
    vp = np.asarray(var_p)
    vc = np.asarray(var_c)
    vt = np.asarray(var_t)
    people_with_vars = np.unique(vp)
    bonus_people = np.asarray([p for p in people_with_vars if p not in instance.served], dtype=int)
    n_y = len(bonus_people)
    y_index = {int(p): n_x + k for k, p in enumerate(bonus_people)}
    x_ids = np.arange(n_x)

    blocks = []
    uppers = []
    lowers = []

    def group_rows(keys: np.ndarray, upper: np.ndarray | int) -> None:
        _uniq, row = np.unique(keys, return_inverse=True)
        n_rows = int(row.max()) + 1
        blocks.append(sparse.csr_matrix((np.ones(n_x), (row, x_ids)), shape=(n_rows, n_x + n_y)))
        up = np.full(n_rows, upper) if np.isscalar(upper) else upper
        uppers.append(np.asarray(up, dtype=float))
        lowers.append(np.full(n_rows, -np.inf))

    n_s = instance.n_slots
    n_c = instance.n_companies
    group_rows(vp * n_s + vt, 1)  # one interview per person and slot
    pair_keys = vp * n_c + vc
    group_rows(pair_keys, 1)  # each pair meets at most once
    ct_keys = vc * n_s + vt
    uniq_ct = np.unique(ct_keys)
    group_rows(ct_keys, cap[uniq_ct // n_s, uniq_ct % n_s])  # rooms per company and slot
    uniq_p = np.unique(vp)
    group_rows(vp, np.asarray(instance.max_interviews)[uniq_p])  # per-person maximum
    if n_y:
        # y_p <= sum_x x_pct : the bonus only for people who do get an interview
        rows_x = np.asarray([k for k in range(n_x) if int(vp[k]) in y_index])
        row_of = {int(p): k for k, p in enumerate(bonus_people)}
        r_x = np.asarray([row_of[int(vp[k])] for k in rows_x])
        data = np.concatenate([-np.ones(len(rows_x)), np.ones(n_y)])
        rows = np.concatenate([r_x, np.arange(n_y)])
        cols = np.concatenate([rows_x, n_x + np.arange(n_y)])
        blocks.append(sparse.csr_matrix((data, (rows, cols)), shape=(n_y, n_x + n_y)))
        uppers.append(np.zeros(n_y))
        lowers.append(np.full(n_y, -np.inf))
    matrix = sparse.vstack(blocks, format="csr")
    c_obj = -np.concatenate(
        [np.asarray(weights, dtype=float), np.full(n_y, float(instance.first_bonus))]
    )
    options: dict[str, object] = {"mip_rel_gap": 0.0, "disp": False}
    if time_limit is not None:
        options["time_limit"] = time_limit
    solution = milp(
        c_obj,
        integrality=np.ones(n_x + n_y),
        bounds=Bounds(0, 1),
        constraints=LinearConstraint(matrix, np.concatenate(lowers), np.concatenate(uppers)),
        options=options,
    )
    if solution.x is None:
        raise RuntimeError(f"HiGHS found no schedule: {solution.message}")
    chosen = np.flatnonzero(solution.x[:n_x] > 0.5)
    taken = {k: set(v) for k, v in (taken_rooms or {}).items()}
    interviews = []
    for k in chosen:
        p, c, t = int(vp[k]), int(vc[k]), int(vt[k])
        used = taken.setdefault((c, t), set())
        room = next(r for r in range(instance.tables[c]) if r not in used)
        used.add(room)
        interviews.append(Interview(slot=t, company=c, room=room, person=p))
    interviews.sort()
    return Result(
        interviews,
        method="integer programme (HiGHS)",
        optimal=solution.status == 0,
        seconds=time.perf_counter() - started,
        score=evaluate(instance, interviews),
        notes=[] if solution.status == 0 else [str(solution.message)],
    )


def solve(instance: Instance, *, time_limit: float | None = None) -> Result:
    """The optimal schedule, with the fastest exact method that applies."""
    if instance.has_availability_limits:
        return solve_ip(instance, time_limit=time_limit)
    return solve_flow(instance)


def best_preference(instance: Instance, *, time_limit: float | None = None) -> Result:
    """The most preference weight any schedule can reach, first-interview rule switched off.

    Not a schedule to publish (it may leave people without an interview); it is the upper
    bound that greedy baselines and the real schedule are measured against: no schedule
    of the instance has more preference weight than this one.
    """
    everyone = replace(instance, served=frozenset(range(instance.n_people)))
    result = solve(everyone, time_limit=time_limit)
    result.method = f"{result.method} (preference only)"
    result.score = evaluate(instance, result.interviews)
    return result


# --- greedy baselines ----------------------------------------------------------------


def _greedy(instance: Instance, order: Iterable[tuple[int, int]], method: str) -> Result:
    started = time.perf_counter()
    cap = instance.capacity_matrix()
    load = np.zeros_like(cap)
    busy: list[set[int]] = [set(instance.person_blocked(p)) for p in range(instance.n_people)]
    count = [0] * instance.n_people
    interviews = []
    for p, c in order:
        if count[p] >= instance.max_interviews[p]:
            continue
        for t in range(instance.n_slots):
            if t not in busy[p] and load[c, t] < cap[c, t]:
                interviews.append(Interview(slot=t, company=c, room=int(load[c, t]), person=p))
                load[c, t] += 1
                busy[p].add(t)
                count[p] += 1
                break
    interviews.sort()
    return Result(
        interviews,
        method=method,
        optimal=False,
        seconds=time.perf_counter() - started,
        score=evaluate(instance, interviews),
    )


def greedy_fcfs(instance: Instance) -> Result:
    """In order of registration, each person books their wishes best first, earliest slot."""
    order = ((p, c) for p in range(instance.n_people) for c in instance.wishes[p])
    return _greedy(instance, order, "greedy: first come, first served")


def greedy_rank_rounds(instance: Instance) -> Result:
    """Everyone's first choice, then everyone's second choice, and so on."""
    order = (
        (p, instance.wishes[p][r])
        for r in range(instance.max_rank)
        for p in range(instance.n_people)
        if r < len(instance.wishes[p])
    )
    return _greedy(instance, order, "greedy: rank rounds")


# --- late changes --------------------------------------------------------------------


def reschedule(
    instance: Instance, interviews: Sequence[Interview], *, cancelled: Iterable[tuple[int, int]]
) -> Result:
    """Re-optimise after companies cancel (company, slot) pairs.

    Interviews not in a cancelled pair stay exactly where they are; the freed people
    and the remaining rooms are re-optimised (integer programme on what is left).
    ``instance`` is the original one; the result holds the kept and the new interviews.
    """
    started = time.perf_counter()
    cancelled = set(cancelled)
    blocked = [set(instance.company_blocked(c)) for c in range(instance.n_companies)]
    for c, t in cancelled:
        blocked[c].add(t)
    kept = [i for i in interviews if (i.company, i.slot) not in cancelled]
    cap = np.repeat(np.asarray(instance.tables, dtype=np.int64)[:, None], instance.n_slots, axis=1)
    for c in range(instance.n_companies):
        for t in blocked[c]:
            cap[c, t] = 0
    taken: dict[tuple[int, int], set[int]] = defaultdict(set)
    person_busy = [set(instance.person_blocked(p)) for p in range(instance.n_people)]
    met: list[set[int]] = [set() for _ in range(instance.n_people)]
    for i in kept:
        cap[i.company, i.slot] -= 1
        taken[(i.company, i.slot)].add(i.room)
        person_busy[i.person].add(i.slot)
        met[i.person].add(i.company)
    residual = Instance(
        n_slots=instance.n_slots,
        tables=instance.tables,
        wishes=[
            [c for c in instance.wishes[p] if c not in met[p]] for p in range(instance.n_people)
        ],
        max_interviews=[
            max(0, instance.max_interviews[p] - len(met[p])) for p in range(instance.n_people)
        ],
        person_unavailable=[frozenset(s) for s in person_busy],
        company_unavailable=[frozenset(s) for s in blocked],
        served=frozenset(p for p in range(instance.n_people) if met[p]) | instance.served,
    )
    # keep the original rank weights: residual wish lists are shorter
    added = solve_ip(_with_rank_of(residual, instance), capacity=cap, taken_rooms=taken)
    changed = sorted([*kept, *added.interviews])
    final_instance = Instance(
        n_slots=instance.n_slots,
        tables=instance.tables,
        wishes=instance.wishes,
        max_interviews=instance.max_interviews,
        person_unavailable=instance.person_unavailable,
        company_unavailable=[frozenset(s) for s in blocked],
        served=instance.served,
    )
    return Result(
        changed,
        method="re-optimised around fixed interviews",
        optimal=added.optimal,
        seconds=time.perf_counter() - started,
        score=evaluate(final_instance, changed),
        notes=[f"{len(kept)} interviews kept, {len(added.interviews)} newly placed"],
    )


@dataclass(frozen=True)
class _RankedInstance(Instance):
    """A residual instance that scores wishes with the original ranks."""

    original: Instance | None = None

    @cached_property
    def max_rank(self) -> int:
        return (
            self.original.max_rank
            if self.original
            else max((len(w) for w in self.wishes), default=0)
        )

    def weight(self, person: int, company: int) -> int:
        if self.original is None:
            return super().weight(person, company)
        return self.original.weight(person, company)


def _with_rank_of(residual: Instance, original: Instance) -> Instance:
    # wishes keep the original order; weights use the original ranks via padding
    padded = []
    for p in range(residual.n_people):
        ranks = list(original.wishes[p])
        padded.append([c for c in ranks if c in set(residual.wishes[p])])
    return _RankedInstance(
        n_slots=residual.n_slots,
        tables=residual.tables,
        wishes=padded,
        max_interviews=residual.max_interviews,
        person_unavailable=residual.person_unavailable,
        company_unavailable=residual.company_unavailable,
        served=residual.served,
        original=original,
    )
