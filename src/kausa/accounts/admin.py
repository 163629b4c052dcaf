from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Model, QuerySet, URLField
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kausa.accounts.models import Membership, Organisation, User
from kausa.accounts.tenancy import access_for
from kausa.core.models import AuditEntry, ScheduledRun


def _is_superuser(request: HttpRequest) -> bool:
    return access_for(request.user).is_superuser


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "preferred_language")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    inlines = [MembershipInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        if _is_superuser(request):
            return qs
        # Organisation admins see the members of their organisations only.
        return qs.filter(memberships__organisation_id__in=access_for(request.user).admin_orgs)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_superuser(request) or bool(access_for(request.user).admin_orgs)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # An organisation admin manages members but cannot grant site-wide rights.
        if _is_superuser(request):
            return ()
        return ("is_superuser", "is_staff", "email")

    def get_inlines(self, request: HttpRequest, obj: Any) -> Any:
        return self.inlines if _is_superuser(request) else []

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_superuser(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_superuser(request)

    def _get_obj_does_not_exist_redirect(
        self, request: HttpRequest, opts: Any, object_id: str
    ) -> Any:
        from django.http import Http404

        raise Http404


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "state", "city", "parent", "is_active"]
    list_filter = ["kind", "state", "is_active"]
    search_fields = ["name", "slug", "city"]
    prepopulated_fields = {"slug": ("name",)}
    formfield_overrides = {URLField: {"assume_scheme": "https"}}
    CONTACT_FIELDS = (
        "street",
        "postal_code",
        "city",
        "phone",
        "public_email",
        "opening_hours",
        "website",
    )
    fieldsets = (
        (
            None,
            {"fields": ("name", "slug", "kind", "state", "parent", "carrier", "project_code")},
        ),
        (_("Public contact page"), {"fields": CONTACT_FIELDS}),
        (_("Settings"), {"fields": ("is_active", "require_two_factor", "retention_days")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request).select_related("parent")
        if _is_superuser(request):
            return qs
        return qs.filter(id__in=access_for(request.user).figure_orgs)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return access_for(request.user).is_staff_member

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access_for(request.user).is_staff_member

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # An organisation admin keeps the contact page of their own office up to date.
        if _is_superuser(request):
            return True
        admin_orgs = access_for(request.user).admin_orgs
        return obj.pk in admin_orgs if obj is not None else bool(admin_orgs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if _is_superuser(request):
            return ()
        return [
            name
            for _title, options in self.fieldsets
            for name in options["fields"]
            if name not in self.CONTACT_FIELDS
        ]

    def get_prepopulated_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.prepopulated_fields if _is_superuser(request) else {}

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_superuser(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_superuser(request)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Organisation admins manage who works in their organisation and in which role."""

    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        if _is_superuser(request):
            return qs
        return qs.filter(organisation_id__in=access_for(request.user).admin_orgs)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_superuser(request) or bool(access_for(request.user).admin_orgs)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "organisation" and not _is_superuser(request):
            kwargs["queryset"] = Organisation.objects.filter(
                id__in=access_for(request.user).admin_orgs
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _get_obj_does_not_exist_redirect(
        self, request: HttpRequest, opts: Any, object_id: str
    ) -> Any:
        from django.http import Http404

        raise Http404


# core's records, read-only: the audit log (organisation admins: their own) and the
# scheduler's runs (superusers)
@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: organisation admins see their organisation's log; nobody edits it."""

    list_display = ["at", "actor", "action", "object_type", "object_id", "organisation"]
    list_filter = ["action", "object_type"]
    date_hierarchy = "at"
    list_select_related = ["actor", "organisation"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        access = access_for(request.user)
        return qs if access.is_superuser else qs.filter(organisation_id__in=access.admin_orgs)

    def has_module_permission(self, request: HttpRequest) -> bool:
        access = access_for(request.user)
        return access.is_superuser or bool(access.admin_orgs)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(ScheduledRun)
class ScheduledRunAdmin(admin.ModelAdmin):
    """When each periodic job last ran and how it ended (written by `kausa scheduler`)."""

    list_display = ("name", "started_at", "finished_at", "ok")
    readonly_fields = ("name", "started_at", "finished_at", "ok", "output")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return bool(request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
