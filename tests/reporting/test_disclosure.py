"""Disclosure control: no hidden cell can be worked out from the published cells and sums.

The attack is solved as a linear programme (scipy): for every hidden cell, the smallest and
the largest value consistent with every shown cell, every sum and non-negative counts. A
hidden cell is given away when only one whole number fits.
"""

from __future__ import annotations

import datetime as dt
import math
import random

import pytest
from scipy.optimize import linprog

from kausa.reporting.disclosure import SMALL, Relation, determined_cells, suppress


def recoverable(values, hidden, relations) -> set:
    """Hidden cells whose value the published table pins down (the subtraction attack)."""
    cells = sorted(hidden, key=repr)
    index = {cell: i for i, cell in enumerate(cells)}
    rows, rhs = [], []
    for relation in relations:
        coefficients = [0.0] * len(cells)
        known = 0.0
        for sign, member in [(-1.0, relation.total)] + [(1.0, p) for p in relation.parts]:
            if member in index:
                coefficients[index[member]] += sign
            else:
                known += sign * values[member]
        if any(coefficients):
            rows.append(coefficients)
            rhs.append(-known)
    found = set()
    for cell, i in index.items():
        objective = [0.0] * len(cells)
        objective[i] = 1.0
        low = linprog(objective, A_eq=rows or None, b_eq=rhs or None, bounds=(0, None))
        objective[i] = -1.0
        high = linprog(objective, A_eq=rows or None, b_eq=rhs or None, bounds=(0, None))
        top = math.inf if high.status == 3 else -high.fun
        if top != math.inf and math.floor(top + 1e-6) - math.ceil(low.fun - 1e-6) < 1:
            found.add(cell)
    return found


def _table(offices_per_group: list[int], months: int, draw) -> tuple[dict, list[Relation]]:
    """offices -> groups -> all, for each month and their sum (a two-way table per row)."""
    values: dict = {}
    relations: list[Relation] = []
    times = [*range(months), "sum"]
    for t in times:
        groups = []
        for g, size in enumerate(offices_per_group):
            offices = [("o", g, k, t) for k in range(size)]
            for office in offices:
                values[office] = draw() if t != "sum" else 0
            groups.append(("g", g, t))
            relations.append(Relation(("g", g, t), tuple(offices)))
        relations.append(Relation(("all", t), tuple(groups)))
    for g, size in enumerate(offices_per_group):
        for k in range(size):
            values[("o", g, k, "sum")] = sum(values[("o", g, k, t)] for t in range(months))
    for t in times:
        for g, size in enumerate(offices_per_group):
            values[("g", g, t)] = sum(values[("o", g, k, t)] for k in range(size))
        values[("all", t)] = sum(values[("g", g, t)] for g in range(len(offices_per_group)))
    cells = [("o", g, k) for g, size in enumerate(offices_per_group) for k in range(size)]
    cells += [("g", g) for g in range(len(offices_per_group))] + [("all",)]
    for cell in cells:
        relations.append(Relation((*cell, "sum"), tuple((*cell, t) for t in range(months))))
    return values, relations


def test_a_single_small_cell_next_to_a_total_gets_a_partner():
    values = {"a": 2, "b": 7, "c": 9, "total": 18}
    relations = [Relation("total", ("a", "b", "c"))]
    hidden = suppress(values, exact=["c"], relations=relations)
    assert "a" in hidden and len(hidden) == 2
    assert "c" not in hidden  # the viewer's own office stays exact
    assert hidden == {"a", "b"}  # the smallest other count that is not the viewer's own
    assert not recoverable(values, hidden, relations)


def test_without_the_second_cell_the_attack_succeeds():
    values = {"a": 2, "b": 7, "c": 9, "total": 18}
    relations = [Relation("total", ("a", "b", "c"))]
    assert recoverable(values, {"a"}, relations) == {"a"}  # 18 - 7 - 9


