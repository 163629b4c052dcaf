"""Companies entered twice: the nightly check's pairs, 'not the same', and the companies'
part of a merge (offers, pipeline, fields). The other apps move what they hold of the company
that goes by their own services; kausa.workspace.services.company_merge calls them all."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ForeignObjectRel, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.accounts.tenancy import require_edit_access
from kausa.companies.duplicates import THRESHOLD, Match, find_duplicates
from kausa.companies.models import (
    Company,
    CompanyDuplicateCandidate,
    Offer,
    Pipeline,
    PipelineStage,
    PipelineStep,
)
from kausa.companies.selectors import company_records_of_office
from kausa.companies.services.companies import company_search_text
from kausa.core.audit import audit

if TYPE_CHECKING:
    from kausa.accounts.models import User


@dataclass(frozen=True)
class CompanyCheck:
    organisation_id: int
    companies: int
    compared: int
    new: int
    gone: int


@transaction.atomic
def company_duplicates_store(*, organisation_id: int, matches: Iterable[Match]) -> tuple[int, int]:
    """Keep an office's open pairs in step with what the finder found now (new ones open,
    open ones no longer found go, decided ones stay); returns (new, gone)."""
    found = {(min(m.a, m.b), max(m.a, m.b)): m for m in matches}
    known = {
        (c.company_a_id, c.company_b_id): c
        for c in CompanyDuplicateCandidate.objects.select_for_update().filter(
            organisation_id=organisation_id
        )
    }
    new = [
        CompanyDuplicateCandidate(
            organisation_id=organisation_id,
            company_a_id=a,
            company_b_id=b,
            score=match.score,
            reasons=list(match.reasons),
        )
        for (a, b), match in found.items()
        if (a, b) not in known
    ]
    CompanyDuplicateCandidate.objects.bulk_create(new)
    for pair, candidate in known.items():
        match = found.get(pair)
        if candidate.status == CompanyDuplicateCandidate.Status.OPEN and match is not None:
            candidate.score, candidate.reasons = match.score, list(match.reasons)
            candidate.save(update_fields=["score", "reasons", "updated_at"])
    gone = [
        c.pk
        for pair, c in known.items()
        if c.status == CompanyDuplicateCandidate.Status.OPEN and pair not in found
    ]
    CompanyDuplicateCandidate.objects.filter(pk__in=gone).delete()
    if new or gone:
        audit(
            actor=None,
            action="update",
            organisation_id=organisation_id,
            object_type="companies.companyduplicatecandidate",
            detail=f"duplicate check: {len(new)} new, {len(gone)} no longer found",
        )
    return len(new), len(gone)


def company_duplicates_check(*, organisation_id: int) -> CompanyCheck:
    """The nightly check of one office's companies (`kausa find-duplicates`)."""
    records = company_records_of_office(organisation_id=organisation_id)
    found = find_duplicates(records, threshold=THRESHOLD)
    new, gone = company_duplicates_store(organisation_id=organisation_id, matches=found.matches)
    return CompanyCheck(organisation_id, len(records), found.compared, new, gone)


@transaction.atomic
def company_duplicate_dismiss(
    *, user: User, candidate: CompanyDuplicateCandidate
) -> CompanyDuplicateCandidate:
    """'Not the same company': the pair is not shown again."""
    require_edit_access(user, candidate.organisation_id)
    locked = CompanyDuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
    if locked.status != CompanyDuplicateCandidate.Status.OPEN:
        raise ValidationError(_("This pair was already decided."))
    locked.status = CompanyDuplicateCandidate.Status.DISMISSED
    locked.decided_by, locked.decided_at = user, timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    audit(
        actor=user,
        action="update",
        obj=locked,
        detail=f"not the same company: {locked.company_a_id}, {locked.company_b_id}",
    )
    return locked


# What a merge may take from the company that goes; empty fields are filled from it anyway.
COMPANY_MERGE_FIELDS = (
    "name",
    "street",
    "postal_code",
    "city",
    "sector",
    "chamber",
    "training_status",
    "training_history",
    "contact_name",
    "contact_email",
    "contact_phone",
    "website",
)
COMPANY_MERGE_EMPTY: tuple[object, ...] = ("", None)


def companies_lock_for_merge(
    *, user: User | None, kept: Company, other: Company
) -> tuple[Company, Company]:
    """Both companies, locked in id order, after checking that they can be merged."""
    if kept.pk == other.pk:
        raise ValidationError(_("A record cannot be merged with itself."))
    require_edit_access(user, kept.organisation_id)
    require_edit_access(user, other.organisation_id)
    if kept.organisation_id != other.organisation_id:
        raise ValidationError(_("Only records of the same office can be merged."))
    rows = {
        c.pk: c
        for c in Company.objects.select_for_update()
        .filter(pk__in=[kept.pk, other.pk])
        .order_by("pk")
    }
    if len(rows) != 2:
        raise ValidationError(_("One of the records was merged or erased in the meantime."))
    return rows[kept.pk], rows[other.pk]


