"""How well BA-style occupation names map: the figure `kausa occupation-mapping-report`
prints and tests/reference checks."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kausa.reference.loaders import ReferenceDataError
from kausa.reference.models import Occupation
from kausa.reference.selectors import occupation_matcher


@dataclass(frozen=True)
class ExpectedName:
    line: int
    name: str
    expected: str
    kldb: str = ""


@dataclass(frozen=True)
class Miss:
    item: ExpectedName
    got: Occupation | None
    method: str
    closest: list[tuple[Occupation, float]]


@dataclass
class MappingReport:
    total: int = 0
    correct: int = 0
    by_method: Counter[str] = field(default_factory=Counter)
    misses: list[Miss] = field(default_factory=list)

    @property
    def percent(self) -> float:
        return 100.0 * self.correct / self.total if self.total else 0.0

    def lines(self) -> list[str]:
        out = [
            f"{self.correct} of {self.total} names mapped to the expected occupation "
            f"({self.percent:.1f} %).",
            "Mapped correctly by: "
            + (", ".join(f"{method} {n}" for method, n in self.by_method.most_common()) or "-"),
        ]
        if self.misses:
            out.append(f"Misses ({len(self.misses)}):")
        for miss in self.misses:
            got = f"{miss.got.short_name} ({miss.method})" if miss.got else "not mapped"
            closest = "; ".join(f"{o.short_name} {score:.2f}" for o, score in miss.closest)
            out.append(
                f"  line {miss.item.line}: {miss.item.name!r} -> {got}, "
                f"expected {miss.item.expected}; closest: {closest}"
            )
        return out


def read_expected_names(path: Path) -> list[ExpectedName]:
    """Rows of a `ba_name;expected[;kldb]` file (UTF-8, header line, # comments)."""
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for number, row in enumerate(csv.reader(handle, delimiter=";"), start=1):
            if not row or row[0].startswith("#") or (number == 1 and row[0] == "ba_name"):
                continue
            if len(row) not in (2, 3) or not row[1].strip():
                raise ReferenceDataError(path, number, "expected 'ba_name;expected[;kldb]'")
            rows.append(ExpectedName(number, row[0], row[1].strip(), *row[2:3]))
    return rows


def mapping_report(rows: list[ExpectedName]) -> MappingReport:
    matcher = occupation_matcher()
    known = {o.short_name for o in matcher.occupations.values()}
    known |= {o.name for o in matcher.occupations.values()}
    report = MappingReport()
    for item in rows:
        if item.expected not in known:
            raise ReferenceDataError(Path("list"), item.line, f"unknown {item.expected!r}")
        report.total += 1
        found = matcher.match(item.name, item.kldb or None)
        occupation, method = found if found else (None, "")
        if occupation is not None and item.expected in (occupation.short_name, occupation.name):
            report.correct += 1
            report.by_method[method] += 1
        else:
            report.misses.append(Miss(item, occupation, method, matcher.closest(item.name)))
    return report
