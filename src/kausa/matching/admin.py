from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from kausa.accounts.admin_base import RunRecordAdmin, TenantScopedAdmin
from kausa.core.converters import MAX_ID
from kausa.matching.models import (
    AdvisorRequest,
    MismatchReport,
    NewMatchRun,
    NewOfferMatch,
    OfferIndexVersion,
    PersonTopOffers,
)


@admin.register(AdvisorRequest)
class AdvisorRequestAdmin(TenantScopedAdmin):
    list_display = ["created_at", "name", "offer", "language", "status", "organisation"]
    list_filter = ["status", "language", "organisation"]
    search_fields = ["name", "email"]
    raw_id_fields = ["offer"]
    list_select_related = ["offer__occupation", "offer__company", "organisation"]


@admin.register(MismatchReport)
class MismatchReportAdmin(RunRecordAdmin):
    """The stored mismatch analyses (written by the task)."""

    list_display = ("scope_key", "radius_km", "status", "requested_at", "computed_at")
    list_filter = ("status",)


@admin.register(NewOfferMatch)
class NewOfferMatchAdmin(TenantScopedAdmin):
    """The nightly job's new offers for young people (the staff pages act on them)."""

    list_display = ["found_at", "person", "offer", "score", "advisor", "dismissed_at"]
    list_filter = ["organisation"]
    raw_id_fields = ["person", "offer", "advisor"]
    list_select_related = ["person", "offer__occupation", "advisor"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(NewMatchRun)
class NewMatchRunAdmin(RunRecordAdmin):
    list_display = ("started_at", "finished_at", "full", "people", "changed_offers", "matches")


@admin.register(PersonTopOffers)
class PersonTopOffersAdmin(RunRecordAdmin):
    list_display = ("person_id", "complete", "computed_at")

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> PersonTopOffers | None:
        # the key is the person's (a one-to-one key): an id beyond a database integer is no
        # row, where the lookup through the relation would overflow
        if not object_id.isdigit() or int(object_id) > MAX_ID:
            return None
        return super().get_object(request, object_id, from_field)


@admin.register(OfferIndexVersion)
class OfferIndexVersionAdmin(RunRecordAdmin):
    list_display = ("counter", "full", "changed_at")
