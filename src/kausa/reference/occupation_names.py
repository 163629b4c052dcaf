"""Occupations in the languages of the site: names, descriptions and search keys.

The German short name stays the official name; the names in other languages are the ones
young people know from home, so that they find and recognise the occupation. They come from
data/occupation_names.csv (every recognised occupation), the plain-language descriptions
from data/occupation_descriptions.csv (the common ones); `kausa load-reference` stores both
on the Occupation rows. Labels for a bare short name (a public offer dict) come from a
per-process table of those rows, cleared by the loader (restart other workers after a load).
"""

from __future__ import annotations

import threading
from typing import Any

from kausa.core.text import search_key

LANGUAGES = ("en", "ar", "fa", "tr", "uk", "ru")
"""Languages with a name for every occupation (German is the short name itself)."""
TEXT_LANGUAGES = ("de", *LANGUAGES)
"""Languages of the descriptions and of the occupation groups."""

# Letters typed in several ways: Arabic/Persian yeh and kaf, teh marbuta, Turkish dotless i.
_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ı": "i"})
# Joiners and separators that people type or leave out ("برق‌کار", "برق کار", "برقکار").
_DROP = dict.fromkeys(map(ord, " \t\u200c\u200d\u0640-'’ʼ"), None)


def base_language(language: str | None) -> str:
    """'ar-SY' -> 'ar'; None -> 'de'."""
    return (language or "de").replace("_", "-").split("-")[0].lower()


def name_key(text: str) -> str:
    """A search key for a translated name: kausa.core.text.search_key, the Arabic-script and
    Turkish letters folded to one form, without spaces, hyphens and joiners."""
    return search_key(text).translate(_FOLD).translate(_DROP)


def names_search_text(names: dict[str, str]) -> str:
    """'|key|key|' of every name (the Occupation.names_search column)."""
    keys = sorted({name_key(name) for name in names.values() if name_key(name)})
    return f"|{'|'.join(keys)}|" if keys else ""


# --- labels and descriptions ----------------------------------------------------------------

_table: dict[str, tuple[dict[str, str], dict[str, str]]] = {}
_table_lock = threading.Lock()


def _texts_by_short_name() -> dict[str, tuple[dict[str, str], dict[str, str]]]:
    """short name -> (names, descriptions), read once per process (not cached while empty)."""
    if not _table:
        from kausa.reference.models import Occupation

        with _table_lock:
            if not _table:
                rows = Occupation.objects.values_list("short_name", "names", "descriptions")
                _table.update({short: (names, texts) for short, names, texts in rows})
    return _table


def texts_clear() -> None:
    """Forget the table (after `kausa load-reference`)."""
    with _table_lock:
        _table.clear()


def _texts(occupation: Any) -> tuple[str, dict[str, str], dict[str, str]]:
    """(short name, names, descriptions) of an Occupation, a public offer dict's occupation
    or a plain short name."""
    if isinstance(occupation, str):
        short_name = occupation
    elif isinstance(occupation, dict):
        short_name = str(occupation.get("short_name", ""))
    else:
        short_name = str(getattr(occupation, "short_name", "") or "")
        names = getattr(occupation, "names", None)
        descriptions = getattr(occupation, "descriptions", None)
        if isinstance(names, dict) and isinstance(descriptions, dict):
            return short_name, names, descriptions
    names, descriptions = _texts_by_short_name().get(short_name, ({}, {}))
    return short_name, names, descriptions


def occupation_label(occupation: Any, language: str | None) -> str:
    """The occupation's name in `language` ("ar", "ar-SY", ...), else its German short name."""
    short_name, names, _descriptions = _texts(occupation)
    return names.get(base_language(language)) or short_name


def occupation_description(occupation: Any, language: str | None) -> tuple[str, str]:
    """(description, its language): in `language` if there is one, else German, else ('', '')."""
    _short_name, _names, descriptions = _texts(occupation)
    for code in (base_language(language), "de"):
        if descriptions.get(code):
            return descriptions[code], code
    return "", ""
