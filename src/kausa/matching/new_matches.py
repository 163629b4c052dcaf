"""New offers for your people: the nightly job (`kausa match-new-offers`).

Each run ranks the offers created or changed since the last run against every active young
person of every office, and keeps for each person their top ``TOP_K`` offers within
``RADIUS_KM`` (``PersonTopOffers``). An offer changed since the last run that enters a
person's top offers with a score of at least ``MIN_SCORE`` — and was neither in their top
offers before, nor proposed to them, nor brought up before — becomes a ``NewOfferMatch``,
shown to the office's advisors ("new offers for your people") one click from proposing.

Most people are only ranked against the changed offers (``batch.new_offers_top_k``, from
their stored top offers). A full ranking keeps ``STORE_K`` (20); an offer of a stored list
that changed or closed is taken out and the rest stays exact, so the list absorbs changes
until fewer than ``TOP_K`` exact entries are left. A person is ranked in full
(``batch.national_top_k`` over all open offers, read afresh from the database) when they
have no stored list yet, their record changed, their list fell below ``TOP_K``, and
everybody on the first run and once every ``FULL_EVERY`` (the start-date part of a score
moves with the calendar).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from django.db import transaction
from django.db.models import F, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kausa.accounts.tenancy import require_edit_access, scope_personal_data
from kausa.companies.models import Offer
from kausa.counselling.selectors import open_case_owners, proposal_exists, proposed_pairs
from kausa.matching import batch, engine
from kausa.matching.engine import OfferArrays, PersonArrays
from kausa.matching.index import INDEX_FIELDS, _engine_row, offer_rows
from kausa.matching.models import NewMatchRun, NewOfferMatch, PersonTopOffers
from kausa.matching.rows import person_rows
from kausa.people.models import YoungPerson

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kausa.accounts.models import User

RADIUS_KM = 30.0
TOP_K = 10  # the offers that count for a person
STORE_K = 20  # kept after a full ranking: changed offers taken out, the rest stays exact
MIN_SCORE = 0.6
FIRST_WINDOW = dt.timedelta(days=1)  # the first run looks at the offers of the last day
FULL_EVERY = dt.timedelta(days=7)
OVERLAP = dt.timedelta(seconds=10)  # transactions that committed late
CHUNK = 5000


@dataclass
class _State:
    ids: np.ndarray  # (n, STORE_K) offer ids, -1 padding
    keys: np.ndarray
    known: np.ndarray  # bool: a stored state exists
    complete: np.ndarray  # bool: every offer within reach is in the list


def _stored_state(person_ids: np.ndarray) -> _State:
    n = len(person_ids)
    ids = np.full((n, STORE_K), -1, np.int64)
    keys = np.full((n, STORE_K), -1, np.int64)
    known = np.zeros(n, np.bool_)
    complete = np.zeros(n, np.bool_)
    position = {int(pid): i for i, pid in enumerate(person_ids.tolist())}
    rows = PersonTopOffers.objects.values_list("person_id", "offer_ids", "keys", "complete")
    for pid, offer_ids, key_list, whole in rows.iterator(chunk_size=CHUNK):
        i = position.get(pid)
        if i is None:
            continue
        m = min(STORE_K, len(offer_ids))
        ids[i, :m] = offer_ids[:m]
        keys[i, :m] = key_list[:m]
        known[i] = True
        complete[i] = whole
    return _State(ids, keys, known, complete)


def _without(state: _State, gone: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The stored lists with the entries marked ``gone`` taken out (the rest moved up)."""
    order = np.argsort(gone | (state.ids < 0), axis=1, kind="stable")
    ids = np.take_along_axis(np.where(gone, -1, state.ids), order, axis=1)
    keys = np.take_along_axis(np.where(gone, -1, state.keys), order, axis=1)
    return ids, keys


def _changed_offer_ids(since: dt.datetime) -> np.ndarray:
    changed = Offer.objects.filter(Q(updated_at__gte=since) | Q(company__updated_at__gte=since))
    return np.sort(np.fromiter(changed.order_by().values_list("id", flat=True), np.int64))


def _changed_offers(since: dt.datetime) -> OfferArrays:
    rows = (
        Offer.objects.filter(Q(updated_at__gte=since) | Q(company__updated_at__gte=since))
        .filter(status=Offer.Status.OPEN, places_filled__lt=F("places"))
        .order_by()
        .values_list(*INDEX_FIELDS)
    )
    return OfferArrays.from_rows(_engine_row(r) for r in rows)


