"""Disclosure control for published counts (no Django: plain Python).

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
    members = [relation.members for relation in relations]
    by_cell: dict[Hashable, list[int]] = {}
    for index, cells in enumerate(members):
        for member in cells:
            by_cell.setdefault(member, []).append(index)
    solver = _Solver(members, by_cell)
    # the first round looks at every sum with a hidden member, in order; later rounds only
    # at the sums of the one cell added since (every other sum with a single hidden member
    # has no candidate left: candidates only become fewer), in the same order
    todo = [i for i, cells in enumerate(members) if any(m in hidden for m in cells)]
    new = list(hidden)  # hidden cells the solver has not seen yet
    while True:
        new += _close_gaps(todo, values, shown_exactly, members, by_cell, hidden)
        if not check_linear:
            return hidden
        determined = solver.determined(new)
        new = []
        added = None
        for cell in sorted(determined, key=repr):
            for index in by_cell.get(cell, []):
                added = _partner(members[index], values, shown_exactly, hidden)
                if added is not None:
                    break
            if added is not None:
                break  # re-close the simple gaps first; they often settle the rest
        if added is None:
            return hidden
        hidden.add(added)
        new.append(added)
        todo = list(by_cell.get(added, []))


def _close_gaps(
    todo: list[int],
    values: Mapping[Hashable, int],
    exact: set[Hashable],
    members: Sequence[tuple[Hashable, ...]],
    by_cell: Mapping[Hashable, list[int]],
    hidden: set[Hashable],
) -> list[Hashable]:
    """While a sum has exactly one hidden member, hide a partner (sums taken from the end
    of ``todo``; the sums of a newly hidden cell are looked at next). The cells hidden."""
    added = []
    while todo:
        cells = members[todo.pop()]
        if sum(m in hidden for m in cells) != 1:
            continue
        partner = _partner(cells, values, exact, hidden)
        if partner is None:
            continue
        hidden.add(partner)
        added.append(partner)
        todo.extend(by_cell.get(partner, []))
    return added


def _partner(
    cells: tuple[Hashable, ...],
    values: Mapping[Hashable, int],
    exact: set[Hashable],
    hidden: set[Hashable],
) -> Hashable | None:
    candidates = [
        (values.get(m, 0) == 0, values.get(m, 0), position == 0, position, m)
        for position, m in enumerate(cells)
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

    Per group of hidden cells tied together by sums: a cell is determined when some
    combination of the sums isolates it (its unit vector lies in the row space of the
    sums restricted to the group's hidden cells; on every solution of the homogeneous
    system its coordinate is zero).
    """
    members = [relation.members for relation in relations]
    by_cell: dict[Hashable, list[int]] = {}
    for index, cells in enumerate(members):
        for member in cells:
            by_cell.setdefault(member, []).append(index)
    return _Solver(members, by_cell).determined(list(set(hidden)))


class _Solver:
    """The determined cells of a growing set of hidden cells.

    The groups of hidden cells tied together by sums are kept as cells are hidden (hidden
    cells are never shown again: groups only grow and merge), and a group's answer is kept
    until the group changes.
    """

    def __init__(
        self, members: Sequence[tuple[Hashable, ...]], by_cell: Mapping[Hashable, list[int]]
    ) -> None:
        self.members, self.by_cell = members, by_cell
        self.owner: dict[Hashable, Hashable] = {}  # cell -> the first cell of its group
        self.groups: dict[Hashable, list[Hashable]] = {}
        self.answers: dict[Hashable, set[Hashable]] = {}

    def _merge(self, a: Hashable, b: Hashable) -> None:
        a, b = self.owner[a], self.owner[b]
        if a == b:
            return
        if len(self.groups[a]) < len(self.groups[b]):
            a, b = b, a
        for cell in self.groups[b]:
            self.owner[cell] = a
        self.groups[a] += self.groups.pop(b)
        self.answers.pop(a, None)
        self.answers.pop(b, None)

    def determined(self, new: Sequence[Hashable]) -> set[Hashable]:
        """The determined cells once ``new`` cells are hidden too (with those before)."""
        new = [cell for cell in dict.fromkeys(new) if cell not in self.owner]
        for cell in new:
            self.owner[cell] = cell
            self.groups[cell] = [cell]
        for cell in new:
            for index in self.by_cell.get(cell, []):
                for other in self.members[index]:
                    if other in self.owner and other != cell:
                        self._merge(cell, other)
        found: set[Hashable] = set()
        for head, cells in self.groups.items():
            answer = self.answers.get(head)
            if answer is None:
                answer = self.answers[head] = self._solve(cells)
            found |= answer
        return found

    def _solve(self, cells: list[Hashable]) -> set[Hashable]:
        rows = sorted({index for cell in cells for index in self.by_cell.get(cell, [])})
        if not rows:
            return set()  # tied to no sum: nothing to solve
        column = {cell: i for i, cell in enumerate(cells)}
        equations = []
        for index in rows:
            total, *parts = self.members[index]
            equation: dict[int, int] = {}
            if total in column:
                equation[column[total]] = -1
            for part in parts:
                if part in column:
                    equation[column[part]] = equation.get(column[part], 0) + 1
            equations.append(equation)
        return {cells[i] for i in isolated_columns(equations, len(cells))}


# A prime below 2**31: the product of two residues fits in 64 bits (and stays cheap).
PRIME = 2_147_483_647


def isolated_columns(equations: list[dict[int, int]], n_columns: int) -> list[int]:
    """The columns i whose unit vector e_i lies in the row space of the sparse integer
    matrix given as one {column: coefficient} per row.

    Exact: Gauss-Jordan elimination modulo a large prime, on the sparse rows (the sums tie
    few cells each, so little fills in). In the reduced row echelon form e_i is in the row
    space exactly when column i has a pivot whose row has no other entry; which column is
    taken first does not change that, so the sparsest go first.
    """
    rows = [{c: v % PRIME for c, v in equation.items() if v % PRIME} for equation in equations]
    holding: list[set[int]] = [set() for _ in range(n_columns)]
    for r, row in enumerate(rows):
        for c in row:
            holding[c].add(r)
    used: set[int] = set()
    pivots: list[tuple[int, int]] = []
    for col in sorted(range(n_columns), key=lambda c: (len(holding[c]), c)):
        free = [r for r in holding[col] if r not in used]
        if not free:
            continue
        p = min(free, key=lambda r: (len(rows[r]), r))
        pivot = rows[p]
        inverse = pow(pivot[col], PRIME - 2, PRIME)
        if inverse != 1:
            for c in pivot:
                pivot[c] = pivot[c] * inverse % PRIME
        for r in list(holding[col]):
            if r == p:
                continue
            row = rows[r]
            factor = row[col]
            for c, v in pivot.items():
                value = (row.get(c, 0) - factor * v) % PRIME
                if value:
                    if c not in row:
                        holding[c].add(r)
                    row[c] = value
                elif c in row:
                    del row[c]
                    holding[c].discard(r)
        used.add(p)
        pivots.append((p, col))
    return sorted(col for p, col in pivots if len(rows[p]) == 1)
