from django.contrib import admin

from kausa.accounts.admin_base import RunRecordAdmin, TenantScopedAdmin
from kausa.matching.models import AdvisorRequest, MismatchReport


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
