"""Comparing names, phone numbers and e-mail addresses typed in different ways; no Django.

The duplicate finders (kausa.people.duplicates, kausa.companies.duplicates) are built on
this: a name written in Arabic or Cyrillic letters is brought into Latin letters, spellings
that differ only by transliteration habit (ou/u, ee/i, kh/h, sch/sh, j/y ...) are folded
to one form, and a consonant skeleton compares a Latin name with an Arabic-script one, whose
short vowels are not written.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping

# --- scripts -------------------------------------------------------------------------------

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e",
    "є": "ye", "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "i", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ў": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "'": "", "ʼ": "",
}  # fmt: skip

# Arabic and Persian letters; the short vowels are not written, so this is a rough form
# that the consonant skeleton compares (و and ي are vowels inside a word, consonants first).
_ARABIC = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ب": "b", "ت": "t", "ث": "th",
    "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s",
    "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f",
    "ق": "q", "ك": "k", "ک": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n", "ه": "h",
    "ة": "a", "ى": "a", "ء": "", "ئ": "i", "ؤ": "u", "پ": "p", "چ": "ch", "ژ": "zh",
    "ـ": "",
}  # fmt: skip
_ARABIC_VOWEL_LETTERS = {"و": ("w", "u"), "ي": ("y", "i"), "ی": ("y", "i")}
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed\u200c\u200d]")

_LATIN_SPECIAL = str.maketrans(
    {"ş": "sh", "ș": "sh", "ç": "ch", "ı": "i", "ß": "ss", "æ": "ae", "ø": "o", "đ": "d"}
)


def is_arabic_script(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" for ch in text)


def is_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def _arabic_word(word: str) -> str:
    word = _ARABIC_MARKS.sub("", word)
    if word.startswith("ال") and len(word) > 3:  # the article is written onto the word
        word = word[2:]
    out = []
    for i, ch in enumerate(word):
        if ch in _ARABIC_VOWEL_LETTERS:
            consonant, vowel = _ARABIC_VOWEL_LETTERS[ch]
            out.append(consonant if i == 0 else vowel)
        elif ch == "ع" and i == 0:
            out.append("a")
        else:
            out.append(_ARABIC.get(ch, ch))
    return "".join(out)


def to_latin(word: str) -> str:
    """One word in plain lower-case Latin letters a-z (Arabic, Persian, Cyrillic, Turkish,
    German and other accented letters folded)."""
    if is_arabic_script(word):
        word = _arabic_word(word)
    word = word.casefold()
    if is_cyrillic(word):
        word = "".join(_CYRILLIC.get(ch, ch) for ch in word)
    word = word.translate(_LATIN_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if "a" <= ch <= "z")


# --- spelling habits -------------------------------------------------------------------------

# Applied in this order to a word in a-z; each pair is (pattern, replacement).
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        ("dsch|dzh|dj", "j"),
        ("tsch|tch", "ch"),
        ("sch", "sh"),
        ("zh", "sh"),
        ("j", "y"),
        ("kh", "h"),
        ("gh", "g"),
        ("ph", "f"),
        ("th", "t"),
        ("dh", "d"),
        ("ck", "k"),
        ("q", "k"),
        ("c(?!h)", "k"),
        ("x", "ks"),
        ("w", "v"),
        ("ou|oo", "u"),
        ("ee|ie|iy|ii", "i"),
        ("ae", "a"),
        ("oe", "o"),
        ("ue", "u"),
        ("ey|ay|ei", "ai"),
        ("y$", "i"),
        ("(?<=[^aeiou])y(?=[^aeiou])", "i"),
        (r"(.)\1+", r"\1"),
    )
)


def fold_spelling(word: str) -> str:
    """A word in a-z with transliteration habits folded: 'Youssef' and 'Jusuf' both give
    'yusuf'-like forms, 'Schewtschenko' and 'Shevchenko' the same."""
    for pattern, replacement in _RULES:
        word = pattern.sub(replacement, word)
    return word


_SKELETON = str.maketrans({"d": "t", "z": "s", "v": "f", "p": "b"})
_VOWELS = re.compile("[aeiouy]")


def skeleton(folded: str) -> str:
    """Consonants only, voiced and voiceless pairs merged: 'muhamad' and Arabic 'mhmd' both
    'mhmt'. Compares a Latin name with one written without short vowels."""
    bare = _VOWELS.sub("", folded).translate(_SKELETON)
    return re.sub(r"(.)\1+", r"\1", bare).removesuffix("h")


# --- similarity --------------------------------------------------------------------------------


def jaro_winkler(a: str, b: str) -> float:
    """Jaro-Winkler similarity in [0, 1] (1: equal); forgiving of typos and short endings."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    window = max(len(a), len(b)) // 2 - 1
    used = [False] * len(b)
    matched_a = []
    for i, ch in enumerate(a):
        for j in range(max(0, i - window), min(len(b), i + window + 1)):
            if not used[j] and b[j] == ch:
                used[j] = True
                matched_a.append(ch)
                break
    if not matched_a:
        return 0.0
    matched_b = [b[j] for j, hit in enumerate(used) if hit]
    transpositions = sum(x != y for x, y in zip(matched_a, matched_b, strict=True)) / 2
    m = len(matched_a)
    jaro = (m / len(a) + m / len(b) + (m - transpositions) / m) / 3
    prefix = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * 0.1 * (1 - jaro)


