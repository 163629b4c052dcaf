from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from kausa.accounts.admin_base import RunRecordAdmin
from kausa.alerts.models import Alert, AlertSent


class AlertSentInline(admin.TabularInline):
    model = AlertSent
    fields = ("offer", "sent_at")
    readonly_fields = ("offer", "sent_at")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Alert | None = None) -> bool:
        return False


@admin.register(Alert)
class AlertAdmin(RunRecordAdmin):
    """Offer alerts belong to no office: only superusers see them (the operator, e.g. to
    find the alerts of an address that asked by mail to unsubscribe). Nobody edits one;
    deleting is the person's own unsubscribe (or kausa unsubscribe-offer-alerts)."""

    list_display = ("pk", "created_at", "confirmed_at", "frequency", "language", "last_sent_at")
    list_filter = ("frequency", "language")
    search_fields = ("email",)
    inlines = (AlertSentInline,)
