"""KAUSA's indicators, defined once: key, label, plain-language definition and how to count.

Every indicator counts from the records the other apps already keep (read only, nothing is
typed in twice). One database query per indicator answers every office and every time
window at once (the six indicators that count the different people, parents and companies
advised share one), so a report costs the same number of queries whatever its period, level
or number of offices.

Indicators the records cannot support yet (and why) are listed in ``NOT_COUNTED``.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from django.db import connections, models
from django.db.models import Count, F, Q, QuerySet, Sum, Value
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from kausa.companies.models import Company, Offer, PipelineStage, PipelineStep
from kausa.counselling.models import Case, Consultation, Outcome, Referral
from kausa.events.models import Event, Registration
from kausa.jobwalk.models import CheckIn, TeamWalk
from kausa.network.models import MaterialDownload, VisitRequest

WHOLE = ""  # the part key of an indicator that is not broken down
ONE_DAY = dt.timedelta(days=1)
UNKNOWN = "unknown"  # the part of records that do not say


@dataclass(frozen=True)
class Window:
    """A span of days, both ends included."""

    start: dt.date
    end: dt.date


# (office id, part) -> one count per window
Counts = dict[tuple[int, str], list[int]]
Counter = Callable[[Sequence[int], Sequence[Window]], Counts]


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str | Promise
    definition: str | Promise
    count: Counter
    # Sums over shorter periods give the longer one (events: yes; people counted once: no).
    additive_in_time: bool = True
    # Broken down into parts (event type, language); the whole is the sum of its parts.
    part_label: Callable[[str], str] | None = None


def _day_windows(windows: Sequence[Window]) -> dict[dt.date, tuple[int, ...]]:
    """Day -> the windows it lies in (in order)."""
    return _day_table(tuple(windows))


@lru_cache(maxsize=16)
def _day_table(windows: tuple[Window, ...]) -> dict[dt.date, tuple[int, ...]]:
    table: dict[dt.date, list[int]] = {}
    for i, w in enumerate(windows):
        day = w.start
        while day <= w.end:
            table.setdefault(day, []).append(i)
            day += ONE_DAY
    return {day: tuple(found) for day, found in table.items()}


def _windowed(
    queryset: QuerySet[Any],
    offices: Sequence[int],
    windows: Sequence[Window],
    *,
    office: str,
    on: str,
    value: str = "id",
    distinct: bool = False,
    total: str | None = None,
    part: str | None = None,
) -> Counts:
    """Count ``queryset`` per office (and part) in each window, in one query.

    ``on`` is the date the record counts at (``__date`` is added for date-times);
    ``total`` sums a field instead of counting (``party_size``, a day's download count);
    ``distinct`` counts the different ``value``s (each once per window).

    Counts and sums: the database counts per office, part and day, and the days are added
    up to the windows here (a few thousand rows whatever the number of records). Distinct
    values (a few records: companies recognised) are counted per window in the database.
    """
    low, high = min(w.start for w in windows), max(w.end for w in windows)
    group = [office] + ([part] if part else [])
    if distinct:
        return _distinct_per_window(queryset, offices, windows, office, on, value, group)
    # COUNT(*) when counting records: an index of the office and date alone can answer it
    measure = Sum(total) if total is not None else Count("*" if value == "id" else value)
    rows = (
        queryset.filter(**{f"{office}__in": list(offices), f"{on}__range": (low, high)})
        .values(*group, on)
        .annotate(n=measure)
        .order_by()
        .values_list(*group, on, "n")
    )
    days = _day_windows(windows)
    counts: Counts = {}
    for row in rows:
        key = (row[0], str(row[1] or "") if part else WHOLE)
        vector = counts.get(key)
        if vector is None:
            vector = counts[key] = [0] * len(windows)
        day, n = row[-2], int(row[-1] or 0)
        for w in days.get(day if isinstance(day, dt.date) else dt.date.fromisoformat(day), ()):
            vector[w] += n
    return counts


# --- the subjects of consultations: segments of time as bits ------------------------------
#
# The windows' start and end days cut the time into segments (months, for a year's months,
# quarters and years); every window is a union of segments. A consultation gets the bit of
# its segment, a case the OR of its consultations' bits, and a subject counts in a window
# when its bits meet the window's: one pass over the consultations instead of one sort per
# window and indicator.

MAX_SEGMENTS = 62  # bits of a signed 64-bit integer


def _segment_chunks(windows: Sequence[Window]) -> list[tuple[list[int], list[dt.date]]]:
    """The windows in chunks of at most MAX_SEGMENTS segments and windows each (both are
    bits of a 64-bit integer): (window indexes, cuts)."""
    chunks: list[tuple[list[int], list[dt.date]]] = []
    indexes: list[int] = []
    cuts: set[dt.date] = set()
    for i, w in enumerate(windows):
        more = cuts | {w.start, w.end + ONE_DAY}
        if indexes and (len(more) - 1 > MAX_SEGMENTS or len(indexes) == MAX_SEGMENTS):
            chunks.append((indexes, sorted(cuts)))
            indexes, more = [], {w.start, w.end + ONE_DAY}
        indexes.append(i)
        cuts = more
    chunks.append((indexes, sorted(cuts)))
    return chunks


def _bit(on: str, cuts: Sequence[dt.date], first: int, last: int) -> Any:
    """The bit of the segment (among first..last-1) that ``on`` falls in: a binary CASE."""
    if last - first == 1:
        return Value(1 << first, output_field=models.BigIntegerField())
    middle = (first + last) // 2
    return models.Case(
        models.When(**{f"{on}__lt": cuts[middle]}, then=_bit(on, cuts, first, middle)),
        default=_bit(on, cuts, middle, last),
        output_field=models.BigIntegerField(),
    )


def _masks(cuts: Sequence[dt.date], windows: Sequence[Window]) -> list[int]:
    """Each window's bits."""
    return [
        sum(
            1 << s
            for s in range(len(cuts) - 1)
            if w.start <= cuts[s] and cuts[s + 1] <= w.end + ONE_DAY
        )
        for w in windows
    ]


def _run(queryset: QuerySet[Any], sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _distinct_per_window(
    queryset: QuerySet[Any],
    offices: Sequence[int],
    windows: Sequence[Window],
    office: str,
    on: str,
    value: str,
    group: list[str],
) -> Counts:
    def measure(w: Window) -> Count:
        return Count(value, distinct=True, filter=Q(**{f"{on}__range": (w.start, w.end)}))

    low, high = min(w.start for w in windows), max(w.end for w in windows)
    rows = (
        queryset.filter(**{f"{office}__in": list(offices), f"{on}__range": (low, high)})
        .values(*group)
        .annotate(**{f"n{i}": measure(w) for i, w in enumerate(windows)})
        .order_by()
    )
    return {
        (row[office], str(row[group[1]] or "") if len(group) > 1 else WHOLE): [
            int(row[f"n{i}"] or 0) for i in range(len(windows))
        ]
        for row in rows
    }


class _BitOr(models.Aggregate):
    function = "BIT_OR"
    output_field = models.BigIntegerField()


def _bits_or(bits: Any, db: str) -> Any:
    """The OR of powers of two: BIT_OR where there is one (PostgreSQL: hashed, in
    parallel), else their distinct sum (the same number)."""
    if connections[db].vendor == "postgresql":
        return _BitOr(bits)
    return Sum(bits, distinct=True)


def _rank(column: str, starts: Sequence[dt.date], db: str) -> tuple[str, list[Any]]:
    """SQL for how many of ``starts`` (sorted) are on or before ``column``: a binary CASE."""
    adapt = connections[db].ops.adapt_datefield_value

    def tree(first: int, last: int) -> tuple[str, list[Any]]:
        if first == last:
            return str(first), []
        middle = (first + last) // 2  # starts[middle] splits ranks first..middle / middle+1..last
        below, below_params = tree(first, middle)
        above, above_params = tree(middle + 1, last)
        sql = f"CASE WHEN {column} < %s THEN {below} ELSE {above} END"
        return sql, [adapt(starts[middle]), *below_params, *above_params]

    return tree(0, len(starts))


SUBJECT_KINDS = (Case.Kind.YOUNG_PERSON, Case.Kind.PARENT, Case.Kind.COMPANY)


def _people_counts(offices: Sequence[int], windows: Sequence[Window]) -> dict[str, Counts]:
    """Young people advised, new and continuing, parents, companies and migrant-led
    companies advised: the different subjects of consultations, in one query.

    The database reduces the consultations to one row per case: its office, subject, the
    segments of time it had consultations in (bits) and, for young people, where its
    opening date lies among the windows' starts. Which windows each subject counts in
    (once, however many cases) is then worked out for all rows and windows at once.
    New: a consultation in the window on a case opened on or after the window's start;
    continuing: on a case opened before it.
    """
    found: dict[str, Counts] = {key: {} for key in SUBJECT_KEYS}
    db = Consultation.objects.db
    for indexes, cuts in _segment_chunks(windows):
        chosen = [windows[i] for i in indexes]
        starts = sorted({w.start for w in chosen})
        per_case = (
            Consultation.objects.filter(
                organisation_id__in=list(offices), held_on__range=(cuts[0], cuts[-1] - ONE_DAY)
            )
            .values(o=F("organisation_id"), c=F("case_id"))
            .annotate(m=_bits_or(_bit("held_on", cuts, 0, len(cuts) - 1), db))
            .order_by()
        )
        inner, inner_params = per_case.query.sql_with_params()
        rank, rank_params = _rank("k.opened_on", starts, db)
        kinds = " ".join(f"WHEN %s THEN {i}" for i in range(len(SUBJECT_KINDS)))
        subject = "COALESCE(k.young_person_id, k.parent_id, k.company_id)"
        # office, kind, opening rank and migrant-led packed into one number (less to send)
        packed = (
            f"((CAST(x.o AS BIGINT) * 4 + CASE k.kind {kinds} END) * 128 + {rank}) * 2 "
            "+ CASE WHEN co.migrant_led THEN 1 ELSE 0 END"
        )
        sql = (  # the ORM's query and names from the models; values go as parameters
            f"SELECT {packed}, {subject}, x.m "  # noqa: S608
            f"FROM ({inner}) x JOIN {Case._meta.db_table} k ON k.id = x.c "
            f"LEFT JOIN {Company._meta.db_table} co ON co.id = k.company_id "
            f"WHERE k.kind IN (%s, %s, %s) AND {subject} IS NOT NULL"
        )
        params = [*SUBJECT_KINDS, *rank_params, *inner_params, *SUBJECT_KINDS]
        rows = _run(Consultation.objects.all(), sql, params)
        if rows:
            table = np.array(rows, dtype=np.int64)
            _people_windows(table, cuts, chosen, indexes, starts, found, len(windows))
    return found


def _people_windows(
    rows: np.ndarray,
    cuts: Sequence[dt.date],
    windows: Sequence[Window],
    indexes: Sequence[int],
    starts: Sequence[dt.date],
    found: dict[str, Counts],
    width: int,
) -> None:
    """Rows of (office, kind, opening rank and migrant-led packed; subject; segment bits),
    one per case: each subject once per window it has a consultation in, per office and
    kind."""
    rows = rows[np.lexsort((rows[:, 1], rows[:, 0] >> 8))]
    packed, s, bits = rows.T
    ok, rank, migrant = packed >> 8, (packed >> 1) & 127, packed & 1  # ok: office and kind
    # per row, which windows: bit w set when the case has a consultation in window w
    seen = np.zeros(len(rows), dtype=np.int64)
    new = np.zeros(len(rows), dtype=np.int64)
    for w, (mask, window) in enumerate(zip(_masks(cuts, windows), windows, strict=True)):
        hit = (bits & mask) != 0
        seen |= hit.astype(np.int64) << w
        new |= (hit & (rank > starts.index(window.start))).astype(np.int64) << w
    old = seen & ~new
    # per subject (counted once, however many cases): the OR of its rows
    first = np.flatnonzero(np.r_[True, (np.diff(ok) != 0) | (np.diff(s) != 0)])
    if len(first) < len(rows):
        seen, new, old = (np.bitwise_or.reduceat(x, first) for x in (seen, new, old))
        ok, migrant = ok[first], migrant[first]
    subjects = {"a": seen, "n": new, "c": old, "m": np.where(migrant != 0, seen, 0)}
    group = np.flatnonzero(np.r_[True, np.diff(ok) != 0])
    sums = {
        key: np.stack([np.add.reduceat((x >> w) & 1, group) for w in range(len(windows))], axis=1)
        for key, x in subjects.items()
    }
    for g, start in enumerate(group):
        office, kind = divmod(int(ok[start]), 4)
        for key, which in SUBJECT_PARTS[SUBJECT_KINDS[kind]]:
            vector = sums[which][g].tolist()
            if key == "migrant_led_advised" and not any(vector):
                continue
            target = found[key].setdefault((office, WHOLE), [0] * width)
            for i, value in zip(indexes, vector, strict=True):
                target[i] = value


SUBJECT_PARTS = {
    Case.Kind.YOUNG_PERSON: (
        ("people_advised", "a"), ("people_new", "n"), ("people_continuing", "c"),
    ),
    Case.Kind.PARENT: (("parents_advised", "a"),),
    Case.Kind.COMPANY: (("companies_advised", "a"), ("migrant_led_advised", "m")),
}  # fmt: skip
SUBJECT_KEYS = (
    "people_advised", "people_new", "people_continuing", "parents_advised",
    "companies_advised", "migrant_led_advised",
)  # fmt: skip


@dataclass
class _Answer:
    offices: Sequence[int]
    windows: Sequence[Window]
    counts: dict[str, Counts]
    taken: set[str] = field(default_factory=set)


class _OneQuery:
    """Several indicators answered by one query over the same records.

    A report counts every indicator for the same offices and windows (the same objects,
    one indicator after the other): the first of the group counted runs the query and the
    others take their part of that answer. Each takes its part once; asked again (or for
    other offices or windows) the query runs again.
    """

    def __init__(self, run: Callable[[Sequence[int], Sequence[Window]], dict[str, Counts]]):
        self.run = run
        self.local = threading.local()

    def part(self, key: str) -> Counter:
        def count(offices: Sequence[int], windows: Sequence[Window]) -> Counts:
            last: _Answer | None = getattr(self.local, "last", None)
            if (
                last is None
                or last.offices is not offices
                or last.windows is not windows
                or key in last.taken
            ):
                last = self.local.last = _Answer(offices, windows, self.run(offices, windows))
            last.taken.add(key)
            if len(last.taken) == len(last.counts):
                self.local.last = None  # every part taken
            return last.counts[key]

        return count


_PEOPLE = _OneQuery(_people_counts)


def _all_consultations(offices: Sequence[int], windows: Sequence[Window]) -> Counts:
    return _windowed(
        Consultation.objects.all(), offices, windows, office="organisation_id", on="held_on"
    )


def _recognised(offices: Sequence[int], windows: Sequence[Window]) -> Counts:
    steps = PipelineStep.objects.filter(stage=PipelineStage.RECOGNISED)
    counts = _windowed(
        steps, offices, windows, office="pipeline__organisation_id", on="reached_on",
        value="pipeline__company", distinct=True, part="pipeline__company__training_history",
    )  # fmt: skip
    # "not known" is a part of its own (the empty key means the whole)
    return {(office, part or UNKNOWN): n for (office, part), n in counts.items()}


def _contracts(offices: Sequence[int], windows: Sequence[Window]) -> Counts:
    outcomes = Outcome.objects.filter(kind=Outcome.Kind.CONTRACT)
    return _windowed(outcomes, offices, windows, office="organisation_id", on="recorded_on")


def _bsk(on: str, **extra: Any) -> Counter:
    def count(offices: Sequence[int], windows: Sequence[Window]) -> Counts:
        referrals = Referral.objects.filter(kind=Referral.Kind.AZUBI_BSK, **extra)
        return _windowed(referrals, offices, windows, office="organisation_id", on=on)

    return count


def _offers(offices: Sequence[int], windows: Sequence[Window]) -> Counts:
    # the office's own acquisitions: offers entered in Kausa, not imported from a feed
    offers = Offer.objects.filter(source="kausa")
    return _windowed(offers, offices, windows, office="organisation_id", on="created_at__date")


def _events(offices: Sequence[int], windows: Sequence[Window]) -> Counts:
    # held: published (not a draft, not called off) and already begun
    events = Event.objects.filter(status=Event.Status.PUBLISHED, starts_at__lte=timezone.now())
    return _windowed(
        events, offices, windows, office="organisation_id", on="starts_at__date", part="type"
    )


def _participants(offices: Sequence[int], windows: Sequence[Window]) -> Counts:
    registrations = Registration.objects.filter(
        status="confirmed", checked_in_at__isnull=False, event__status=Event.Status.PUBLISHED
    )
    return _windowed(
        registrations, offices, windows, office="event__organisation_id",
        on="event__starts_at__date", total="party_size", part="language",
    )  # fmt: skip


def _walks(offices: Sequence[int], windows: Sequence[Window]) -> Counts:
    return _windowed(
        TeamWalk.objects.all(), offices, windows, office="tour__organisation_id",
        on="started_at__date",
    )  # fmt: skip


def _stations(offices: Sequence[int], windows: Sequence[Window]) -> Counts:
    return _windowed(
        CheckIn.objects.all(), offices, windows, office="walk__tour__organisation_id",
        on="created_at__date",
    )  # fmt: skip


def _visit_requests(offices: Sequence[int], windows: Sequence[Window]) -> Counts:
    return _windowed(
        VisitRequest.objects.all(), offices, windows, office="organisation_id",
        on="created_at__date",
    )  # fmt: skip


def _visits_held(offices: Sequence[int], windows: Sequence[Window]) -> Counts:
    return _windowed(
        VisitRequest.objects.all(), offices, windows, office="organisation_id", on="held_on"
    )


def _downloads(offices: Sequence[int], windows: Sequence[Window]) -> Counts:
    return _windowed(
        MaterialDownload.objects.all(), offices, windows,
        office="version__material__organisation_id", on="day", total="count",
        part="version__language",
    )  # fmt: skip


def language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code or str(_("unknown"))


def training_history_name(code: str) -> str:
    if code == UNKNOWN:
        return str(_("… not known whether for the first time"))
    if code == Company.TrainingHistory.NEVER:
        return str(_("… for the first time"))
    if code == Company.TrainingHistory.PAUSED:
        return str(_("… again after a pause"))
    return code


def event_type_name(code: str) -> str:
    return str(dict(Event.Type.choices).get(code, code))


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "people_advised",
        _("young people advised"),
        _("Young people with at least one consultation in the period, each counted once."),
        _PEOPLE.part("people_advised"),
        additive_in_time=False,
    ),
    Indicator(
        "people_new",
        _("… of them new"),
        _("Young people advised in the period whose case was opened in the period."),
        _PEOPLE.part("people_new"),
        additive_in_time=False,
    ),
    Indicator(
        "people_continuing",
        _("… of them continuing"),
        _(
            "Young people advised in the period whose case was opened before it (a person "
            "with an old and a new case counts in both lines)."
        ),
        _PEOPLE.part("people_continuing"),
        additive_in_time=False,
    ),
    Indicator(
        "consultations",
        _("consultations"),
        _("Consultations recorded in the period (young people, parents and companies)."),
        _all_consultations,
    ),
    Indicator(
        "parents_advised",
        _("parents advised"),
        _("Parents or families with at least one consultation in the period, counted once."),
        _PEOPLE.part("parents_advised"),
        additive_in_time=False,
    ),
    Indicator(
        "companies_advised",
        _("companies advised"),
        _("Companies with at least one consultation in the period, each counted once."),
        _PEOPLE.part("companies_advised"),
        additive_in_time=False,
    ),
    Indicator(
        "migrant_led_advised",
        _("migrant-led companies advised"),
        _("Companies advised in the period that are marked as migrant-led (self-declared)."),
        _PEOPLE.part("migrant_led_advised"),
        additive_in_time=False,
    ),
    Indicator(
        "companies_recognised",
        _("companies that became training companies"),
        _(
            "Companies whose way to becoming a training company reached “recognised by the "
            "chamber” in the period: for the first time, or again after a pause (as "
            "recorded on the company)."
        ),
        _recognised,
        part_label=training_history_name,
    ),
    Indicator(
        "contracts",
        _("apprenticeship contracts"),
        _("Outcomes “training contract signed” recorded in the period."),
        _contracts,
    ),
    Indicator(
        "bsk_referrals",
        _("Azubi-BSK referrals"),
        _("Referrals to an Azubi-BSK course proposed in the period."),
        _bsk("proposed_on"),
    ),
    Indicator(
        "bsk_started",
        _("Azubi-BSK starts"),
        _("Azubi-BSK referrals whose course started in the period."),
        _bsk("started_on"),
    ),
    Indicator(
        "bsk_completed",
        _("Azubi-BSK completions"),
        _("Azubi-BSK courses completed (status “completed”) with an end date in the period."),
        _bsk("ended_on", status=Referral.Status.COMPLETED),
    ),
    Indicator(
        "bsk_exams_passed",
        _("Azubi-BSK exams passed"),
        _("Azubi-BSK exams with the result “passed” taken in the period."),
        _bsk("exam_on", exam_result=Referral.ExamResult.PASSED),
    ),
    Indicator(
        "offers_acquired",
        _("apprenticeship offers acquired"),
        _(
            "Offers the office entered in Kausa in the period (offers imported from the "
            "Federal Employment Agency or other feeds do not count)."
        ),
        _offers,
    ),
    Indicator(
        "events",
        _("events held"),
        _("Published events (not drafts, not called off) that began in the period, by type."),
        _events,
        part_label=event_type_name,
    ),
    Indicator(
        "participants",
        _("event participants (checked in)"),
        _(
            "People checked in at the events held in the period (a registration for several "
            "people counts each), by the language they registered in."
        ),
        _participants,
        part_label=language_name,
    ),
    Indicator(
        "jobwalk_walks",
        _("JOBWALK walks"),
        _("Teams that started a walk on one of the office's JOBWALK tours in the period."),
        _walks,
    ),
    Indicator(
        "jobwalk_stations",
        _("JOBWALK stations reached"),
        _("Check-ins of teams at stations of the office's tours in the period."),
        _stations,
    ),
    Indicator(
        "ambassador_visits",
        _("ambassador visit requests"),
        _("Requests for a school visit by an ambassador received in the period."),
        _visit_requests,
    ),
    Indicator(
        "ambassador_visits_held",
        _("ambassador visits held"),
        _(
            "School visits by an ambassador that took place in the period (the office "
            "records the day on the ambassadors page)."
        ),
        _visits_held,
    ),
    Indicator(
        "toolkit_downloads",
        _("toolkit downloads"),
        _("Downloads of the office's parent-work materials in the period, by language."),
        _downloads,
        part_label=language_name,
    ),
)

BY_KEY = {indicator.key: indicator for indicator in INDICATORS}

# Asked for by issue 13 and not counted, because no record carries it yet.
NOT_COUNTED: tuple[tuple[str | Promise, str | Promise], ...] = ()
