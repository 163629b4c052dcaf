"""Admin for the details the staff pages do not edit: groups, stations, speed-dating rows.

Registrations are read-only here: seats change only through the services (locking).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from kausa.accounts.admin_base import RunRecordAdmin, TenantScopedAdmin
from kausa.events.models import (
    Event,
    EventGroup,
    EventTranslation,
    Registration,
    SpeedDatingApplicant,
    SpeedDatingCompany,
    SpeedDatingInterview,
    SpeedDatingRun,
    SpeedDatingSlot,
    SpeedDatingWish,
    Station,
)


class TranslationInline(admin.StackedInline):
    model = EventTranslation
    extra = 0


class GroupInline(admin.TabularInline):
    model = EventGroup
    extra = 0
    autocomplete_fields = ["language"]


class StationInline(admin.TabularInline):
    model = Station
    extra = 0
    raw_id_fields = ["company"]


class SlotInline(admin.TabularInline):
    model = SpeedDatingSlot
    extra = 0


@admin.register(Event)
class EventAdmin(TenantScopedAdmin):
    list_display = ["title", "type", "starts_at", "capacity", "status", "is_public", "organisation"]
    list_filter = ["type", "status", "is_public", "audience"]
    search_fields = ["title", "city", "venue"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["languages", "postal_code"]
    inlines = [TranslationInline, GroupInline, StationInline, SlotInline]
    list_select_related = ["organisation"]


@admin.register(Registration)
class RegistrationAdmin(TenantScopedAdmin):
    list_display = ["name", "event", "party_size", "status", "waitlist_number", "checked_in_at"]
    list_filter = ["status"]
    search_fields = ["name", "email", "checkin_code"]
    list_select_related = ["event"]
    exclude = ["token"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class WishInline(admin.TabularInline):
    model = SpeedDatingWish
    extra = 0
    raw_id_fields = ["company"]


class OwnSlotsMixin:
    """Unavailable slots to choose from: only slots of the user's offices' events."""

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "unavailable_slots":
            from kausa.accounts.tenancy import scope_personal_data

            kwargs["queryset"] = SpeedDatingSlot.objects.filter(
                event__in=scope_personal_data(Event.objects.all(), request.user)
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


@admin.register(SpeedDatingCompany)
class SpeedDatingCompanyAdmin(OwnSlotsMixin, TenantScopedAdmin):
    list_display = ["name", "event", "tables"]
    search_fields = ["name"]
    raw_id_fields = ["event", "company"]
    filter_horizontal = ["unavailable_slots"]
    list_select_related = ["event"]


@admin.register(SpeedDatingApplicant)
class SpeedDatingApplicantAdmin(OwnSlotsMixin, TenantScopedAdmin):
    list_display = ["name", "event", "max_interviews", "german_level"]
    search_fields = ["name"]
    raw_id_fields = ["event", "young_person"]
    filter_horizontal = ["unavailable_slots"]
    inlines = [WishInline]
    list_select_related = ["event"]


@admin.register(SpeedDatingInterview)
class SpeedDatingInterviewAdmin(TenantScopedAdmin):
    """Planned interviews, read-only: the scheduler writes them."""

    tenant_field = "event__organisation"
    list_display = ["slot", "company", "applicant", "room"]
    list_select_related = ["slot", "company", "applicant"]
    raw_id_fields = ["event", "applicant", "company", "slot"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(SpeedDatingRun)
class SpeedDatingRunAdmin(RunRecordAdmin):
    """The speed-dating solver's runs (written by the task)."""

    list_display = ("event", "kind", "status", "requested_at", "finished_at")
    list_filter = ("status", "kind")
