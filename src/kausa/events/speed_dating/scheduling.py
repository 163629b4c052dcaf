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
    solved exactly as one maximum flow of least cost (OR-Tools SimpleMinCostFlow;
    the first-interview rule is a separate supply node, not a big weight); when they
    meet is a proper edge colouring of a bipartite multigraph with max degree <= slots
    (König), found with alternating-path recolouring – always possible;
  * with availability limits: a time-indexed integer programme, HiGHS through
    scipy.optimize.milp (mip_rel_gap = 0).
Baselines: first-come-first-served greedy and rank-round greedy; for the benchmark,
the pair-level integer programme and its LP relaxation with HiGHS
(``solve_pair_ip``). ``validate`` checks every hard constraint independently of the
solvers.
"""

from __future__ import annotations

import itertools
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import NamedTuple

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
        return _first_bonus(self.max_rank, _person_limits(self))


class Interview(NamedTuple):
    """One interview; ordered by slot, company, room, person (a tuple: cheap to build)."""

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


def _first_bonus(n: int, limits: np.ndarray) -> int:
    # the k best ranks of a person weigh n + (n - 1) + ... + (n - k + 1)
    return int((limits * n - limits * (limits - 1) // 2).sum()) + 1


def _person_limits(instance: Instance) -> np.ndarray:
    """``person_limit`` of every person at once."""
    n_p = instance.n_people
    lens = np.fromiter(map(len, instance.wishes), dtype=np.int64, count=n_p)
    free = np.full(n_p, instance.n_slots, dtype=np.int64)
    if instance.person_unavailable:
        free -= np.fromiter(map(len, instance.person_unavailable), dtype=np.int64, count=n_p)
    limit = np.minimum(np.asarray(instance.max_interviews, dtype=np.int64), free)
    return np.maximum(np.minimum(limit, lens), 0)


@dataclass(frozen=True)
class _Pairs:
    """Every (person, company) pair that may meet, as arrays, with the pair's weight."""

    person: np.ndarray
    company: np.ndarray
    weight: np.ndarray
    limit: np.ndarray  # per person
    capacity: np.ndarray  # per company: rooms x available slots
    new: np.ndarray  # per person: may still earn the first-interview bonus


def _pairs(instance: Instance) -> _Pairs:
    n_p, n_c = instance.n_people, instance.n_companies
    lens = np.fromiter(map(len, instance.wishes), dtype=np.int64, count=n_p)
    n_w = int(lens.sum())
    company = np.fromiter(itertools.chain.from_iterable(instance.wishes), np.int64, count=n_w)
    person = np.repeat(np.arange(n_p, dtype=np.int64), lens)
    if type(instance).weight is Instance.weight:
        rank = np.arange(n_w, dtype=np.int64) - np.repeat(np.cumsum(lens) - lens, lens)
        weight = instance.max_rank - rank
    else:  # an instance that scores wishes its own way
        weight = np.fromiter(
            (instance.weight(int(p), int(c)) for p, c in zip(person, company, strict=True)),
            np.int64,
            count=n_w,
        )
    limit = _person_limits(instance)
    tables = np.asarray(instance.tables, dtype=np.int64)
    slots = np.full(n_c, instance.n_slots, dtype=np.int64)
    if instance.company_unavailable:
        slots -= np.fromiter(map(len, instance.company_unavailable), dtype=np.int64, count=n_c)
    keep = (limit[person] > 0) & (tables[company] > 0)
    new = limit > 0
    if instance.served:
        new[np.fromiter(instance.served, dtype=np.int64)] = False
    return _Pairs(
        person=person[keep],
        company=company[keep],
        weight=weight[keep],
        limit=limit,
        capacity=tables * np.maximum(slots, 0),
        new=new,
    )


