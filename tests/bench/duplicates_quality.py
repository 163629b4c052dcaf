"""Precision and recall of the duplicate finders on generated records with known duplicates.

    .venv/bin/python -m tests.bench.duplicates_quality [--people 5000] [--companies 2000] [--seed 7]

People: names of the offices' main groups (Arabic, Persian, Turkish, Ukrainian/Russian,
East African, German), each with the spellings it comes in and, where it has one, its
Arabic or Cyrillic form. Families share a last name, a phone and sometimes an e-mail;
twins share the date of birth too; common names give namesakes. About one entity in six
is entered again (some twice) with what happens at a desk: another spelling, the name in
its own script, first and last name swapped, a typo, the date of birth missing or with day
and month swapped, the phone in another format or missing, no e-mail.

Companies: a name with a legal form at a postal code; branches of a chain at other postal
codes; duplicates with or without the legal form, 'und'/'&', umlauts written out, a typo,
another phone format, the e-mail missing.

A pair is a true duplicate when both records come from one entity. Printed: for several
thresholds the pairs found, precision and recall; and how many true pairs share a block
at all (the most recall can reach).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from kausa.companies.duplicates import THRESHOLD as COMPANY_THRESHOLD
from kausa.companies.duplicates import CompanyRecord
from kausa.companies.duplicates import find_duplicates as find_company_duplicates
from kausa.people.duplicates import THRESHOLD as PERSON_THRESHOLD
from kausa.people.duplicates import PersonRecord, blocking_keys, prepare
from kausa.people.duplicates import find_duplicates as find_person_duplicates

# (spellings in Latin letters, the name in its own script or "")
Name = tuple[tuple[str, ...], str]

ORIGINS: dict[str, dict[str, list[Name]]] = {
    "arabic": {
        "male": [
            (("Mohammed", "Muhammad", "Mohamed", "Mohammad"), "محمد"),
            (("Ahmad", "Ahmed"), "أحمد"),
            (("Ali",), "علي"),
            (("Hassan", "Hasan"), "حسن"),
            (("Hussein", "Husain", "Hussain"), "حسين"),
            (("Yousef", "Yusuf", "Youssef"), "يوسف"),
            (("Omar", "Umar"), "عمر"),
            (("Khaled", "Khalid"), "خالد"),
            (("Ibrahim", "Ebrahim"), "إبراهيم"),
            (("Mustafa", "Moustafa", "Mostafa"), "مصطفى"),
            (("Abdullah", "Abdallah"), "عبدالله"),
            (("Abdulrahman", "Abdel-Rahman", "Abdul Rahman"), "عبد الرحمن"),
            (("Mahmoud", "Mahmud"), "محمود"),
            (("Karim", "Kareem"), "كريم"),
            (("Samir", "Sameer"), "سمير"),
            (("Bilal",), "بلال"),
            (("Tarek", "Tariq"), "طارق"),
            (("Jamal", "Djamal"), "جمال"),
        ],
        "female": [
            (("Fatima", "Fatma"), "فاطمة"),
            (("Maryam", "Mariam"), "مريم"),
            (("Aisha", "Aysha"), "عائشة"),
            (("Zainab", "Zeinab"), "زينب"),
            (("Layla", "Leila", "Laila"), "ليلى"),
            (("Nour", "Noor", "Nur"), "نور"),
            (("Sara", "Sarah"), "سارة"),
            (("Rania",), "رانيا"),
            (("Hiba",), "هبة"),
            (("Amal",), "أمل"),
            (("Yasmin", "Jasmin"), "ياسمين"),
        ],
        "last": [
            (("Al-Ahmad", "Alahmad", "El Ahmad"), "الأحمد"),
            (("Haddad",), "حداد"),
            (("Khalil", "Chalil"), "خليل"),
            (("Al-Hassan", "Alhassan", "El-Hassan"), "الحسن"),
            (("Saleh", "Salih"), "صالح"),
            (("Othman", "Osman", "Uthman"), "عثمان"),
            (("Mansour", "Mansur"), "منصور"),
            (("Nasser", "Nasser", "Naser"), "ناصر"),
            (("Hamdan",), "حمدان"),
            (("Darwish", "Derwisch"), "درويش"),
            (("Al-Sayed", "Elsayed", "Al Said"), "السيد"),
            (("Ibrahim",), "إبراهيم"),
            (("Younes", "Yunus", "Younis"), "يونس"),
            (("Kassem", "Qasim", "Kasim"), "قاسم"),
            (("Shaker", "Schaker"), "شاكر"),
            (("Mohammed", "Mohamed"), "محمد"),
            (("Hussein", "Husain"), "حسين"),
            (("Ali",), "علي"),
            (("Suleiman", "Sulaiman", "Soliman"), "سليمان"),
            (("Habib",), "حبيب"),
            (("Aziz",), "عزيز"),
            (("Bakr", "Bakir"), "بكر"),
        ],
    },
    "persian": {
        "male": [
            (("Mohammad", "Mohammed"), "محمد"),
            (("Ali",), "علی"),
            (("Reza",), "رضا"),
            (("Hamid", "Hamed"), "حامد"),
            (("Farid",), "فرید"),
            (("Mehdi", "Mahdi"), "مهدی"),
            (("Hossein", "Hussein"), "حسین"),
            (("Amir",), "امیر"),
            (("Jawad", "Javad"), "جواد"),
            (("Sohrab",), "سهراب"),
            (("Rostam", "Rustam"), "رستم"),
        ],
        "female": [
            (("Zahra",), "زهرا"),
            (("Fatemeh", "Fatima", "Fateme"), "فاطمه"),
            (("Maryam",), "مریم"),
            (("Sahar",), "سحر"),
            (("Mahsa",), "مهسا"),
            (("Nasrin", "Nasreen"), "نسرین"),
            (("Shirin", "Schirin"), "شیرین"),
            (("Parisa",), "پریسا"),
        ],
        "last": [
            (("Ahmadi",), "احمدی"),
            (("Karimi",), "کریمی"),
            (("Rahimi",), "رحیمی"),
            (("Hosseini", "Husseini"), "حسینی"),
            (("Mohammadi", "Muhammadi"), "محمدی"),
            (("Rezaei", "Rezai"), "رضایی"),
            (("Hashimi", "Hashemi"), "هاشمی"),
            (("Noori", "Nouri", "Nuri"), "نوری"),
            (("Sultani", "Soltani"), "سلطانی"),
            (("Haidari", "Heidari", "Haydari"), "حیدری"),
            (("Jafari", "Djafari"), "جعفری"),
            (("Azizi",), "عزیزی"),
            (("Popal",), "پوپل"),
            (("Wardak",), "وردک"),
        ],
    },
    "turkish": {
        "male": [
            (("Mehmet", "Mehmed"), ""),
            (("Mustafa",), ""),
            (("Emre",), ""),
            (("Yusuf",), ""),
            (("Murat", "Murad"), ""),
            (("Hüseyin", "Hueseyin", "Huseyin"), ""),
            (("Burak",), ""),
            (("Can",), ""),
            (("Serkan",), ""),
            (("Ömer", "Oemer", "Omer"), ""),
        ],
        "female": [
            (("Elif",), ""),
            (("Zeynep", "Zeinep"), ""),
            (("Ayşe", "Ayse", "Aysche"), ""),
            (("Merve",), ""),
            (("Büşra", "Buesra", "Busra"), ""),
            (("Esra",), ""),
        ],
        "last": [
            (("Yılmaz", "Yilmaz", "Jilmaz"), ""),
            (("Kaya",), ""),
            (("Demir",), ""),
            (("Şahin", "Sahin", "Schahin"), ""),
            (("Çelik", "Celik", "Tschelik"), ""),
            (("Öztürk", "Oeztuerk", "Ozturk"), ""),
            (("Aydın", "Aydin"), ""),
            (("Arslan",), ""),
            (("Doğan", "Dogan"), ""),
            (("Koç", "Koc", "Kotsch"), ""),
        ],
    },
    "ukrainian": {
        "male": [
            (("Oleksandr", "Alexander", "Olexandr"), "Олександр"),
            (("Dmytro", "Dmitri", "Dmitrij"), "Дмитро"),
            (("Andrii", "Andriy", "Andrej"), "Андрій"),
            (("Ivan", "Iwan"), "Іван"),
            (("Mykola", "Nikolai"), "Микола"),
            (("Serhii", "Sergej", "Serhiy"), "Сергій"),
            (("Yurii", "Juri", "Yuri"), "Юрій"),
            (("Maksym", "Maxim", "Maksim"), "Максим"),
            (("Artem", "Artjom"), "Артем"),
        ],
        "female": [
            (("Olena", "Elena", "Jelena"), "Олена"),
            (("Iryna", "Irina"), "Ірина"),
            (("Mariia", "Maria", "Marija"), "Марія"),
            (("Nataliia", "Natalia", "Natalija"), "Наталія"),
            (("Yuliia", "Julia", "Yulia"), "Юлія"),
            (("Anastasiia", "Anastasia"), "Анастасія"),
            (("Sofiia", "Sofia"), "Софія"),
            (("Oksana",), "Оксана"),
        ],
        "last": [
            (("Shevchenko", "Schewtschenko"), "Шевченко"),
            (("Kovalenko", "Kowalenko"), "Коваленко"),
            (("Bondarenko",), "Бондаренко"),
            (("Tkachenko", "Tkatschenko"), "Ткаченко"),
            (("Melnyk", "Melnik"), "Мельник"),
            (("Kravchenko", "Krawtschenko"), "Кравченко"),
            (("Boiko", "Boyko", "Bojko"), "Бойко"),
            (("Kovalchuk", "Kowaltschuk"), "Ковальчук"),
            (("Oliinyk", "Olijnyk"), "Олійник"),
            (("Shevchuk", "Schewtschuk"), "Шевчук"),
            (("Polishchuk", "Polischtschuk"), "Поліщук"),
            (("Ivanova", "Iwanowa"), "Іванова"),
        ],
    },
    "east_african": {
        "male": [
            (("Yonas", "Jonas"), ""),
            (("Abdi",), ""),
            (("Mahad",), ""),
            (("Aman",), ""),
            (("Dawit", "Dawid"), ""),
            (("Filmon",), ""),
            (("Mohamed", "Mohammed"), ""),
        ],
        "female": [
            (("Selam",), ""),
            (("Hodan",), ""),
            (("Saba",), ""),
            (("Helen",), ""),
            (("Filsan",), ""),
        ],
        "last": [
            (("Tesfaye", "Tesfay"), ""),
            (("Haile",), ""),
            (("Ahmed",), ""),
            (("Hassan",), ""),
            (("Warsame",), ""),
            (("Gebremedhin", "Gebremedin"), ""),
            (("Tekle",), ""),
            (("Abraha",), ""),
            (("Osman",), ""),
        ],
    },
    "german": {
        "male": [
            (("Lukas", "Lucas"), ""),
            (("Jonas",), ""),
            (("Leon",), ""),
            (("Felix",), ""),
            (("Paul",), ""),
            (("Kevin",), ""),
        ],
        "female": [
            (("Anna",), ""),
            (("Lea", "Leah"), ""),
            (("Marie",), ""),
            (("Sophie", "Sofie"), ""),
            (("Laura",), ""),
        ],
        "last": [
            (("Müller", "Mueller"), ""),
            (("Schmidt",), ""),
            (("Schneider",), ""),
            (("Fischer",), ""),
            (("Weber",), ""),
            (("Nowak",), ""),
            (("Becker",), ""),
        ],
    },
}
ORIGIN_WEIGHTS = {
    "arabic": 35,
    "persian": 20,
    "turkish": 15,
    "ukrainian": 15,
    "east_african": 8,
    "german": 7,
}


@dataclass(frozen=True)
class Entity:
    origin: str
    first: Name
    last: Name
    birth_date: dt.date
    phone: str
    email: str


@dataclass(frozen=True)
class Quality:
    threshold: float
    found: int
    true_found: int
    true_pairs: int

    @property
    def precision(self) -> float:
        return self.true_found / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.true_found / self.true_pairs if self.true_pairs else 1.0


# --- typing errors and formats ---------------------------------------------------------------


def typo(rng: random.Random, text: str) -> str:
    """One slip of the finger: a letter dropped, doubled, replaced or two swapped."""
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.choice(("drop", "double", "replace", "swap"))
    if kind == "drop":
        return text[:i] + text[i + 1 :]
    if kind == "double":
        return text[:i] + text[i] + text[i:]
    if kind == "replace":
        return text[:i] + rng.choice("aeinrstlm") + text[i + 1 :]
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def phone_formats(rng: random.Random, national: str) -> str:
    """One of the ways a German mobile number gets written down."""
    rest = national[1:]
    return rng.choice(
        (
            national,
            f"{national[:4]} {national[4:]}",
            f"+49 {rest[:3]} {rest[3:]}",
            f"+49{rest}",
            f"0049 {rest}",
            f"+49 (0){rest[:3]} {rest[3:6]} {rest[6:]}",
            f"{national[:4]}/{national[4:]}",
            f"{national[:4]}-{national[4:7]}-{national[7:]}",
        )
    )


def _one_digit(a: int, b: int) -> bool:
    return a // 10 == b // 10 or a % 10 == b % 10


def _ascii_mail(text: str) -> str:
    return "".join(ch for ch in text.casefold() if "a" <= ch <= "z")


# --- people -----------------------------------------------------------------------------------


def _pick_name(rng: random.Random, names: list[Name]) -> Name:
    # common names are common: the first ones of each list are drawn more often
    weights = [1 / (i + 1) ** 0.7 for i in range(len(names))]
    return rng.choices(names, weights)[0]


def _birth_date(rng: random.Random) -> dt.date:
    return dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 11))


def _new_entity(rng: random.Random, origin: str, number: int, last: Name | None = None) -> Entity:
    pool = ORIGINS[origin]
    first = _pick_name(rng, pool[rng.choice(("male", "female"))])
    last = last or _pick_name(rng, pool["last"])
    phone = "015" + "".join(rng.choice("0123456789") for _ in range(8))
    email = f"{_ascii_mail(first[0][0])}.{_ascii_mail(last[0][0])}{number}@mail.example"
    return Entity(origin, first, last, _birth_date(rng), phone, email)


def _spelling(rng: random.Random, name: Name, *, script: bool, variant: bool) -> str:
    spellings, native = name
    if script and native:
        return native
    return rng.choice(spellings) if variant else spellings[0]


def person_record(
    rng: random.Random, entity: Entity, record_id: int, *, duplicate: bool
) -> PersonRecord:
    """The entity as entered at a desk; a duplicate gets the desk's usual differences."""
    script = duplicate and rng.random() < 0.12
    variant = duplicate and rng.random() < 0.5
    first = _spelling(rng, entity.first, script=script, variant=variant)
    last = _spelling(rng, entity.last, script=script, variant=variant)
    if duplicate and not script and rng.random() < 0.2:
        if rng.random() < 0.5:
            first = typo(rng, first)
        else:
            last = typo(rng, last)
    if duplicate and rng.random() < 0.1:
        first, last = last, first
    born: dt.date | None = entity.birth_date
    phone, email = entity.phone, entity.email
    if duplicate:
        roll = rng.random()
        if roll < 0.2:
            born = None
        elif roll < 0.28 and born.day <= 12 and born.day != born.month:
            born = born.replace(day=born.month, month=born.day)
        elif roll < 0.32:  # one digit of the day mistyped
            days = [d for d in range(1, 29) if d != born.day and _one_digit(d, born.day)]
            born = born.replace(day=rng.choice(days))
        roll = rng.random()
        if roll < 0.1:  # a new number since
            phone = phone_formats(rng, "015" + "".join(rng.choice("0123456789") for _ in range(8)))
        else:
            phone = "" if roll < 0.35 else phone_formats(rng, phone)
        roll = rng.random()
        if roll < 0.05:  # a new address since
            email = email.replace("@", "1@")
        else:
            email = "" if roll < 0.5 else (email.upper() if rng.random() < 0.2 else email)
    else:
        born = born if rng.random() < 0.88 else None
        phone = phone_formats(rng, phone) if rng.random() < 0.75 else ""
        email = email if rng.random() < 0.45 else ""
    return PersonRecord(record_id, first, last, born, phone, email)


