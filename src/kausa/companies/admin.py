from django.contrib import admin

from kausa.accounts.admin_base import TenantScopedAdmin
from kausa.companies.models import (
    Company,
    CompanyDuplicateCandidate,
    Offer,
    Pipeline,
    PipelineStep,
)


@admin.register(Company)
class CompanyAdmin(TenantScopedAdmin):
    list_display = [
        "name",
        "city",
        "sector",
        "chamber",
        "migrant_led",
        "training_status",
        "organisation",
    ]
    search_fields = ["name", "city", "postal_code__code"]
    list_filter = ["migrant_led", "training_status", "chamber", "sector", "organisation"]
    autocomplete_fields = ["postal_code", "languages"]
    list_select_related = ["organisation"]
    exclude = ["search_text"]


@admin.register(Offer)
class OfferAdmin(TenantScopedAdmin):
    list_display = ["occupation", "company", "start_date", "places", "status", "source"]
    search_fields = ["company__name", "occupation__short_name", "external_id"]
    list_filter = ["status", "required_german", "required_certificate", "source"]
    autocomplete_fields = ["company", "occupation"]
    list_select_related = ["company", "occupation"]


@admin.register(Pipeline)
class PipelineAdmin(TenantScopedAdmin):
    list_display = ["company", "stage", "advisor", "training_plan_done", "chamber_registered"]
    list_filter = ["stage", "organisation"]
    raw_id_fields = ["company", "advisor"]
    list_select_related = ["company", "advisor"]


@admin.register(PipelineStep)
class PipelineStepAdmin(TenantScopedAdmin):
    tenant_field = "pipeline__organisation"
    list_display = ["pipeline", "stage", "reached_on", "by"]
    list_filter = ["stage"]
    raw_id_fields = ["pipeline", "by"]
    list_select_related = ["pipeline__company", "by"]


@admin.register(CompanyDuplicateCandidate)
class CompanyDuplicateCandidateAdmin(TenantScopedAdmin):
    """What the nightly duplicate check found; advisors decide on the staff pages."""

    list_display = ["company_a", "company_b", "score", "status", "organisation", "updated_at"]
    list_filter = ["status", "organisation"]
    raw_id_fields = ["company_a", "company_b", "decided_by"]
    readonly_fields = ["score", "reasons"]
    list_select_related = ["company_a", "company_b", "organisation"]
