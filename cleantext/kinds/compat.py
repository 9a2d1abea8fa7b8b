"""compat: PDF font compatibility characters become the characters they stand for.

Before: ``"⽇本⼈⺠，⽤⼾设置conﬁg"``  After: ``"日本人民，用户设置config"``

What it does
------------
Kangxi radicals (U+2F00–U+2FDF) and CJK compatibility ideographs have a Unicode
decomposition, which replaces them; the CJK radicals supplement (U+2E80–U+2EFF)
has none, so its equivalents come from Unicode's EquivalentUnifiedIdeograph data.
A radical whose decomposition is a Traditional character with a Simplified form
that no radical of its own stands for (`⼾` → `戶`, Simplified `户`) becomes the
form of the script around it: the paragraph's count of characters only
Simplified has against those only Traditional has (OpenCC's tables) decides,
then the whole slice's; with no evidence either way, the decomposition stays.
Latin ligatures `ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ` beside a Latin letter become their letters
(`conﬁg` → `config`).

Leaves alone
------------
Every other block: a blanket NFKC would also turn full-width punctuation
(`，：（）`) half-width, and that is the target form. A radical with a radical
of its own for the Simplified form (`⾨` is `門`, `⻔` is `门`): the font drew
the form it names. A ligature standing alone, with no Latin letter beside it.

Params
------
None.

Content safety
--------------
Maps content: each change replaces one compatibility character by the unified
ideograph Unicode says it stands for (or, for `⼾`-like radicals, that
ideograph's form in the script of the text around it), or a ligature by the
letters it joins; the `--safe` content check folds both to the same characters,
so it sees no loss.

Known limits
------------
Compatibility ideographs (U+F900…) keep Unicode's mapping whatever the script:
they are distinct code points an author chose (`樂`), not a font's glyph
sharing. A paragraph with too few characters of either script follows the
slice it is in.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from typing import Any

from .. import native
from ..text import lazy_re, lazy_regex
from .base import Content, Edit, Kind, sub

# CJK radicals supplement → unified ideograph (from EquivalentUnifiedIdeograph.txt).
_SUPPLEMENT = {
    0x2E81: 0x5382, 0x2E85: 0x4EBB, 0x2E86: 0x5182, 0x2E89: 0x5202, 0x2E8A: 0x535C,
    0x2E8C: 0x5C0F, 0x2E8E: 0x5140, 0x2E8F: 0x5C23, 0x2E90: 0x5C22, 0x2E92: 0x5DF3,
    0x2E93: 0x5E7A, 0x2E94: 0x5F51, 0x2E95: 0x5F50, 0x2E96: 0x5FC4, 0x2E97: 0x5FC3,
    0x2E98: 0x624C, 0x2E99: 0x6535, 0x2E9B: 0x65E1, 0x2E9D: 0x6708, 0x2E9E: 0x6B7A,
    0x2E9F: 0x6BCD, 0x2EA0: 0x6C11, 0x2EA1: 0x6C35, 0x2EA2: 0x6C3A, 0x2EA3: 0x706C,
    0x2EA4: 0x722B, 0x2EA6: 0x4E2C, 0x2EA7: 0x725B, 0x2EA8: 0x72AD, 0x2EA9: 0x738B,
    0x2EAB: 0x7F52, 0x2EAC: 0x793A, 0x2EAD: 0x793B, 0x2EAE: 0x7AF9, 0x2EAF: 0x7CF9,
    0x2EB0: 0x7E9F, 0x2EB1: 0x7F53, 0x2EB2: 0x7F52, 0x2EB9: 0x8002, 0x2EBA: 0x8080,
    0x2EBB: 0x807F, 0x2EBC: 0x8089, 0x2EBD: 0x81FC, 0x2EBE: 0x8279, 0x2EBF: 0x8279,
    0x2EC0: 0x8279, 0x2EC1: 0x864E, 0x2EC2: 0x8864, 0x2EC3: 0x8980, 0x2EC4: 0x897F,
    0x2EC5: 0x89C1, 0x2EC6: 0x89D2, 0x2EC8: 0x8BA0, 0x2EC9: 0x8D1D, 0x2ECB: 0x8F66,
    0x2ECC: 0x8FB6, 0x2ECD: 0x8FB6, 0x2ECE: 0x8FB6, 0x2ECF: 0x961D, 0x2ED0: 0x9485,
    0x2ED1: 0x9577, 0x2ED2: 0x9578, 0x2ED3: 0x957F, 0x2ED4: 0x95E8, 0x2ED6: 0x961D,
    0x2ED7: 0x96E8, 0x2ED8: 0x9752, 0x2ED9: 0x97E6, 0x2EDA: 0x9875, 0x2EDB: 0x98CE,
    0x2EDC: 0x98DE, 0x2EDD: 0x98DF, 0x2EDF: 0x98E0, 0x2EE0: 0x9963, 0x2EE2: 0x9A6C,
    0x2EE3: 0x9AA8, 0x2EE4: 0x9B3C, 0x2EE5: 0x9C7C, 0x2EE6: 0x9E1F, 0x2EE7: 0x5364,
    0x2EE8: 0x9EA6, 0x2EE9: 0x9EC4, 0x2EEA: 0x9EFE, 0x2EEB: 0x6589, 0x2EEC: 0x9F50,
    0x2EED: 0x6B6F, 0x2EEE: 0x9F7F, 0x2EEF: 0x7ADC, 0x2EF0: 0x9F99, 0x2EF1: 0x9F9C,
    0x2EF2: 0x4E80, 0x2EF3: 0x9F9F,
}


def _table() -> dict[int, str]:
    """The whole mapping: decomposable code points of the three blocks, plus the supplement."""
    table = {src: chr(dst) for src, dst in _SUPPLEMENT.items()}
    blocks = [range(0x2F00, 0x2FE0), range(0xF900, 0xFB00), range(0x2F800, 0x2FA20)]
    for block in blocks:
        for code in block:
            unified = unicodedata.normalize("NFKC", chr(code))
            if unified != chr(code) and len(unified) == 1:
                table[code] = unified
    return table


_TABLE = _table()
#: Latin ligatures of PDF fonts and the letters they join: `ﬁ` → `fi`.
_LIGATURES = {code: unicodedata.normalize("NFKC", chr(code)) for code in range(0xFB00, 0xFB07)}
#: The three blocks and the ligatures as ranges: far faster to scan for than a class of
#: every mapped character.
_BLOCKS = lazy_re(r"[\u2e80-\u2fdf\uf900-\ufaff\ufb00-\ufb06\U0002f800-\U0002fa1f]")
_RADICALS = lazy_re(r"[\u2e80-\u2fdf]")
_LATIN = lazy_regex(r"\p{Latin}")
_BLANK = lazy_re(r"\n[^\S\n]*\n")
#: The BMP's unified ideographs, which `_variants` asks OpenCC about.
_HAN_RANGE = range(0x4E00, 0xA000)


def unified(char: str) -> str:
    """What one compatibility character stands for, without looking at its context.

    >>> unified("⼾"), unified("ﬁ"), unified("，")
    ('戶', 'fi', '，')
    """
    code = ord(char)
    return _TABLE.get(code) or _LIGATURES.get(code) or char


@dataclass(frozen=True)
class _Variants:
    """OpenCC's view of Han characters, loaded the first time a radical is met."""

    simplified_only: frozenset[str]  # has a Traditional form other than itself, and no other
    traditional_only: frozenset[str]  # the other way round
    #: radical → its Simplified form, for radicals that stand for a Traditional-only character
    simplified_forms: dict[int, str]


