"""Targets in the admin: read only (they are set on the targets page, which audits)."""

from __future__ import annotations

from django.contrib import admin

from kausa.accounts.admin_base import RunRecordAdmin
from kausa.reporting.models import Target


@admin.register(Target)
class TargetAdmin(RunRecordAdmin):
    list_display = ["organisation", "year", "indicator", "value", "updated_at"]
    list_filter = ["year", "indicator"]
