"""Occupation names as the BA writes them, mapped to one occupation of the catalogue.

No Django here: the selectors feed the catalogue and the aliases in as plain tuples.

The BA (Jobsuche, BERUFENET) writes training occupations its own way:
``Kaufmann/-frau - Büromanagement``, ``Medizinische/r Fachangestellte/r``,
``Fachkraft - Lagerlogistik``, ``Elektroniker/in - Energie- und Gebäudetechnik`` (a
Fachrichtung of Elektroniker/in), and job titles add ``(m/w/d)``, ``Ausbildung zum/zur``,
``*in`` or ``:in``. A name is reduced step by step:

1. noise goes: gender markers ``(m/w/d)``, lead-ins (``Ausbildung zum/zur``, ``Azubi``),
   years and start dates;
2. gendered forms become the masculine form (``/-frau``, ``/in``, ``*in``, ``:in``,
   ``Binnen-I``, ``e/r`` -> ``er``, ``Koch/Köchin`` -> ``Koch``, ``-leute`` -> ``-mann``);
3. the name splits into the occupation and its specialisations (`` - X``,
   ``Fachrichtung X``, ``Schwerpunkt X``, ``(X)``);
4. readings are tried from the most specific to the most general: ``A für X``,
   ``A im X``, ``A in der X``, ``A X``, then ``A`` alone (a Fachrichtung maps to its
   occupation), then ``A`` without a trailing ``für …``, then shorter word prefixes.

Each reading is compared as a compact key (lower case, umlauts and ß folded, only
letters and digits), so spacing, hyphens and case do not matter. For one reading the
catalogue's own names come first, then the alias file, then the aliases staff added.
When no reading is known, the KldB code decides if the item carries one, and last a
close spelling (similarity >= FUZZY_ACCEPT with a clear lead over the next occupation).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

FUZZY_ACCEPT = 0.9
FUZZY_MARGIN = 0.04

RULES = "rules"
ALIAS_FILE = "alias file"
STAFF_ALIAS = "staff alias"
KLDB = "KldB code"
FUZZY = "close spelling"
LAYERS = (RULES, ALIAS_FILE, STAFF_ALIAS)

_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})
_QUOTES = re.compile(r"[\"'„“”‚‘’«»]")
_GENDER_PARENS = re.compile(
    r"[(\[]\s*(?:[mwdfxi](?:\s*[/|,*]\s*[mwdfxi]){1,3}|all\s+genders?|gn\*?|w\*|"
    r"alle\s+geschlechter|geschlechtsneutral|divers)\s*[)\]]",
    re.I,
)
_GENDER_BARE = re.compile(r"(?<![\w/])[mwd]\s*/\s*[mwd]\s*/\s*[mwd](?![\w/])", re.I)
_LEAD = re.compile(
    r"^\s*(?:(?:duale[rs]?\s+)?(?:berufs)?ausbildung(?:splatz|sstelle|sangebot)?(?:\s+\d{4})?|"
    r"azubi(?:-stelle)?|auszubildende(?:/r|r|\(r\))?|lehrstelle|lehre)\b"
    r"(?:\s*(?:zum\s*/\s*zur|zur\s*/\s*zum|zum\s*/\s*-r|zum|zur|als|im\s+bereich|f[üu]r\s+den\s+beruf|"
    r"-|:|–))*\s*",
    re.I,
)
_TRAIL = re.compile(
    r"(?:\s*[-,:|/]\s*|\s+)(?:ausbildung(?:sbeginn|sstart|splatz|sjahr)?|start|beginn|ab|"
    r"zum|in\s+vollzeit|vollzeit|teilzeit)\b.*$",
    re.I,
)
_YEARS = re.compile(r"\b(?:19|20)\d\d(?:\s*/\s*(?:19|20)?\d\d)?\b|\b\d{1,2}\.\d{1,2}\.(?:\d{2,4})?")
_SPEC_WORD = re.compile(
    r"[\s,;:(-]*\b(?:fachrichtung(?:en)?|fachr\.|schwerpunkte?|einsatzgebiet|"
    r"wahlqualifikation|spezialisierung|fr\.|sp\.)(?=[\s:.-]|$)[\s:.-]*",
    re.I,
)
_PARENS = re.compile(r"\(([^()]*)\)")
_SPLIT = re.compile(r"\s+-\s+|\s*:\s+|\s+-$|^-\s+")
_TRAILING_SPEC = re.compile(r"\s(?:für|im|in der|in|der)\s.*$")


def _gender(text: str) -> str:
    """The masculine form of BA-style gendered names ('Fachangestellte/r' -> 'Fachangestellter')."""
    text = re.sub(r"(?<=[a-zäöüß])(?:In|Innen)\b", "", text)  # VerkäuferIn (Binnen-I)
    text = re.sub(r"(?<=e)\s*\(r\)", "r", text)  # Medizinische(r)
    text = re.sub(r"\(\s*-?\s*(?:in|innen|n)\s*\)", "", text, flags=re.I)  # Verkäufer(in)
    text = re.sub(r"(?<=e)\s*/\s*-?\s*r\b", "r", text)  # Fachangestellte/r, /-r
    text = re.sub(r"\s*/\s*-?\s*(?:in|innen)\b", "", text)  # /in, /-in, / in
    text = re.sub(r"[*:_·]\s?(?:in|innen)\b", "", text)  # *in, :in, _in
    text = re.sub(r"\s*/\s*-\s*[\wäöüß]+", "", text)  # /-frau, /-technologin
    text = re.sub(r"\b(\w+)\s*/\s*\w+(?=[\s,)]|$)", r"\1", text)  # Koch/Köchin, Zimmerer/Zimmerin
    return re.sub(r"leute\b", "mann", text)  # Kaufleute, Fachleute


def _clean(name: str) -> str:
    text = unicodedata.normalize("NFKC", name or "").translate(_DASHES).replace("\xa0", " ")
    text = _QUOTES.sub("", text).replace("&", " und ").replace("+", " und ")
    text = _GENDER_PARENS.sub(" ", text)
    text = _GENDER_BARE.sub(" ", text)
    text = _YEARS.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip(" ,;|-")
    dative = ""
    for _ in range(2):
        lead = _LEAD.match(text)
        if lead and lead.group(0):
            dative = dative or " ".join(re.findall(r"\bzu[mr]\b", lead.group(0).lower()))
            text = text[lead.end() :].strip(" ,;|-")
    if dative:  # 'zur Medizinischen Fachangestellten' -> 'Medizinische Fachangestellte'
        ending = r"\1er" if dative == "zum" else r"\1e"
        text = re.sub(r"\b(\w+(?:isch|ell|t))en\b", ending, text)
    return _TRAIL.sub("", text).strip(" ,;|-/")


def fold(text: str) -> str:
    """Lower case without accents; ä->a, ß->ss, and 'ae' -> 'a' so that 'Baecker' meets 'Bäcker'."""
    text = text.casefold().replace("ß", "ss")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text.replace("ae", "a").replace("oe", "o").replace("ue", "u")


_FILLERS = re.compile(r"\b(?:fur|im|in|der|den|dem|des|die|das|und)\b")


def compact(text: str) -> str:
    """The comparison key: folded, without the little words ('für', 'im', 'in der', 'und')
    that BA and catalogue use interchangeably, only letters and digits."""
    return re.sub(r"[^a-z0-9]", "", _FILLERS.sub(" ", fold(text)))


def _parts(name: str) -> list[str]:
    """[occupation, specialisation, ...] of a cleaned, degendered name."""
    text = _SPEC_WORD.sub(" - ", name)
    text = _PARENS.sub(lambda m: f" - {m.group(1)} - ", text)
    text = re.sub(r"\s+", " ", text).strip()
    parts = [p.strip(" ,;-()") for p in _SPLIT.split(text)]
    return [p for p in parts if compact(p)]


def _halves(name: str) -> list[str]:
    """'Kaufmann für X / Kauffrau für X' -> both forms; 'Koch / Köchin' stays one name."""
    halves = re.split(r"\s+/\s+(?=[^\W\d_])", name or "")
    return halves if len(halves) == 2 else [name or ""]


def readings(name: str) -> list[str]:
    """Compact keys for a name, from the most specific reading to the most general."""
    halves = _halves(name)
    if len(halves) == 2 and " " in halves[1].strip():
        return list(dict.fromkeys([*readings(halves[0]), *readings(halves[1])]))
    parts = _parts(_gender(_clean(name)))
    if not parts:
        return []
    keys: list[str] = []

    def add(text: str) -> None:
        key = compact(text)
        if key and key not in keys:
            keys.append(key)

    for k in range(len(parts), 0, -1):  # 'A - X - Y', 'A - X', 'A'
        add(" ".join(parts[:k]))
    base = parts[0]
    add(_TRAILING_SPEC.sub("", base))  # 'Fachinformatiker für Anwendungsentwicklung'
    words = base.split()
    for i in range(len(words) - 1, 0, -1):  # 'Fachinformatiker Systemintegration'
        add(" ".join(words[:i]))
    return keys


def name_keys(*names: str) -> set[str]:
    """Keys under which the catalogue knows an occupation: each official form (masculine,
    feminine, short), with and without what stands in parentheses."""
    keys: set[str] = set()
    for name in names:
        for half in _halves(name):
            for text in (half, _PARENS.sub(" ", half)):
                cleaned = _gender(_clean(text))
                keys.add(compact(cleaned))
                keys.add(compact(" ".join(_parts(cleaned))))
            for inner in _PARENS.findall(half):
                if len(compact(inner)) >= 3 and (" " in inner.strip() or inner.isupper()):
                    keys.add(compact(_gender(inner)))
    keys.discard("")
    return keys


def kldb_code(value: object) -> str:
    """The 5-digit KldB 2010 code in what the BA sends ('25212', '25212-192', 'B 25212')."""
    match = re.search(r"\d{5}", str(value or ""))
    return match.group(0) if match else ""


@dataclass(frozen=True)
class Match:
    occupation_id: int
    method: str
    key: str = ""


@dataclass
class OccupationIndex:
    """Lookup of BA-style names; build once, then ask `match` and `closest` many times."""

    names: dict[int, str] = field(default_factory=dict)
    kldb: dict[int, str] = field(default_factory=dict)
    layers: dict[str, dict[str, set[int]]] = field(
        default_factory=lambda: {layer: {} for layer in LAYERS}
    )
    by_kldb: dict[str, list[int]] = field(default_factory=dict)
    _keys: list[tuple[str, set[int]]] | None = field(default=None, repr=False)

    @classmethod
    def build(
        cls,
        occupations: Iterable[tuple[int, str, str, str]],
        aliases: Iterable[tuple[str, str, int]] = (),
    ) -> OccupationIndex:
        """occupations: (id, official name, short name, KldB code), most common first;
        aliases: (layer, alias, occupation id)."""
        index = cls()
        for occupation_id, name, short_name, code in occupations:
            index.names[occupation_id] = short_name
            index.kldb[occupation_id] = code
            index.by_kldb.setdefault(code, []).append(occupation_id)
            for key in name_keys(name, short_name):
                index.layers[RULES].setdefault(key, set()).add(occupation_id)
        for layer, alias, occupation_id in aliases:
            for key in readings(alias)[:1]:
                index.layers[layer].setdefault(key, set()).add(occupation_id)
        return index

    def ambiguous_keys(self) -> dict[str, set[int]]:
        return {k: ids for k, ids in self.layers[RULES].items() if len(ids) > 1}

    def _pick(self, ids: set[int], code: str) -> int | None:
        if len(ids) == 1:
            return next(iter(ids))
        same = [i for i in ids if self.kldb.get(i) == code]
        return same[0] if len(same) == 1 else None

    def match(self, name: str, kldb: object = None) -> Match | None:
        code = kldb_code(kldb)
        keys = readings(name)
        for key in keys:
            for layer in LAYERS:
                ids = self.layers[layer].get(key)
                picked = self._pick(ids, code) if ids else None
                if picked is not None:
                    return Match(picked, layer, key)
        candidates = self.by_kldb.get(code, [])
        if len(candidates) == 1:
            return Match(candidates[0], KLDB, code)
        if len(candidates) > 1:
            if not keys:  # a bare code shared by several: the most common one
                return Match(candidates[0], KLDB, code)
            best = self.closest(name, n=1, among=set(candidates))
            return Match(best[0][0], KLDB, code) if best else None
        ranked = self.closest(name, n=2)
        if self._accept(ranked):
            return Match(ranked[0][0], FUZZY, keys[0] if keys else "")
        return None

    @staticmethod
    def _accept(ranked: list[tuple[int, float]]) -> bool:
        """A close spelling counts if it is close enough and clearly ahead of the next."""
        if not ranked or ranked[0][1] < FUZZY_ACCEPT:
            return False
        return len(ranked) == 1 or ranked[0][1] - ranked[1][1] >= FUZZY_MARGIN

    def closest(
        self, name: str, n: int = 3, among: set[int] | None = None
    ) -> list[tuple[int, float]]:
        """The n occupations whose names (and aliases) are spelt most like `name`, with the
        similarity (0..1) of the best pair of keys; best first."""
        parts = _parts(_gender(_clean(_halves(name)[0])))
        base = compact(parts[0]) if parts else ""
        return self._ranked([k for k in dict.fromkeys([*readings(name)[:1], base]) if k], n, among)

    def _ranked(
        self, queries: list[str], n: int, among: set[int] | None = None
    ) -> list[tuple[int, float]]:
        best: dict[int, float] = {}
        matcher = SequenceMatcher(autojunk=False)
        for query in queries:
            matcher.set_seq2(query)
            for key, ids in self._all_keys():
                if among is not None:
                    ids = ids & among
                    if not ids:
                        continue
                top = sorted(best.values(), reverse=True)
                floor = top[n - 1] if len(top) >= n else 0.0
                matcher.set_seq1(key)
                if matcher.real_quick_ratio() <= floor or matcher.quick_ratio() <= floor:
                    continue
                score = matcher.ratio()
                for i in ids:
                    if score > best.get(i, 0.0):
                        best[i] = score
        ranked = sorted(best.items(), key=lambda item: (-item[1], self.names[item[0]]))
        return [(i, round(score, 3)) for i, score in ranked[:n]]

    def _all_keys(self) -> list[tuple[str, set[int]]]:
        if self._keys is None:
            merged: dict[str, set[int]] = {}
            for layer in LAYERS:
                for key, ids in self.layers[layer].items():
                    merged.setdefault(key, set()).update(ids)
            self._keys = sorted(merged.items())
        return self._keys