def _save_state(
    person_ids: np.ndarray,
    ids: np.ndarray,
    keys: np.ndarray,
    complete: np.ndarray,
    now: dt.datetime,
) -> None:
    for lo in range(0, len(person_ids), CHUNK):
        PersonTopOffers.objects.bulk_create(
            [
                PersonTopOffers(
                    person_id=int(pid),
                    offer_ids=[int(x) for x in row_ids if x >= 0],
                    keys=[int(x) for x in row_keys if x >= 0],
                    complete=bool(whole),
                    computed_at=now,
                )
                for pid, row_ids, row_keys, whole in zip(
                    person_ids[lo : lo + CHUNK].tolist(),
                    ids[lo : lo + CHUNK],
                    keys[lo : lo + CHUNK],
                    complete[lo : lo + CHUNK].tolist(),
                    strict=True,
                )
            ],
            update_conflicts=True,
            unique_fields=["person"],
            update_fields=["offer_ids", "keys", "complete", "computed_at"],
        )


def match_new_offers(*, now: dt.datetime | None = None, full: bool = False) -> NewMatchRun:
    """One nightly run (see the module's text); returns its record."""
    now = now or timezone.now()
    started = time.perf_counter()
    last = NewMatchRun.objects.filter(finished_at__isnull=False).order_by("-started_at").first()
    since = last.started_at - OVERLAP if last else now - FIRST_WINDOW
    last_full = (
        NewMatchRun.objects.filter(finished_at__isnull=False, full=True)
        .order_by("-started_at")
        .first()
    )
    full = full or last_full is None or last_full.started_at <= now - FULL_EVERY
    run = NewMatchRun.objects.create(started_at=now, since=since, full=full)

    active = YoungPerson.objects.filter(
        is_anonymised=False, merged_into__isnull=True, postal_code__isnull=False
    ).order_by()
    people = PersonArrays.from_rows(person_rows(active))
    n = len(people.ids)
    changed_ids = _changed_offer_ids(since)
    # read afresh (one query), not the web workers' index, which may be a refresh behind
    all_offers = OfferArrays.from_rows(offer_rows())
    open_ids = all_offers.ids[all_offers.active]
    state = _stored_state(people.ids)

    # a stored list stays exact for the unchanged offers without the entries that changed
    # or closed; a person is ranked in full when fewer than TOP_K exact entries are left
    # (unless the list held every offer within reach), is new, or changed
    stored = state.ids >= 0
    gone = stored & (np.isin(state.ids, changed_ids) | ~np.isin(state.ids, open_ids))
    kept_ids, kept_keys = _without(state, gone)
    depth = (kept_ids >= 0).sum(axis=1)
    dirty = ~state.known | (~state.complete & (depth < TOP_K))
    if full:
        dirty[:] = True
    else:
        edited = set(active.filter(updated_at__gte=since).values_list("id", flat=True))
        dirty |= np.isin(people.ids, np.fromiter(edited, np.int64, count=len(edited)))
    top_ids = kept_ids.copy()
    top_keys = kept_keys.copy()
    complete = state.complete.copy()
    rows = np.flatnonzero(dirty)
    if len(rows):
        result = batch.national_top_k(
            all_offers, people.subset(rows), radius_km=RADIUS_KM, k=STORE_K
        )
        top_ids[rows], top_keys[rows] = result.top_ids, result.top_keys
        complete[rows] = (result.top_ids < 0).any(axis=1)
        depth[rows] = (result.top_ids >= 0).sum(axis=1)
    rows = np.flatnonzero(~dirty)
    if len(rows) and len(changed_ids):
        # a new offer must reach the last exact entry (anything may join a complete list)
        last_key = np.take_along_axis(kept_keys[rows], np.maximum(depth[rows] - 1, 0)[:, None], 1)[
            :, 0
        ]
        bar = np.where(complete[rows] | (depth[rows] == 0), -1, last_key)
        result = batch.new_offers_top_k(
            _changed_offers(since),
            people.subset(rows),
            radius_km=RADIUS_KM,
            prev_ids=kept_ids[rows],
            prev_keys=kept_keys[rows],
            bar=bar,
        )
        merged_ids, merged_keys = result.top_ids, result.top_keys
        # exact down to the old depth; a complete list stays complete while it has room
        count = (merged_ids >= 0).sum(axis=1)
        keep_to = np.where(complete[rows], count, np.minimum(depth[rows], count))
        cut = np.arange(STORE_K)[None, :] >= keep_to[:, None]
        top_ids[rows] = np.where(cut, -1, merged_ids)
        top_keys[rows] = np.where(cut, -1, merged_keys)
        complete[rows] &= count < STORE_K
    # the changed offers that entered a top list (and were not in it before) are new
    threshold = round(MIN_SCORE * engine.SCORE_SCALE)
    counted_ids, counted_keys = top_ids[:, :TOP_K], top_keys[:, :TOP_K]
    entered = (
        np.isin(counted_ids, changed_ids)
        & (counted_keys >= threshold)
        & ~(counted_ids[:, :, None] == state.ids[:, None, :TOP_K]).any(axis=2)
    )
    who, slot = np.nonzero(entered)
    touched = sorted({int(people.ids[i]) for i in who.tolist()})
    proposed = proposed_pairs(touched)
    shown: set[tuple[int, int]] = set()
    for lo in range(0, len(touched), CHUNK):
        shown.update(
            NewOfferMatch.objects.filter(person_id__in=touched[lo : lo + CHUNK]).values_list(
                "person_id", "offer_id"
            )
        )
    owners = open_case_owners(touched)
    offices: dict[int, int] = {}
    for lo in range(0, len(touched), CHUNK):
        offices.update(
            active.filter(pk__in=touched[lo : lo + CHUNK]).values_list("id", "organisation_id")
        )
    matches = []
    for i, j in zip(who.tolist(), slot.tolist(), strict=True):
        pid, oid = int(people.ids[i]), int(counted_ids[i, j])
        if (pid, oid) in proposed or (pid, oid) in shown:
            continue
        matches.append(
            NewOfferMatch(
                organisation_id=offices[pid],
                person_id=pid,
                offer_id=oid,
                advisor_id=owners.get(pid),
                score=int(counted_keys[i, j]) / engine.SCORE_SCALE,
                found_at=now,
            )
        )
    changed_state = (top_ids != state.ids).any(axis=1) | (top_keys != state.keys).any(axis=1)
    changed_state |= ~state.known | (complete != state.complete)
    save = np.flatnonzero(changed_state)
    with transaction.atomic():
        NewOfferMatch.objects.bulk_create(matches, batch_size=CHUNK, ignore_conflicts=True)
        _save_state(people.ids[save], top_ids[save], top_keys[save], complete[save], now)
        run.finished_at = timezone.now()
        run.people = n
        run.ranked_in_full = int(dirty.sum())
        run.changed_offers = len(changed_ids)
        run.matches = len(matches)
        run.seconds = round(time.perf_counter() - started, 3)
        run.save()
    return run


