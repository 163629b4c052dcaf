"""Writes of a speed dating: sign-ups, and the schedule (the Django side of the scheduler).

The rows become the engine's instance (``kausa.events.speed_dating.scheduling``, no
Django), its result is stored as interviews, and everyone whose plan changed is told.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.accounts.tenancy import require_edit_access
from kausa.core.audit import audit
from kausa.events.models import (
    Event,
    SpeedDatingApplicant,
    SpeedDatingCompany,
    SpeedDatingInterview,
    SpeedDatingSlot,
    SpeedDatingWish,
)
from kausa.events.speed_dating import scheduling

if TYPE_CHECKING:
    from kausa.accounts.models import User


@dataclass
class SpeedDatingProblem:
    instance: scheduling.Instance
    applicants: list[SpeedDatingApplicant]
    companies: list[SpeedDatingCompany]
    slots: list[SpeedDatingSlot]

    def interviews_from_rows(self, rows: list[SpeedDatingInterview]) -> list[scheduling.Interview]:
        a = {x.pk: i for i, x in enumerate(self.applicants)}
        c = {x.pk: i for i, x in enumerate(self.companies)}
        s = {x.pk: i for i, x in enumerate(self.slots)}
        return [
            scheduling.Interview(
                slot=s[r.slot_id],
                company=c[r.company_id],
                room=r.room - 1,
                person=a[r.applicant_id],
            )
            for r in rows
            if r.applicant_id in a and r.company_id in c and r.slot_id in s
        ]


@dataclass
class ScheduleReport:
    result: scheduling.Result
    fcfs: scheduling.Score
    rank_rounds: scheduling.Score
    problems: list[str]
    people: int
    people_without: int


def speed_dating_problem(
    event: Event, *, cancelled: set[tuple[int, int]] | None = None
) -> SpeedDatingProblem:
    """The instance of the event (``cancelled``: extra (company pk, slot pk) closed)."""
    slots = list(SpeedDatingSlot.objects.filter(event=event).order_by("starts_at", "id"))
    companies = list(
        SpeedDatingCompany.objects.filter(event=event)
        .prefetch_related("unavailable_slots")
        .order_by("name", "id")
    )
    applicants = list(
        SpeedDatingApplicant.objects.filter(event=event)
        .prefetch_related("unavailable_slots", "wishes")
        .order_by("created_at", "id")
    )
    slot_index = {s.pk: i for i, s in enumerate(slots)}
    company_index = {c.pk: i for i, c in enumerate(companies)}
    wishes = [
        [
            company_index[w.company_id]
            for w in sorted(a.wishes.all(), key=lambda w: w.rank)
            if w.company_id in company_index
        ]
        for a in applicants
    ]
    closed = cancelled or set()
    instance = scheduling.Instance(
        n_slots=len(slots),
        tables=[c.tables for c in companies],
        wishes=wishes,
        max_interviews=[a.max_interviews for a in applicants],
        person_unavailable=[
            frozenset(slot_index[s.pk] for s in a.unavailable_slots.all()) for a in applicants
        ],
        company_unavailable=[
            frozenset(slot_index[s.pk] for s in c.unavailable_slots.all())
            | frozenset(slot_index[s] for (cp, s) in closed if cp == c.pk)
            for c in companies
        ],
    )
    return SpeedDatingProblem(instance, applicants, companies, slots)


def _store(event: Event, problem: SpeedDatingProblem, result: scheduling.Result) -> None:
    SpeedDatingInterview.objects.filter(event=event).delete()
    SpeedDatingInterview.objects.bulk_create(
        [
            SpeedDatingInterview(
                event=event,
                applicant=problem.applicants[i.person],
                company=problem.companies[i.company],
                slot=problem.slots[i.slot],
                room=i.room + 1,
            )
            for i in result.interviews
        ]
    )


def _report(problem: SpeedDatingProblem, result: scheduling.Result) -> ScheduleReport:
    instance = problem.instance
    problems = scheduling.validate(instance, result.interviews)
    served = {i.person for i in result.interviews}
    wanting = [p for p in range(instance.n_people) if instance.wishes[p]]
    return ScheduleReport(
        result=result,
        fcfs=scheduling.greedy_fcfs(instance).score,  # type: ignore[arg-type]
        rank_rounds=scheduling.greedy_rank_rounds(instance).score,  # type: ignore[arg-type]
        problems=problems,
        people=len(wanting),
        people_without=len([p for p in wanting if p not in served]),
    )


def _notify(event: Event, *, only: set[tuple[str, int]] | None = None) -> None:
    """After commit: everyone with an interview (or only those whose plan changed) gets the
    link to their personal schedule."""
    from kausa.events import tasks

    rows = SpeedDatingInterview.objects.filter(event=event).values_list(
        "applicant_id", "company_id"
    )
    targets = {("applicant", a) for a, _c in rows} | {("company", c) for _a, c in rows}
    if only is not None:
        targets &= only
    for kind, pk in sorted(targets):
        transaction.on_commit(partial(tasks.send_speed_schedule_mail.enqueue, kind, pk))


def _changed(before: set[tuple[int, int, int, int]], event: Event) -> set[tuple[str, int]]:
    after = set(
        SpeedDatingInterview.objects.filter(event=event).values_list(
            "applicant_id", "company_id", "slot_id", "room"
        )
    )
    moved = before ^ after
    return {("applicant", a) for a, _c, _s, _r in moved} | {
        ("company", c) for _a, c, _s, _r in moved
    }


def speed_dating_schedule(
    *, user: User | None, event: Event, notify: bool = True
) -> ScheduleReport:
    """Compute the optimal schedule and replace the stored interviews with it."""
    require_edit_access(user, event.organisation_id)
    if event.type != Event.Type.SPEED_DATING:
        raise ValidationError(_("Only speed-dating events have interview schedules."))
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)
        problem = speed_dating_problem(event)
        if not problem.slots:
            raise ValidationError(_("Add interview slots first."))
        result = scheduling.solve(problem.instance, time_limit=30)
        report = _report(problem, result)
        if report.problems:
            raise ValidationError("; ".join(report.problems))
        _store(event, problem, result)
        if notify:
            _notify(event)
    return report


def speed_dating_cancel_slot(
    *,
    user: User | None,
    company: SpeedDatingCompany,
    slot: SpeedDatingSlot,
    notify: bool = True,
) -> ScheduleReport:
    """A company cannot take a slot after all: re-plan without moving other interviews."""
    require_edit_access(user, company.organisation_id)
    event = company.event
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)
        before = speed_dating_problem(event)
        rows = list(SpeedDatingInterview.objects.filter(event=event))
        current = before.interviews_from_rows(rows)
        old = {(r.applicant_id, r.company_id, r.slot_id, r.room) for r in rows}
        company.unavailable_slots.add(slot)
        c = before.companies.index(next(x for x in before.companies if x.pk == company.pk))
        t = before.slots.index(next(x for x in before.slots if x.pk == slot.pk))
        result = scheduling.reschedule(before.instance, current, cancelled={(c, t)})
        after = speed_dating_problem(event)
        report = _report(after, result)
        if report.problems:
            raise ValidationError("; ".join(report.problems))
        _store(event, after, result)
        if notify:
            _notify(event, only=_changed(old, event))
    return report


def speed_dating_call_off(event: Event, *, user: User) -> None:
    """The event is called off (inside its lock): no interviews take place,
    the rooms go, every young person and company is told."""
    removed, _by_model = SpeedDatingInterview.objects.filter(event=event).delete()
    audit(actor=user, action="delete", obj=event, detail=f"{removed} interviews cancelled")
    rows: list[tuple[str, int]] = [
        ("applicant", pk)
        for pk in SpeedDatingApplicant.objects.filter(event=event)
        .exclude(email="")
        .values_list("pk", flat=True)
    ] + [
        ("company", pk)
        for pk in SpeedDatingCompany.objects.filter(event=event)
        .exclude(email="")
        .values_list("pk", flat=True)
    ]
    from kausa.events import tasks

    for kind, pk in rows:
        transaction.on_commit(
            partial(tasks.send_speed_schedule_mail.enqueue, kind, pk, cancelled=True)
        )


MAX_WISHES = 5


def speed_dating_apply(
    *,
    event_id: int,
    name: str,
    email: str,
    company_ids: list[int],
    consent: bool,
    language: str = "de",
    german_level: str = "none",
    occupation_interests: str = "",
) -> tuple[SpeedDatingApplicant, bool]:
    """A young person signs up with ranked companies (best first); the same e-mail again
    returns the existing sign-up unchanged (created=False)."""
    email = email.strip().lower()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event_id)
        existing = SpeedDatingApplicant.objects.filter(event=event, email=email).first()
        if email and existing is not None:
            return existing, False
        errors: dict[str, str] = {}
        if event.type != Event.Type.SPEED_DATING or event.status != Event.Status.PUBLISHED:
            errors["event"] = _("This event does not take sign-ups.")
        elif event.ends_at < timezone.now():
            errors["event"] = _("This event is over.")
        if not name.strip():
            errors["name"] = _("Please give your name.")
        if not email:
            errors["email"] = _("Please give your e-mail address for your schedule.")
        if not consent:
            errors["consent"] = _("Please agree that we store your data for this event.")
        ids = list(dict.fromkeys(company_ids))
        valid = set(
            SpeedDatingCompany.objects.filter(event=event, pk__in=ids).values_list("pk", flat=True)
        )
        if not ids or len(ids) > MAX_WISHES or set(ids) - valid:
            errors["companies"] = _("Choose 1 to %(n)s companies of this event.") % {
                "n": MAX_WISHES
            }
        if errors:
            raise ValidationError(errors)
        applicant = SpeedDatingApplicant(
            organisation_id=event.organisation_id,
            event=event,
            name=name.strip(),
            email=email,
            language=language,
            german_level=german_level,
            occupation_interests=occupation_interests.strip(),
        )
        applicant.full_clean(exclude=["unavailable_slots"], validate_constraints=False)
        applicant.save()
        SpeedDatingWish.objects.bulk_create(
            [
                SpeedDatingWish(applicant=applicant, company_id=c, rank=r)
                for r, c in enumerate(ids, start=1)
            ]
        )
        audit(actor=None, action="create", obj=applicant)
    return applicant, True
