from django.contrib import admin

from kausa.accounts.admin_base import ReferenceAdmin
from kausa.reference.models import District, KldbGroup, Language, Occupation, PostalCode


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
    search_fields = ["name", "short_name", "search_text"]
    list_filter = ["chamber", "sector", "is_common", "regulation"]


@admin.register(Language)
class LanguageAdmin(ReferenceAdmin):
    list_display = ["code", "name_de", "native_name", "rtl"]
    search_fields = ["code", "name_de", "name_en", "native_name"]
    list_filter = ["rtl"]
