from django.contrib import admin

from kausa.accounts.admin_base import TenantScopedAdmin
from kausa.counselling.models import (
    Case,
    Consultation,
    FollowUp,
    Handover,
    OfferProposal,
    Outcome,
    Referral,
)

_CONSULTATION_FIELDS = (
    "held_on",
    "channel",
    "duration_minutes",
    "language",
    "interpreter",
    "author",
)


class ConsultationInline(admin.TabularInline):
    model = Consultation
    extra = 0
    fields = _CONSULTATION_FIELDS
    readonly_fields = _CONSULTATION_FIELDS


@admin.register(Case)
class CaseAdmin(TenantScopedAdmin):
    list_display = [
        "subject_name",
        "kind",
        "status",
        "opened_on",
        "last_consultation_on",
        "owner",
        "organisation",
    ]
    list_filter = ["status", "kind", "organisation"]
    search_fields = ["search_text"]
    raw_id_fields = ["young_person", "parent", "company", "owner"]
    list_select_related = ["owner", "organisation"]
    inlines = [ConsultationInline]


@admin.register(Consultation)
class ConsultationAdmin(TenantScopedAdmin):
    list_display = ["held_on", "case", "channel", "duration_minutes", "language", "author"]
    list_filter = ["channel", "interpreter", "organisation"]
    raw_id_fields = ["case", "author"]
    list_select_related = ["case", "language", "author"]
    date_hierarchy = "held_on"


@admin.register(Referral)
class ReferralAdmin(TenantScopedAdmin):
    list_display = ["case", "kind", "status", "proposed_on", "course_level", "exam_result"]
    list_filter = ["kind", "status", "course_level", "exam_result", "organisation"]
    raw_id_fields = ["case", "created_by"]
    list_select_related = ["case"]


@admin.register(FollowUp)
class FollowUpAdmin(TenantScopedAdmin):
    list_display = ["title", "due_on", "assignee", "done_at", "case"]
    list_filter = ["organisation"]
    raw_id_fields = ["case", "assignee", "created_by"]
    list_select_related = ["assignee", "case"]


@admin.register(Outcome)
class OutcomeAdmin(TenantScopedAdmin):
    list_display = ["young_person", "kind", "recorded_on", "company", "occupation"]
    list_filter = ["kind", "organisation"]
    raw_id_fields = ["case", "young_person", "company", "offer"]
    list_select_related = ["young_person", "company", "occupation"]


@admin.register(Handover)
class HandoverAdmin(TenantScopedAdmin):
    list_display = ["case", "partner", "consent", "created_at"]
    raw_id_fields = ["case", "consent", "created_by"]
    list_select_related = ["case", "partner", "consent"]


@admin.register(OfferProposal)
class OfferProposalAdmin(TenantScopedAdmin):
    list_display = ["case", "offer", "proposed_on", "status", "score"]
    list_filter = ["status", "organisation"]
    raw_id_fields = ["case", "offer", "proposed_by"]
    list_select_related = ["case", "offer__occupation", "offer__company"]
