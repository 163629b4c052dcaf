"""The draws behind `kausa generate`: reference data read into arrays and every random choice
made from one seed, nothing written (kausa.demo.generate writes; --dry-run stops here).
The distributions themselves are in kausa.demo.synthetic (no Django)."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils import timezone

from kausa.accounts.models import Organisation, State
from kausa.demo import data, synthetic
from kausa.demo.synthetic import IntArray
from kausa.reference.loaders import BUNDLED_DIR, OCCUPATION_DESCRIPTIONS, reference_dir
from kausa.reference.models import Occupation, PostalCode

PREFIX = "gen-"
EMAIL_DOMAIN = "generated.kausa.example"
PEOPLE_PER_ADVISOR = 400
MAX_ADVISORS = 20
MIGRANT_LED = 0.36
JITTER_DEG = 0.008  # companies lie within about a kilometre of their postal code's centre
CAPITALS = {
    "BW": "Stuttgart",
    "BY": "München",
    "BE": "Berlin",
    "BB": "Potsdam",
    "HB": "Bremen",
    "HH": "Hamburg",
    "HE": "Wiesbaden",
    "MV": "Schwerin",
    "NI": "Hannover",
    "NW": "Düsseldorf",
    "RP": "Mainz",
    "SL": "Saarbrücken",
    "SN": "Dresden",
    "ST": "Magdeburg",
    "SH": "Kiel",
    "TH": "Erfurt",
}
HWK_SECTORS = {"Handwerk Bau", "Lebensmittel", "Körperpflege", "Gebäudetechnik", "Fahrzeug"}
GENERIC_PATTERNS = ["{n} {s}", "{s} {n} GmbH", "{n} & Partner ({s})"]
OFFER_STATUS = {"open": 85, "filled": 10, "withdrawn": 5}
PLACES = {1: 60, 2: 25, 3: 10, 4: 5}
REQUIRED_CERTIFICATE = {"none": 30, "first": 40, "intermediate": 25, "abitur": 5}
REQUIRED_GERMAN = {"none": 10, "A2": 15, "B1": 45, "B2": 30}
GENDER = {"female": 41, "male": 56, "diverse": 1, "": 2}
THIRD_COUNTRY_RESIDENCE = {
    "permit": 40,
    "settlement": 10,
    "training_permit": 5,
    "gestattung": 18,
    "duldung": 12,
    "ausbildungsduldung": 5,
    "other": 2,
    "": 8,
}
EU_ORIGINS = {"poland", "romania"}


class GenerateError(Exception):
    pass


@dataclass
class GenerateSummary:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    written: bool = False
    notes: list[str] = field(default_factory=list)
    phases: dict[str, float] = field(default_factory=dict)  # seconds per step

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


@dataclass
class Reference:
    """The loaded reference data as arrays: postal codes (in code order) and occupations
    (most frequent first)."""

    codes: list[str]
    places: list[str]
    states: list[str]
    lat: np.ndarray
    lon: np.ndarray
    occupation_ids: list[int]
    occupation_names: list[str]
    occupation_sectors: list[str]


@dataclass
class OfficePlan:
    slug: str
    name: str
    kind: str
    state: str
    city: str
    postal_code: str
    serves: str
    parent: str
    advisors: int


@dataclass
class Plan:
    ref: Reference
    today: dt.date
    offices: list[OfficePlan]
    owner: IntArray  # office of each postal code
    person_code: IntArray
    person_origin: IntArray
    person_names: IntArray  # (n, 2): first and last name within the origin's pools
    person_born: IntArray
    person_german: IntArray
    person_certificate: IntArray
    person_arrival: IntArray  # 0: born in Germany
    person_gender: IntArray
    person_residence: IntArray
    person_interests: IntArray  # (n, 3) occupation positions, -1 for none
    person_languages: IntArray  # (n, 2): how many origin languages, English yes/no
    company_code: IntArray
    company_sector: IntArray  # index into sectors
    company_migrant: np.ndarray
    company_owner: IntArray
    company_pattern: IntArray
    company_jitter: np.ndarray  # (n, 2)
    company_training: np.ndarray
    sectors: list[str]
    offer_company: IntArray
    offer_occupation: IntArray
    offer_start: IntArray
    offer_places: IntArray
    offer_status: IntArray
    offer_certificate: IntArray
    offer_german: IntArray


# --- reading the reference data -----------------------------------------------------------


def _ranked_short_names() -> list[str]:
    """Short names in the order of the occupation descriptions file: the BIBB ranking of new
    training contracts, most frequent first (see that file's header)."""
    path = reference_dir() / OCCUPATION_DESCRIPTIONS
    if not path.exists():
        path = BUNDLED_DIR / OCCUPATION_DESCRIPTIONS
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return [row["occupation"].strip() for row in csv.DictReader(lines)]


def reference_arrays() -> Reference:
    rows = list(
        PostalCode.objects.exclude(state_code="")
        .order_by("code")
        .values_list("code", "place", "state_code", "lat", "lon")
    )
    occupations = list(
        Occupation.objects.order_by("-is_common", "id").values_list("id", "short_name", "sector")
    )
    if not rows or not occupations:
        raise GenerateError("No postal codes or occupations: run `kausa load-reference` first.")
    rank = {name: i for i, name in enumerate(_ranked_short_names())}
    occupations.sort(key=lambda o: rank.get(o[1], len(rank)))  # stable: common ones next
    return Reference(
        codes=[r[0] for r in rows],
        places=[r[1] for r in rows],
        states=[r[2] for r in rows],
        lat=np.array([r[3] for r in rows]),
        lon=np.array([r[4] for r in rows]),
        occupation_ids=[o[0] for o in occupations],
        occupation_names=[o[1] for o in occupations],
        occupation_sectors=[o[2] for o in occupations],
    )


# --- the plan: every draw, nothing written -------------------------------------------------


def _offices(ref: Reference, offices: int, people: int) -> tuple[list[OfficePlan], IntArray]:
    seats = {}
    for state, capital in CAPITALS.items():
        seats[state] = next(
            (
                i
                for i, (p, s) in enumerate(zip(ref.places, ref.states, strict=True))
                if p == capital and s == state
            ),
            -1,
        )
    try:
        areas = synthetic.office_areas(ref.codes, ref.states, offices, seats)
    except ValueError as exc:
        raise GenerateError(str(exc)) from exc
    owner = synthetic.owner_of_codes(len(ref.codes), areas)
    plans: list[OfficePlan] = []
    names: Counter[str] = Counter()
    numbers: Counter[str] = Counter()
    for number, area in enumerate(areas):
        places = Counter(ref.places[i] for i in area.codes.tolist())
        capital = CAPITALS.get(area.state, "")
        city = capital if area.landesstelle and capital in places else places.most_common(1)[0][0]
        code = next(ref.codes[i] for i in area.codes.tolist() if ref.places[i] == city)
        state = area.state.lower()
        if area.landesstelle:
            slug, kind = f"{PREFIX}ls-{state}", Organisation.Kind.LANDESSTELLE
            name = f"KAUSA Landesstelle {State(area.state).label}"
        else:
            numbers[state] += 1
            slug, kind = f"{PREFIX}ss-{state}-{numbers[state]:03d}", Organisation.Kind.SERVICESTELLE
            name = f"KAUSA Servicestelle {city}"
        names[name] += 1
        expected = people * len(area.codes) / len(ref.codes)
        plans.append(
            OfficePlan(
                slug=slug,
                name=name if names[name] == 1 else f"{name} {names[name]}",
                kind=kind,
                state=area.state,
                city=city,
                postal_code=code,
                serves=synthetic.served_ranges(ref.codes, owner == number),
                parent=f"{PREFIX}ls-{state}",
                advisors=int(np.clip(np.ceil(expected / PEOPLE_PER_ADVISOR), 1, MAX_ADVISORS)),
            )
        )
    return plans, owner


def origin_pools() -> tuple[list[str], list[list[str]], list[list[str]]]:
    origins = list(data.ORIGIN_WEIGHTS)
    return (
        origins,
        [data.ORIGINS[o][2] for o in origins],
        [data.ORIGINS[o][3] for o in origins],
    )


def _people(plan: dict[str, Any], rng: np.random.Generator, n: int, ref: Reference) -> None:
    today: dt.date = plan["today"]
    origins, firsts, lasts = origin_pools()
    origin = synthetic.draw(rng, n, data.ORIGIN_WEIGHTS)
    sizes_first = np.array([len(p) for p in firsts])[origin]
    sizes_last = np.array([len(p) for p in lasts])[origin]
    names = np.stack(
        [
            np.floor(rng.random(n) * sizes_first).astype(np.int64),
            np.floor(rng.random(n) * sizes_last).astype(np.int64),
        ],
        axis=1,
    )
    german = synthetic.draw(rng, n, data.GERMAN_LEVELS)
    certificate = synthetic.draw(rng, n, data.CERTIFICATES)
    born_here = origin == origins.index("germany")
    levels = list(data.GERMAN_LEVELS)
    german = np.where(born_here, levels.index("C1") + (rng.random(n) < 0.3), german)
    from_ukraine = origin == origins.index("ukraine")
    arrival = np.where(
        from_ukraine,
        rng.integers(2022, today.year, n, endpoint=True),
        rng.integers(2014, today.year, n, endpoint=True),
    )
    plan.update(
        person_code=rng.integers(0, len(ref.codes), n),
        person_origin=origin,
        person_names=names,
        person_born=synthetic.birth_dates(rng, n, today),
        person_german=german,
        person_certificate=certificate,
        person_arrival=np.where(born_here, 0, arrival),
        person_gender=synthetic.draw(rng, n, GENDER),
        person_residence=synthetic.draw(rng, n, THIRD_COUNTRY_RESIDENCE),
        person_interests=synthetic.interests(rng, n, plan["popularity"]),
        person_languages=np.stack([rng.integers(1, 3, n), rng.random(n) < 0.4], axis=1),
    )


def _offers_and_companies(
    plan: dict[str, Any], rng: np.random.Generator, offers: int, companies: int, ref: Reference
) -> None:
    occupation = rng.choice(len(ref.occupation_ids), size=offers, p=plan["popularity"])
    sectors = sorted(set(ref.occupation_sectors))
    sector_of_occupation = np.array([sectors.index(s) for s in ref.occupation_sectors])
    offer_sector = sector_of_occupation[occupation]
    # companies per sector in proportion to the sector's offers (at least one where any)
    per_sector = np.bincount(offer_sector, minlength=len(sectors))
    company_counts = synthetic.largest_remainder(companies, per_sector)
    if companies >= np.count_nonzero(per_sector):
        company_counts = np.where((per_sector > 0) & (company_counts == 0), 1, company_counts)
        while company_counts.sum() > companies:
            company_counts[np.argmax(company_counts)] -= 1
    company_sector = np.repeat(np.arange(len(sectors)), company_counts)
    company_sector = company_sector[rng.permutation(len(company_sector))]
    offer_company = synthetic.pick_in_groups(rng, company_sector, offer_sector)
    orphans = offer_company < 0  # only when there are fewer companies than sectors
    offer_company[orphans] = rng.integers(0, max(len(company_sector), 1), int(orphans.sum()))
    n = len(company_sector)
    has_offer = np.bincount(offer_company, minlength=n) > 0 if offers else np.zeros(n, bool)
    status_without = rng.choice(["preparing", "not_training"], size=n, p=[0.5, 0.5])
    plan.update(
        sectors=sectors,
        company_code=rng.integers(0, len(ref.codes), n),
        company_sector=company_sector,
        company_migrant=rng.random(n) < MIGRANT_LED,
        company_owner=rng.integers(0, 1 << 30, n),
        company_pattern=rng.integers(0, 1 << 30, n),
        company_jitter=rng.uniform(-JITTER_DEG, JITTER_DEG, (n, 2)),
        company_training=np.where(has_offer, "training", status_without),
        offer_company=offer_company,
        offer_occupation=occupation,
        offer_start=synthetic.start_dates(rng, offers, plan["today"]),
        offer_places=synthetic.draw(rng, offers, PLACES),
        offer_status=synthetic.draw(rng, offers, OFFER_STATUS),
        offer_certificate=synthetic.draw(rng, offers, REQUIRED_CERTIFICATE),
        offer_german=synthetic.draw(rng, offers, REQUIRED_GERMAN),
    )


def plan_make(
    *,
    people: int,
    offers: int,
    offices: int,
    companies: int | None = None,
    seed: int = 1,
    today: dt.date | None = None,
) -> Plan:
    """Every random draw for the data, from ``seed``; writes nothing."""
    if min(people, offers, offices) < 0 or (companies is not None and companies < 0):
        raise GenerateError("Counts cannot be negative.")
    ref = reference_arrays()
    rng = np.random.default_rng(seed)
    if companies is None:
        companies = max(1, offers // 3) if offers else 0
    if offers and not companies:
        raise GenerateError("Offers need companies: --companies must be at least 1.")
    office_plans, owner = _offices(ref, offices, people)
    fields: dict[str, Any] = {
        "today": today or timezone.localdate(),
        "popularity": synthetic.zipf_weights(len(ref.occupation_ids)),
    }
    _people(fields, rng, people, ref)
    _offers_and_companies(fields, rng, offers, companies, ref)
    del fields["popularity"]
    return Plan(ref=ref, offices=office_plans, owner=owner, **fields)


def plan_counts(plan: Plan) -> dict[str, int]:
    advisors = sum(o.advisors for o in plan.offices)
    coordinators = sum(o.kind == Organisation.Kind.LANDESSTELLE for o in plan.offices)
    return {
        "offices": len(plan.offices),
        "users": advisors + coordinators,
        "memberships": advisors + coordinators,
        "companies": len(plan.company_code),
        "company languages": len(plan.company_code) + int(plan.company_migrant.sum()),
        "offers": len(plan.offer_company),
        "young people": len(plan.person_code),
        "interests": int((plan.person_interests >= 0).sum()),
        "person languages": _language_links(plan),
    }


def person_languages(origin_languages: list[str], k: int, english: bool) -> set[str]:
    """German, the first ``k`` languages of the person's origin and English if ``english``."""
    return {"de", *origin_languages[:k]} | ({"en"} if english else set())


def _language_links(plan: Plan) -> int:
    origins, _, _ = origin_pools()
    sizes = np.array(
        [
            [
                [len(person_languages(data.ORIGINS[o][1], k, bool(e))) for e in (0, 1)]
                for k in (0, 1, 2)
            ]
            for o in origins
        ]
    )
    n = plan.person_languages
    return int(sizes[plan.person_origin, n[:, 0], n[:, 1]].sum())


def plan_describe(plan: Plan) -> list[str]:
    """A few lines on the shapes drawn (for --dry-run and the summary)."""
    lines = []
    if len(plan.offer_occupation):
        counts = np.bincount(plan.offer_occupation, minlength=len(plan.ref.occupation_ids))
        top = np.argsort(-counts)[:3]
        share = ", ".join(
            f"{plan.ref.occupation_names[i]} {counts[i] / counts.sum():.1%}" for i in top
        )
        lines.append(
            f"most offered: {share}; top 10 occupations: "
            f"{np.sort(counts)[::-1][:10].sum() / counts.sum():.0%} of offers"
        )
        months = Counter(dt.date.fromordinal(int(o)).strftime("%Y-%m") for o in plan.offer_start)
        lines.append(
            f"starts in {len(months)} months, busiest {max(months, key=months.__getitem__)}"
        )
    if len(plan.person_code):
        states = Counter(plan.ref.states[i] for i in plan.person_code[:100_000].tolist())
        lines.append(
            "people by state (sample): "
            + ", ".join(f"{s} {c / sum(states.values()):.0%}" for s, c in states.most_common(5))
        )
    return lines
