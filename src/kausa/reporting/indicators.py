"""KAUSA's indicators, defined once: key, label, plain-language definition and how to count.

Every indicator counts from the records the other apps already keep (read only, nothing is
typed in twice). One database query per indicator answers every office and every time
window at once (conditional aggregates), so a report costs the same number of queries
whatever its period or level.

Indicators the records cannot support yet (and why) are listed in ``NOT_COUNTED``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
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
    ``total`` sums a field instead of counting (``party_size``, a day's download count).
    """
    low = min(w.start for w in windows)
    high = max(w.end for w in windows)

    def inside(w: Window) -> Q:
        return Q(**{f"{on}__range": (w.start, w.end)})

    def measure(w: Window) -> Any:
        if total is not None:
            return Sum(total, filter=inside(w))
        return Count(value, distinct=distinct, filter=inside(w))

    group = [office] + ([part] if part else [])
    rows = (
        queryset.filter(**{f"{office}__in": list(offices), f"{on}__range": (low, high)})
        .values(*group)
        .annotate(**{f"n{i}": measure(w) for i, w in enumerate(windows)})
        .order_by()
    )
    counts: Counts = {}
    for row in rows:
        key = (row[office], str(row[part] or "") if part else WHOLE)
        counts[key] = [int(row[f"n{i}"] or 0) for i in range(len(windows))]
    return counts


def _young_people_new_or_continuing(new: bool) -> Counter:
    """New / continuing in one query: the opening date is compared per window."""

    def count(offices: Sequence[int], windows: Sequence[Window]) -> Counts:
        low = min(w.start for w in windows)
        high = max(w.end for w in windows)
        qs = Consultation.objects.filter(
            case__kind=Case.Kind.YOUNG_PERSON,
            organisation_id__in=list(offices),
            held_on__range=(low, high),
        )

        def measure(w: Window) -> Count:
            opened = Q(case__opened_on__gte=w.start) if new else Q(case__opened_on__lt=w.start)
            return Count(
                "case__young_person",
                distinct=True,
                filter=Q(held_on__range=(w.start, w.end)) & opened,
            )

        rows = (
            qs.values("organisation_id")
            .annotate(**{f"n{i}": measure(w) for i, w in enumerate(windows)})
            .order_by()
        )
        return {
            (row["organisation_id"], WHOLE): [row[f"n{i}"] for i in range(len(windows))]
            for row in rows
        }

    return count


def _consultations(kind: str, subject: str, **extra: Any) -> Counter:
    def count(offices: Sequence[int], windows: Sequence[Window]) -> Counts:
        qs = Consultation.objects.filter(case__kind=kind, **extra)
        return _windowed(
            qs, offices, windows, office="organisation_id", on="held_on",
            value=subject, distinct=True,
        )  # fmt: skip

    return count


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
        _consultations(Case.Kind.YOUNG_PERSON, "case__young_person"),
        additive_in_time=False,
    ),
    Indicator(
        "people_new",
        _("… of them new"),
        _("Young people advised in the period whose case was opened in the period."),
        _young_people_new_or_continuing(new=True),
        additive_in_time=False,
    ),
    Indicator(
        "people_continuing",
        _("… of them continuing"),
        _(
            "Young people advised in the period whose case was opened before it (a person "
            "with an old and a new case counts in both lines)."
        ),
        _young_people_new_or_continuing(new=False),
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
        _consultations(Case.Kind.PARENT, "case__parent"),
        additive_in_time=False,
    ),
    Indicator(
        "companies_advised",
        _("companies advised"),
        _("Companies with at least one consultation in the period, each counted once."),
        _consultations(Case.Kind.COMPANY, "case__company"),
        additive_in_time=False,
    ),
    Indicator(
        "migrant_led_advised",
        _("migrant-led companies advised"),
        _("Companies advised in the period that are marked as migrant-led (self-declared)."),
        _consultations(Case.Kind.COMPANY, "case__company", case__company__migrant_led=True),
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
