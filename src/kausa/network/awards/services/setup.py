"""Setting an award up: awards, editions, categories, criteria and jurors.

Fairness rules live here, not in the pages: once a juror has scored (or the round is
closed) the criteria are fixed — no new or deleted criterion, no new weight, no new order
(the order decides ties) — and a juror who has scored stays on the jury. Every write locks
the edition row, as ``awards.scores_record`` does, so a first score and a change of the
criteria cannot slip past each other.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Model, QuerySet
from django.utils.translation import gettext as _

from kausa.accounts.models import User
from kausa.accounts.services import invitation_send, user_create_without_password
from kausa.accounts.tenancy import require_edit_access
from kausa.core.audit import audit
from kausa.events.models import Event
from kausa.network.awards.selectors import criteria_locked_reason
from kausa.network.models import (
    Award,
    Category,
    Criterion,
    Edition,
    JurorAssignment,
)

if TYPE_CHECKING:
    from kausa.accounts.models import Organisation

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_WEIGHT = 100


def _lock(edition: Edition) -> Edition:
    return Edition.objects.select_for_update().get(pk=edition.pk)


def _log(user: User | None, action: str, edition: Edition, obj: Model, detail: str = "") -> None:
    """An audit entry in the edition's office (categories, criteria, jurors have none)."""
    audit(
        actor=user,
        action=action,
        organisation_id=edition.organisation_id,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        detail=detail or f"edition={edition.pk}",
    )


# --- awards ----------------------------------------------------------------------------------
def _slug_taken() -> str:
    return _("This short name is already taken; choose another one.")


