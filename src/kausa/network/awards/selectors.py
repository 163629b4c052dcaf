"""Reads of the awards: open editions, results, staff lists scoped to the user's offices, the
jury's view (own scores always, other jurors' only after the round)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.accounts.tenancy import scope_personal_data
from kausa.network.awards.services.nominations import conflict_reason
from kausa.network.models import (
    Award,
    Category,
    Criterion,
    Edition,
    JurorAssignment,
    Nomination,
    Score,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kausa.accounts.models import User

    AnyUser = User | AnonymousUser | None


def editions_open_for_nomination() -> QuerySet[Edition]:
    today = timezone.localdate()
    return Edition.objects.filter(
        nomination_opens__lte=today, nomination_closes__gte=today
    ).select_related("award")


def public_editions() -> QuerySet[Edition]:
    return Edition.objects.select_related("award", "ceremony", "results_story").prefetch_related(
        "categories"
    )


def public_edition_get(*, pk: int) -> Edition:
    edition = public_editions().filter(pk=pk).first()
    if edition is None:
        raise Http404
    return edition


def edition_winners(edition: Edition) -> QuerySet[Nomination]:
    if edition.results_published_at is None:
        return Nomination.objects.none()
    return edition.nominations.filter(place=1).select_related(
        "category", "company__network_profile"
    )


def staff_editions(user: AnyUser) -> QuerySet[Edition]:
    return scope_personal_data(Edition.objects.select_related("award"), user)


def staff_edition_get(*, user: AnyUser, pk: int) -> Edition:
    edition = staff_editions(user).filter(pk=pk).first()
    if edition is None:
        raise Http404
    return edition


def staff_awards(user: AnyUser) -> QuerySet[Award]:
    """The awards of the user's offices, each with its editions (newest first)."""
    return scope_personal_data(
        Award.objects.prefetch_related(Prefetch("editions", Edition.objects.order_by("-year"))),
        user,
    ).order_by("name", "id")


def staff_award_get(*, user: AnyUser, pk: int) -> Award:
    award = scope_personal_data(Award.objects.all(), user).filter(pk=pk).first()
    if award is None:
        raise Http404
    return award


def ceremony_choices(*, organisation_id: int, current_id: int | None = None) -> QuerySet[Any]:
    """Award ceremonies of one office (the award's), cancelled ones only if already chosen."""
    from kausa.events.models import Event

    return (
        Event.objects.filter(organisation_id=organisation_id, type=Event.Type.AWARD)
        .filter(~Q(status=Event.Status.CANCELLED) | Q(pk=current_id or 0))
        .order_by("-starts_at", "id")
    )


def criteria_locked_reason(edition: Edition) -> str:
    """Why criteria can no longer be added, deleted, re-weighted or re-ordered ('' while they
    can): the round is closed, or a juror has scored."""
    if edition.scoring_closed_at is not None:
        return _("The jury round is closed: the criteria are final.")
    if Score.objects.filter(criterion__edition=edition).exists():
        return _(
            "Jurors have started scoring: criteria can no longer be added, deleted, "
            "re-weighted or re-ordered (the order decides ties), so every nominee is judged "
            "by the same rules. Names and descriptions may still be corrected."
        )
    return ""


@dataclass
class EditionSetup:
    categories: list[Category]  # with nomination_count
    criteria: list[Criterion]
    jurors: list[JurorAssignment]  # with scored_count and conflict_count, never the points
    criteria_locked: str


def edition_setup(edition: Edition) -> EditionSetup:
    """What the staff page shows of an edition's categories, criteria and jury."""
    return EditionSetup(
        categories=list(
            edition.categories.annotate(nomination_count=Count("nominations")).order_by(
                "position", "id"
            )
        ),
        criteria=list(edition.criteria.order_by("position", "id")),
        jurors=list(
            edition.jurors.select_related("user")
            .annotate(
                scored_count=Count("scores__nomination", distinct=True),
                conflict_count=Count("conflicts", distinct=True),
            )
            .order_by("user__full_name", "user__email")
        ),
        criteria_locked=criteria_locked_reason(edition),
    )


