"""Finding young people entered twice: an engine without Django.

Two records are compared on their names (Arabic, Persian, Turkish and Cyrillic names in
the spellings they come in: Mohammed/Muhammad/Mohamed, Yousef/Yusuf, Hussein/Husain,
Abdul/Abdel, El-/Al-, Arabic and Cyrillic letters; first and last name swapped; typos),
date of birth (also with day and month swapped), phone and e-mail. Each comparison adds
evidence for or against (a weight in log-odds, as in Fellegi-Sunter record linkage); the
sum gives a score between 0 and 1 and the reasons a person can check.

Not every pair is compared: records are grouped by keys (birth year with a name's sound,
the whole name's sound, phone, e-mail, date of birth) and only records that share a key
are scored (blocking). kausa.people.services stores the keys a new record is looked up by.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import permutations

from kausa.core.fuzzy import (
    email_key,
    fold_spelling,
    is_arabic_script,
    pairs_from_blocks,
    phone_key,
    skeleton,
    to_latin,
    vowel_similarity,
)

# Scores from here count as "probably the same person" (see docs/duplicates.md: measured).
THRESHOLD = 0.6

# Reasons, as codes the pages translate (kausa.workspace shows them).
NAME_SAME = "name_same"
NAME_VARIANT = "name_variant"  # spellings or scripts of the same name
NAME_SIMILAR = "name_similar"  # a typo or two
NAME_SWAPPED = "name_swapped"  # first and last name swapped
FIRST_NAME_DIFFERS = "first_name_differs"
LAST_NAME_DIFFERS = "last_name_differs"
BIRTH_DATE_SAME = "birth_date_same"
BIRTH_DATE_SWAPPED = "birth_date_swapped"  # day and month swapped
BIRTH_DATE_CLOSE = "birth_date_close"  # one digit apart
BIRTH_DATE_DIFFERS = "birth_date_differs"
PHONE_SAME = "phone_same"
EMAIL_SAME = "email_same"

# Spellings of one name that the spelling rules (kausa.core.fuzzy.fold_spelling) do not
# bring together; each folded form -> the group's form.
_VARIANT_GROUPS = (
    ("muhamad", "mohamad", "mohamed", "muhamed", "mohamet", "muhamet", "mohammad", "mehmet"),
    ("ahmad", "ahmed", "ahmet", "ahmat"),
    ("yusuf", "yusef", "yosef", "yusif", "yosif", "yosuf"),
    ("husain", "husein", "husen", "hosain", "hosein", "hosen", "husin"),
    ("mustafa", "mostafa", "mustafah"),
    ("umar", "omar", "omer", "umer"),
    ("usman", "osman", "utman", "otman"),
    ("ibrahim", "ebrahim", "ibrahem", "ebrahem", "ibraim"),
    ("mahmud", "mahmod", "mahmut"),
    ("halid", "haled", "halit"),
    ("hamid", "hamed", "hamit"),
    ("said", "saaid", "saiid", "sayid", "saed", "saeid"),
    ("aisha", "aysha", "aysa", "aisa", "ayse", "aise", "aishe"),
    ("yasin", "yasine", "yassin"),
    ("yunus", "yunis", "yunes", "younes"),
    ("ismail", "esmail", "ismael", "ismayil"),
    ("nur", "nor"),
    ("sainab", "sainap", "sanab", "seinab"),
    ("fatima", "fatma", "fatme", "fatema", "fateme", "fatemeh", "fatimah"),
    ("maryam", "mariam", "meryem", "miriam", "mariyam"),
    ("layla", "laila", "leila", "laylah", "leyla"),
    ("hasan", "hassan"),
    ("ali", "aly"),
    ("olaksandr", "oleksandr", "aleksandr", "alaksandr", "oleksander", "aleksander"),
    ("andri", "andrei", "andrai", "andrey", "andrii"),
    ("dmitro", "dmitri", "dmytro", "dmitriy"),
)
VARIANTS = {
    fold_spelling(spelling): fold_spelling(group[0])
    for group in _VARIANT_GROUPS
    for spelling in group
}
# Articles and particles that come and go between records: Al-Hassan / Hassan, bin Said.
PARTICLES = frozenset({"al", "el", "ul", "bin", "ben", "ibn", "bint", "von", "van", "der", "de"})
_ABD = ("abdul", "abdel", "abdal", "abdol", "abdu", "abd")


@dataclass(frozen=True)
class Token:
    """One part of a name: folded spelling (a known name as its group's form), consonant
    skeleton, whether it was written without short vowels (Arabic letters), and other
    forms to try: the spelling before grouping, without a joined article ('Alahmad')."""

    folded: str
    skeleton: str
    abjad: bool
    others: tuple[str, ...] = ()


def _abd_split(word: str) -> tuple[str, str] | None:
    """'abdullah' -> ('abd', 'lah'): the 'servant of' prefix in its spellings."""
    for prefix in _ABD:
        if word.startswith(prefix) and len(word) > len(prefix) + 1:
            return "abd", word[len(prefix) :]
    return None


def name_tokens(text: str) -> list[Token]:
    """The parts of a name, folded: 'Abdel-Rahman Al-Hassan' and 'عبد الرحمن الحسن' give
    the same parts."""
    tokens: list[Token] = []
    pending_abd = False
    for raw in text.replace("-", " ").replace("'", " ").replace("’", " ").split():
        abjad = is_arabic_script(raw)
        latin = to_latin(raw)
        if not latin or latin in PARTICLES:
            continue
        if latin in _ABD:
            pending_abd = True
            continue
        split = _abd_split(latin)
        spelled = "abd" + fold_spelling(split[1]) if split else fold_spelling(latin)
        if pending_abd:
            spelled, pending_abd = "abd" + spelled, False
        folded = VARIANTS.get(spelled, spelled)
        others = {spelled} - {folded}
        if latin[:2] in ("al", "el") and len(latin) > 5:  # an article written onto the name
            bare = fold_spelling(latin[2:])
            others |= {bare, VARIANTS.get(bare, bare)}
        tokens.append(Token(folded, skeleton(folded), abjad, tuple(sorted(others))))
    if pending_abd:
        tokens.append(Token("abd", "bt", False))
    return tokens


# Different names that spelling rules would bring too close.
DISTINCT = frozenset(
    frozenset(fold_spelling(name) for name in pair)
    for pair in (
        ("hasan", "husain"),
        ("said", "sad"),
        ("karim", "karima"),
        ("amin", "amina"),
        ("samir", "samira"),
        ("ahmad", "hamid"),
        ("ahmad", "mahmud"),
        ("muhamad", "mahmud"),
        ("muhamad", "hamid"),
        ("amir", "umar"),
        ("amir", "amira"),
        ("nur", "nura"),
    )
)


def token_similarity(a: Token, b: Token) -> float:
    if a.folded == b.folded:
        return 1.0
    best = _similarity(a.folded, a.abjad, b.folded, b.abjad)
    if a.others or b.others:
        for x in (a.folded, *a.others):
            for y in (b.folded, *b.others):
                best = max(best, _similarity(x, a.abjad, y, b.abjad))
    return best


@lru_cache(maxsize=65536)
def _similarity(a: str, a_abjad: bool, b: str, b_abjad: bool) -> float:
    """Names repeat a lot in an office: each pair of spellings is worked out once."""
    if a == b:
        return 1.0
    if frozenset((a, b)) in DISTINCT:
        return 0.5
    return vowel_similarity(
        a, b, unwritten_a=a_abjad and not b_abjad, unwritten_b=b_abjad and not a_abjad
    )


MAX_PARTS = 5  # parts of a name compared (every pairing is tried)


def _best_pairing(a: Sequence[Token], b: Sequence[Token]) -> tuple[list[float], int]:
    """The similarities of the best pairing of the shorter name's parts with the longer
    name's, and how many parts of the longer one were left over."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    short, long = short[:MAX_PARTS], long[:MAX_PARTS]
    table = [[token_similarity(x, y) for y in long] for x in short]
    best = max(
        permutations(range(len(long)), len(short)),
        key=lambda chosen: sum(table[i][j] for i, j in enumerate(chosen)),
    )
    return [table[i][j] for i, j in enumerate(best)], len(long) - len(short)


def parts_similarity(a: Sequence[Token], b: Sequence[Token]) -> float | None:
    """Similarity of two names of one or more parts: each part of the shorter name with its
    partner; a part the other name lacks (a second first name) costs a little."""
    if not a or not b:
        return None
    similarities, left_over = _best_pairing(a, b)
    return sum(similarities) / len(similarities) * (1 - 0.04 * left_over)


@dataclass(frozen=True)
class PersonRecord:
    """What the finder needs of a person; ``id`` is the database id."""

    id: int
    first_name: str
    last_name: str
    birth_date: dt.date | None = None
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Prepared:
    record: PersonRecord
    first: tuple[Token, ...]
    last: tuple[Token, ...]
    phone: str
    email: str
    raw_name: str

    @property
    def id(self) -> int:
        return self.record.id


def prepare(record: PersonRecord) -> Prepared:
    return Prepared(
        record,
        tuple(name_tokens(record.first_name)),
        tuple(name_tokens(record.last_name)),
        phone_key(record.phone),
        email_key(record.email),
        " ".join(f"{record.first_name} {record.last_name}".casefold().split()),
    )


@dataclass(frozen=True)
class Match:
    """A pair of records with its score in [0, 1] and the reasons."""

    a: int
    b: int
    score: float
    reasons: tuple[str, ...] = field(default=())


# --- the evidence ------------------------------------------------------------------------------

PRIOR = -4.0  # log-odds before looking: most pairs that share a key are different people


def _part_weight(similarity: float, rarity: float) -> float:
    """Evidence of one name part; ``rarity`` (0..1) lowers the agreement of common names."""
    if similarity >= 0.95:
        return 1.5 + 1.0 * rarity
    if similarity >= 0.88:
        return 1.2 + 0.6 * rarity
    if similarity >= 0.8:
        return 0.6
    if similarity >= 0.72:
        return -1.5
    return -9.0  # another name: twins and siblings share everything else


def _rarity(tokens: Sequence[Token], frequency: Counter[str] | None, total: int) -> float:
    """Near 1 for a name part that few records have, lower for common ones: agreeing on
    'Mohammed' says less than agreeing on a rare name (log of the chance to agree by
    coincidence, as Fellegi-Sunter's u-probability)."""
    if not frequency or not total or not tokens:
        return 1.0
    share = max(min(frequency[t.folded] for t in tokens), 1) / total
    return max(0.0, min(1.0, math.log(0.9 / share) / 7))


@dataclass
class _Names:
    weight: float
    reasons: tuple[str, ...]


def _name_evidence(a: Prepared, b: Prepared, frequency: Counter[str] | None, total: int) -> _Names:
    # the commoner spelling counts: 'محمد' is rare as written, 'Mohammed' is not
    first_r = min(_rarity(a.first, frequency, total), _rarity(b.first, frequency, total))
    last_r = min(_rarity(a.last, frequency, total), _rarity(b.last, frequency, total))
    options: list[tuple[float, tuple[str, ...], float, float]] = []
    for swapped, (x1, y1, x2, y2) in enumerate(
        ((a.first, b.first, a.last, b.last), (a.first, b.last, a.last, b.first))
    ):
        first = parts_similarity(x1, y1)
        last = parts_similarity(x2, y2)
        if first is None or last is None:
            continue
        weight = _part_weight(first, first_r) + _part_weight(last, last_r) - 0.3 * swapped
        options.append((weight, (NAME_SWAPPED,) if swapped else (), first, last))
    if a.first + a.last and b.first + b.last:  # the parts split differently between the fields
        parts, left_over = _best_pairing(a.first + a.last, b.first + b.last)
        rarity = min(first_r, last_r)
        mean = sum(_part_weight(s, rarity) for s in parts) / len(parts)
        weight = 2 * mean - 0.6 - 0.2 * left_over
        options.append((weight, (), min(parts), min(parts)))
    if not options:
        return _Names(0.0, ())
    weight, reasons, first, last = max(options, key=lambda option: option[0])
    if a.raw_name == b.raw_name:
        return _Names(weight, (NAME_SAME,))
    if min(first, last) >= 0.95:
        reasons += (NAME_VARIANT,)
    elif min(first, last) >= 0.8:
        reasons += (NAME_SIMILAR,)
    if first < 0.72:
        reasons += (FIRST_NAME_DIFFERS,)
    if last < 0.72:
        reasons += (LAST_NAME_DIFFERS,)
    return _Names(weight, reasons)


def _one_digit_apart(a: dt.date, b: dt.date) -> bool:
    x, y = a.strftime("%Y%m%d"), b.strftime("%Y%m%d")
    return sum(p != q for p, q in zip(x, y, strict=True)) == 1


def _birth_evidence(a: dt.date | None, b: dt.date | None) -> tuple[float, tuple[str, ...]]:
    if a is None or b is None:
        return 0.0, ()
    if a == b:
        return 4.0, (BIRTH_DATE_SAME,)
    if a.year == b.year and a.day == b.month and a.month == b.day:
        return 2.5, (BIRTH_DATE_SWAPPED,)
    if _one_digit_apart(a, b):
        return -0.5, (BIRTH_DATE_CLOSE,)
    return -5.0, (BIRTH_DATE_DIFFERS,)


NAME_MOST = 2 * (1.5 + 1.0)  # the most two agreeing name parts can add


def score_pair(
    a: Prepared,
    b: Prepared,
    *,
    frequency: Counter[str] | None = None,
    total: int = 0,
    at_least: float = 0.0,
) -> Match | None:
    """The score of two prepared records; ``frequency`` of name parts (folded) over
    ``total`` records makes common names count for less. None when the score stays below
    ``at_least`` whatever the names say (the names, the slow part, are then not compared)."""
    weight, reasons = _other_evidence(a, b)
    if at_least > 0 and PRIOR + weight + NAME_MOST < math.log(at_least / (1 - at_least)):
        return None
    names = _name_evidence(a, b, frequency, total)
    weight += PRIOR + names.weight
    score = 1 / (1 + math.exp(-weight))
    return Match(a.id, b.id, round(score, 3), names.reasons + reasons)


def _other_evidence(a: Prepared, b: Prepared) -> tuple[float, tuple[str, ...]]:
    weight, reasons = _birth_evidence(a.record.birth_date, b.record.birth_date)
    if a.phone and b.phone:
        weight += 3.0 if a.phone == b.phone else -0.5
        reasons += (PHONE_SAME,) if a.phone == b.phone else ()
    if a.email and b.email:
        weight += 3.5 if a.email == b.email else -0.5
        reasons += (EMAIL_SAME,) if a.email == b.email else ()
    return weight, reasons


def score_people(a: PersonRecord, b: PersonRecord) -> Match:
    return score_pair(prepare(a), prepare(b)) or Match(a.id, b.id, 0.0)  # never None here


# --- keys -----------------------------------------------------------------------------------------


def name_key(first_name: str, last_name: str) -> str:
    """The sound of the whole name, order ignored ('Ali Mohammed' = 'Mohamed Ali'): stored
    with each person so that a new record finds its look-alikes by an index."""
    tokens = name_tokens(f"{first_name} {last_name}")
    return " ".join(sorted(t.skeleton or t.folded for t in tokens))[:120]


@dataclass(frozen=True)
class MatchKeys:
    """What a person's row stores to be found by a new record (YoungPerson.match_*)."""

    name: str
    phone: str
    email: str


def match_keys(first_name: str, last_name: str, phone: str, email: str) -> MatchKeys:
    return MatchKeys(name_key(first_name, last_name), phone_key(phone)[:40], email_key(email))


def blocking_keys(person: Prepared) -> set[str]:
    """The keys a record is grouped by; two records are compared when they share one."""
    record = person.record
    keys = set()
    tokens = person.first + person.last
    if tokens:
        keys.add("n:" + " ".join(sorted(t.skeleton or t.folded for t in tokens)))
    if record.birth_date is not None:
        born = record.birth_date
        keys.add(f"d:{born.year}-{min(born.month, born.day)}-{max(born.month, born.day)}")
        keys.update(f"y:{born.year}:{t.skeleton or t.folded}" for t in tokens)
    if person.first and person.last:  # a typo in one name part, no date of birth
        keys.update(f"l:{t.skeleton or t.folded}:{person.first[0].folded[0]}" for t in person.last)
        keys.update(f"l:{t.skeleton or t.folded}:{person.last[0].folded[0]}" for t in person.first)
    if person.phone:
        keys.add("p:" + person.phone)
    if person.email:
        keys.add("e:" + person.email)
    return keys


# --- finding -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    matches: list[Match]
    compared: int
    skipped_blocks: list[str]


def _frequency(people: Iterable[Prepared]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for person in people:
        counts.update({t.folded for t in person.first + person.last})
    return counts


def find_duplicates(
    records: Iterable[PersonRecord], *, threshold: float = THRESHOLD, max_block: int = 200
) -> Found:
    """Every pair of ``records`` scoring at least ``threshold``, best first."""
    prepared = {r.id: prepare(r) for r in records}
    pairs, skipped = pairs_from_blocks(
        {pk: blocking_keys(p) for pk, p in prepared.items()}, max_block=max_block
    )
    frequency = _frequency(prepared.values())
    total = len(prepared)
    matches = []
    for a, b in pairs:
        match = score_pair(
            prepared[a], prepared[b], frequency=frequency, total=total, at_least=threshold
        )
        if match is not None and match.score >= threshold:
            matches.append(match)
    matches.sort(key=lambda m: (-m.score, m.a, m.b))
    return Found(matches, len(pairs), skipped)


def candidates_for(
    new: PersonRecord,
    others: Iterable[PersonRecord],
    *,
    threshold: float = THRESHOLD,
    limit: int = 5,
) -> list[Match]:
    """The records among ``others`` that ``new`` (not yet saved: any id) probably is."""
    mine = prepare(new)
    found = []
    for other in others:
        if other.id == new.id:
            continue
        match = score_pair(mine, prepare(other), at_least=threshold)
        if match is not None and match.score >= threshold:
            found.append(match)
    found.sort(key=lambda m: -m.score)
    return found[:limit]