def test_a_small_subtotal_is_hidden_with_its_partner_in_the_total():
    values = {"a": 1, "b": 2, "g": 3, "h": 40, "all": 43}
    relations = [Relation("g", ("a", "b")), Relation("all", ("g", "h"))]
    hidden = suppress(values, exact=[], relations=relations)
    assert {"a", "b", "g", "h"} <= hidden or {"a", "b", "g", "all"} <= hidden
    assert not recoverable(values, hidden, relations)


def test_exact_cells_are_never_hidden():
    values = {"a": 1, "b": 2, "total": 3}
    relations = [Relation("total", ("a", "b"))]
    assert suppress(values, exact=values, relations=relations) == set()


def test_the_linear_check_finds_a_cell_only_a_combination_of_sums_gives_away():
    # a bridge between two closed cycles in a two-way table: every sum has two hidden
    # cells, yet (row 1 + row 2) - (column 1) isolates one of them
    hidden = {("r1", "c1"), ("r1", "c2"), ("r2", "c1"), ("r2", "c2"), ("r2", "c3")}
    relations = [
        Relation("R1", (("r1", "c1"), ("r1", "c2"))),
        Relation("R2", (("r2", "c1"), ("r2", "c2"), ("r2", "c3"))),
        Relation("C1", (("r1", "c1"), ("r2", "c1"))),
        Relation("C2", (("r1", "c2"), ("r2", "c2"))),
        Relation("C3", (("r2", "c3"),)),
    ]
    assert ("r2", "c3") in determined_cells(hidden, {}, relations)


@pytest.mark.parametrize("seed", range(30))
def test_random_tables_leave_no_hidden_cell_recoverable(seed):
    rng = random.Random(seed)

    def draw() -> int:
        return rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 8, 12, 20])

    groups = [rng.randint(1, 4) for _ in range(rng.randint(2, 4))]
    values, relations = _table(groups, months=rng.randint(2, 4), draw=draw)
    own = [cell for cell in values if cell[0] == "o" and cell[1] == 0 and cell[2] == 0]
    if groups[0] == 1:  # a Landesstelle of the viewer's office alone: exact as well
        own += [cell for cell in values if cell[0] == "g" and cell[1] == 0]
    hidden = suppress(values, exact=own, relations=relations)
    assert {c for c, v in values.items() if 0 < v < SMALL and c not in own} <= hidden
    assert hidden
    assert not set(own) & hidden
    assert not recoverable(values, hidden, relations)


@pytest.mark.django_db
def test_the_coordinators_year_cube_leaves_no_hidden_cell_recoverable(coordinator, landesstelle):
    """The whole cube behind the page (offices x indicators x months, quarters, years)."""
    from kausa.accounts.selectors import offices_for_figures
    from kausa.reporting.selectors import Cube, _groups, _year_cube_windows, offices_seen_exactly
    from tests.counselling.factories import CaseFactory, ConsultationFactory
    from tests.factories import OrganisationFactory

    rng = random.Random(7)
    for n in range(3):
        sister = OrganisationFactory(parent=landesstelle)
        for month in (1, 2, 4, 11):
            ConsultationFactory.create_batch(
                rng.choice([1, 2, 5, 9]),
                case=CaseFactory(organisation=sister),
                held_on=dt.date(2026, month, 3 + n),
            )
    ConsultationFactory.create_batch(
        3, case=CaseFactory(organisation=landesstelle), held_on=dt.date(2026, 2, 3)
    )
    offices = list(offices_for_figures(user=coordinator))
    windows, time = _year_cube_windows(2026)
    cube = Cube(offices, _groups(offices), offices_seen_exactly(user=coordinator), windows, time)
    assert cube.hidden
    relations = list(cube._relations(time))
    consultation_cells = {c for c in cube.hidden if c[0][0] == "consultations"}
    subset = [r for r in relations if r.total[0][0] == "consultations"]
    assert not recoverable(cube.values, consultation_cells, subset)