def generate_people(n: int, *, seed: int = 7) -> tuple[list[PersonRecord], set[tuple[int, int]]]:
    """``n`` entities (with families, twins and namesakes) entered once, and about one in
    six again (some twice); returns the records and the true duplicate pairs."""
    rng = random.Random(seed)
    origins, weights = zip(*ORIGIN_WEIGHTS.items(), strict=True)
    entities: list[Entity] = []
    while len(entities) < n:
        entity = _new_entity(rng, rng.choices(origins, weights)[0], len(entities))
        entities.append(entity)
        if rng.random() < 0.2:  # a brother or sister: same last name, phone, maybe e-mail
            sibling = _new_entity(rng, entity.origin, len(entities), last=entity.last)
            sibling = replace(sibling, phone=entity.phone)
            if rng.random() < 0.1:  # twins
                sibling = replace(sibling, birth_date=entity.birth_date)
            if rng.random() < 0.3:
                sibling = replace(sibling, email=entity.email)
            if sibling.first != entity.first:
                entities.append(sibling)
    records: list[PersonRecord] = []
    owner: list[int] = []
    for number, entity in enumerate(entities[:n]):
        copies = 1 + (rng.random() < 0.16) + (rng.random() < 0.03)
        for copy in range(copies):
            records.append(person_record(rng, entity, len(records) + 1, duplicate=copy > 0))
            owner.append(number)
    return records, _true_pairs(owner)


