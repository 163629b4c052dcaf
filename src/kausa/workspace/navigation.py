"""The site's navigation: entries appear once their app provides the URL, and only to whom
the page would open."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kausa.accounts.permissions import view_allows
from kausa.accounts.tenancy import Access


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise


PUBLIC = [
    NavItem("matching:offer_search", _("Apprenticeships")),
    NavItem("jobwalk:public_index", _("JOBWALK")),
    NavItem("events:public_list", _("Events")),
    NavItem("network:directory", _("Company network")),
    NavItem("network:story_list", _("Success stories")),
]
# Who sees an entry is decided by the permission decorator of its page (view_allows): a
# partner sees "Cases" (the cases handed over to them), a coordinator no "Network".
STAFF = [
    NavItem("workspace:staff_home", _("Overview")),
    NavItem("counselling:inbox", _("Inbox")),
    NavItem("counselling:case_list", _("Cases")),
    NavItem("people:list", _("Young people")),
    NavItem("companies:list", _("Companies")),
    NavItem("companies:pipeline", _("Pipeline")),
    NavItem("counselling:search", _("Search")),
    NavItem("events:staff_list", _("Events")),
    NavItem("jobwalk:staff_tour_list", _("Tours")),
    NavItem("network:staff_profiles", _("Network")),
    NavItem("reporting:figures", _("Figures")),
    NavItem("privacy:audit_log", _("Audit log")),
    NavItem("accounts:security", _("Login security")),
]


@lru_cache(maxsize=64)
def _view_of(url_name: str) -> Callable[..., Any] | None:
    """The view behind a menu entry; None when the app does not offer the page (yet)."""
    try:
        return resolve(reverse(url_name)).func
    except (NoReverseMatch, Resolver404):
        return None


def nav_for(access: Access, current_path: str, *, staff_side: bool) -> list[dict[str, object]]:
    items = STAFF if staff_side else PUBLIC
    home = reverse("workspace:staff_home")
    result: list[dict[str, object]] = []
    for item in items:
        view = _view_of(item.url_name)
        if view is None or not view_allows(view, access):
            continue
        url = reverse(item.url_name)
        current = current_path == url or (
            url.count("/") > 2 and current_path.startswith(url) and url != home
        )
        result.append({"name": item.url_name, "url": url, "label": item.label, "current": current})
    return result
