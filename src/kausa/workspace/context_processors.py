from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

from kausa.accounts.tenancy import access_for
from kausa.core.templatetags.lang_tags import NATIVE as NATIVE_NAMES
from kausa.counselling.selectors import new_request_count
from kausa.workspace.navigation import nav_for


def _in_language(path: str, current: str, code: str) -> str:
    """The same page in another language. Every page's path starts with its language and no
    path is translated (i18n_patterns, plain strings), so swapping the prefix is exact and
    costs nothing; anything else goes through Django's translate_url (resolve, reverse)."""
    prefix = f"/{current}/"
    if path.startswith(prefix):
        return f"/{code}/{path[len(prefix) :]}"
    return translate_url(path, code)


def _chrome_key(language: str, public_nav: list[dict[str, Any]]) -> str:
    current = next((str(item["name"]) for item in public_nav if item["current"]), "")
    return f"{language}|{current}"


def kausa(request: HttpRequest) -> dict[str, Any]:
    current = get_language() or settings.LANGUAGE_CODE
    path = request.get_full_path()
    switcher = [
        {
            "code": code,
            "name": NATIVE_NAMES.get(code, get_language_info(code)["name_local"]),
            "url": _in_language(path, current, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
    access = access_for(getattr(request, "user", None))
    staff_nav = nav_for(access, request.path, staff_side=True) if access.is_staff_member else []
    for item in staff_nav:
        if item["name"] == "counselling:inbox":
            # requests from the public nobody has taken on yet: the menu's badge
            item["badge"] = new_request_count(user=request.user)
    public_nav = nav_for(access, request.path, staff_side=False)
    user = getattr(request, "user", None)
    logged_in = bool(user is not None and user.is_authenticated)
    return {
        "language_switcher": switcher,
        "kausa_access": access,
        "public_nav": public_nav,
        # the menu is the same for every visitor who is not logged in, per language and
        # current entry: base.html keeps it rendered under this key ("": draw it, a user's
        # menu holds their own form token and badges)
        "chrome_key": "" if logged_in else _chrome_key(current, public_nav),
        "staff_nav": staff_nav,
        "kausa_env": settings.KAUSA_ENV,
    }
