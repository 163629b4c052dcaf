"""Text helpers without Django: search keys that ignore case and accents."""

from __future__ import annotations

import unicodedata

_GERMAN = str.maketrans({"ß": "ss", "ä": "a", "ö": "o", "ü": "u"})


def search_key(text: str) -> str:
    """Lower-case, accent-free form: 'Kfz-Mechatroniker/in' -> 'kfz-mechatroniker/in'.

    Umlauts fold to the bare vowel so that 'Backer' and 'Bäcker' meet.
    """
    folded = text.casefold().translate(_GERMAN)
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()
