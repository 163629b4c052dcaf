"""Precision and recall of the duplicate finders on a generated set (tests/bench/
duplicates_quality.py; the full run and its figures: docs/duplicates.md). A small set here,
so that a change that makes the finders worse fails."""

from __future__ import annotations

from kausa.companies.duplicates import THRESHOLD as COMPANY_THRESHOLD
from kausa.companies.duplicates import find_duplicates as find_companies
from kausa.people.duplicates import THRESHOLD, find_duplicates
from tests.bench.duplicates_quality import generate_companies, generate_people, quality_at


def test_people_finder_precision_and_recall():
    records, truth = generate_people(1200, seed=11)
    found = find_duplicates(records, threshold=THRESHOLD).matches
    quality = quality_at([(m.a, m.b, m.score) for m in found], truth, THRESHOLD)
    assert quality.precision >= 0.92
    assert quality.recall >= 0.78


def test_company_finder_precision_and_recall():
    records, truth = generate_companies(800, seed=11)
    found = find_companies(records, threshold=COMPANY_THRESHOLD).matches
    quality = quality_at([(m.a, m.b, m.score) for m in found], truth, COMPANY_THRESHOLD)
    assert quality.precision >= 0.95
    assert quality.recall >= 0.95