def _attname(name: str) -> str:
    return "postal_code_id" if name == "postal_code" else name


def _pipelines_merge(*, user: User | None, kept: Company, other: Company) -> None:
    """One pipeline stays: the one further along; stages only the other reached join it."""
    theirs = Pipeline.objects.select_for_update().filter(company=other).first()
    if theirs is None:
        return
    mine = Pipeline.objects.select_for_update().filter(company=kept).first()
    if mine is None:
        theirs.company = kept
        theirs.save(update_fields=["company", "updated_at"])
        audit(actor=user, action="update", obj=theirs, detail=f"moved to company {kept.pk}")
        return
    if PipelineStage.order(theirs.stage) > PipelineStage.order(mine.stage):
        mine.stage = theirs.stage
    for name in ("advisor_id", "trainer_name", "trainer_aevo_on", "occupation_id"):
        if getattr(mine, name) in (None, "") and getattr(theirs, name) not in (None, ""):
            setattr(mine, name, getattr(theirs, name))
    mine.training_plan_done = mine.training_plan_done or theirs.training_plan_done
    mine.chamber_registered = mine.chamber_registered or theirs.chamber_registered
    mine.save()
    reached = set(mine.steps.values_list("stage", flat=True))
    for step in theirs.steps.all():
        if step.stage not in reached:
            PipelineStep.objects.create(
                pipeline=mine, stage=step.stage, reached_on=step.reached_on, by=step.by
            )
    theirs.delete()
    audit(actor=user, action="update", obj=mine, detail=f"joined pipeline of company {other.pk}")


@transaction.atomic
def company_merge(
    *, user: User | None, kept: Company, other: Company, take: Iterable[str] = ()
) -> Company:
    """Merge ``other`` into ``kept``: the fields named in ``take`` come from ``other``,
    fields empty on ``kept`` are filled from it, languages are joined, offers move, the
    pipelines become one; then ``other`` is deleted. The other apps' records (cases,
    event stations, JOBWALK, network) are moved before, by their own services
    (kausa.workspace.services.company_merge). Both are audited."""
    kept, other = companies_lock_for_merge(user=user, kept=kept, other=other)
    taken = set(take)
    if taken - set(COMPANY_MERGE_FIELDS):
        raise ValidationError(_("Unknown field: %(f)s") % {"f": ", ".join(sorted(taken))})
    changed = []
    for name in COMPANY_MERGE_FIELDS:
        attname = _attname(name)
        mine, theirs = getattr(kept, attname), getattr(other, attname)
        if theirs in COMPANY_MERGE_EMPTY or mine == theirs:
            continue
        if name in taken or mine in COMPANY_MERGE_EMPTY:
            setattr(kept, attname, theirs)
            changed.append(name)
    if "postal_code" in changed:
        kept.lat, kept.lon = other.lat, other.lon
    kept.migrant_led = kept.migrant_led or other.migrant_led
    kept.search_text = company_search_text(kept)
    kept.full_clean(exclude=["languages"])
    kept.save()
    kept.languages.add(*other.languages.all())
    offers = list(Offer.objects.select_for_update().filter(company=other))
    for offer in offers:  # saved one by one: the offer index notices each
        offer.company = kept
        offer.save(update_fields=["company", "updated_at"])
    _pipelines_merge(user=user, kept=kept, other=other)
    low, high = sorted((kept.pk, other.pk))
    CompanyDuplicateCandidate.objects.filter(Q(company_a=other) | Q(company_b=other)).exclude(
        company_a_id=low, company_b_id=high
    ).delete()
    detail = f"merged company {other.pk} into it ({len(offers)} offers)"
    if changed:
        detail += "; taken: " + ", ".join(changed)
    left = _still_pointing_at(other)
    if left:  # deleting would take these with it: an app whose records were not moved
        raise ValidationError(
            _("Not merged: records still point to the company (%(l)s).") % {"l": ", ".join(left)}
        )
    audit(actor=user, action="update", obj=kept, detail=detail)
    audit(actor=user, action="delete", obj=other, detail=f"merged into company {kept.pk}")
    other.delete()  # its pair goes with it; the audit log keeps the merge
    return kept


def _still_pointing_at(company: Company) -> list[str]:
    """The tables that still have rows pointing at ``company`` (reads only)."""
    left = []
    for relation in Company._meta.get_fields(include_hidden=True):  # also related_name="+"
        if not isinstance(relation, ForeignObjectRel) or relation.many_to_many:
            continue
        model = relation.related_model
        if model is CompanyDuplicateCandidate or model._meta.auto_created:  # type: ignore[union-attr]
            continue  # the pair goes with the company; languages: joined above
        if model._default_manager.filter(**{relation.field.name: company}).exists():  # type: ignore[union-attr]
            left.append(model._meta.label)  # type: ignore[union-attr]
    return left
