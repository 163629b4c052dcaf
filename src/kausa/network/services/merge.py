"""The network's part of merging two records of one company (workspace.services.company_merge)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kausa.accounts.tenancy import require_edit_access
from kausa.core.audit import audit
from kausa.network.models import NetworkProfile, Nomination

if TYPE_CHECKING:
    from kausa.accounts.models import User
    from kausa.companies.models import Company


@transaction.atomic
def network_company_move(*, user: User | None, source: Company, target: Company) -> int:
    """The network profile and award nominations of ``source`` now belong to ``target``;
    returns how many rows moved. When both have a network profile nothing moves: the
    advisor settles that first (each profile carries its own consent)."""
    require_edit_access(user, source.organisation_id)
    require_edit_access(user, target.organisation_id)
    profile = NetworkProfile.objects.select_for_update().filter(company=source).first()
    if profile is not None and NetworkProfile.objects.filter(company=target).exists():
        raise ValidationError(_("Both companies have a network profile; remove one of them first."))
    if profile is not None:
        profile.company = target
        profile.save(update_fields=["company", "updated_at"])
        audit(actor=user, action="update", obj=profile, detail=f"moved to company {target.pk}")
    nominations = list(Nomination.objects.select_for_update().filter(company=source))
    for nomination in nominations:
        nomination.company = target
        nomination.save(update_fields=["company", "updated_at"])
        audit(
            actor=user,
            action="update",
            organisation_id=nomination.organisation_id,
            object_type="network.nomination",
            object_id=str(nomination.pk),
            detail=f"company {source.pk} → {target.pk}",
        )
    return len(nominations) + (profile is not None)