# --- reads and writes for the pages ------------------------------------------------------


def new_offer_matches(*, user: User | AnonymousUser, mine: bool = False) -> QuerySet[NewOfferMatch]:
    """The new matches of the people of the user's offices still to look at: not dismissed,
    not proposed since, the offer still open, newest first. ``mine``: those of the people
    whose open case the user owns, and of people nobody owns a case of."""
    matches = scope_personal_data(
        NewOfferMatch.objects.filter(
            dismissed_at__isnull=True,
            offer__status=Offer.Status.OPEN,
            person__merged_into__isnull=True,
            person__is_anonymised=False,
        ),
        user,
    ).filter(~proposal_exists(person=OuterRef("person"), offer=OuterRef("offer")))
    if mine:
        matches = matches.filter(Q(advisor=user.pk) | Q(advisor__isnull=True))
    return matches.select_related(
        "person", "offer__occupation", "offer__company", "offer__company__postal_code"
    ).order_by("-found_at", "-score", "id")


def new_offer_match_get(*, user: User | AnonymousUser, pk: int) -> NewOfferMatch:
    """A new match of a person of the user's offices, or 404."""
    try:
        return scope_personal_data(NewOfferMatch.objects.all(), user).get(pk=pk)
    except NewOfferMatch.DoesNotExist:
        raise Http404 from None


def new_offer_match_dismiss(*, user: User, match: NewOfferMatch) -> None:
    """The advisor does not want to propose this offer: it is not shown again."""
    require_edit_access(user, match.organisation_id)
    if match.dismissed_at is None:
        match.dismissed_at = timezone.now()
        match.save(update_fields=["dismissed_at", "updated_at"])