@cache
def _variants() -> _Variants:
    """Built from OpenCC's character tables, converting every BMP Han character once."""
    import opencc  # deferred: it loads dictionaries

    chars = "".join(map(chr, _HAN_RANGE))  # here, not at import: 2 ms of every start-up
    simplified = dict(zip(chars, opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")))
    traditional = dict(zip(chars, opencc.OpenCC("s2t").convert("\n".join(chars)).split("\n")))
    simplified_only = frozenset(c for c in chars if traditional[c] != c and simplified[c] == c)
    traditional_only = frozenset(c for c in chars if simplified[c] != c and traditional[c] == c)
    radical_targets = {target for code, target in _TABLE.items() if code < 0x2FE0}
    # a Simplified form that a radical of its own stands for (`门`: `⻔`) was drawn by that one
    forms = {
        code: simplified[target] for code, target in _TABLE.items()
        if code < 0x2FE0 and target in traditional_only
        and len(simplified[target]) == 1 and simplified[target] not in radical_targets
    }
    return _Variants(simplified_only, traditional_only, forms)


def as_radicals_read(text: str) -> str:
    """`text` with the Simplified form compat gives a radical in Simplified text put back to
    the radical's own reading (`户` → `戶`, for `⼾`): so a copy that compat mapped in one
    script compares equal to the radical it came from.

    >>> as_radicals_read("管理账户"), as_radicals_read("管理账戶")
    ('管理账戶', '管理账戶')
    """
    return text.translate(_radical_readings())


@cache
def _radical_readings() -> dict[int, str]:
    """The Simplified form of each radical that compat maps by script → the radical's own
    reading (`unified`)."""
    return {ord(form): _TABLE[code] for code, form in _variants().simplified_forms.items()}


def script_lean(text: str) -> int:
    """Characters only Simplified has minus those only Traditional has, in `text`: positive
    for Simplified text, negative for Traditional, 0 for no evidence.

    >>> script_lean("用户的设置"), script_lean("用戶的設定"), script_lean("中文")
    (2, -2, 0)
    """
    variants = _variants()
    lean = 0
    for char in text:
        if char in variants.simplified_only:
            lean += 1
        elif char in variants.traditional_only:
            lean -= 1
    return lean


class _Context:
    """The script lean of the paragraph around a position, else of the whole text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.breaks: list[int] | None = None  # where each paragraph starts, after the first
        self.paragraphs: dict[int, int] = {}
        self.whole: int | None = None

    def lean(self, at: int) -> int:
        text = self.text
        if self.breaks is None:
            self.breaks = [match.end() for match in _BLANK.finditer(text)]
        index = bisect_right(self.breaks, at)
        start = self.breaks[index - 1] if index else 0
        if start not in self.paragraphs:
            end = self.breaks[index] if index < len(self.breaks) else len(text)
            self.paragraphs[start] = script_lean(text[start:end])
        lean = self.paragraphs[start]
        if lean:
            return lean
        if self.whole is None:
            self.whole = script_lean(text)
        return self.whole


class Compat(Kind):
    name = "compat"
    content = Content.MAPS
    native = "Compat"

    def __init__(self, **params: Any) -> None:
        super().__init__(**params)
        if self.core is not None and not native.matches("opencc"):
            self.core = None  # its tables hold another OpenCC's view of Han

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        if not _BLOCKS.search(text):
            return text
        forms = _variants().simplified_forms if _RADICALS.search(text) else {}
        context = _Context(text)

        def unify(match: re.Match[str]) -> str:
            char = match.group()
            code = ord(char)
            if code in _LIGATURES:
                start, end = match.span()
                beside = text[start - 1 : start] + text[end : end + 1]
                return _LIGATURES[code] if _LATIN.search(beside) else char
            if code in forms and context.lean(match.start()) > 0:
                return forms[code]
            return _TABLE.get(code, char)

        return sub(_BLOCKS, unify, text, edits)