def _true_pairs(owner: list[int]) -> set[tuple[int, int]]:
    by_entity: dict[int, list[int]] = {}
    for index, entity in enumerate(owner):
        by_entity.setdefault(entity, []).append(index + 1)
    return {(a, b) for ids in by_entity.values() for i, a in enumerate(ids) for b in ids[i + 1 :]}


# --- companies --------------------------------------------------------------------------------

TRADES = (
    "Bäckerei", "Friseursalon", "Autowerkstatt", "Restaurant", "Supermarkt", "Reisebüro",
    "Elektro", "Sanitär", "Pflegedienst", "Logistik", "Steuerbüro", "Zahnarztpraxis",
    "Malerbetrieb", "Kfz-Service", "Gebäudereinigung", "Imbiss", "Schneiderei", "Bau",
)  # fmt: skip
OWNERS = (
    "Yılmaz", "Kaya", "Haddad", "Al-Ahmad", "Karimi", "Şahin", "Müller", "Nowak", "Kovalenko",
    "Özdemir", "Demir", "Aydın", "Khalil", "Rahimi", "Schneider", "Celik", "Tesfaye",
    "Hosseini", "Bondarenko", "Arslan", "Öztürk", "Mansour",
)  # fmt: skip
LEGAL = ("GmbH", "UG (haftungsbeschränkt)", "e.K.", "GmbH & Co. KG", "OHG", "", "", "")
PLACES = tuple(f"{code:05d}" for code in range(10115, 10115 + 60 * 7, 7))


