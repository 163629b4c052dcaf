"""Arabic-script text for the PDF handout (no Django inside).

ReportLab draws characters as they come: it neither joins Arabic letters nor reorders
right-to-left text. This module does both, well enough for a handout:

* :func:`shape` replaces each Arabic or Persian letter by its contextual form (isolated,
  initial, medial, final) from Unicode's presentation forms, and lam + alef by its ligature.
  The table is read from :mod:`unicodedata`, so it covers every letter that has presentation
  forms (Arabic, Persian, Urdu letters); marks (harakat) are transparent for joining.
* :func:`visual` puts one line in display order: the simplified bidi rule of a right-to-left
  paragraph (runs of right-to-left letters reversed, runs of Latin letters and digits kept in
  reading order, runs placed from right to left, brackets mirrored).
* :func:`wrap` breaks a paragraph into lines that fit a width *before* reordering, so every
  line reads from its right edge.

Not covered (a full shaper like HarfBuzz would be needed): mark positioning beyond the
font's defaults, optional ligatures, and the full Unicode bidi algorithm (nested embeddings,
numbers with signs inside right-to-left text).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import cache

ISOLATED, FINAL, INITIAL, MEDIAL = "isolated", "final", "initial", "medial"
ALEFS = "\u0622\u0623\u0625\u0627"  # alef with madda, hamza above, hamza below, plain
MIRROR = str.maketrans("()[]{}<>«»", ")(][}{><»«")


@cache
def _forms() -> tuple[dict[str, dict[str, str]], dict[tuple[str, str], dict[str, str]]]:
    """letter -> {form: glyph}; (lam, alef) -> {form: ligature}."""
    letters: dict[str, dict[str, str]] = {}
    ligatures: dict[tuple[str, str], dict[str, str]] = {}
    for code in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFF00)):
        glyph = chr(code)
        decomposition = unicodedata.decomposition(glyph)
        if not decomposition.startswith("<"):
            continue
        tag, *parts = decomposition.split()
        form = tag.strip("<>")
        if form not in (ISOLATED, FINAL, INITIAL, MEDIAL):
            continue
        chars = "".join(chr(int(p, 16)) for p in parts)
        if len(chars) == 1:
            letters.setdefault(chars, {}).setdefault(form, glyph)
        elif len(chars) == 2 and chars[0] == "\u0644" and chars[1] in ALEFS:
            ligatures.setdefault((chars[0], chars[1]), {}).setdefault(form, glyph)
    return letters, ligatures


def is_arabic(char: str) -> bool:
    return "\u0600" <= char <= "\u06ff" or "\u0750" <= char <= "\u077f"


def _transparent(char: str) -> bool:
    return unicodedata.category(char) == "Mn"


def _joins_forward(char: str) -> bool:
    """Whether the letter connects to the following one (dual-joining)."""
    forms = _forms()[0].get(char, {})
    return INITIAL in forms or MEDIAL in forms


def _joins_backward(char: str) -> bool:
    """Whether the letter connects to the preceding one (dual- or right-joining)."""
    if char == "\u0640":  # tatweel
        return True
    return FINAL in _forms()[0].get(char, {})


def shape(text: str) -> str:
    """Contextual letter forms and lam-alef ligatures, in logical order."""
    letters, ligatures = _forms()
    chars = list(text)
    out: list[str] = []
    i = 0

    def neighbour(start: int, step: int) -> str:
        k = start + step
        while 0 <= k < len(chars) and _transparent(chars[k]):
            k += step
        return chars[k] if 0 <= k < len(chars) else ""

    while i < len(chars):
        char = chars[i]
        if char not in letters and char != "\u0640":
            out.append(char)
            i += 1
            continue
        before = neighbour(i, -1)
        joined_before = bool(before) and _joins_forward(before) and _joins_backward(char)
        nxt_index = i + 1
        while nxt_index < len(chars) and _transparent(chars[nxt_index]):
            nxt_index += 1
        nxt = chars[nxt_index] if nxt_index < len(chars) else ""
        if char == "\u0644" and (char, nxt) in ligatures and nxt_index == i + 1:
            forms = ligatures[(char, nxt)]
            out.append(forms.get(FINAL if joined_before else ISOLATED, char + nxt))
            i += 2
            continue
        joined_after = bool(nxt) and _joins_forward(char) and _joins_backward(nxt)
        if joined_before and joined_after:
            form = MEDIAL
        elif joined_before:
            form = FINAL
        elif joined_after:
            form = INITIAL
        else:
            form = ISOLATED
        forms = letters.get(char, {})
        out.append(forms.get(form) or forms.get(ISOLATED) or char)
        i += 1
    return "".join(out)


def _strong(char: str) -> str:
    """'R' for right-to-left letters, 'L' for left-to-right letters and digits, '' neutral."""
    if is_arabic(char) or "\ufb50" <= char <= "\ufdff" or "\ufe70" <= char <= "\ufeff":
        if unicodedata.category(char) == "Nd":
            return "L"  # Arabic-Indic digits read left to right
        return "R"
    if char.isalpha() or char.isdigit():
        return "L"
    return ""


def visual(line: str) -> str:
    """One line of a right-to-left paragraph in display (left-to-right drawing) order."""
    if not any(_strong(c) == "R" for c in line):
        return line
    # direction of every character: neutrals between two equal directions take it,
    # else the paragraph's (right to left)
    kinds = [_strong(c) for c in line]
    resolved = list(kinds)
    for i, kind in enumerate(kinds):
        if kind:
            continue
        left = next((kinds[k] for k in range(i - 1, -1, -1) if kinds[k]), "R")
        right = next((kinds[k] for k in range(i + 1, len(kinds)) if kinds[k]), "R")
        resolved[i] = left if left == right else "R"
    runs: list[tuple[str, str]] = []
    for char, kind in zip(line, resolved, strict=True):
        if runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1] + char)
        else:
            runs.append((kind, char))
    pieces = [text[::-1].translate(MIRROR) if kind == "R" else text for kind, text in runs]
    return "".join(reversed(pieces))


def wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Shaped lines in display order, each at most `width` wide (a long word stays whole)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if current and measure(shape(candidate)) > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
    return [visual(shape(line)) for line in lines]
