from django.contrib import admin

from kausa.accounts.admin_base import TenantScopedAdmin
from kausa.people.models import Consent, DuplicateCandidate, Parent, YoungPerson


@admin.register(YoungPerson)
class YoungPersonAdmin(TenantScopedAdmin):
    list_display = [
        "last_name",
        "first_name",
        "postal_code",
        "german_level",
        "certificate",
        "organisation",
    ]
    search_fields = ["last_name", "first_name", "email", "postal_code__code"]
    list_filter = ["german_level", "certificate", "organisation"]
    autocomplete_fields = ["postal_code", "languages", "occupations_of_interest"]
    list_select_related = ["postal_code", "organisation"]
    exclude = ["search_text"]


@admin.register(Parent)
class ParentAdmin(TenantScopedAdmin):
    list_display = ["last_name", "first_name", "preferred_language", "organisation"]
    search_fields = ["last_name", "first_name", "email"]
    list_filter = ["organisation"]
    autocomplete_fields = ["languages", "preferred_language", "children"]
    list_select_related = ["preferred_language", "organisation"]


@admin.register(Consent)
class ConsentAdmin(TenantScopedAdmin):
    list_display = ["purpose", "young_person", "parent", "recipient", "given_at", "withdrawn_at"]
    list_filter = ["purpose", "organisation"]
    search_fields = ["young_person__last_name", "parent__last_name"]
    raw_id_fields = ["young_person", "parent"]
    list_select_related = ["young_person", "parent", "recipient"]


@admin.register(DuplicateCandidate)
class DuplicateCandidateAdmin(TenantScopedAdmin):
    """What the nightly duplicate check found; advisors decide on the staff pages."""

    list_display = ["person_a", "person_b", "score", "status", "organisation", "updated_at"]
    list_filter = ["status", "organisation"]
    raw_id_fields = ["person_a", "person_b", "decided_by"]
    readonly_fields = ["score", "reasons"]
    list_select_related = ["person_a", "person_b", "organisation"]
