"""The scheduler without a database: exact solvers against brute force, baselines, validator."""

from __future__ import annotations

import itertools
import random

import pytest

from kausa.events.speed_dating.scheduling import (
    Instance,
    Interview,
    best_preference,
    evaluate,
    greedy_fcfs,
    greedy_rank_rounds,
    reschedule,
    solve,
    solve_flow,
    solve_ip,
    validate,
)


def personal_options(instance: Instance, p: int):
    """Every feasible personal schedule of person p: tuples of (company, slot)."""
    wishes = instance.wishes[p]
    slots = [t for t in range(instance.n_slots) if t not in instance.person_blocked(p)]
    options = [()]
    for k in range(1, min(instance.max_interviews[p], len(wishes), len(slots)) + 1):
        for companies in itertools.combinations(wishes, k):
            for chosen in itertools.permutations(slots, k):
                pairs = tuple(zip(companies, chosen, strict=True))
                if all(t not in instance.company_blocked(c) for c, t in pairs):
                    options.append(pairs)
    return options


def brute_force(instance: Instance, measure: str = "objective") -> int:
    options = [personal_options(instance, p) for p in range(instance.n_people)]
    cap = instance.capacity_matrix()
    best = 0

    def walk(p: int, load: dict, chosen: list) -> None:
        nonlocal best
        if p == instance.n_people:
            items = [
                Interview(slot=t, company=c, room=0, person=q)
                for q, option in enumerate(chosen)
                for c, t in option
            ]
            best = max(best, getattr(evaluate(instance, items), measure))
            return
        for option in options[p]:
            if all(load.get((c, t), 0) < cap[c, t] for c, t in option):
                for c, t in option:
                    load[(c, t)] = load.get((c, t), 0) + 1
                walk(p + 1, load, [*chosen, option])
                for c, t in option:
                    load[(c, t)] -= 1

    walk(0, {}, [])
    return best


def random_instance(rng: random.Random, *, people=4, companies=3, slots=2, limits=False):
    wishes = [
        rng.sample(range(companies), rng.randint(1, min(3, companies))) for _ in range(people)
    ]
    return Instance(
        n_slots=slots,
        tables=[rng.randint(1, 2) for _ in range(companies)],
        wishes=wishes,
        max_interviews=[rng.randint(1, 2) for _ in range(people)],
        person_unavailable=[
            frozenset(t for t in range(slots) if limits and rng.random() < 0.3)
            for _ in range(people)
        ],
        company_unavailable=[
            frozenset(t for t in range(slots) if limits and rng.random() < 0.3)
            for _ in range(companies)
        ],
    )


@pytest.mark.parametrize("seed", range(12))
def test_flow_and_colouring_match_brute_force(seed):
    instance = random_instance(random.Random(seed), people=4 + seed % 2, slots=2 + seed % 2)
    result = solve_flow(instance)
    assert validate(instance, result.interviews) == []
    assert result.score.objective == brute_force(instance)


@pytest.mark.parametrize("seed", range(12))
def test_integer_programme_with_availability_matches_brute_force(seed):
    instance = random_instance(random.Random(100 + seed), limits=True, slots=3)
    result = solve(instance)
    assert result.method.startswith("integer programme")
    assert validate(instance, result.interviews) == []
    assert result.score.objective == brute_force(instance)


def test_flow_and_ip_agree_on_a_bigger_instance():
    rng = random.Random(7)
    instance = Instance(
        n_slots=6,
        tables=[rng.randint(1, 3) for _ in range(12)],
        wishes=[rng.sample(range(12), 4) for _ in range(60)],
        max_interviews=[3] * 60,
    )
    flow, ip = solve_flow(instance), solve_ip(instance)
    assert validate(instance, flow.interviews) == [] == validate(instance, ip.interviews)
    assert flow.score.objective == ip.score.objective


def test_first_interview_for_everyone_beats_more_preference_for_some():
    # one room, one slot at company 0: person 1 has only company 0, person 0 could go elsewhere
    instance = Instance(n_slots=1, tables=[1, 1], wishes=[[0, 1], [0]], max_interviews=[1, 1])
    result = solve(instance)
    assert {(i.person, i.company) for i in result.interviews} == {(0, 1), (1, 0)}
    assert result.score.served == 2


@pytest.mark.parametrize("seed", range(8))
def test_best_preference_is_the_most_preference_weight_of_any_schedule(seed):
    instance = random_instance(random.Random(200 + seed), limits=seed % 2 == 1, slots=2 + seed % 2)
    bound = best_preference(instance)
    assert validate(instance, bound.interviews) == []
    assert bound.score.preference == brute_force(instance, "preference")
    assert bound.score.preference >= solve(instance).score.preference


