from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from kausa.accounts.admin_base import ReferenceAdmin
from kausa.reference.models import (
    District,
    KldbGroup,
    Language,
    Occupation,
    OccupationAlias,
    OccupationGroup,
    PostalCode,
)
from kausa.reference.services import (
    may_edit_occupation_aliases,
    occupation_alias_check,
    occupation_alias_delete,
    occupation_alias_save,
)


@admin.register(PostalCode)
class PostalCodeAdmin(ReferenceAdmin):
    list_display = ["code", "place", "district_name", "state_code"]
    search_fields = ["code", "place", "district_name"]
    list_filter = ["state_code"]


@admin.register(District)
class DistrictAdmin(ReferenceAdmin):
    list_display = ["ags", "name", "state_code"]
    search_fields = ["ags", "name"]
    list_filter = ["state_code"]


@admin.register(KldbGroup)
class KldbGroupAdmin(ReferenceAdmin):
    list_display = ["code", "short_title", "level"]
    search_fields = ["code", "title"]
    list_filter = ["level"]


@admin.register(Occupation)
class OccupationAdmin(ReferenceAdmin):
    list_display = ["short_name", "chamber", "sector", "duration_months", "kldb", "is_common"]
    search_fields = ["name", "short_name", "search_text", "names_search"]
    list_filter = ["chamber", "sector", "is_common", "regulation"]
    readonly_fields = ["names", "descriptions"]


@admin.register(OccupationGroup)
class OccupationGroupAdmin(ReferenceAdmin):
    list_display = ["key", "__str__", "kldb_prefixes"]
    readonly_fields = ["names", "kldb_prefixes"]


@admin.register(Language)
class LanguageAdmin(ReferenceAdmin):
    list_display = ["code", "name_de", "native_name", "rtl"]
    search_fields = ["code", "name_de", "name_en", "native_name"]
    list_filter = ["rtl"]


class OccupationAliasForm(forms.ModelForm):
    class Meta:
        model = OccupationAlias
        fields = ["alias", "occupation", "note"]

    def clean_alias(self) -> str:
        alias = " ".join(str(self.cleaned_data.get("alias") or "").split())
        try:
            occupation_alias_check(alias=alias, instance_id=self.instance.pk)
        except ValidationError as exc:  # the service names the field; the form knows it
            raise ValidationError(exc.messages) from exc
        return alias


@admin.register(OccupationAlias)
class OccupationAliasAdmin(ReferenceAdmin):
    """Names staff teach the occupation import, without a code change (the bundled alias
    file comes first; see docs/offer-import.md)."""

    form = OccupationAliasForm
    list_display = ["alias", "occupation", "note", "created_by", "updated_at"]
    search_fields = ["alias", "occupation__short_name", "note"]
    autocomplete_fields = ["occupation"]
    readonly_fields = ["created_by", "created_at", "updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return may_edit_occupation_aliases(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return may_edit_occupation_aliases(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return may_edit_occupation_aliases(request.user)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        occupation_alias_save(user=request.user, alias=obj)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        occupation_alias_delete(user=request.user, alias=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for alias in queryset:
            occupation_alias_delete(user=request.user, alias=alias)