def staff_nominations(*, user: AnyUser, edition: Edition) -> QuerySet[Nomination]:
    return scope_personal_data(
        edition.nominations.select_related("category", "company"), user
    ).order_by("status", "created_at")


def staff_nomination_get(*, user: AnyUser, pk: int) -> Nomination:
    nomination = scope_personal_data(Nomination.objects.select_related("edition"), user)
    found = nomination.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def juror_assignments(user: AnyUser) -> QuerySet[JurorAssignment]:
    if user is None or not user.is_authenticated:
        return JurorAssignment.objects.none()
    return (
        JurorAssignment.objects.filter(user=user)
        .select_related("edition__award")
        .order_by("-edition__year", "pk")
    )


def juror_assignment_get(*, user: AnyUser, edition_pk: int) -> JurorAssignment:
    """The user's juror role for this edition; anyone else gets 404."""
    assignment = (
        juror_assignments(user)
        .filter(edition_id=edition_pk)
        .select_related("user")
        .prefetch_related("conflicts")
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment


@dataclass
class JuryRow:
    nomination: Nomination
    conflict: str
    own: dict[int, int]
    others: list[dict[int, int]]  # only after the round closed


def jury_rows(assignment: JurorAssignment) -> list[JuryRow]:
    """What one juror sees: own scores always, other jurors' scores only after the round."""
    edition = assignment.edition
    closed = edition.scoring_closed_at is not None
    nominations = (
        edition.nominations.filter(status=Nomination.Status.ACCEPTED)
        .select_related("category", "company")
        .order_by("category__position", "created_at")
    )
    scores = Score.objects.filter(nomination__edition=edition)
    if not closed:
        scores = scores.filter(juror=assignment)
    own: dict[int, dict[int, int]] = {}
    others: dict[int, dict[int, dict[int, int]]] = {}
    for s in scores:
        if s.juror_id == assignment.pk:
            own.setdefault(s.nomination_id, {})[s.criterion_id] = s.points
        else:
            others.setdefault(s.nomination_id, {}).setdefault(s.juror_id, {})[s.criterion_id] = (
                s.points
            )
    return [
        JuryRow(
            nomination=n,
            conflict=conflict_reason(assignment, n),
            own=own.get(n.pk, {}),
            others=list(others.get(n.pk, {}).values()),
        )
        for n in nominations
    ]


def jury_nomination_get(*, assignment: JurorAssignment, pk: int) -> Nomination:
    nomination = (
        assignment.edition.nominations.filter(status=Nomination.Status.ACCEPTED, pk=pk)
        .select_related("category", "company")
        .first()
    )
    if nomination is None:
        raise Http404
    return nomination


def own_scores(*, assignment: JurorAssignment, nomination: Nomination) -> dict[int, int]:
    return dict(
        Score.objects.filter(juror=assignment, nomination=nomination).values_list(
            "criterion_id", "points"
        )
    )


def editions_announced_in(story: Any) -> QuerySet[Edition]:
    """The editions whose results the story announces."""
    return Edition.objects.filter(results_story=story).select_related("award")


def open_edition_ids() -> set[int]:
    return set(editions_open_for_nomination().values_list("pk", flat=True))


def edition_open_for_nomination(pk: int) -> bool:
    return editions_open_for_nomination().filter(pk=pk).exists()


def latest_edition(award: Award) -> Edition | None:
    return award.editions.order_by("-year").first()


def edition_category_get(*, edition: Edition, pk: int) -> Category:
    """A category of this edition (the edition comes from a scoped selector); else 404."""
    category = Category.objects.filter(edition=edition, pk=pk).first()
    if category is None:
        raise Http404
    return category


def edition_criterion_get(*, edition: Edition, pk: int) -> Criterion:
    criterion = Criterion.objects.filter(edition=edition, pk=pk).first()
    if criterion is None:
        raise Http404
    return criterion


def edition_juror_get(*, edition: Edition, pk: int) -> JurorAssignment:
    juror = JurorAssignment.objects.select_related("user").filter(edition=edition, pk=pk).first()
    if juror is None:
        raise Http404
    return juror
