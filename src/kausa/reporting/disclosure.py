"""Disclosure control for published counts (no Django: plain Python and numpy).

The rule, as statistical offices apply it:

1. A cell the viewer sees *exactly* (every office it counts is one of the viewer's own) is
   shown as it is, and so is a zero.
2. **Primary suppression**: every other cell with a count from 1 to 4 is hidden.
3. **Secondary suppression**: the published cells are tied by sums (offices add up to their
   Landesstelle, Landesstellen to the whole; months to quarters to the year; the parts of
   an indicator to the whole). While a sum has exactly one hidden member, that member
   could be worked out by subtraction, so one more member is hidden: the smallest other
   one that is not exact, a non-zero count before a zero, a part before a total.
4. A last check solves the sums as a linear system: a hidden cell whose value still follows
   from the shown cells (some combination of sums isolates it) gets a partner hidden too,
   until no hidden cell is determined.

All hidden cells look the same on the page and in the files, so a primary cell cannot be
told from a secondary one (a different mark would narrow the range of both).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

SMALL = 5


@dataclass(frozen=True)
class Relation:
    """``total`` is the sum of ``parts``."""

    total: Hashable
    parts: tuple[Hashable, ...]

    @property
    def members(self) -> tuple[Hashable, ...]:
        return (self.total, *self.parts)


def primary(values: Mapping[Hashable, int], exact: Iterable[Hashable]) -> set[Hashable]:
    shown_exactly = set(exact)
    return {k for k, v in values.items() if 0 < v < SMALL and k not in shown_exactly}


def suppress(
    values: Mapping[Hashable, int],
    exact: Iterable[Hashable],
    relations: Sequence[Relation],
    *,
    check_linear: bool = True,
    forced: Iterable[Hashable] = (),
) -> set[Hashable]:
    """The cells to hide: primary, then secondary until no hidden cell can be recovered.

    ``forced`` cells are hidden whatever their value (hidden in another table already).
    """
    shown_exactly = set(exact)
    hidden = primary(values, shown_exactly) | set(forced)
    by_cell: dict[Hashable, list[Relation]] = {}
    for relation in relations:
        for member in relation.members:
            by_cell.setdefault(member, []).append(relation)
    while True:
        _close_single_gaps(values, shown_exactly, relations, by_cell, hidden)
        if not check_linear:
            return hidden
        determined = determined_cells(hidden, values, relations)
        added = False
        for cell in sorted(determined, key=repr):
            for relation in by_cell.get(cell, []):
                partner = _partner(relation, values, shown_exactly, hidden)
                if partner is not None:
                    hidden.add(partner)
                    added = True
                    break
            if added:
                break  # re-close the simple gaps first; they often settle the rest
        if not added:
            return hidden


def _close_single_gaps(
    values: Mapping[Hashable, int],
    exact: set[Hashable],
    relations: Sequence[Relation],
    by_cell: Mapping[Hashable, list[Relation]],
    hidden: set[Hashable],
) -> None:
    todo = [r for r in relations if any(m in hidden for m in r.members)]
    while todo:
        relation = todo.pop()
        if sum(m in hidden for m in relation.members) != 1:
            continue
        partner = _partner(relation, values, exact, hidden)
        if partner is None:
            continue
        hidden.add(partner)
        todo.extend(by_cell.get(partner, []))


def _partner(
    relation: Relation,
    values: Mapping[Hashable, int],
    exact: set[Hashable],
    hidden: set[Hashable],
) -> Hashable | None:
    candidates = [
        (values.get(m, 0) == 0, values.get(m, 0), position == 0, position, m)
        for position, m in enumerate(relation.members)
        if m not in hidden and m not in exact
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda c: c[:4])[4]


def determined_cells(
    hidden: Iterable[Hashable],
    values: Mapping[Hashable, int],
    relations: Sequence[Relation],
) -> set[Hashable]:
    """Hidden cells whose value follows from the shown cells and the sums.

    Per group of hidden cells tied together by sums: a cell is determined when its
    coordinate is zero on every solution of the homogeneous system (the null space).
    """
    hidden = set(hidden)
    found: set[Hashable] = set()
    for cells, rows in _components(hidden, relations):
        if not rows:
            continue  # tied to no sum: nothing to solve
        index = {cell: i for i, cell in enumerate(cells)}
        matrix = np.zeros((len(rows), len(cells)))
        for r, relation in enumerate(rows):
            if relation.total in index:
                matrix[r, index[relation.total]] -= 1.0
            for part in relation.parts:
                if part in index:
                    matrix[r, index[part]] += 1.0
        _, singular, vt = np.linalg.svd(matrix)
        rank = int((singular > 1e-9).sum())
        null = vt[rank:]
        for cell, i in index.items():
            if null.shape[0] == 0 or np.abs(null[:, i]).max() < 1e-9:
                found.add(cell)
    return found


def _components(
    hidden: set[Hashable], relations: Sequence[Relation]
) -> list[tuple[list[Hashable], list[Relation]]]:
    parent: dict[Hashable, Hashable] = {cell: cell for cell in hidden}

    def root(cell: Hashable) -> Hashable:
        while parent[cell] != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    touching = []
    for relation in relations:
        inside = [m for m in relation.members if m in hidden]
        if not inside:
            continue
        touching.append((relation, inside))
        for other in inside[1:]:
            parent[root(other)] = root(inside[0])
    cells: dict[Hashable, list[Hashable]] = {}
    for cell in hidden:
        cells.setdefault(root(cell), []).append(cell)
    rows: dict[Hashable, list[Relation]] = {}
    for relation, inside in touching:
        rows.setdefault(root(inside[0]), []).append(relation)
    return [(members, rows.get(key, [])) for key, members in cells.items()]