def _b_matching(instance: Instance, pairs: _Pairs) -> np.ndarray:
    """Which pairs meet (a boolean mask over ``pairs``): the lexicographic optimum.

    One min-cost flow, no big-M bonus. A node F supplies one unit to every person who
    may still earn the first-interview bonus (arc F -> p, capacity 1); the source S
    supplies the further interviews (S -> p, capacity limit - 1, or limit for people
    who are served elsewhere) and may bypass everyone (S -> sink). Units from F
    cannot bypass, so a *maximum* flow routes as many F units as possible: the most
    people who can get an interview, each through a different person. Among the
    maximum flows OR-Tools picks one of least cost, cost = -(preference weight).
    Serving more people than the F units is impossible (it would be a larger flow),
    so this is exactly "most people served, then most preference weight"; costs stay
    in 0..N, which keeps the cost-scaling solver quick (a bonus larger than all
    preference weight made it three times slower).
    """
    from ortools.graph.python import min_cost_flow

    n_p, n_c = instance.n_people, instance.n_companies
    n_pairs = len(pairs.person)
    if n_pairs == 0:
        return np.zeros(0, dtype=bool)
    source, first, sink = n_p + n_c, n_p + n_c + 1, n_p + n_c + 2
    new_people = np.flatnonzero(pairs.new)
    extra = pairs.limit - pairs.new
    extra_people = np.flatnonzero(extra > 0)
    total_extra = int(extra.sum())
    companies = np.arange(n_c, dtype=np.int64)
    tails = np.concatenate(
        [
            pairs.person,
            np.full(len(new_people), first),
            np.full(len(extra_people), source),
            n_p + companies,
            [source],
        ]
    )
    heads = np.concatenate(
        [n_p + pairs.company, new_people, extra_people, np.full(n_c, sink), [sink]]
    )
    caps = np.concatenate(
        [np.ones(n_pairs + len(new_people)), extra[extra_people], pairs.capacity, [total_extra]]
    )
    costs = np.zeros(len(tails), dtype=np.int64)
    costs[:n_pairs] = -pairs.weight
    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), caps.astype(np.int64), costs
    )
    solver.set_nodes_supplies(
        np.asarray([first, source, sink], dtype=np.int32),
        np.asarray(
            [len(new_people), total_extra, -(len(new_people) + total_extra)], dtype=np.int64
        ),
    )
    status = solver.solve_max_flow_with_min_cost()
    if status != solver.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    flows: np.ndarray = solver.flows(np.arange(n_pairs, dtype=np.int32))
    return flows > 0


def _edge_colouring(
    left: Sequence[int], right: Sequence[int], n_colours: int, n_vertices: int | None = None
) -> list[int]:
    """Proper edge colouring of a bipartite multigraph whose max degree <= n_colours.

    Edge e joins ``left[e]`` and ``right[e]``; left and right vertices must use disjoint
    ids. Each edge takes a colour free at both ends when there is one; otherwise a colour
    a free at u and b free at v, and the a/b alternating (Kempe) path from v is swapped
    first – in a bipartite graph that path never reaches u, so a becomes free at v.
    Colours in use at a vertex are kept as a bit mask.
    """
    if n_vertices is None:
        n_vertices = max(max(left, default=-1), max(right, default=-1)) + 1
    k_all = n_colours
    full = (1 << k_all) - 1
    used = [0] * n_vertices
    at = [-1] * (n_vertices * k_all)  # (vertex, colour) -> edge
    colour = [-1] * len(left)
    for e, (u, v) in enumerate(zip(left, right, strict=True)):
        mu, mv = used[u], used[v]
        common = full & ~(mu | mv)
        if common:  # the usual case: a colour free at both ends
            bit = common & -common
            a = bit.bit_length() - 1
            colour[e] = a
            used[u] = mu | bit
            used[v] = mv | bit
            at[u * k_all + a] = e
            at[v * k_all + a] = e
            continue
        free_u, free_v = full & ~mu, full & ~mv
        if not free_u or not free_v:
            raise ValueError("degree exceeds the number of colours")
        a = (free_u & -free_u).bit_length() - 1
        b = (free_v & -free_v).bit_length() - 1
        path = []
        x, k = v, a
        while (edge := at[x * k_all + k]) >= 0:
            path.append(edge)
            x = right[edge] if left[edge] == x else left[edge]
            k = b if k == a else a
        for edge in path:
            c = colour[edge]
            for y in (left[edge], right[edge]):
                used[y] &= ~(1 << c)
                at[y * k_all + c] = -1
        for edge in path:
            c = b if colour[edge] == a else a
            colour[edge] = c
            for y in (left[edge], right[edge]):
                used[y] |= 1 << c
                at[y * k_all + c] = edge
        colour[e] = a
        bit = 1 << a
        used[u] |= bit
        used[v] |= bit
        at[u * k_all + a] = e
        at[v * k_all + a] = e
    return colour


