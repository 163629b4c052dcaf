"""Finding companies entered twice: an engine without Django.

Two records are compared on their names with the legal form left out ('Bäckerei Yılmaz
GmbH' = 'Baeckerei Yilmaz'), their postal code (a chain's branches at other postal codes
are other records), phone, e-mail (or at least the company's own mail domain) and street.
As for people (kausa.people.duplicates) each comparison adds evidence for or against; the
sum gives a score between 0 and 1 and the reasons. Records are compared only when they
share a key: postal code with a name part, the whole name, phone, e-mail, mail domain.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import permutations

from kausa.core.fuzzy import (
    email_key,
    fold_spelling,
    pairs_from_blocks,
    phone_key,
    skeleton,
    to_latin,
    vowel_similarity,
)

THRESHOLD = 0.6

NAME_SAME = "name_same"
NAME_VARIANT = "name_variant"  # the same name but for the legal form, umlauts, '&'/'und'
NAME_SIMILAR = "name_similar"
NAME_DIFFERS = "name_differs"
POSTAL_CODE_SAME = "postal_code_same"
POSTAL_CODE_DIFFERS = "postal_code_differs"
PHONE_SAME = "phone_same"
EMAIL_SAME = "email_same"
MAIL_DOMAIN_SAME = "mail_domain_same"
STREET_SAME = "street_same"

# Legal forms and joining words: left out of the name.
LEGAL_WORDS = frozenset(
    {
        "gmbh", "mbh", "ug", "haftungsbeschrankt", "haftungsbeschraenkt", "kg", "co", "ohg",
        "gbr", "ag", "ek", "ekfm", "ekfr", "ev", "se", "kgaa", "ltd", "partg", "partgmbb",
        "inh", "inhaber", "inhaberin", "und", "and", "the", "der", "die", "das",
    }
)  # fmt: skip
FREE_MAIL = frozenset(
    {
        "gmail.com", "web.de", "gmx.de", "gmx.net", "t-online.de", "yahoo.com", "yahoo.de",
        "hotmail.com", "hotmail.de", "outlook.com", "outlook.de", "live.de", "live.com",
        "icloud.com", "me.com", "aol.com", "freenet.de", "mail.de", "posteo.de", "arcor.de",
        "online.de", "mail.ru", "yandex.ru", "ukr.net", "mail.example",
    }
)  # fmt: skip


def name_parts(name: str) -> tuple[str, ...]:
    """The words of a company name that tell it apart, folded: no legal form, no 'und',
    umlauts and other scripts in plain letters ('e.K.' and 'GmbH & Co. KG' go)."""
    text = re.sub(r"\b(e)\s*\.\s*(k|v)\s*\.?", r"\1\2", name.casefold())
    text = re.sub(r"\(.*?\)", " ", text)
    words = (to_latin(word) for word in re.split(r"[\s\-&+/.,;:'\"]+", text))
    return tuple(fold_spelling(w) for w in words if len(w) > 1 and w not in LEGAL_WORDS)


def street_key(street: str) -> str:
    text = street.casefold().replace("ß", "ss")
    text = re.sub(r"stra(ss)?e\b|str\b\.?", "str", text)
    return re.sub(r"[^a-z0-9]", "", to_latin_keep_digits(text))


def to_latin_keep_digits(text: str) -> str:
    return "".join(to_latin(ch) if not ch.isdigit() else ch for ch in text)


def mail_domain(email: str) -> str:
    """The company's own mail domain; empty for a free-mail address."""
    key = email_key(email)
    domain = key.rpartition("@")[2]
    return "" if not domain or domain in FREE_MAIL else domain


@dataclass(frozen=True)
class CompanyRecord:
    id: int
    name: str
    postal_code: str = ""
    phone: str = ""
    email: str = ""
    street: str = ""


@dataclass(frozen=True)
class Prepared:
    record: CompanyRecord
    parts: tuple[str, ...]
    phone: str
    email: str
    domain: str
    street: str

    @property
    def id(self) -> int:
        return self.record.id


def prepare(record: CompanyRecord) -> Prepared:
    return Prepared(
        record,
        name_parts(record.name),
        phone_key(record.phone),
        email_key(record.email),
        mail_domain(record.email),
        street_key(record.street),
    )


@dataclass(frozen=True)
class Match:
    a: int
    b: int
    score: float
    reasons: tuple[str, ...] = field(default=())


def _word_similarity(a: str, b: str) -> float:
    return 1.0 if a == b else vowel_similarity(a, b)