def _award_errors(award: Award | None, *, name: str, slug: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Please give the award a name.")
    taken = Award.objects.filter(slug=slug)
    if award is not None:
        taken = taken.exclude(pk=award.pk)
    if not slug:
        errors["slug"] = _("Please give a short name.")
    elif taken.exists():
        errors["slug"] = _slug_taken()
    return errors


@transaction.atomic
def award_create(
    *, user: User | None, organisation: Organisation, name: str, slug: str, description: str = ""
) -> Award:
    require_edit_access(user, organisation.pk)
    slug = slug.strip().lower()
    errors = _award_errors(None, name=name, slug=slug)
    if errors:
        raise ValidationError(errors)
    award = Award(
        organisation=organisation, name=name.strip(), slug=slug, description=description.strip()
    )
    award.full_clean()
    try:
        with transaction.atomic():
            award.save()
    except IntegrityError:  # the same short name saved a moment earlier
        raise ValidationError({"slug": _slug_taken()}) from None
    audit(actor=user, action="create", obj=award)
    return award


@transaction.atomic
def award_update(
    *, user: User | None, award: Award, name: str, slug: str, description: str = ""
) -> Award:
    require_edit_access(user, award.organisation_id)
    slug = slug.strip().lower()
    errors = _award_errors(award, name=name, slug=slug)
    if errors:
        raise ValidationError(errors)
    award.name, award.slug, award.description = name.strip(), slug, description.strip()
    award.full_clean()
    try:
        with transaction.atomic():
            award.save()
    except IntegrityError:
        raise ValidationError({"slug": _slug_taken()}) from None
    audit(actor=user, action="update", obj=award)
    return award


# --- editions --------------------------------------------------------------------------------
def _edition_errors(
    award: Award,
    edition: Edition | None,
    *,
    year: int,
    number: int,
    nomination_opens: dt.date,
    nomination_closes: dt.date,
    ceremony: Event | None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not MIN_YEAR <= year <= MAX_YEAR:
        errors["year"] = _("Enter a year between %(min)s and %(max)s.") % {
            "min": MIN_YEAR,
            "max": MAX_YEAR,
        }
    else:
        same_year = award.editions.filter(year=year)
        if edition is not None:
            same_year = same_year.exclude(pk=edition.pk)
        if same_year.exists():
            errors["year"] = _(
                "%(award)s already has an edition in %(year)s: there can be only one a year."
            ) % {"award": award.name, "year": year}
    if number < 1:
        errors["number"] = _("The edition number starts at 1.")
    if nomination_closes < nomination_opens:
        errors["nomination_closes"] = _(
            "Nominations cannot close before they open: choose a later date."
        )
    if ceremony is not None and (
        ceremony.organisation_id != award.organisation_id or ceremony.type != Event.Type.AWARD
    ):
        errors["ceremony"] = _("Choose an award ceremony of the award's own office.")
    return errors


@transaction.atomic
def edition_create(
    *,
    user: User | None,
    award: Award,
    year: int,
    number: int,
    nomination_opens: dt.date,
    nomination_closes: dt.date,
    ceremony: Event | None = None,
) -> Edition:
    require_edit_access(user, award.organisation_id)
    Award.objects.select_for_update().filter(pk=award.pk).first()  # one new edition at a time
    errors = _edition_errors(
        award,
        None,
        year=year,
        number=number,
        nomination_opens=nomination_opens,
        nomination_closes=nomination_closes,
        ceremony=ceremony,
    )
    if errors:
        raise ValidationError(errors)
    edition = Edition(
        organisation_id=award.organisation_id,
        award=award,
        year=year,
        number=number,
        nomination_opens=nomination_opens,
        nomination_closes=nomination_closes,
        ceremony=ceremony,
    )
    try:
        with transaction.atomic():
            edition.save()
    except IntegrityError:  # saved by someone else a moment earlier
        raise ValidationError(
            {"year": _("This award already has an edition in %(year)s.") % {"year": year}}
        ) from None
    audit(actor=user, action="create", obj=edition, detail=f"award={award.pk} year={year}")
    return edition


@transaction.atomic
def edition_update(
    *,
    user: User | None,
    edition: Edition,
    year: int,
    number: int,
    nomination_opens: dt.date,
    nomination_closes: dt.date,
    ceremony: Event | None = None,
) -> Edition:
    require_edit_access(user, edition.organisation_id)
    edition = _lock(edition)
    errors = _edition_errors(
        edition.award,
        edition,
        year=year,
        number=number,
        nomination_opens=nomination_opens,
        nomination_closes=nomination_closes,
        ceremony=ceremony,
    )
    if errors:
        raise ValidationError(errors)
    edition.year, edition.number = year, number
    edition.nomination_opens, edition.nomination_closes = nomination_opens, nomination_closes
    edition.ceremony = ceremony
    try:
        with transaction.atomic():
            edition.save()
    except IntegrityError:
        raise ValidationError(
            {"year": _("This award already has an edition in %(year)s.") % {"year": year}}
        ) from None
    audit(actor=user, action="update", obj=edition, detail=f"year={year}")
    return edition


# --- categories ------------------------------------------------------------------------------
def _next_position(rows: QuerySet[Category] | QuerySet[Criterion]) -> int:
    top = rows.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


def _same_edition(row: Category | Criterion | None, edition: Edition) -> None:
    if row is not None and row.edition_id != edition.pk:
        raise PermissionDenied("This row belongs to another edition.")


@transaction.atomic
def category_save(
    *,
    user: User | None,
    edition: Edition,
    category: Category | None = None,
    name: str,
    description: str = "",
    position: int | None = None,
) -> Category:
    """Add a category (``category=None``) or correct one; categories may change any time."""
    require_edit_access(user, edition.organisation_id)
    _same_edition(category, edition)
    edition = _lock(edition)
    if not name.strip():
        raise ValidationError({"name": _("Please give the category a name.")})
    created = category is None
    if category is None:
        category = Category(edition=edition)
    if position is None:
        position = (
            category.position
            if not created
            else _next_position(Category.objects.filter(edition=edition))
        )
    category.name, category.description = name.strip(), description.strip()
    category.position = position
    category.full_clean()
    category.save()
    _log(user, "create" if created else "update", edition, category)
    return category


@transaction.atomic
def category_delete(*, user: User | None, category: Category) -> None:
    edition = category.edition
    require_edit_access(user, edition.organisation_id)
    edition = _lock(edition)
    count = category.nominations.count()
    if count:
        raise ValidationError(
            _(
                "“%(name)s” has nominations (%(count)s) and cannot be deleted; "
                "you can rename it instead."
            )
            % {"name": category.name, "count": count}
        )
    _log(user, "delete", edition, category)
    category.delete()


# --- criteria --------------------------------------------------------------------------------
def _criterion_errors(name: str, weight: int) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Please give the criterion a name.")
    if not 1 <= weight <= MAX_WEIGHT:
        errors["weight"] = _("The weight runs from 1 to %(max)s.") % {"max": MAX_WEIGHT}
    return errors


@transaction.atomic
def criterion_save(
    *,
    user: User | None,
    edition: Edition,
    criterion: Criterion | None = None,
    name: str,
    description: str = "",
    weight: int,
    position: int | None = None,
) -> Criterion:
    """Add a criterion or correct one; after the first score only its wording may change."""
    require_edit_access(user, edition.organisation_id)
    _same_edition(criterion, edition)
    edition = _lock(edition)
    errors = _criterion_errors(name, weight)
    if errors:
        raise ValidationError(errors)
    created = criterion is None
    if position is None:
        position = (
            criterion.position
            if criterion is not None
            else _next_position(Criterion.objects.filter(edition=edition))
        )
    locked = criteria_locked_reason(edition)
    if locked:
        if criterion is None:
            raise ValidationError(locked)
        if weight != criterion.weight:
            raise ValidationError({"weight": locked})
        if position != criterion.position:
            raise ValidationError({"position": locked})
    if criterion is None:
        criterion = Criterion(edition=edition)
    criterion.name, criterion.description = name.strip(), description.strip()
    criterion.weight, criterion.position = weight, position
    criterion.full_clean()
    criterion.save()
    _log(
        user,
        "create" if created else "update",
        edition,
        criterion,
        f"edition={edition.pk} weight={weight} position={position}",
    )
    return criterion


@transaction.atomic
def criterion_delete(*, user: User | None, criterion: Criterion) -> None:
    edition = criterion.edition
    require_edit_access(user, edition.organisation_id)
    edition = _lock(edition)
    locked = criteria_locked_reason(edition)
    if locked:
        raise ValidationError(locked)
    _log(user, "delete", edition, criterion)
    criterion.delete()


# --- jurors ----------------------------------------------------------------------------------
@transaction.atomic
def juror_add(
    *,
    user: User | None,
    edition: Edition,
    email: str,
    full_name: str = "",
    affiliation: str = "",
    declared_links: str = "",
    language: str = "de",
) -> tuple[JurorAssignment, bool]:
    """Make a person a juror of this edition: an existing account by its e-mail address, or a
    new account (name needed) without a password. Returns the assignment and whether an
    account was created. Jurors need no office membership."""
    require_edit_access(user, edition.organisation_id)
    edition = _lock(edition)
    if edition.scoring_closed_at is not None:
        raise ValidationError(_("The jury round is closed: no new jurors."))
    email = email.strip()
    juror = User.objects.filter(email__iexact=email).first()
    created = False
    if juror is None:
        if not full_name.strip():
            raise ValidationError(
                {
                    "full_name": _(
                        "There is no account with this address yet. Give the juror's name "
                        "to create one."
                    )
                }
            )
        try:
            with transaction.atomic():
                juror = user_create_without_password(
                    email=email, full_name=full_name, preferred_language=language
                )
        except IntegrityError:  # created by someone else a moment earlier
            raise ValidationError({"email": _("Please send the form again.")}) from None
        created = True
    elif not juror.is_active:
        raise ValidationError(
            {"email": _("This account is switched off; ask your administrator about it.")}
        )
    elif edition.jurors.filter(user=juror).exists():
        raise ValidationError({"email": _("This person is already on the jury.")})
    assignment = JurorAssignment(
        user=juror,
        edition=edition,
        affiliation=affiliation.strip(),
        declared_links=declared_links.strip(),
    )
    assignment.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError:  # added by someone else a moment earlier
        raise ValidationError({"email": _("This person is already on the jury.")}) from None
    if created:
        _log(user, "create", edition, juror, "juror account, invitation to set a password")
        inviter = (user.full_name or user.email) if user is not None else "KAUSA"
        purpose = _("juror of %(award)s") % {"award": edition}
        transaction.on_commit(
            partial(invitation_send, user=juror, inviter=inviter, purpose=purpose)
        )
    _log(user, "create", edition, assignment)
    return assignment, created


@transaction.atomic
def juror_remove(*, user: User | None, juror: JurorAssignment) -> None:
    """Only a juror who has not scored leaves the jury (given scores must keep counting)."""
    edition = juror.edition
    require_edit_access(user, edition.organisation_id)
    edition = _lock(edition)
    if juror.scores.exists():
        raise ValidationError(
            _("%(name)s has already scored and stays on the jury.") % {"name": juror.user}
        )
    _log(user, "delete", edition, juror)
    juror.delete()
