"""Admin of the network app, scoped to the user's offices (core.admin.TenantScopedAdmin).

Files (logos, photos, pictures, toolkit files) are read-only here: uploads go through the
staff pages, whose services check size and type by content.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Field, Model, URLField
from django.http import HttpRequest

from kausa.accounts.admin_base import TenantScopedAdmin as BaseTenantScopedAdmin
from kausa.network import models

HTTPS_URLS: dict[type[Field[Any, Any]], dict[str, Any]] = {URLField: {"assume_scheme": "https"}}


class TenantScopedAdmin(BaseTenantScopedAdmin):
    formfield_overrides = HTTPS_URLS


class PortraitInline(admin.StackedInline):
    model = models.Portrait
    extra = 0


class ShowcaseInline(admin.TabularInline):
    model = models.ShowcaseParticipation
    extra = 0
    raw_id_fields = ["event"]


@admin.register(models.Network)
class NetworkAdmin(TenantScopedAdmin):
    list_display = ["name", "organisation", "state"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(models.NetworkProfile)
class NetworkProfileAdmin(TenantScopedAdmin):
    list_display = ["company", "network", "consent_given_at", "consent_withdrawn_at"]
    list_filter = ["network"]
    search_fields = ["company__name"]
    raw_id_fields = ["company"]
    filter_horizontal = ["languages", "occupations"]
    readonly_fields = [
        "logo",
        "consent_given_at",
        "consent_withdrawn_at",
        "consent_text_version",
        "consent_language",
    ]
    inlines = [PortraitInline, ShowcaseInline]


@admin.register(models.Award)
class AwardAdmin(TenantScopedAdmin):
    list_display = ["name", "organisation"]
    prepopulated_fields = {"slug": ["name"]}


class CategoryInline(admin.TabularInline):
    model = models.Category
    extra = 0


class CriterionInline(admin.TabularInline):
    model = models.Criterion
    extra = 0


class JurorInline(admin.TabularInline):
    model = models.JurorAssignment
    extra = 0
    raw_id_fields = ["user"]


@admin.register(models.Edition)
class EditionAdmin(TenantScopedAdmin):
    list_display = ["award", "year", "nomination_opens", "nomination_closes", "scoring_closed_at"]
    raw_id_fields = ["ceremony", "results_story"]
    readonly_fields = ["scoring_closed_at", "results_published_at"]
    inlines = [CategoryInline, CriterionInline, JurorInline]


class ConflictInline(admin.TabularInline):
    model = models.ConflictDeclaration
    extra = 0
    can_delete = False
    readonly_fields = ["juror", "reason", "declared_at"]

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ScoreInline(admin.TabularInline):
    """Scores are the jurors' own; the admin shows them, never edits them."""

    model = models.Score
    extra = 0
    can_delete = False
    readonly_fields = ["juror", "criterion", "points", "updated_at"]

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(models.Nomination)
class NominationAdmin(TenantScopedAdmin):
    list_display = ["company_name", "edition", "category", "status", "place"]
    list_filter = ["status", "edition"]
    raw_id_fields = ["company", "screened_by"]
    readonly_fields = ["place"]
    inlines = [ConflictInline, ScoreInline]


class AmbassadorStoryInline(admin.StackedInline):
    model = models.AmbassadorStory
    extra = 0


@admin.register(models.Ambassador)
class AmbassadorAdmin(TenantScopedAdmin):
    list_display = ["first_name", "occupation", "status", "consent_given_at"]
    raw_id_fields = ["occupation"]
    filter_horizontal = ["languages"]
    readonly_fields = ["photo", "consent_given_at", "consent_withdrawn_at"]
    inlines = [AmbassadorStoryInline]


@admin.register(models.VisitRequest)
class VisitRequestAdmin(TenantScopedAdmin):
    list_display = ["school", "created_at", "ambassador"]
    raw_id_fields = ["ambassador", "follow_up"]
    filter_horizontal = ["languages"]


@admin.register(models.Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]


class MaterialVersionInline(admin.TabularInline):
    model = models.MaterialVersion
    extra = 0
    formfield_overrides = HTTPS_URLS
    readonly_fields = ["file", "file_type"]


@admin.register(models.Material)
class MaterialAdmin(TenantScopedAdmin):
    list_display = ["title", "format", "audience", "is_public"]
    filter_horizontal = ["topics"]
    inlines = [MaterialVersionInline]


class MaterialDownloadInline(admin.TabularInline):
    model = models.MaterialDownload
    extra = 0
    can_delete = False
    readonly_fields = ["day", "count"]

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(models.MaterialVersion)
class MaterialVersionAdmin(TenantScopedAdmin):
    tenant_field = "material__organisation"
    list_display = ["material", "language"]
    readonly_fields = ["file", "file_type"]
    inlines = [MaterialDownloadInline]


class StoryTagInline(admin.TabularInline):
    model = models.StoryTag
    extra = 0


class StoryTranslationInline(admin.StackedInline):
    model = models.StoryTranslation
    extra = 0


class StoryImageInline(admin.TabularInline):
    model = models.StoryImage
    extra = 0
    readonly_fields = ["file", "file_type"]

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # pictures are added on the staff page, where they are checked


@admin.register(models.Story)
class StoryAdmin(TenantScopedAdmin):
    list_display = ["__str__", "organisation", "state", "status", "published_at"]
    list_filter = ["status", "state"]
    readonly_fields = ["author"]
    inlines = [StoryTagInline, StoryTranslationInline, StoryImageInline]