_NEAR_VOWELS = {frozenset(p) for p in ("ae", "ei", "ou", "iy")}
_NEAR_CONSONANTS = {frozenset(p) for p in ("dt", "sz", "vf", "bp", "kg")}
_VOWEL_SET = frozenset("aeiou")


def _substitution(x: str, y: str, abjad: bool) -> float:
    if x == y:
        return 0.0
    pair = frozenset((x, y))
    if x in _VOWEL_SET and y in _VOWEL_SET:
        # a vowel letter of Arabic script (alif, waw, ya) stands for several Latin vowels
        return 0.2 if abjad else 0.3 if pair in _NEAR_VOWELS else 0.7
    return 0.5 if pair in _NEAR_CONSONANTS else 1.0


def _gaps(word: str, other_unwritten: bool) -> list[float]:
    """What leaving out each letter of ``word`` costs: a vowel less than a consonant, 'h'
    (often silent: Sarah/Sara) in between; a short vowel inside a word costs almost
    nothing when the other word is in a script that does not write short vowels."""
    costs = []
    for i, ch in enumerate(word):
        if ch in _VOWEL_SET:
            inside = 0 < i < len(word) - 1
            costs.append(0.1 if other_unwritten and inside else 0.5)
        else:
            costs.append(0.4 if ch == "h" else 1.0)
    return costs


def vowel_similarity(
    a: str, b: str, *, unwritten_a: bool = False, unwritten_b: bool = False
) -> float:
    """Similarity in [0, 1] from an edit distance where vowels count less than consonants
    and two swapped letters count as one slip: 'mohamed'/'muhamad' are close, 'hasan'/
    'husain' less so, 'rania'/'laila' not. ``unwritten_a``: ``a`` comes from a script that
    leaves short vowels out (Arabic), so vowels inside ``b`` that ``a`` lacks cost little."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    abjad = unwritten_a or unwritten_b
    gap_a, gap_b = _gaps(a, unwritten_b), _gaps(b, unwritten_a)
    before: list[float] = []
    previous = [0.0]
    for cost in gap_b:
        previous.append(previous[-1] + cost)
    for i, x in enumerate(a, start=1):
        current = [previous[0] + gap_a[i - 1]]
        for j, y in enumerate(b, start=1):
            best = min(
                previous[j - 1] + _substitution(x, y, abjad),
                previous[j] + gap_a[i - 1],
                current[j - 1] + gap_b[j - 1],
            )
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y and x != y:
                best = min(best, before[j - 2] + 0.6)
            current.append(best)
        before, previous = previous, current
    return max(0.0, 1 - previous[-1] / max(len(a), len(b)))


# --- contact data -------------------------------------------------------------------------------


def phone_key(phone: str, *, country: str = "49") -> str:
    """Digits of a phone number in one national form: '+49 (0)151 234-56 78', '0049 151
    2345678' and '0151/2345678' all give '01512345678'. Empty for fewer than 6 digits."""
    text = phone.strip().replace("(0)", "")
    digits = re.sub(r"\D", "", text)
    if text.startswith("+"):
        digits = "00" + digits
    if digits.startswith("00" + country):
        digits = "0" + digits[2 + len(country) :]
    elif digits.startswith(country) and not text.startswith("0") and len(digits) > 10:
        digits = "0" + digits[len(country) :]
    return digits if len(digits) >= 6 else ""


def email_key(email: str) -> str:
    """An e-mail address as one mailbox: case ignored, '+tags' dropped, googlemail=gmail."""
    email = email.strip().casefold()
    local, at, domain = email.rpartition("@")
    if not at or not local or not domain:
        return ""
    local = local.split("+", 1)[0]
    if domain == "googlemail.com":
        domain = "gmail.com"
    if domain == "gmail.com":
        local = local.replace(".", "")
    return f"{local}@{domain}"


# --- blocking ----------------------------------------------------------------------------------


def pairs_from_blocks(
    keys: Mapping[int, Iterable[str]], *, max_block: int = 200
) -> tuple[set[tuple[int, int]], list[str]]:
    """The pairs of ids that share at least one key (smaller id first), instead of all
    n²/2 pairs; blocks larger than ``max_block`` are too unspecific to compare and are
    returned by key so that a caller can say so."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for record_id, record_keys in keys.items():
        for key in set(record_keys):
            blocks[key].append(record_id)
    pairs: set[tuple[int, int]] = set()
    skipped = []
    for key, ids in blocks.items():
        if len(ids) < 2:
            continue
        if len(ids) > max_block:
            skipped.append(key)
            continue
        ids.sort()
        pairs.update((a, b) for n, a in enumerate(ids) for b in ids[n + 1 :])
    return pairs, skipped
