"""`kausa generate`: national-scale synthetic data (issue 17, item 6)."""

from __future__ import annotations

import ast
import datetime as dt
from collections import Counter
from io import StringIO
from pathlib import Path

import numpy as np
import pytest
import time_machine
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db.models import F

from kausa.accounts.models import Membership, Organisation, postal_ranges
from kausa.companies.models import Company, Offer
from kausa.demo import synthetic
from kausa.demo.generate import GenerateError, generate, generated_clear
from kausa.demo.generate_plan import plan_counts, plan_make
from kausa.matching.index import (
    FULL_KEY,
    offer_index_forget,
    offer_index_invalidate,
    offer_index_invalidation_deferred,
)
from kausa.matching.selectors import offer_search, origin_for
from kausa.network.services.common import responsible_office
from kausa.people.models import YoungPerson
from kausa.people.selectors import young_person_list
from kausa.reference.models import PostalCode
from tests.factories import YoungPersonFactory

TODAY = dt.date(2026, 3, 11)
SMALL = {"people": 1500, "offers": 3000, "offices": 24, "seed": 7, "today": TODAY}


@pytest.fixture(autouse=True)
def _frozen_clock_and_fresh_index():
    offer_index_forget()
    with time_machine.travel(dt.datetime(2026, 3, 11, 9, 0, tzinfo=dt.UTC), tick=False):
        yield
    offer_index_forget()


@pytest.fixture
def generated(db):
    return generate(**SMALL)


# --- the distributions, without a database ------------------------------------------------