def _schedule(
    instance: Instance, person: np.ndarray, company: np.ndarray
) -> tuple[list[Interview], np.ndarray]:
    """Slots and rooms for pairs that respect every limit: (interviews sorted, order).

    Company c becomes ``tables[c]`` vertices (one per room) that take its pairs in turn,
    so each has degree <= n_slots and an edge colouring with n_slots colours exists
    (König). ``order`` maps each interview back to its pair.
    """
    n_p = instance.n_people
    tables = np.asarray(instance.tables, dtype=np.int64)
    by_company = np.argsort(company, kind="stable")
    sorted_c = company[by_company]
    group_start = np.searchsorted(sorted_c, sorted_c, side="left")
    room = np.empty(len(company), dtype=np.int64)
    room[by_company] = (np.arange(len(company)) - group_start) % tables[sorted_c]
    room_base = n_p + np.cumsum(tables) - tables
    right = room_base[company] + room
    slot = np.asarray(
        _edge_colouring(person.tolist(), right.tolist(), instance.n_slots, n_p + int(tables.sum())),
        dtype=np.int64,
    )
    # sorted by (slot, company, room, person) through one integer key
    n_rooms = int(tables.max(initial=1))
    key = ((slot * instance.n_companies + company) * n_rooms + room) * max(n_p, 1) + person
    order = np.argsort(key)
    # tuple.__new__ straight from C for each interview (Interview is a NamedTuple)
    interviews: list[Interview] = list(
        map(
            tuple.__new__,
            itertools.repeat(Interview),
            zip(
                slot[order].tolist(),
                company[order].tolist(),
                room[order].tolist(),
                person[order].tolist(),
                strict=True,
            ),
        )
    )
    return interviews, order


def _score(instance: Instance, pairs: _Pairs, chosen: np.ndarray) -> Score:
    """``evaluate`` for the chosen pairs, on arrays."""
    person = pairs.person[chosen]
    has = np.zeros(instance.n_people, dtype=bool)
    has[person] = True
    if instance.served:
        has[np.fromiter(instance.served, dtype=np.int64)] = False
    served = int(has.sum())
    preference = int(pairs.weight[chosen].sum())
    bonus = _first_bonus(instance.max_rank, pairs.limit)  # = instance.first_bonus
    return Score(
        served=served,
        preference=preference,
        objective=bonus * served + preference,
        interviews=len(person),
    )


def _from_pairs(
    instance: Instance, pairs: _Pairs, chosen: np.ndarray, method: str, started: float
) -> Result:
    person, company = pairs.person[chosen], pairs.company[chosen]
    interviews, _order = _schedule(instance, person, company)
    return Result(
        interviews,
        method=method,
        optimal=True,
        seconds=time.perf_counter() - started,
        score=_score(instance, pairs, chosen),
    )


