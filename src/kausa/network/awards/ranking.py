"""Award ranking (no Django): weighted criterion means with a documented tie rule.

Score of a nominee = sum over criteria of (weight x mean points of the jurors who scored
that criterion) / sum of weights. Jurors with a conflict never scored, so they do not count.

Tie rule, in this order:
1. higher weighted score;
2. higher mean points on the first criterion (lowest position);
3. earlier nomination (submitted first);
4. lower nomination id (always decides).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Nominee:
    id: int
    submitted_at: dt.datetime
    # criterion id -> list of points given by jurors
    points: dict[int, list[int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Ranked:
    id: int
    place: int
    score: float
    first_criterion_mean: float
    juror_count: int


def _mean(values: list[int]) -> float:
    return sum(values) / len(values) if values else 0.0


def weighted_score(nominee: Nominee, weights: dict[int, int]) -> float:
    total = sum(weights.values())
    if not total:
        return 0.0
    return sum(w * _mean(nominee.points.get(c, [])) for c, w in weights.items()) / total


def rank(nominees: list[Nominee], weights: dict[int, int], first_criterion: int) -> list[Ranked]:
    """``weights`` maps criterion id -> weight; returns the nominees best first, places 1..n."""
    keyed = []
    for n in nominees:
        score = round(weighted_score(n, weights), 6)
        first = round(_mean(n.points.get(first_criterion, [])), 6)
        jurors = max((len(v) for v in n.points.values()), default=0)
        keyed.append(((-score, -first, n.submitted_at, n.id), n, score, first, jurors))
    keyed.sort(key=lambda row: row[0])
    return [
        Ranked(id=n.id, place=i, score=score, first_criterion_mean=first, juror_count=jurors)
        for i, (_key, n, score, first, jurors) in enumerate(keyed, start=1)
    ]
