"""Writes of companies and offers, one module per use: companies (staff and imports), offers
(staff pages), imports (an office's feed, the shared catalogue) and the pipeline. Callers import
from here."""

from __future__ import annotations

from kausa.companies.services.companies import (
    CompanyChanges,
    company_create,
    company_create_by_staff,
    company_search_text,
    company_update,
)
from kausa.companies.services.duplicates import (
    COMPANY_MERGE_EMPTY,
    COMPANY_MERGE_FIELDS,
    CompanyCheck,
    companies_lock_for_merge,
    company_duplicate_dismiss,
    company_duplicates_check,
    company_merge,
)
from kausa.companies.services.imports import (
    ImportedOffer,
    OfferImportCounts,
    offers_upsert_from_import,
)
from kausa.companies.services.offers import (
    STAFF_SOURCE,
    OfferChanges,
    offer_create,
    offer_fill_place,
    offer_mark_filled,
    offer_update,
    offer_withdraw,
)
from kausa.companies.services.pipeline import (
    pipeline_move,
    pipeline_reach,
    pipeline_start,
    pipeline_update_checklist,
)

__all__ = [
    "COMPANY_MERGE_EMPTY",
    "COMPANY_MERGE_FIELDS",
    "STAFF_SOURCE",
    "CompanyChanges",
    "CompanyCheck",
    "ImportedOffer",
    "OfferChanges",
    "OfferImportCounts",
    "companies_lock_for_merge",
    "company_create",
    "company_create_by_staff",
    "company_duplicate_dismiss",
    "company_duplicates_check",
    "company_merge",
    "company_search_text",
    "company_update",
    "offer_create",
    "offer_fill_place",
    "offer_mark_filled",
    "offer_update",
    "offer_withdraw",
    "offers_upsert_from_import",
    "pipeline_move",
    "pipeline_reach",
    "pipeline_start",
    "pipeline_update_checklist",
]
