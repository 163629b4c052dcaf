"""The figures report: indicators by office, Landesstelle and all offices, for one period.

Counts only, no personal data. Which offices a user may count, and which of them they see
exactly (their own), comes from accounts' selectors. Cells shown beyond the viewer's own
offices go through disclosure control (``kausa.reporting.disclosure``): the whole cube of
the user's offices × indicators × (12 months, 4 quarters, the year) of the period's year
and the year before is suppressed at once, so the tables of every level and period agree
and no hidden cell follows from another published table of the same year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kausa.accounts.models import Organisation
from kausa.accounts.selectors import offices_for_figures, offices_for_targets, organisations_of
from kausa.reporting import breakdowns
from kausa.reporting.disclosure import Relation, suppress
from kausa.reporting.indicators import INDICATORS, WHOLE, Counts, Indicator, Window
from kausa.reporting.models import Target
from kausa.reporting.periods import Period, calendar_windows

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kausa.accounts.models import User

HIDDEN = "•"
LEVELS = ("office", "group", "all")

Column = tuple[str, int]  # ("office", id) | ("group", landesstelle id) | ("all", 0)
ALL: Column = ("all", 0)
Row = tuple[str, str]  # (indicator key, part; "" for the whole)


@dataclass(frozen=True)
class Group:
    """A Landesstelle with its Servicestellen (or an office without a Landesstelle)."""

    head: Organisation
    offices: tuple[Organisation, ...]

    @property
    def column(self) -> Column:
        return ("group", self.head.pk)


@dataclass(frozen=True)
class Cell:
    value: int
    hidden: bool = False

    def __str__(self) -> str:
        return HIDDEN if self.hidden else str(self.value)

    @property
    def typed(self) -> int | str:
        """For files: a number, or the mark of a hidden cell."""
        return HIDDEN if self.hidden else self.value


@dataclass(frozen=True)
class Line:
    indicator: Indicator
    part: str
    label: str
    cells: tuple[Cell, ...]
    previous: Cell
    change: int | None  # None when either side is hidden

    @property
    def is_part(self) -> bool:
        return bool(self.part)


@dataclass(frozen=True)
class TargetLine:
    """An indicator's year so far against the year's target (for the level's total)."""

    indicator: Indicator
    result: Cell
    target: int
    projection: int | None  # where the year ends at the pace so far; None: hidden/not begun

    @property
    def share(self) -> int | None:
        """Per cent of the target reached (None when the result is hidden or no target)."""
        if self.result.hidden or not self.target:
            return None
        return round(100 * self.result.value / self.target)

    @property
    def on_pace(self) -> bool | None:
        if self.projection is None:
            return None
        return self.projection >= self.target


@dataclass(frozen=True)
class Series:
    """An indicator's four quarters of the period's year (for the level's total)."""

    indicator: Indicator
    quarters: tuple[Cell, Cell, Cell, Cell]


@dataclass
class Report:
    period: Period
    previous: Period
    level: str
    unit: int | None
    columns: list[tuple[Column, str]]
    lines: list[Line]
    offices: list[Organisation]
    groups: list[Group]
    any_hidden: bool = False
    exact: bool = True
    notes: list[str] = field(default_factory=list)
    targets: list[TargetLine] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    breakdown: breakdowns.Table | None = None
    all_breakdowns: list[breakdowns.Table] = field(default_factory=list)  # breakdown="all"
    esf: list[breakdowns.Table] = field(default_factory=list)
    year_elapsed: float = 1.0  # share of the period's year passed (for the pace)

    @property
    def main_label(self) -> str:
        return self.columns[-1][1]


class RangeNotAllowed(Exception):
    """A free date range over offices the user does not see exactly (differencing)."""


def _groups(offices: Sequence[Organisation]) -> list[Group]:
    ids = {o.pk for o in offices}
    members: dict[int, list[Organisation]] = {}
    heads: dict[int, Organisation] = {}
    for office in offices:
        head_id = office.parent_id if office.parent_id in ids else office.pk
        members.setdefault(head_id, []).append(office)
        if head_id == office.pk:
            heads[head_id] = office
    groups = []
    for head_id, group_offices in members.items():
        # the Landesstelle first, then its Servicestellen by name
        ordered = sorted(group_offices, key=lambda o: (o.pk != head_id, o.name))
        groups.append(Group(head=heads[head_id], offices=tuple(ordered)))
    return groups


class Cube:
    """Counts of every indicator, part, column and window, and the cells to hide."""

    def __init__(
        self,
        offices: Sequence[Organisation],
        groups: Sequence[Group],
        exact_ids: set[int],
        windows: Sequence[Window],
        time_relations: Sequence[tuple[int, tuple[int, ...]]],
        *,
        published: bool = False,
    ) -> None:
        self.offices, self.groups, self.windows = offices, groups, windows
        self.values: dict[Hashable, int] = {}
        self.rows: list[Row] = []
        self.part_rows: dict[str, list[str]] = {}
        ids = [o.pk for o in offices]
        for indicator in INDICATORS:
            counts = indicator.count(ids, windows) if ids else {}
            parts = sorted({part for (_office, part) in counts} - {WHOLE})
            self._fill(indicator, counts, parts)
        self.columns = self._columns()
        relations = list(self._relations(time_relations))
        self.hidden = self._suppress(exact_ids, relations)
        if published:
            # Files and the API hide what the page hides and more (the viewer's own small
            # counts), never less: nothing in a file adds to what the page tells.
            self.hidden = self._suppress(set(), relations, forced=self.hidden)

    def _suppress(
        self,
        exact_ids: set[int],
        relations: list[Relation],
        forced: set[Hashable] = frozenset(),  # type: ignore[assignment]
    ) -> set[Hashable]:
        exact = {
            (row, column, w)
            for row in self.rows
            for column, offices_in in self.columns.items()
            if offices_in <= exact_ids
            for w in range(len(self.windows))
        }
        if len(exact) >= len(self.values) and not forced:
            return set()
        return suppress(self.values, exact, relations, forced=forced)

    def _fill(self, indicator: Indicator, counts: Counts, parts: list[str]) -> None:
        n = len(self.windows)
        rows = [(indicator.key, WHOLE)] + [(indicator.key, p) for p in parts]
        self.rows.extend(rows)
        for row in rows:
            for group in self.groups:
                group_sum = [0] * n
                for office in group.offices:
                    if row[1] == WHOLE and parts:
                        vector = [
                            sum(counts.get((office.pk, p), [0] * n)[w] for p in parts)
                            for w in range(n)
                        ]
                    else:
                        vector = counts.get((office.pk, row[1]), [0] * n)
                    for w in range(n):
                        self.values[(row, ("office", office.pk), w)] = vector[w]
                        group_sum[w] += vector[w]
                for w in range(n):
                    self.values[(row, group.column, w)] = group_sum[w]
            for w in range(n):
                self.values[(row, ALL, w)] = sum(
                    self.values[(row, g.column, w)] for g in self.groups
                )
        if parts:
            self.part_rows[indicator.key] = parts

    def _columns(self) -> dict[Column, frozenset[int]]:
        columns: dict[Column, frozenset[int]] = {}
        for group in self.groups:
            for office in group.offices:
                columns[("office", office.pk)] = frozenset({office.pk})
            columns[group.column] = frozenset(o.pk for o in group.offices)
        columns[ALL] = frozenset(o.pk for o in self.offices)
        return columns

    def _relations(self, time: Sequence[tuple[int, tuple[int, ...]]]) -> Iterator[Relation]:
        windows = range(len(self.windows))
        additive = {i.key for i in INDICATORS if i.additive_in_time}
        for row in self.rows:
            for w in windows:
                for group in self.groups:
                    yield Relation(
                        (row, group.column, w),
                        tuple((row, ("office", o.pk), w) for o in group.offices),
                    )
                yield Relation((row, ALL, w), tuple((row, g.column, w) for g in self.groups))
            if row[0] in additive:
                for column in self.columns:
                    for total, spans in time:
                        yield Relation((row, column, total), tuple((row, column, s) for s in spans))
        for key, parts in self.part_rows.items():
            for column in self.columns:
                for w in windows:
                    yield Relation(
                        ((key, WHOLE), column, w),
                        tuple(((key, p), column, w) for p in parts),
                    )

    def cell(self, row: Row, column: Column, w: int) -> Cell:
        key = (row, column, w)
        return Cell(self.values.get(key, 0), key in self.hidden)


def _year_cube_windows(y: int) -> tuple[list[Window], list[tuple[int, tuple[int, ...]]]]:
    """Windows of the year before and the year (17 each) and how they add up."""
    windows: list[Window] = []
    relations: list[tuple[int, tuple[int, ...]]] = []
    for offset, year in enumerate((y - 1, y)):
        base = offset * 17
        windows += [p.window for p in calendar_windows(year)]
        for q in range(4):  # months 3q..3q+2 make quarter 12+q; quarters make the year
            relations.append((base + 12 + q, tuple(base + 3 * q + m for m in range(3))))
        relations.append((base + 16, tuple(base + 12 + q for q in range(4))))
    return windows, relations


def _window_index(period: Period, y: int) -> int:
    base = 17 if period.year == y else 0
    if period.kind == "month":
        return base + period.start.month - 1
    if period.kind == "quarter":
        return base + 12 + period.quarter - 1
    return base + 16


def offices_seen_exactly(*, user: User | AnonymousUser) -> set[int]:
    """The offices whose exact counts the user sees: their own (any superuser: all)."""
    offices = offices_for_figures(user=user)
    if getattr(user, "is_superuser", False):
        return set(offices.values_list("id", flat=True))
    return set(organisations_of(user=user).filter(id__in=offices).values_list("id", flat=True))


def figures_report(
    *,
    user: User | AnonymousUser,
    period: Period,
    level: str = "all",
    unit: int | None = None,
    published: bool = False,
    breakdown: str = "",
    esf: bool = False,
) -> Report:
    """The report of ``period`` at ``level`` ("office" ``unit``, "group" of Landesstelle
    ``unit``, or "all" the user's offices), with the previous period for comparison.

    ``published``: for files and the API, which leave the office: no cell is exact, small
    counts of the user's own offices are hidden too.
    """
    return figures_reports(
        user=user,
        period=period,
        levels=[(level, unit)],
        published=published,
        breakdown=breakdown,
        esf=esf,
    )[0]


def figures_reports(
    *,
    user: User | AnonymousUser,
    period: Period,
    levels: Sequence[tuple[str, int | None]],
    published: bool = False,
    breakdown: str = "",
    esf: bool = False,
) -> list[Report]:
    """The reports of several levels of one period from one count and one suppression
    (the XLSX has a sheet per level). Breakdowns and the ESF+ table: the first level's."""
    offices = list(offices_for_figures(user=user))
    groups = _groups(offices)
    exact_ids = offices_seen_exactly(user=user) if offices else set()
    previous = period.previous()
    if period.kind == "range":
        if published:
            raise RangeNotAllowed
        windows = [period.window, previous.window]
        cube = Cube(offices, groups, exact_ids | {o.pk for o in offices}, windows, [])
        now, before = 0, 1
    else:
        windows, time = _year_cube_windows(period.year)
        cube = Cube(offices, groups, exact_ids, windows, time, published=published)
        now, before = _window_index(period, period.year), _window_index(previous, period.year)
    reports = []
    for n, (asked, asked_unit) in enumerate(levels):
        level, unit = _level(asked, asked_unit, offices, groups)
        reports.append(
            _assemble(
                cube, period, level, unit, offices, groups, exact_ids, now, before,
                published=published, breakdown=breakdown if n == 0 else "", esf=esf and n == 0,
            )
        )  # fmt: skip
    return reports


def _assemble(
    cube: Cube,
    period: Period,
    level: str,
    unit: int | None,
    offices: list[Organisation],
    groups: list[Group],
    exact_ids: set[int],
    now: int,
    before: int,
    *,
    published: bool,
    breakdown: str,
    esf: bool,
) -> Report:
    previous = period.previous()
    columns = _level_columns(level, unit, groups, offices)
    if period.kind == "range" and not all(cube.columns[c] <= exact_ids for c, _label in columns):
        raise RangeNotAllowed
    main = columns[-1][0]
    lines = []
    for row in cube.rows:
        indicator = next(i for i in INDICATORS if i.key == row[0])
        cells = tuple(cube.cell(row, c, now) for c, _label in columns)
        prior = cube.cell(row, main, before)
        current = cube.cell(row, main, now)
        change = None if prior.hidden or current.hidden else current.value - prior.value
        label = (
            indicator.part_label(row[1])
            if row[1] and indicator.part_label
            else str(indicator.label)
        )
        lines.append(Line(indicator, row[1], label, cells, prior, change))
    report = Report(
        period=period,
        previous=previous,
        level=level,
        unit=unit,
        columns=columns,
        lines=lines,
        offices=offices,
        groups=groups,
        any_hidden=any(c.hidden for line in lines for c in (*line.cells, line.previous)),
        exact=not published and all(cube.columns[c] <= exact_ids for c, _label in columns),
    )
    shown = [c for c, _label in columns]
    if breakdown in breakdowns.BY_KEY:
        report.breakdown = _breakdown(cube, groups, breakdown, now, shown)
    elif breakdown == "all":
        report.all_breakdowns = [
            _breakdown(cube, groups, d.key, now, shown) for d in breakdowns.DIMENSIONS
        ]
    if esf:
        report.esf = _esf_tables(cube, groups, offices, now, shown)
    if period.kind != "range":
        base = 17  # the period's year is the second half of the cube
        report.series = [
            Series(i, tuple(cube.cell((i.key, WHOLE), main, base + 12 + q) for q in range(4)))  # type: ignore[arg-type]
            for i in INDICATORS
        ]
        report.year_elapsed = _year_elapsed(period.year)
        report.targets = _target_lines(
            cube, main, cube.columns[main], period.year, base + 16, report.year_elapsed
        )
    return report


def _hierarchy(groups: Sequence[Group]) -> list[tuple[Column, list[Column]]]:
    sums: list[tuple[Column, list[Column]]] = [
        (g.column, [("office", o.pk) for o in g.offices]) for g in groups
    ]
    sums.append((ALL, [g.column for g in groups]))
    return sums


def _breakdown(
    cube: Cube, groups: Sequence[Group], key: str, w: int, shown: list[Column]
) -> breakdowns.Table:
    ids = sorted(cube.columns[ALL])
    dimension, counts = breakdowns.breakdown_counts(key, ids, cube.windows[w])
    indicator = "contracts" if dimension.measure == "contracts" else "people_advised"
    forced = [c for c in cube.columns if ((indicator, WHOLE), c, w) in cube.hidden]
    title = _("%(indicator)s by %(dimension)s") % {
        "indicator": next(i.label for i in INDICATORS if i.key == indicator),
        "dimension": dimension.label,
    }
    return breakdowns.table(
        title=str(title),
        categories=dimension.categories(),
        counts=counts,
        hierarchy=cube.columns,
        groups=_hierarchy(groups),
        shown=shown,
        forced_totals=forced,
    )


def _esf_tables(
    cube: Cube,
    groups: Sequence[Group],
    offices: Sequence[Organisation],
    w: int,
    shown: list[Column],
) -> list[breakdowns.Table]:
    funded = [o.pk for o in offices if o.esf_funded]
    if not funded:
        return []
    sections = breakdowns.esf_counts(funded, cube.windows[w])
    tables = []
    for key, title, categories, partition in breakdowns.ESF_SECTIONS:
        tables.append(
            breakdowns.table(
                title=str(title),
                categories=categories(),
                counts=sections[key],
                hierarchy=cube.columns,
                groups=_hierarchy(groups),
                shown=shown,
                partition=partition,
            )
        )
    return tables


def _year_elapsed(y: int) -> float:
    """How much of year ``y`` has passed today (0 before it, 1 after it)."""
    today = timezone.localdate()
    start, end = dt.date(y, 1, 1), dt.date(y, 12, 31)
    if today < start:
        return 0.0
    if today > end:
        return 1.0
    return ((today - start).days + 1) / ((end - start).days + 1)


def targets_of(*, office_ids: Iterable[int], year: int) -> dict[int, dict[str, int]]:
    """The yearly targets of the offices: office id -> indicator key -> target."""
    targets: dict[int, dict[str, int]] = {}
    rows = Target.objects.filter(organisation_id__in=list(office_ids), year=year)
    for office_id, key, value in rows.values_list("organisation_id", "indicator", "value"):
        targets.setdefault(office_id, {})[key] = value
    return targets


def _target_lines(
    cube: Cube, main: Column, office_ids: frozenset[int], y: int, w: int, elapsed: float
) -> list[TargetLine]:
    targets = targets_of(office_ids=office_ids, year=y)
    lines = []
    for indicator in INDICATORS:
        values = [t[indicator.key] for t in targets.values() if indicator.key in t]
        if not values:
            continue
        result = cube.cell((indicator.key, WHOLE), main, w)
        projection = None if result.hidden or elapsed <= 0 else round(result.value / elapsed)
        lines.append(TargetLine(indicator, result, sum(values), projection))
    return lines


def _level(
    level: str, unit: int | None, offices: Sequence[Organisation], groups: Sequence[Group]
) -> tuple[str, int | None]:
    if level == "office" and any(o.pk == unit for o in offices):
        return level, unit
    if level == "group" and any(g.head.pk == unit for g in groups):
        return level, unit
    if len(offices) == 1:
        return "office", offices[0].pk
    return "all", None


def _level_columns(
    level: str, unit: int | None, groups: Sequence[Group], offices: Sequence[Organisation]
) -> list[tuple[Column, str]]:
    if level == "office":
        office = next(o for o in offices if o.pk == unit)
        return [(("office", office.pk), office.name)]
    if level == "group":
        group = next(g for g in groups if g.head.pk == unit)
        columns = [(("office", o.pk), o.name) for o in group.offices]
        return [*columns, (group.column, str(_("together")))]
    columns = [(g.column, _group_name(g)) for g in groups]
    return [*columns, (ALL, str(_("all offices")))]


def _group_name(group: Group) -> str:
    if len(group.offices) > 1:
        return str(_("%(name)s with its Servicestellen") % {"name": group.head.name})
    return group.head.name


def offices_for_targets_of(*, user: User | AnonymousUser) -> list[Organisation]:
    """The offices whose targets the user may set (coordinator, office admin)."""
    return list(offices_for_targets(user=user))


def can_see_figures(*, user: User | AnonymousUser) -> bool:
    return offices_for_figures(user=user).exists()
