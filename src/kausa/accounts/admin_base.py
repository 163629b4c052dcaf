"""Admin base: every tenant-owned model is scoped through kausa.accounts.tenancy.

Staff users who are not superusers see only rows of organisations where they
advise; a row of another organisation answers 404 like the pages do.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from kausa.accounts.models import Organisation
from kausa.accounts.tenancy import access_for, scope_personal_data


class TenantScopedAdmin(admin.ModelAdmin):
    tenant_field = "organisation"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return scope_personal_data(
            super().get_queryset(request), request.user, field=self.tenant_field
        )

    def _allowed(self, request: HttpRequest) -> bool:
        access = access_for(request.user)
        return access.is_superuser or bool(access.personal_data_orgs)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return access_for(request.user).is_superuser

    def _get_obj_does_not_exist_redirect(
        self, request: HttpRequest, opts: Any, object_id: str
    ) -> Any:
        # Django would redirect with "doesn't exist"; outside the tenant we say 404.
        raise Http404

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == self.tenant_field and not access_for(request.user).is_superuser:
            kwargs["queryset"] = Organisation.objects.filter(
                id__in=access_for(request.user).personal_data_orgs
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReferenceAdmin(admin.ModelAdmin):
    """Reference data: readable by every staff member, changed only by loaders."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return access_for(request.user).is_staff_member

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return access_for(request.user).is_staff_member

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class RunRecordAdmin(admin.ModelAdmin):
    """Records that tasks write (runs of background work): superusers look, nobody edits."""

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
