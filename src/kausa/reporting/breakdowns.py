"""Breakdowns funders ask for, and the ESF+ common indicators, from the same records.

A breakdown splits one indicator of the period (young people advised, apprenticeship
contracts) by one attribute of the person (gender, age band, country-of-origin group, …)
into categories that add up to the indicator; "not stated" is a category of its own, so
the parts always add up. Every breakdown is published (disclosure control for all cells,
the viewer's own offices too) and computed over the whole hierarchy of the viewer's
offices at once, like the figures, so the tables of the levels agree.

The ESF+ table follows Regulation (EU) 2021/1057, Annex I (common output and result
indicators for participants), for the offices marked as co-funded by the ESF+: entries
(cases of young people opened in the period) by gender, age, labour market status,
education level, third-country nationals and foreign background; and on leaving (cases
closed in the period) in education or training, with a qualification, in employment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kausa.counselling.models import Case, Consultation, EsfEducation, EsfLabourStatus, Outcome
from kausa.reference.choices import (
    Gender,
    GermanLevel,
    Nationality,
    ResidenceStatus,
    SchoolCertificate,
)
from kausa.reference.models import KldbGroup
from kausa.reporting.disclosure import Relation, suppress
from kausa.reporting.indicators import Window

NOT_STATED = ""
TOTAL = "__total__"


def _age(born: dt.date | None, on: dt.date) -> int | None:
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


AGE_BANDS: tuple[tuple[str, Promise | str, int, int], ...] = (
    ("u16", _("under 16"), 0, 15),
    ("16-17", _("16–17"), 16, 17),
    ("18-20", _("18–20"), 18, 20),
    ("21-24", _("21–24"), 21, 24),
    ("25-27", _("25–27"), 25, 27),
    ("28+", _("28 and older"), 28, 200),
)


def _age_band(born: dt.date | None, on: dt.date) -> str:
    age = _age(born, on)
    if age is None:
        return NOT_STATED
    return next((key for key, _label, low, high in AGE_BANDS if low <= age <= high), NOT_STATED)


# Country of origin is free text (German names as advisors write them): grouped by region.
_REGION_NAMES = {
    "germany": "deutschland, germany, brd",
    "middle_east": "syrien, irak, iran, libanon, jordanien, jemen, palästina, palaestina, "
    "kuwait, saudi-arabien, israel",
    "south_central_asia": "afghanistan, pakistan, indien, bangladesch, sri lanka, nepal",
    "turkey": "türkei, tuerkei, turkei",
    "eastern_europe": "ukraine, russland, belarus, weißrussland, moldau, moldawien, georgien, "
    "armenien, aserbaidschan, kasachstan, usbekistan, tadschikistan, kirgisistan, turkmenistan",
    "western_balkans": "kosovo, serbien, albanien, nordmazedonien, mazedonien, bosnien und "
    "herzegowina, bosnien, montenegro",
    "eu": "polen, rumänien, rumaenien, bulgarien, kroatien, griechenland, italien, spanien, "
    "portugal, ungarn, tschechien, slowakei, litauen, lettland, estland, frankreich, "
    "österreich, niederlande, belgien, slowenien, zypern, malta, irland, schweden, finnland, "
    "dänemark, luxemburg",
    "north_africa": "marokko, algerien, tunesien, libyen, ägypten, aegypten, sudan",
    "sub_saharan_africa": "eritrea, somalia, äthiopien, aethiopien, nigeria, guinea, gambia, "
    "ghana, kamerun, senegal, sierra leone, mali, kenia, kongo, elfenbeinküste, südsudan, "
    "tschad, niger, burkina faso, togo, benin",
    "east_asia": "vietnam, china, philippinen, thailand, indonesien, korea, myanmar, japan, "
    "mongolei",
    "americas": "brasilien, kolumbien, venezuela, mexiko, peru, usa, kuba, ecuador, "
    "argentinien, chile",
}
REGIONS: tuple[tuple[str, Promise | str], ...] = (
    ("germany", _("Germany")),
    ("middle_east", _("Middle East")),
    ("south_central_asia", _("Afghanistan, Pakistan and South Asia")),
    ("turkey", _("Turkey")),
    ("eastern_europe", _("Ukraine, Russia and other non-EU Eastern Europe")),
    ("western_balkans", _("Western Balkans")),
    ("eu", _("other EU countries")),
    ("north_africa", _("North Africa")),
    ("sub_saharan_africa", _("Africa south of the Sahara")),
    ("east_asia", _("East and Southeast Asia")),
    ("americas", _("Americas")),
)
_REGION_OF = {
    name.strip(): key for key, names in _REGION_NAMES.items() for name in names.split(",")
}


def region_of(country: str) -> str:
    text = " ".join(country.lower().split())
    if not text:
        return NOT_STATED
    return _REGION_OF.get(text, "other")


def kldb_area_titles() -> dict[str, str]:
    """KldB 2010 Berufsbereiche (1 … 9, 0 is the armed forces), German titles."""
    return dict(
        KldbGroup.objects.filter(level=KldbGroup.Level.BEREICH).values_list("code", "short_title")
    )


def _choices(choices: Iterable[tuple[str, Any]]) -> list[tuple[str, str]]:
    return [(key, str(label)) for key, label in choices if key != NOT_STATED]


@dataclass(frozen=True)
class Dimension:
    key: str
    label: Promise | str
    measure: str  # "people" (young people advised) or "contracts"
    field: str  # the value read per person (from the consultation or the outcome)
    classify: Callable[[Any, Window], str]
    categories: Callable[[], list[tuple[str, str]]]


def _same(value: Any, _window: Window) -> str:
    return str(value or NOT_STATED)


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension(
        "gender",
        _("gender"),
        "people",
        "case__young_person__gender",
        _same,
        lambda: _choices(Gender.choices),
    ),
    Dimension(
        "age",
        _("age band (at the end of the period)"),
        "people",
        "case__young_person__birth_date",
        lambda born, w: _age_band(born, w.end),
        lambda: [(key, str(label)) for key, label, _low, _high in AGE_BANDS],
    ),
    Dimension(
        "origin",
        _("country-of-origin group"),
        "people",
        "case__young_person__country_of_origin",
        lambda c, _w: region_of(c or ""),
        lambda: [(k, str(label)) for k, label in REGIONS] + [("other", str(_("other")))],
    ),
    Dimension(
        "nationality",
        _("nationality"),
        "people",
        "case__young_person__nationality",
        _same,
        lambda: _choices(Nationality.choices),
    ),
    Dimension(
        "residence",
        _("residence status group"),
        "people",
        "case__young_person__residence_status",
        _same,
        lambda: _choices(ResidenceStatus.choices),
    ),
    Dimension(
        "german",
        _("German level"),
        "people",
        "case__young_person__german_level",
        lambda v, _w: "" if v in (None, "", GermanLevel.NONE) else str(v),
        lambda: _choices((k, v) for k, v in GermanLevel.choices if k != GermanLevel.NONE),
    ),
    Dimension(
        "certificate",
        _("school certificate"),
        "people",
        "case__young_person__certificate",
        _same,
        lambda: _choices(SchoolCertificate.choices),
    ),
    Dimension(
        "district",
        _("district"),
        "people",
        "case__young_person__postal_code__district_name",
        _same,
        lambda: [],
    ),
    Dimension(
        "occupation",
        _("occupation area (KldB Berufsbereich) of the contracts"),
        "contracts",
        "occupation__kldb_id",
        lambda code, _w: (code or "")[:1],
        lambda: sorted(kldb_area_titles().items()),
    ),
)
BY_KEY = {d.key: d for d in DIMENSIONS}


def _counts(
    dimension: Dimension, office_ids: Sequence[int], window: Window
) -> dict[tuple[int, str], int]:
    """(office, category) -> count, in one query."""
    if dimension.measure == "contracts":
        rows = (
            Outcome.objects.filter(
                kind=Outcome.Kind.CONTRACT,
                organisation_id__in=list(office_ids),
                recorded_on__range=(window.start, window.end),
            )
            .values("organisation_id", dimension.field)
            .annotate(n=Count("id"))
            .order_by()
        )
    else:
        rows = (
            Consultation.objects.filter(
                case__kind=Case.Kind.YOUNG_PERSON,
                organisation_id__in=list(office_ids),
                held_on__range=(window.start, window.end),
            )
            .values("organisation_id", dimension.field)
            .annotate(n=Count("case__young_person", distinct=True))
            .order_by()
        )
    counts: dict[tuple[int, str], int] = {}
    for row in rows:
        key = (row["organisation_id"], dimension.classify(row[dimension.field], window))
        counts[key] = counts.get(key, 0) + row["n"]
    return counts


@dataclass(frozen=True)
class Table:
    """Rows of categories (and the total) × columns; cell None when hidden."""

    title: str
    rows: list[tuple[str, list[int | None]]]  # (label, value per column)
    total: list[int | None]
    note: str = ""
    # the whole cube behind the table, for checking it (every level, not only the shown)
    values: Mapping[Hashable, int] = field(default_factory=dict)
    hidden: frozenset[Hashable] = frozenset()
    relations: tuple[Relation, ...] = ()


Column = tuple[str, int]


def table(
    *,
    title: str,
    categories: Sequence[tuple[str, str]],
    counts: dict[tuple[int, str], int],
    hierarchy: Mapping[Column, frozenset[int]],
    groups: Sequence[tuple[Column, Sequence[Column]]],
    shown: Sequence[Column],
    forced_totals: Iterable[Column] = (),
    partition: bool = True,
    note: str = "",
) -> Table:
    """Sum the office counts up the hierarchy, suppress (nothing exact) and keep the
    ``shown`` columns. ``forced_totals``: columns whose total another table hides."""
    present = {category for (_office, category) in counts}
    keys = [key for key, _label in categories]
    labels = dict(categories)
    for extra in sorted(present - set(keys) - {NOT_STATED}):
        keys.append(extra)
        labels[extra] = extra
    if partition:
        keys.append(NOT_STATED)
        labels[NOT_STATED] = str(_("not stated"))
    values: dict[Hashable, int] = {}
    for column, offices in hierarchy.items():
        for key in keys:
            values[(key, column)] = sum(counts.get((o, key), 0) for o in offices)
        values[(TOTAL, column)] = sum(v for (o, _k), v in counts.items() if o in offices)
    relations: list[Relation] = []
    for total, parts in groups:
        for key in [*keys, TOTAL]:
            relations.append(Relation((key, total), tuple((key, p) for p in parts)))
    if partition:
        for column in hierarchy:
            relations.append(Relation((TOTAL, column), tuple((k, column) for k in keys)))
    hidden = suppress(values, (), relations, forced={(TOTAL, c) for c in forced_totals})

    def cell(key: str, column: Column) -> int | None:
        return None if (key, column) in hidden else values[(key, column)]

    rows = [
        (labels[key], [cell(key, c) for c in shown])
        for key in keys
        if any(values[(key, c)] for c in hierarchy) or key in dict(categories)
    ]
    if not partition:
        rows = [r for r in rows if r[0] != labels.get(NOT_STATED)]
    totals = [cell(TOTAL, c) for c in shown] if partition else []
    return Table(title, rows, totals, note, values, frozenset(hidden), tuple(relations))


def breakdown_counts(
    key: str, office_ids: Sequence[int], window: Window
) -> tuple[Dimension, dict[tuple[int, str], int]]:
    dimension = BY_KEY[key]
    return dimension, _counts(dimension, office_ids, window)


# --- ESF+ -----------------------------------------------------------------------------

ESF_AGE: tuple[tuple[str, Promise | str, int, int], ...] = (
    ("u18", _("below 18 years"), 0, 17),
    ("18-29", _("18 to 29 years"), 18, 29),
    ("30-54", _("30 to 54 years"), 30, 54),
    ("55+", _("55 years and over"), 55, 200),
)


def esf_counts(office_ids: Sequence[int], window: Window) -> dict[str, dict[tuple[int, str], int]]:
    """Per ESF+ section: (office, category) -> participants. Two queries."""
    entries = Case.objects.filter(
        kind=Case.Kind.YOUNG_PERSON,
        organisation_id__in=list(office_ids),
        opened_on__range=(window.start, window.end),
    ).values_list(
        "organisation_id",
        "young_person_id",
        "young_person__gender",
        "young_person__birth_date",
        "esf_labour_status",
        "esf_education",
        "young_person__nationality",
        "young_person__country_of_origin",
        "opened_on",
    )
    sections: dict[str, dict[tuple[int, str], int]] = {
        s: {} for s in ("gender", "age", "labour", "education", "background", "leaving")
    }
    seen: set[tuple[int, int]] = set()

    def add(section: str, office: int, category: str) -> None:
        bucket = sections[section]
        bucket[(office, category)] = bucket.get((office, category), 0) + 1

    for office, person, gender, born, labour, education, nationality, origin, on in entries:
        if (office, person) in seen:
            continue  # a participant counts once per period
        seen.add((office, person))
        add("gender", office, gender or NOT_STATED)
        age = _age(born, on)  # age at entry
        add(
            "age",
            office,
            NOT_STATED
            if age is None
            else next(k for k, _label, low, high in ESF_AGE if low <= age <= high),
        )
        add("labour", office, labour or NOT_STATED)
        if labour in (EsfLabourStatus.UNEMPLOYED, EsfLabourStatus.LONG_TERM_UNEMPLOYED):
            add("background", office, "unemployed_all")
        add("education", office, education or NOT_STATED)
        if nationality == Nationality.THIRD_COUNTRY:
            add("background", office, "third_country")
        if region_of(origin or "") not in (NOT_STATED, "germany") or nationality in (
            Nationality.EU,
            Nationality.THIRD_COUNTRY,
            Nationality.STATELESS,
        ):
            add("background", office, "foreign_background")
    leavers = (
        Case.objects.filter(
            kind=Case.Kind.YOUNG_PERSON,
            organisation_id__in=list(office_ids),
            closed_on__range=(window.start, window.end),
        )
        .values("organisation_id")
        .annotate(
            left=Count("id"),
            education=Count("id", filter=Q(esf_left_in_education=True)),
            qualified=Count("id", filter=Q(esf_left_qualified=True)),
            employed=Count("id", filter=Q(esf_left_employed=True)),
        )
        .order_by()
    )
    for row in leavers:
        for category in ("left", "education", "qualified", "employed"):
            sections["leaving"][(row["organisation_id"], category)] = row[category]
    return sections


ESF_SECTIONS: tuple[tuple[str, Promise | str, Callable[[], list[tuple[str, str]]], bool], ...] = (
    ("gender", _("Participants by gender"), lambda: _choices(Gender.choices), True),
    ("age", _("Participants by age"), lambda: [(k, str(v)) for k, v, _l, _h in ESF_AGE], True),
    (
        "labour",
        _("Participants by labour market status"),
        lambda: _choices(EsfLabourStatus.choices),
        True,
    ),
    (
        "education",
        _("Participants by education level"),
        lambda: _choices(EsfEducation.choices),
        True,
    ),
    (
        "background",
        _("Participants who are …"),
        lambda: [
            ("third_country", str(_("third-country nationals"))),
            ("foreign_background", str(_("participants with a foreign background"))),
            ("unemployed_all", str(_("unemployed, including long-term unemployed"))),
        ],
        False,
    ),
    (
        "leaving",
        _("On leaving (cases closed in the period)"),
        lambda: [
            ("left", str(_("participants who left"))),
            ("education", str(_("in education or training upon leaving"))),
            ("qualified", str(_("gaining a qualification upon leaving"))),
            ("employed", str(_("in employment upon leaving, incl. self-employment"))),
        ],
        False,
    ),
)
