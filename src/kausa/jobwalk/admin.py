"""Admin for JOBWALK, scoped to the user's office; the street networks are reference data."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from kausa.accounts.admin_base import ReferenceAdmin, RunRecordAdmin, TenantScopedAdmin
from kausa.jobwalk.models import (
    CheckIn,
    Participation,
    PlannedStop,
    PlannedTour,
    Station,
    StreetNetwork,
    TeamWalk,
    Tour,
)


@admin.register(StreetNetwork)
class StreetNetworkAdmin(ReferenceAdmin):
    list_display = ["name", "city", "node_count", "edge_count", "source"]
    search_fields = ["name", "city"]


@admin.register(Participation)
class ParticipationAdmin(TenantScopedAdmin):
    list_display = ["company", "active", "organisation"]
    list_filter = ["active", "organisation"]
    raw_id_fields = ["company"]
    list_select_related = ["company", "organisation"]


class StationInline(admin.TabularInline):
    model = Station
    extra = 0
    raw_id_fields = ["company"]
    fields = ["position", "company"]


@admin.register(Tour)
class TourAdmin(TenantScopedAdmin):
    list_display = ["city_name", "status", "length_m", "distance_model", "organisation"]
    list_filter = ["status", "city", "organisation"]
    inlines = [StationInline]
    exclude = ["geometry"]


class CheckInInline(admin.TabularInline):
    model = CheckIn
    extra = 0
    readonly_fields = ["station", "method"]
    can_delete = False


@admin.register(TeamWalk)
class TeamWalkAdmin(TenantScopedAdmin):
    """Anonymous team walks: figures only, nothing to edit."""

    tenant_field = "tour__organisation"
    list_display = ["tour", "created_at"]
    list_select_related = ["tour"]
    inlines = [CheckInInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class PlannedStopInline(admin.TabularInline):
    model = PlannedStop
    extra = 0
    fields = ["position", "company"]
    readonly_fields = ["position", "company"]
    can_delete = False


@admin.register(PlannedTour)
class PlannedTourAdmin(RunRecordAdmin):
    """Tours made with the public planner: no office owns them, so superusers look, nobody
    edits; they are deleted 30 days after they were made."""

    list_display = ["city_name", "created_at", "expires_at", "length_m"]
    exclude = ["geometry"]
    inlines = [PlannedStopInline]