def test_best_preference_may_leave_someone_out_the_real_schedule_does_not():
    # company 1 has one seat (busy in slot 1); person 0 ranks it first and may have two
    # interviews, person 1 ranks it second (the first wish, company 2, has no room):
    # preference alone gives person 0 both interviews, the real schedule seats both people
    instance = Instance(
        n_slots=2,
        tables=[1, 1, 0],
        wishes=[[1, 0], [2, 1]],
        max_interviews=[2, 1],
        person_unavailable=[frozenset(), frozenset()],
        company_unavailable=[frozenset(), frozenset({1}), frozenset()],
    )
    bound, real = best_preference(instance), solve(instance)
    assert (bound.score.served, bound.score.preference) == (1, 3)
    assert (real.score.served, real.score.preference) == (2, 2)


def test_greedy_baselines_are_valid_and_never_better():
    rng = random.Random(3)
    instance = Instance(
        n_slots=4,
        tables=[1] * 8,
        wishes=[rng.sample(range(8), 3) for _ in range(40)],
        max_interviews=[2] * 40,
    )
    best = solve(instance).score.objective
    for baseline in (greedy_fcfs(instance), greedy_rank_rounds(instance)):
        assert validate(instance, baseline.interviews) == []
        assert baseline.score.objective <= best


def test_validator_names_every_broken_rule():
    instance = Instance(
        n_slots=2,
        tables=[1, 1],
        wishes=[[0], [0, 1]],
        max_interviews=[1, 1],
        person_unavailable=[frozenset(), frozenset({1})],
        company_unavailable=[frozenset({1}), frozenset()],
    )
    bad = [
        Interview(slot=0, company=1, room=0, person=0),  # not wished
        Interview(slot=0, company=0, room=0, person=1),
        Interview(slot=0, company=0, room=0, person=0),  # room double-booked, over capacity
        Interview(slot=1, company=0, room=1, person=1),  # no room 1, twice, unavailable
    ]
    problems = "\n".join(validate(instance, bad))
    for words in (
        "did not ask",
        "two interviews in slot 0",
        "double-booked",
        "meets company 0 twice",
        "no room 1",
        "person 1 is not available",
        "company 0 is not available",
        "2 interviews in slot 0 but 1 rooms",
        "at most 1",
    ):
        assert words in problems


def test_reschedule_keeps_unaffected_interviews_and_replaces_the_cancelled():
    rng = random.Random(11)
    instance = Instance(
        n_slots=4,
        tables=[2, 1, 1, 1, 1],
        wishes=[rng.sample(range(5), 3) for _ in range(12)],
        max_interviews=[2] * 12,
    )
    first = solve(instance)
    cancelled = {(first.interviews[0].company, first.interviews[0].slot)}
    again = reschedule(instance, first.interviews, cancelled=cancelled)
    untouched = {i for i in first.interviews if (i.company, i.slot) not in cancelled}
    assert untouched <= set(again.interviews)
    assert all((i.company, i.slot) not in cancelled for i in again.interviews)
    blocked = [set() for _ in range(5)]
    for c, t in cancelled:
        blocked[c].add(t)
    changed = Instance(
        n_slots=4,
        tables=instance.tables,
        wishes=instance.wishes,
        max_interviews=instance.max_interviews,
        company_unavailable=[frozenset(b) for b in blocked],
    )
    assert validate(changed, again.interviews) == []


@pytest.mark.parametrize("seed", range(10))
def test_flow_matches_the_integer_programmes_with_people_served_elsewhere(seed):
    # the first-interview rule is a supply node in the flow; people who already have an
    # interview elsewhere get no first-interview unit, only their further interviews
    from kausa.events.speed_dating.scheduling import solve_pair_ip

    rng = random.Random(300 + seed)
    people, companies = 30, 6
    instance = Instance(
        n_slots=rng.randint(1, 4),
        tables=[rng.randint(0, 2) for _ in range(companies)],
        wishes=[rng.sample(range(companies), rng.randint(0, 4)) for _ in range(people)],
        max_interviews=[rng.randint(0, 3) for _ in range(people)],
        served=frozenset(p for p in range(people) if rng.random() < 0.2),
    )
    flow = solve_flow(instance)
    assert validate(instance, flow.interviews) == []
    assert flow.score == evaluate(instance, flow.interviews)
    for other in (
        solve_ip(instance),
        solve_pair_ip(instance),
        solve_pair_ip(instance, relaxation=True),
    ):
        assert other.score.objective == flow.score.objective