def name_similarity(
    a: Sequence[str], b: Sequence[str], weights: Mapping[str, float] | None = None
) -> float:
    """Each word of the shorter name with its best partner; words the other name has on
    top (a partner's name, 'Meisterbetrieb') cost a little. ``weights``: how much a word
    tells companies apart (the owner's name more than 'Friseursalon'), 1 when not given."""
    if not a or not b:
        return 0.0
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    short, long = short[:5], long[:5]
    weight = [max((weights or {}).get(x, 1.0), 0.05) for x in short]
    table = [[_word_similarity(x, y) for y in long] for x in short]
    best = max(
        sum(weight[i] * table[i][j] for i, j in enumerate(chosen))
        for chosen in permutations(range(len(long)), len(short))
    )
    return best / sum(weight) * (1 - 0.08 * (len(long) - len(short)))


def word_weights(companies: Iterable[Prepared]) -> dict[str, float]:
    """Inverse document frequency of the name words of an office's companies, scaled so
    that a word of one company weighs 1: trade words that many names share weigh less."""
    counts: Counter[str] = Counter()
    total = 0
    for company in companies:
        counts.update(set(company.parts))
        total += 1
    if total < 20:  # too few names to tell common words
        return {}
    top = math.log(total)
    return {word: math.log(total / n) / top for word, n in counts.items()}


PRIOR = -3.0


def _name_weight(similarity: float) -> float:
    if similarity >= 0.95:
        return 4.0
    if similarity >= 0.88:
        return 2.5
    if similarity >= 0.8:
        return 1.0
    if similarity >= 0.7:
        return -2.0
    return -5.0


def score_pair(a: Prepared, b: Prepared, weights: Mapping[str, float] | None = None) -> Match:
    similarity = name_similarity(a.parts, b.parts, weights)
    weight = PRIOR + _name_weight(similarity)
    if a.record.name.casefold().split() == b.record.name.casefold().split():
        reasons: tuple[str, ...] = (NAME_SAME,)
    elif similarity >= 0.95:
        reasons = (NAME_VARIANT,)
    elif similarity >= 0.8:
        reasons = (NAME_SIMILAR,)
    else:
        reasons = (NAME_DIFFERS,)
    if a.record.postal_code and b.record.postal_code:
        same_place = a.record.postal_code == b.record.postal_code
        weight += 1.5 if same_place else -2.5
        reasons += (POSTAL_CODE_SAME,) if same_place else (POSTAL_CODE_DIFFERS,)
    if a.phone and b.phone:
        weight += 3.0 if a.phone == b.phone else -0.5
        reasons += (PHONE_SAME,) if a.phone == b.phone else ()
    if a.email and b.email and a.email == b.email:
        weight += 3.0
        reasons += (EMAIL_SAME,)
    elif a.domain and a.domain == b.domain:
        weight += 1.2
        reasons += (MAIL_DOMAIN_SAME,)
    if a.street and b.street:
        weight += 1.5 if a.street == b.street else -1.0
        reasons += (STREET_SAME,) if a.street == b.street else ()
    return Match(a.id, b.id, round(1 / (1 + math.exp(-weight)), 3), reasons)


def score_companies(a: CompanyRecord, b: CompanyRecord) -> Match:
    return score_pair(prepare(a), prepare(b))


def blocking_keys(company: Prepared) -> set[str]:
    record = company.record
    keys = {f"z:{record.postal_code}:{skeleton(part) or part}" for part in company.parts}
    if company.parts:
        keys.add("n:" + " ".join(sorted(skeleton(p) or p for p in company.parts)))
    if company.phone:
        keys.add("p:" + company.phone)
    if company.email:
        keys.add("e:" + company.email)
    if company.domain:
        keys.add("d:" + company.domain)
    return keys


@dataclass(frozen=True)
class Found:
    matches: list[Match]
    compared: int
    skipped_blocks: list[str]


def find_duplicates(
    records: Iterable[CompanyRecord], *, threshold: float = THRESHOLD, max_block: int = 200
) -> Found:
    prepared = {r.id: prepare(r) for r in records}
    pairs, skipped = pairs_from_blocks(
        {pk: blocking_keys(p) for pk, p in prepared.items()}, max_block=max_block
    )
    weights = word_weights(prepared.values())
    matches = [
        match
        for a, b in pairs
        if (match := score_pair(prepared[a], prepared[b], weights)).score >= threshold
    ]
    matches.sort(key=lambda m: (-m.score, m.a, m.b))
    return Found(matches, len(pairs), skipped)


def candidates_for(
    new: CompanyRecord,
    others: Iterable[CompanyRecord],
    *,
    threshold: float = THRESHOLD,
    limit: int = 5,
) -> list[Match]:
    mine = prepare(new)
    found = [
        match
        for other in others
        if other.id != new.id and (match := score_pair(mine, prepare(other))).score >= threshold
    ]
    found.sort(key=lambda m: -m.score)
    return found[:limit]