def test_synthetic_module_imports_no_django():
    tree = ast.parse(Path(synthetic.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    }
    assert not imported & {"django", "kausa"}


def test_zipf_weights_fall_with_rank_and_add_up_to_one():
    p = synthetic.zipf_weights(300)
    assert p.sum() == pytest.approx(1.0)
    assert np.all(np.diff(p) < 0)
    assert p[:30].sum() > 0.5  # the first tenth of the occupations get most offers


def test_largest_remainder_hits_the_total_exactly():
    counts = synthetic.largest_remainder(100, [1, 1, 1])
    assert counts.sum() == 100 and sorted(counts.tolist()) == [33, 33, 34]


def test_every_postal_code_has_one_office_and_every_state_a_landesstelle():
    codes = [f"{i:05d}" for i in range(1000, 1300)]
    states = ["AA"] * 200 + ["BB"] * 60 + ["CC"] * 40
    areas = synthetic.office_areas(codes, states, 10, {"AA": 150})
    owner = synthetic.owner_of_codes(len(codes), areas)
    assert (owner >= 0).all() and len(areas) == 10
    assert Counter(a.state for a in areas if a.landesstelle) == {"AA": 1, "BB": 1, "CC": 1}
    assert Counter(a.state for a in areas) == {"AA": 6, "BB": 2, "CC": 2}  # by size
    assert next(a for a in areas if a.landesstelle and a.state == "AA").codes.tolist().count(150)
    with pytest.raises(ValueError, match="at least one office per state"):
        synthetic.office_areas(codes, states, 2, {})


def test_served_ranges_hold_the_office_codes_and_no_other():
    codes = ["01001", "01002", "01005", "02000", "02001", "03000"]
    member = np.array([True, True, False, True, True, False])
    text = synthetic.served_ranges(codes, member)
    assert text == "01001-01002, 02000-02001"
    inside = {c for c in codes if any(lo <= c <= hi for lo, hi in postal_ranges(text))}
    assert inside == {"01001", "01002", "02000", "02001"}


def test_start_dates_cover_the_coming_year_mostly_august_and_september():
    starts = [
        dt.date.fromordinal(int(o))
        for o in synthetic.start_dates(np.random.default_rng(1), 5000, TODAY)
    ]
    months = Counter((d.year, d.month) for d in starts)
    assert len(months) >= 10
    assert min(starts) > TODAY and max(starts) < dt.date(2027, 4, 1)
    assert (months[(2026, 8)] + months[(2026, 9)]) / len(starts) > 0.6
    assert {d.day for d in starts} == {1, 15}


def test_ages_lie_between_15_and_27():
    born = synthetic.birth_dates(np.random.default_rng(1), 5000, TODAY)
    ages = (TODAY.toordinal() - born) / 365.25
    assert ages.min() >= 15 and ages.max() < 27
    assert 18.5 < np.median(ages) < 20.5


def test_pick_in_groups_picks_within_the_group_or_none():
    groups = np.array([0, 2, 2, 0, 2])
    picked = synthetic.pick_in_groups(np.random.default_rng(1), groups, np.array([0, 1, 2] * 20))
    assert set(groups[picked[0::3]]) == {0} and set(picked[1::3]) == {-1}
    assert set(groups[picked[2::3]]) == {2}


def test_interests_never_repeat_an_occupation():
    picks = synthetic.interests(np.random.default_rng(1), 3000, synthetic.zipf_weights(5))
    for row in picks.tolist():
        named = [o for o in row if o >= 0]
        assert len(named) == len(set(named))
    assert (picks >= 0).sum(axis=1).max() == 3


# --- the data in the database -------------------------------------------------------------


@pytest.mark.django_db
def test_same_seed_draws_the_same_data():
    one, two = plan_make(**SMALL), plan_make(**SMALL)
    assert np.array_equal(one.offer_occupation, two.offer_occupation)
    assert np.array_equal(one.person_code, two.person_code)
    assert not np.array_equal(one.person_code, plan_make(**SMALL | {"seed": 8}).person_code)


@pytest.mark.django_db
def test_dry_run_counts_what_a_real_run_writes_and_writes_nothing():
    dry = generate(**SMALL, dry_run=True)
    assert not dry.written and not Organisation.objects.filter(slug__startswith="gen-").exists()
    real = generate(**SMALL)
    assert real.counts == dry.counts == plan_counts(plan_make(**SMALL))
    assert real.counts["young people"] == YoungPerson.objects.count() == 1500
    assert real.counts["offers"] == Offer.objects.count() == 3000
    assert real.counts["companies"] == Company.objects.count() == 1000
    assert Organisation.objects.filter(slug__startswith="gen-").count() == 24


def test_offices_cover_every_state_with_advisors(generated):
    offices = Organisation.objects.filter(slug__startswith="gen-")
    landesstellen = offices.filter(kind="landesstelle")
    assert landesstellen.count() == 16
    assert set(landesstellen.values_list("state", flat=True)) == set(
        PostalCode.objects.exclude(state_code="").values_list("state_code", flat=True)
    )
    for office in offices.filter(kind="servicestelle").select_related("parent"):
        assert office.parent.kind == "landesstelle" and office.parent.state == office.state
    advised = Membership.objects.filter(organisation__in=offices, role="advisor")
    assert set(advised.values_list("organisation", flat=True)) == set(
        offices.values_list("id", flat=True)
    )
    assert (
        Membership.objects.filter(organisation__in=landesstellen, role="coordinator").count() == 16
    )


def test_people_belong_to_the_office_serving_their_postal_code(generated):
    ranges = {
        org.pk: postal_ranges(org.serves_postal_codes)
        for org in Organisation.objects.filter(slug__startswith="gen-")
    }

    def office_of(code: str) -> list[int]:
        return [pk for pk, rs in ranges.items() if any(lo <= code <= hi for lo, hi in rs)]

    for org_id, code in YoungPerson.objects.values_list("organisation_id", "postal_code_id"):
        assert office_of(code) == [org_id]
    for org_id, code in Company.objects.values_list("organisation_id", "postal_code_id"):
        assert office_of(code) == [org_id]
    assert not Offer.objects.exclude(organisation=F("company__organisation")).exists()
    for person in YoungPerson.objects.select_related("postal_code")[:40]:
        assert responsible_office(person.postal_code).pk == person.organisation_id


def test_people_spread_over_districts_by_their_postal_codes(generated):
    """No population column in the reference data: a district's weight is its number of
    postal codes. Chi-square of people per district against those weights."""
    weights = Counter(
        PostalCode.objects.exclude(state_code="").values_list("district_ags", flat=True)
    )
    people = Counter(YoungPerson.objects.values_list("postal_code__district_ags", flat=True))
    total_codes, n = sum(weights.values()), sum(people.values())
    expected = np.array([n * w / total_codes for w in weights.values()])
    observed = np.array([people.get(d, 0) for d in weights])
    chi2 = float(((observed - expected) ** 2 / expected).sum())
    dof = len(weights) - 1
    assert chi2 < dof + 5 * np.sqrt(2 * dof)
    by_state = Counter(YoungPerson.objects.values_list("postal_code__state_code", flat=True))
    state_codes = Counter(
        PostalCode.objects.exclude(state_code="").values_list("state_code", flat=True)
    )
    for state, codes in state_codes.items():
        assert by_state[state] == pytest.approx(
            n * codes / total_codes, abs=4 * np.sqrt(n * codes / total_codes) + 2
        )


def test_people_look_like_the_target_group(generated):
    people = YoungPerson.objects.all()
    assert people.values("german_level").distinct().count() == 7
    assert people.values("certificate").distinct().count() == 8
    ages = [(TODAY - born).days / 365.25 for born in people.values_list("birth_date", flat=True)]
    assert min(ages) >= 15 and max(ages) < 27
    assert YoungPerson.occupations_of_interest.through.objects.count() > 1500
    assert not people.filter(search_text="").exists() and not people.filter(match_name="").exists()


def test_offers_follow_a_zipf_like_popularity_and_spread_over_the_year(generated):
    per_occupation = sorted(
        Counter(Offer.objects.values_list("occupation_id", flat=True)).values(), reverse=True
    )
    assert sum(per_occupation[:10]) > 3 * sum(per_occupation[-10:])
    assert per_occupation[0] > 5 * np.median(per_occupation)
    months = {(d.year, d.month) for d in Offer.objects.values_list("start_date", flat=True)}
    assert len(months) >= 10
    company_places = Company.objects.values_list(
        "lat", "lon", "postal_code__lat", "postal_code__lon"
    )
    for lat, lon, plz_lat, plz_lon in company_places:
        assert abs(lat - plz_lat) < 0.01 and abs(lon - plz_lon) < 0.015


def test_offer_search_and_staff_lists_work_on_generated_data(generated):
    found = offer_search(origin=origin_for(plz="10115"), radius_km=25, limit=50)
    assert found.count > 0
    for hit in found.hits:  # Berlin's offers, and Brandenburg's just outside the city
        assert hit.offer.organisation.slug.startswith("gen-")
        assert hit.offer.organisation.state in {"BE", "BB"}
    membership = (
        Membership.objects.filter(organisation__slug__startswith="gen-ss-", role="advisor")
        .select_related("user", "organisation")
        .first()
    )
    mine = young_person_list(user=membership.user)
    assert mine.exists()
    assert set(mine.values_list("organisation_id", flat=True)) == {membership.organisation_id}


def test_clear_removes_only_generated_data(generated, office):
    kept = YoungPersonFactory(organisation=office)
    with pytest.raises(GenerateError, match="already there"):
        generate(**SMALL)
    deleted = generated_clear()
    assert deleted["people.YoungPerson"] == 1500
    assert not Organisation.objects.filter(slug__startswith="gen-").exists()
    assert list(YoungPerson.objects.all()) == [kept]
    assert not Offer.objects.exists() and not Company.objects.exists()


def test_clearing_tells_the_offer_index_once_not_per_offer(db):
    offer_index_invalidate(full=True)
    before = cache.get(FULL_KEY)
    with offer_index_invalidation_deferred():
        for _ in range(3):
            offer_index_invalidate(full=True)  # what each deleted offer's signal does
        assert cache.get(FULL_KEY) == before
    assert cache.get(FULL_KEY) == before + 1


# --- the command --------------------------------------------------------------------------


@pytest.mark.django_db
def test_command_generates_prints_speed_and_clears():
    out = StringIO()
    args = ["--people", "200", "--offers", "300", "--offices", "16", "--seed", "3"]
    call_command("generate", *args, "--dry-run", stdout=out)
    assert "Dry run, nothing written" in out.getvalue() and not Offer.objects.exists()
    call_command("generate", *args, stdout=out)
    assert "Generated 16 offices" in out.getvalue() and "rows/s" in out.getvalue()
    assert "time: drawing" in out.getvalue() and "offers" in out.getvalue()
    assert Offer.objects.count() == 300
    with pytest.raises(CommandError, match="--clear"):
        call_command("generate", *args, stdout=out)
    call_command("generate", "--clear", stdout=out)
    assert "Cleared generated data" in out.getvalue() and not Offer.objects.exists()


@pytest.mark.django_db
def test_command_needs_counts_and_enough_offices():
    with pytest.raises(CommandError, match="--people, --offers and --offices"):
        call_command("generate", "--people", "10", stdout=StringIO())
    with pytest.raises(CommandError, match="at least one office per state"):
        call_command(
            "generate", "--people", "10", "--offers", "10", "--offices", "3", stdout=StringIO()
        )


@pytest.mark.django_db
def test_command_refuses_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("generate", "--clear", stdout=StringIO())