def solve_flow(instance: Instance) -> Result:
    """Exact when nobody has slot-specific unavailability (raises otherwise)."""
    if instance.has_availability_limits:
        raise ValueError("availability limits need the integer programme (solve_ip)")
    started = time.perf_counter()
    pairs = _pairs(instance)
    chosen = _b_matching(instance, pairs)
    return _from_pairs(instance, pairs, chosen, "min-cost flow + edge colouring", started)


# --- baselines for the benchmark: the pair-level model with HiGHS --------------------


def solve_pair_ip(
    instance: Instance, *, relaxation: bool = False, time_limit: float | None = None
) -> Result:
    """Which pairs meet as an integer programme (HiGHS), slots from the same colouring.

    The strongest integer programme we could write for the benchmark; not used by the
    application. Variables: x_pc (pair meets), z_p (first interview, earns the bonus),
    u_p (further interviews, <= limit - 1); per person sum_c x_pc = z_p + u_p, per
    company sum_p x_pc <= rooms x slots; maximise bonus x sum z + preference. This
    flow-shaped form was twice as fast in HiGHS as "y_p <= sum_c x_pc". Its matrix is
    a network matrix, so the linear relaxation already has an integral optimal vertex:
    ``relaxation=True`` solves only the LP with the dual simplex (faster still) and
    checks that the answer is integral. Without availability limits only.
    """
    from scipy import sparse
    from scipy.optimize import Bounds, LinearConstraint, linprog, milp

    if instance.has_availability_limits:
        raise ValueError("the pair-level model has no slots; availability needs solve_ip")
    started = time.perf_counter()
    pairs = _pairs(instance)
    n_p, n_c = instance.n_people, instance.n_companies
    n_x = len(pairs.person)
    people = np.arange(n_p)
    ones = np.ones(n_x)
    n_var = n_x + 2 * n_p
    balance = sparse.csr_matrix(
        (
            np.concatenate([ones, -np.ones(2 * n_p)]),
            (np.concatenate([pairs.person, people, people]), np.arange(n_var)),
        ),
        shape=(n_p, n_var),
    )
    seats = sparse.csr_matrix((ones, (pairs.company, np.arange(n_x))), shape=(n_c, n_var))
    bonus = float(instance.first_bonus)
    cost = -np.concatenate(
        [pairs.weight.astype(float), np.where(pairs.new, bonus, 0.0), np.zeros(n_p)]
    )
    upper = np.concatenate([ones, pairs.new.astype(float), (pairs.limit - pairs.new).astype(float)])
    capacity = pairs.capacity.astype(float)
    method = "pair-level LP (HiGHS dual simplex)" if relaxation else "pair-level IP (HiGHS)"
    if relaxation:
        options: dict[str, object] = {} if time_limit is None else {"time_limit": time_limit}
        solution = linprog(
            cost,
            A_ub=seats,
            b_ub=capacity,
            A_eq=balance,
            b_eq=np.zeros(n_p),
            bounds=np.column_stack([np.zeros(n_var), upper]),
            method="highs-ds",
            options=options,
        )
        optimal = solution.status == 0
    else:
        options = {"mip_rel_gap": 0.0, "disp": False}
        if time_limit is not None:
            options["time_limit"] = time_limit
        solution = milp(
            cost,
            integrality=np.ones(n_var),
            bounds=Bounds(0, upper),
            constraints=LinearConstraint(
                sparse.vstack([balance, seats], format="csr"),
                np.concatenate([np.zeros(n_p), np.full(n_c, -np.inf)]),
                np.concatenate([np.zeros(n_p), capacity]),
            ),
            options=options,
        )
        optimal = solution.status == 0
    if solution.x is None:
        raise RuntimeError(f"HiGHS found no solution: {solution.message}")
    x = solution.x[:n_x]
    if relaxation and not np.allclose(x, np.round(x), atol=1e-6):
        raise RuntimeError("the LP optimum is not integral")
    result = _from_pairs(instance, pairs, x > 0.5, method, started)
    result.optimal = optimal
    if not optimal:
        result.notes.append(str(solution.message))
    return result


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