def _owner(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(OWNERS)
    origin = rng.choice(list(ORIGINS))
    return rng.choice(ORIGINS[origin]["last"])[0][0]


def _company_name(rng: random.Random) -> tuple[str, str, str]:
    trade, owner = rng.choice(TRADES), _owner(rng)
    shape = rng.random()
    if shape < 0.5:
        return f"{trade} {owner}", trade, owner
    if shape < 0.8:
        return f"{owner} {trade}", trade, owner
    partner = _owner(rng)
    return f"{trade} {owner} & {partner}", trade, owner


def _written_out(name: str) -> str:
    return (
        name.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("Ö", "Oe")
        .replace("ı", "i").replace("ş", "s").replace("Ş", "S")
    )  # fmt: skip


def company_record(
    rng: random.Random, base: CompanyRecord, record_id: int, *, duplicate: bool
) -> CompanyRecord:
    if not duplicate:
        return replace(base, id=record_id)
    name = base.name
    for legal in LEGAL:
        if legal and name.endswith(" " + legal) and rng.random() < 0.5:
            name = name.removesuffix(" " + legal)
    if rng.random() < 0.3:
        name = _written_out(name)
    if rng.random() < 0.2:
        name = name.replace(" & ", " und ")
    if rng.random() < 0.2:
        name = typo(rng, name)
    if rng.random() < 0.1:
        name = name.upper()
    phone = "" if rng.random() < 0.3 or not base.phone else phone_formats(rng, base.phone)
    email = "" if rng.random() < 0.4 else base.email
    street = base.street if rng.random() < 0.6 else ""
    if street and rng.random() < 0.4:
        street = street.replace("straße", "str.")
    return CompanyRecord(record_id, name, base.postal_code, phone, email, street)


def generate_companies(
    n: int, *, seed: int = 7
) -> tuple[list[CompanyRecord], set[tuple[int, int]]]:
    """``n`` companies (some chains with branches at other postal codes, some with the same
    trade and owner's name elsewhere), one in six entered again."""
    rng = random.Random(seed)
    bases: list[CompanyRecord] = []
    taken: set[tuple[str, str]] = set()  # one company of a name at one postal code
    while len(bases) < n:
        name, _trade, owner = _company_name(rng)
        place = rng.choice(PLACES)
        if (frozenset(name.split()), place) in taken:
            continue
        taken.add((frozenset(name.split()), place))
        full = f"{name} {rng.choice(LEGAL)}".strip()
        phone = "030" + "".join(rng.choice("0123456789") for _ in range(7))
        domain = f"{_ascii_mail(owner)}{_ascii_mail(name)[:6]}{len(bases)}"
        email = rng.choice(("info", "kontakt", "ausbildung")) + f"@{domain}.example"
        street = (
            rng.choice(("Haupt", "Berliner ", "Bahnhof", "Schul", "Garten"))
            + f"straße {rng.randrange(1, 120)}"
        )
        base = CompanyRecord(len(bases), full, place, phone, email, street)
        bases.append(base)
        branch_place = rng.choice(PLACES)
        if rng.random() < 0.05 and (frozenset(name.split()), branch_place) not in taken:
            # a branch: same name, other place, own phone, same mail domain
            taken.add((frozenset(name.split()), branch_place))
            bases.append(
                replace(
                    base,
                    id=len(bases),
                    postal_code=branch_place,
                    phone="030" + "".join(rng.choice("0123456789") for _ in range(7)),
                    email="filiale@" + email.split("@")[1],
                    street=f"Marktplatz {rng.randrange(1, 40)}",
                )
            )
    records: list[CompanyRecord] = []
    owner: list[int] = []
    for number, base in enumerate(bases[:n]):
        copies = 1 + (rng.random() < 0.16)
        for copy in range(copies):
            records.append(company_record(rng, base, len(records) + 1, duplicate=copy > 0))
            owner.append(number)
    return records, _true_pairs(owner)


# --- measuring --------------------------------------------------------------------------------


def quality_at(
    scored: Iterable[tuple[int, int, float]], truth: set[tuple[int, int]], threshold: float
) -> Quality:
    found = {(min(a, b), max(a, b)) for a, b, score in scored if score >= threshold}
    return Quality(threshold, len(found), len(found & truth), len(truth))


def people_blocking_recall(records: list[PersonRecord], truth: set[tuple[int, int]]) -> float:
    keys = {r.id: blocking_keys(prepare(r)) for r in records}
    shared = sum(1 for a, b in truth if keys[a] & keys[b])
    return shared / len(truth) if truth else 1.0


def measure(
    finder: Callable[..., object], records: list, truth: set[tuple[int, int]]
) -> tuple[list[Quality], float, int]:
    started = time.perf_counter()
    result = finder(records, threshold=0.3)
    seconds = time.perf_counter() - started
    scored = [(m.a, m.b, m.score) for m in result.matches]  # type: ignore[attr-defined]
    thresholds = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
    return [quality_at(scored, truth, t) for t in thresholds], seconds, result.compared  # type: ignore[attr-defined]


def _print(title: str, rows: list[Quality], chosen: float) -> None:
    print(f"\n{title}\n")
    print("| threshold | pairs found | true | precision | recall |")
    print("|---:|---:|---:|---:|---:|")
    for q in rows:
        mark = " (chosen)" if abs(q.threshold - chosen) < 1e-9 else ""
        print(
            f"| {q.threshold:.1f}{mark} | {q.found} | {q.true_found} "
            f"| {q.precision:.3f} | {q.recall:.3f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--companies", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    people, truth = generate_people(args.people, seed=args.seed)
    rows, seconds, compared = measure(find_person_duplicates, people, truth)
    print(
        f"People: {args.people} entities, {len(people)} records, {len(truth)} true pairs; "
        f"{compared} pairs compared in {seconds:.1f} s; true pairs sharing a block: "
        f"{people_blocking_recall(people, truth):.3f}"
    )
    _print("People", rows, PERSON_THRESHOLD)
    companies, company_truth = generate_companies(args.companies, seed=args.seed)
    rows, seconds, compared = measure(find_company_duplicates, companies, company_truth)
    print(
        f"\nCompanies: {args.companies} companies, {len(companies)} records, "
        f"{len(company_truth)} true pairs; {compared} pairs compared in {seconds:.1f} s"
    )
    _print("Companies", rows, COMPANY_THRESHOLD)


if __name__ == "__main__":
    main()
