"""Writes of a speed dating: sign-ups, and the schedule (the Django side of the scheduler).

The rows become the engine's instance (``kausa.events.speed_dating.scheduling``, no
Django), its result is stored as interviews, and everyone whose plan changed is told.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kausa.accounts.tenancy import require_edit_access
from kausa.core.audit import audit
from kausa.events.models import (
    Event,
    SpeedDatingApplicant,
    SpeedDatingCompany,
    SpeedDatingInterview,
    SpeedDatingRun,
    SpeedDatingSlot,
    SpeedDatingWish,
)
from kausa.events.speed_dating import scheduling

if TYPE_CHECKING:
    from kausa.accounts.models import User

log = logging.getLogger(__name__)


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


# --- the scheduler as a task ---------------------------------------------------------------
# The solver takes up to 30 s: a web request only asks for a run (speed_dating_run_request);
# the task (kausa.events.tasks.speed_dating_solve) computes it (speed_dating_run_execute).

# a run asked for longer ago than this and not finished is taken as lost (a worker died)
RUN_STALE_AFTER = dt.timedelta(minutes=10)


def schedule_summary(report: ScheduleReport) -> dict[str, object]:
    """What the staff page shows of a run (JSON, stored on the run)."""
    score = report.result.score
    assert score is not None
    gain = (
        (score.preference - report.fcfs.preference) / report.fcfs.preference * 100
        if report.fcfs.preference
        else 0.0
    )
    return {
        "method": report.result.method,
        "optimal": report.result.optimal,
        "seconds": f"{report.result.seconds:.2f}",
        "interviews": score.interviews,
        "served": score.served,
        "people": report.people,
        "people_without": report.people_without,
        "preference": score.preference,
        "fcfs_preference": report.fcfs.preference,
        "fcfs_served": report.fcfs.served,
        "rank_preference": report.rank_rounds.preference,
        "rank_served": report.rank_rounds.served,
        "gain": f"{gain:+.1f}",
    }


def speed_dating_run_request(
    *,
    user: User,
    event: Event,
    kind: str = SpeedDatingRun.Kind.SCHEDULE,
    company: SpeedDatingCompany | None = None,
    slot: SpeedDatingSlot | None = None,
    language: str = "de",
) -> SpeedDatingRun:
    """Ask for the schedule to be computed (or re-planned after a company cancelled a
    slot); the task runs after commit. Raises ValidationError when it cannot run or a run
    of the event is already waiting or running."""
    from kausa.events import tasks

    require_edit_access(user, event.organisation_id)
    if event.type != Event.Type.SPEED_DATING:
        raise ValidationError(_("Only speed-dating events have interview schedules."))
    if kind == SpeedDatingRun.Kind.CANCEL_SLOT and (company is None or slot is None):
        raise ValidationError(_("Choose a company and a slot."))
    now = timezone.now()
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)
        if not SpeedDatingSlot.objects.filter(event=event).exists():
            raise ValidationError(_("Add interview slots first."))
        run = SpeedDatingRun.objects.filter(event=event).first()
        if run is not None and run.busy and run.requested_at > now - RUN_STALE_AFTER:
            raise ValidationError(
                _("The schedule is being computed already. Please wait until it is done.")
            )
        run = run or SpeedDatingRun(event=event)
        run.kind, run.company, run.slot = kind, company, slot
        run.requested_by, run.language = user, language[:8]
        run.status, run.requested_at = SpeedDatingRun.Status.QUEUED, now
        run.started_at = run.finished_at = None
        run.failure = ""  # the last report stays shown until the new one is done
        run.save()
        transaction.on_commit(partial(tasks.speed_dating_solve.enqueue, run.pk))
    return run


def speed_dating_run_execute(*, run_id: int) -> SpeedDatingRun | None:
    """Compute a run asked for (the task calls this; up to 30 s) and store its outcome."""
    run = (
        SpeedDatingRun.objects.select_related("event", "company__event", "slot", "requested_by")
        .filter(pk=run_id)
        .first()
    )
    if run is None or not run.busy:
        return run
    runs = SpeedDatingRun.objects.filter(pk=run_id)
    runs.update(status=SpeedDatingRun.Status.RUNNING, started_at=timezone.now())
    with translation.override(run.language):
        try:
            if run.kind == SpeedDatingRun.Kind.CANCEL_SLOT:
                if run.company is None or run.slot is None:  # deleted since it was asked for
                    raise ValidationError(_("Choose a company and a slot."))
                report = speed_dating_cancel_slot(
                    user=run.requested_by, company=run.company, slot=run.slot
                )
            else:
                report = speed_dating_schedule(user=run.requested_by, event=run.event)
        except (ValidationError, PermissionDenied) as exc:
            text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            runs.update(
                status=SpeedDatingRun.Status.FAILED, failure=text, finished_at=timezone.now()
            )
            return runs.first()
        except Exception:
            log.exception("speed-dating run %s failed", run_id)
            runs.update(
                status=SpeedDatingRun.Status.FAILED,
                failure=_("The schedule could not be computed. Please try again."),
                finished_at=timezone.now(),
            )
            raise
    runs.update(
        status=SpeedDatingRun.Status.DONE,
        report=schedule_summary(report),
        finished_at=timezone.now(),
    )
    return runs.first()


def speed_dating_call_off(event: Event, *, user: User) -> None:
    """The event is called off (inside its lock): no interviews take place,
    the rooms go, every young person and company is told, with a calendar file that
    marks each of their interviews cancelled (same UIDs as their schedule's .ics)."""
    interviews = list(
        SpeedDatingInterview.objects.filter(event=event).select_related(
            "slot", "applicant", "company"
        )
    )
    calendars = _cancelled_calendars(event, interviews)
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
            partial(
                tasks.send_speed_schedule_mail.enqueue,
                kind,
                pk,
                cancelled=True,
                calendar=calendars.get((kind, pk), ""),
            )
        )


def _cancelled_calendars(
    event: Event, interviews: list[SpeedDatingInterview]
) -> dict[tuple[str, int], str]:
    """Per applicant and company: their interviews as iCalendar, each STATUS:CANCELLED."""
    from kausa.events.ical import CalendarEntry, calendar_bytes

    now = timezone.now()
    entries: dict[tuple[str, int], list[CalendarEntry]] = {}
    languages: dict[tuple[str, int], str] = {}
    for interview in interviews:
        end = interview.slot.starts_at + dt.timedelta(minutes=interview.slot.minutes)
        for key, other, language in (
            (
                ("applicant", interview.applicant_id),
                interview.company.name,
                interview.applicant.language,
            ),
            (
                ("company", interview.company_id),
                interview.applicant.name,
                "de",  # companies are written to in German (as their mail)
            ),
        ):
            languages[key] = language or "de"
            with translation.override(languages[key]):
                title = _("Interview: %(with)s") % {"with": other}
            entries.setdefault(key, []).append(
                CalendarEntry(
                    uid=f"speed-{interview.pk}",
                    title=title,
                    starts_at=interview.slot.starts_at,
                    ends_at=end,
                    changed_at=now,
                    cancelled=True,
                )
            )
    return {
        key: calendar_bytes(rows, name=event.title).decode("utf-8") for key, rows in entries.items()
    }


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
