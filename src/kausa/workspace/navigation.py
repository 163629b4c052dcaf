"""The site's navigation: entries appear once their app provides the URL."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kausa.accounts.tenancy import Access


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    needs: str = "public"  # public | staff | personal | figures


PUBLIC = [
    NavItem("matching:offer_search", _("Apprenticeships")),
    NavItem("jobwalk:public_index", _("JOBWALK")),
    NavItem("events:public_list", _("Events")),
    NavItem("network:directory", _("Company network")),
    NavItem("network:story_list", _("Success stories")),
]
STAFF = [
    NavItem("workspace:staff_home", _("Overview"), "staff"),
    NavItem("counselling:case_list", _("Cases"), "personal"),
    NavItem("people:list", _("Young people"), "personal"),
    NavItem("companies:list", _("Companies"), "personal"),
    NavItem("companies:pipeline", _("Pipeline"), "personal"),
    NavItem("counselling:search", _("Search"), "personal"),
    NavItem("events:staff_list", _("Events"), "staff"),
    NavItem("jobwalk:staff_tour_list", _("Tours"), "staff"),
    NavItem("network:staff_profiles", _("Network"), "staff"),
    NavItem("reporting:figures", _("Figures"), "figures"),
    NavItem("privacy:audit_log", _("Audit log"), "admin"),
    NavItem("accounts:security", _("Login security"), "staff"),
]


def _allowed(item: NavItem, access: Access) -> bool:
    if item.needs == "public":
        return True
    if item.needs == "personal":
        return bool(access.personal_data_orgs) or access.is_superuser
    if item.needs == "admin":
        return bool(access.admin_orgs) or access.is_superuser
    if item.needs == "figures":
        return bool(access.figure_orgs) or access.is_superuser
    return access.is_staff_member


def nav_for(access: Access, current_path: str, *, staff_side: bool) -> list[dict[str, object]]:
    items = STAFF if staff_side else PUBLIC
    result: list[dict[str, object]] = []
    for item in items:
        if not _allowed(item, access):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue  # the app does not offer this page (yet)
        current = current_path == url or (
            url.count("/") > 2
            and current_path.startswith(url)
            and url != reverse("workspace:staff_home")
        )
        result.append({"url": url, "label": item.label, "current": current})
    return result
