"""The ranking engine (no database)."""

from __future__ import annotations

import datetime as dt

from kausa.network.awards.ranking import Nominee, rank, weighted_score

T0 = dt.datetime(2026, 3, 1, 12, 0)
WEIGHTS = {1: 3, 2: 1}


def test_weighted_score_uses_means_per_criterion():
    nominee = Nominee(id=1, submitted_at=T0, points={1: [8, 6], 2: [10]})
    assert weighted_score(nominee, WEIGHTS) == (3 * 7 + 1 * 10) / 4


def test_higher_weighted_score_ranks_first():
    a = Nominee(id=1, submitted_at=T0, points={1: [5], 2: [5]})
    b = Nominee(id=2, submitted_at=T0, points={1: [9], 2: [1]})
    assert [r.id for r in rank([a, b], WEIGHTS, first_criterion=1)] == [2, 1]


def test_tie_goes_to_more_first_criterion_points():
    # both 6.0 weighted with equal weights; b has more in the first criterion
    a = Nominee(id=1, submitted_at=T0, points={1: [4], 2: [8]})
    b = Nominee(id=2, submitted_at=T0 + dt.timedelta(days=1), points={1: [8], 2: [4]})
    result = rank([a, b], {1: 1, 2: 1}, first_criterion=1)
    assert [r.id for r in result] == [2, 1]
    assert [r.place for r in result] == [1, 2]


def test_full_tie_goes_to_earlier_nomination_then_id():
    late = Nominee(id=1, submitted_at=T0 + dt.timedelta(hours=1), points={1: [5], 2: [5]})
    early = Nominee(id=2, submitted_at=T0, points={1: [5], 2: [5]})
    same_time = Nominee(id=3, submitted_at=T0, points={1: [5], 2: [5]})
    assert [r.id for r in rank([late, same_time, early], WEIGHTS, 1)] == [2, 3, 1]


def test_unscored_nominee_ranks_last_with_zero():
    scored = Nominee(id=1, submitted_at=T0, points={1: [1], 2: [0]})
    unscored = Nominee(id=2, submitted_at=T0 - dt.timedelta(days=1))
    result = rank([unscored, scored], WEIGHTS, 1)
    assert result[-1].id == 2 and result[-1].score == 0.0 and result[-1].juror_count == 0
