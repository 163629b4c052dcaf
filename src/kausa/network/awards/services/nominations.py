"""Awards: nominations, screening, jury scoring with conflict rules, ranking, results."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.accounts.tenancy import require_edit_access
from kausa.core.audit import audit
from kausa.network.awards import ranking
from kausa.network.models import (
    MAX_POINTS,
    Activity,
    ConflictDeclaration,
    Edition,
    JurorAssignment,
    Nomination,
    Score,
)

if TYPE_CHECKING:
    from kausa.accounts.models import User

# Shared mail providers say nothing about a link between a juror and a company.
FREE_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "t-online.de",
        "yahoo.com",
        "yahoo.de",
        "outlook.com",
        "outlook.de",
        "hotmail.com",
        "hotmail.de",
        "icloud.com",
        "posteo.de",
        "mailbox.org",
        "freenet.de",
        "aol.com",
        "proton.me",
    }
)


def _domain(value: str) -> str:
    value = (value or "").strip().lower()
    if "@" in value:
        value = value.rsplit("@", 1)[1]
    elif "//" in value:
        value = urlsplit(value).hostname or ""
    value = value.removeprefix("www.").strip("/")
    return "" if value in FREE_MAIL_DOMAINS else value


def nomination_domains(nomination: Nomination) -> set[str]:
    values = [nomination.company_email, nomination.company_website]
    if nomination.company is not None:
        values += [nomination.company.contact_email, nomination.company.website]
    return {d for d in map(_domain, values) if d}


def conflict_reason(juror: JurorAssignment, nomination: Nomination) -> str:
    """Why this juror may not score this nominee ('' when they may)."""
    if any(c.nomination_id == nomination.pk for c in juror.conflicts.all()):
        return _("You declared a conflict of interest.")
    juror_domain = _domain(juror.user.email)
    if juror_domain and juror_domain in nomination_domains(nomination):
        return _("Your e-mail address belongs to this company.")
    for link in (part.strip().lower() for part in juror.declared_links.split(",")):
        if not link:
            continue
        if link == nomination.company_name.strip().lower() or (
            _domain(link) and _domain(link) in nomination_domains(nomination)
        ):
            return _("You declared a link to this company.")
    return ""


@transaction.atomic
def nomination_submit(
    *,
    edition: Edition,
    category_id: int,
    company_name: str,
    company_city: str,
    company_website: str,
    company_email: str,
    reason: str,
    nominator_name: str,
    nominator_email: str,
) -> Nomination:
    """A public nomination (anyone may nominate); it waits for the office's screening."""
    today = timezone.localdate()
    if not edition.nomination_opens <= today <= edition.nomination_closes:
        raise ValidationError(_("Nominations for this edition are closed."))
    if not edition.categories.filter(pk=category_id).exists():
        raise ValidationError({"category": _("Choose one of this edition's categories.")})
    nomination = Nomination(
        organisation_id=edition.organisation_id,
        edition=edition,
        category_id=category_id,
        company_name=company_name.strip(),
        company_city=company_city.strip(),
        company_website=company_website,
        company_email=company_email,
        reason=reason.strip(),
        nominator_name=nominator_name.strip(),
        nominator_email=nominator_email,
    )
    nomination.full_clean()
    nomination.save()
    audit(actor=None, action="create", obj=nomination, detail="public nomination")
    return nomination


@transaction.atomic
def nomination_screen(
    *, user: User, nomination: Nomination, accept: bool, company_id: int | None = None
) -> Nomination:
    require_edit_access(user, nomination.organisation_id)
    if nomination.edition.scoring_closed_at:
        raise ValidationError(_("The jury round is closed."))
    nomination.status = Nomination.Status.ACCEPTED if accept else Nomination.Status.REJECTED
    nomination.screened_by = user
    nomination.screened_at = timezone.now()
    from kausa.companies.models import Company

    own = Company.objects.filter(organisation_id=nomination.organisation_id)
    if company_id is not None:
        if not own.filter(pk=company_id).exists():
            raise ValidationError({"company": _("Choose a company of your office.")})
        nomination.company_id = company_id
    elif nomination.company_id is None:
        # link the nominee to the office's company of the same name, if there is exactly one
        same = list(own.filter(name__iexact=nomination.company_name)[:2])
        if len(same) == 1:
            nomination.company = same[0]
    nomination.save()
    audit(actor=user, action="update", obj=nomination, detail=f"screened {nomination.status}")
    return nomination


@transaction.atomic
def juror_assign(
    *, user: User | None, edition: Edition, juror: User, affiliation: str = "", links: str = ""
) -> JurorAssignment:
    require_edit_access(user, edition.organisation_id)
    assignment, _created = JurorAssignment.objects.update_or_create(
        user=juror, edition=edition, defaults={"affiliation": affiliation, "declared_links": links}
    )
    return assignment


@transaction.atomic
def conflict_declare(*, juror: JurorAssignment, nomination: Nomination, reason: str = "") -> None:
    if nomination.edition_id != juror.edition_id:
        raise PermissionDenied
    ConflictDeclaration.objects.get_or_create(
        juror=juror, nomination=nomination, defaults={"reason": reason[:300]}
    )
    # Scores given before the declaration no longer count.
    Score.objects.filter(juror=juror, nomination=nomination).delete()


@transaction.atomic
def scores_record(
    *, juror: JurorAssignment, nomination: Nomination, points: dict[int, int]
) -> list[Score]:
    """A juror's points per criterion for one nominee (replacing earlier points)."""
    # Under the edition's lock: closing the round or changing the criteria
    # (services.setup) cannot slip in between the checks and the saving.
    edition = Edition.objects.select_for_update().get(pk=juror.edition_id)
    if nomination.edition_id != edition.pk or nomination.status != Nomination.Status.ACCEPTED:
        raise PermissionDenied
    if edition.scoring_closed_at is not None:
        raise ValidationError(_("The jury round is closed; scores can no longer change."))
    reason = conflict_reason(juror, nomination)
    if reason:
        raise ValidationError(reason)
    criteria = {c.pk for c in edition.criteria.all()}
    if set(points) != criteria:
        raise ValidationError(_("Give points for every criterion."))
    if any(not 0 <= p <= MAX_POINTS for p in points.values()):
        raise ValidationError(_("Points run from 0 to %(max)s.") % {"max": MAX_POINTS})
    saved = []
    for criterion_id, value in points.items():
        score, _created = Score.objects.update_or_create(
            juror=juror,
            nomination=nomination,
            criterion_id=criterion_id,
            defaults={"points": value},
        )
        saved.append(score)
    return saved


def edition_ranking(edition: Edition) -> dict[int, list[ranking.Ranked]]:
    """Ranking per category (category id -> ranked nominees) from the recorded scores."""
    criteria = list(edition.criteria.all())
    weights = {c.pk: c.weight for c in criteria}
    first = criteria[0].pk if criteria else 0
    nominees: dict[int, list[ranking.Nominee]] = {}
    accepted = edition.nominations.filter(status=Nomination.Status.ACCEPTED).prefetch_related(
        "scores"
    )
    for nomination in accepted:
        points: dict[int, list[int]] = {}
        for score in nomination.scores.all():
            points.setdefault(score.criterion_id, []).append(score.points)
        nominees.setdefault(nomination.category_id, []).append(
            ranking.Nominee(id=nomination.pk, submitted_at=nomination.created_at, points=points)
        )
    return {cat: ranking.rank(items, weights, first) for cat, items in nominees.items()}


@transaction.atomic
def edition_close_round(*, user: User | None, edition: Edition) -> Edition:
    require_edit_access(user, edition.organisation_id)
    if edition.scoring_closed_at is None:
        edition.scoring_closed_at = timezone.now()
        edition.save(update_fields=["scoring_closed_at", "updated_at"])
        audit(actor=user, action="update", obj=edition, detail="jury round closed")
    return edition


@transaction.atomic
def edition_publish_results(
    *, user: User | None, edition: Edition, language: str = "de"
) -> Edition:
    """Winners (place 1 per category) become public and are told in a success story."""
    require_edit_access(user, edition.organisation_id)
    if edition.scoring_closed_at is None:
        raise ValidationError(_("Close the jury round before publishing the results."))
    if edition.results_published_at is not None:
        return edition
    from kausa.network.services.stories import story_create, story_publish

    lines = []
    for category_id, ranked in edition_ranking(edition).items():
        for row in ranked:
            Nomination.objects.filter(pk=row.id).update(place=row.place)
        winner = Nomination.objects.get(pk=ranked[0].id)
        lines.append(f"- **{winner.category.name}**: {winner.company_name}, {winner.company_city}")
        del category_id
    story = story_create(
        user=user,
        organisation=edition.organisation,
        activities=[Activity.AWARD],
        language=language,
        title=_("The winners of %(award)s %(year)s")
        % {"award": edition.award.name, "year": edition.year},
        teaser=_("The jury has decided: these companies win this year's award."),
        body="\n".join(lines),
        consent_confirmed=True,
    )
    story_publish(user=user, story=story)
    edition.results_published_at = timezone.now()
    edition.results_story = story
    edition.save(update_fields=["results_published_at", "results_story", "updated_at"])
    audit(actor=user, action="update", obj=edition, detail="results published")
    return edition
