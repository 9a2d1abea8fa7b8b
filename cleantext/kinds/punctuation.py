"""punctuation: half-width punctuation in Chinese context becomes full-width.

Before: ``"创新的脉动:内核驱动,(上接A03版)"``  After: ``"创新的脉动：内核驱动，（上接A03版）"``

A mark is in Chinese context when the nearest non-space character on either
side is Chinese (Han or full-width punctuation). ASCII stays inside numbers
(`1,000`, `10:30`), URLs and e-mail addresses, and Latin runs. A pair of
parentheses turns full-width when its content or either neighbour is Chinese,
even around ASCII content: `（2.5KW）`. A `.` right after Han at the end of a
sentence becomes `。`.
"""

from __future__ import annotations

from bisect import bisect_right

import regex

from ..text import CJK_CONTEXT_CLASS
from .base import Edit, Kind, sub

_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）", ".": "。"}
_CJK = regex.compile(CJK_CONTEXT_CLASS)
_URL = r"(?:https?|ftp)://[^\s，。、；：？！“”‘’（）《》【】]+|www\.[^\s，。、；：？！“”（）]+"
_URLS = regex.compile(_URL)
_PROTECTED = regex.compile(
    # an address starts where a run of address characters does (or where the last match ended):
    # trying every position inside a long run of Han (which is \w) would be quadratic
    _URL + r"|(?:(?<![\w.+-])|\G)[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)
_PAIR = regex.compile(r"\(([^()\n]{0,200})\)")
_MARK = regex.compile(r"[,;:?!()]|\.(?<=\p{Han}\.)(?=$|\s*[\p{Han}“”‘’（）《》，。]|\s*\n)", regex.M)
_PRECHECK = regex.compile(r"[,;:?!().]")
#: The character at the match position has a Chinese neighbour, perhaps across spaces.
_BESIDE_CHINESE = regex.compile(
    rf"(?<={CJK_CONTEXT_CLASS}[ \t\u3000]*).|.(?=[ \t\u3000]*{CJK_CONTEXT_CLASS})", regex.S
)


def _protected(text: str) -> list[tuple[int, int]]:
    """Spans of URLs and e-mail addresses, whose marks stay ASCII."""
    if "@" in text:
        return [m.span() for m in _PROTECTED.finditer(text)]
    if "://" in text or "www." in text:  # no address without "@": the faster URL scan will do
        return [m.span() for m in _URLS.finditer(text)]
    return []


def _inside(spans: list[tuple[int, int]], index: int) -> bool:
    """`index` is in one of `spans` (sorted, not overlapping)."""
    at = bisect_right(spans, index, key=lambda span: span[0]) - 1
    return at >= 0 and index < spans[at][1]


def _neighbour(text: str, index: int, step: int) -> str:
    """Nearest non-space character from `index` in direction `step`, or ''."""
    index += step
    while 0 <= index < len(text) and text[index] in " \t\u3000":
        index += step
    return text[index] if 0 <= index < len(text) and text[index] != "\n" else ""


def _chinese_context(text: str, index: int) -> bool:
    left, right = _neighbour(text, index, -1), _neighbour(text, index, 1)
    return bool((left and _CJK.match(left)) or (right and _CJK.match(right)))


class Punctuation(Kind):
    name = "punctuation"
    params = {"marks": ",;:?!()."}

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        if not _PRECHECK.search(text):
            return text
        protected = _protected(text)
        wanted = set(self.options["marks"])
        pairs = self._chinese_pairs(text) if "(" in wanted else set()

        def replace(match: regex.Match[str]) -> str:
            mark, index = match.group(), match.start()
            if mark not in wanted or _inside(protected, index):
                return mark
            if _BESIDE_CHINESE.match(text, index):  # the common case, decided in one call
                return _FULL[mark]
            if mark in "()":
                if index in pairs or _chinese_context(text, index):
                    return _FULL[mark]
                return mark
            left, right = _neighbour(text, index, -1), _neighbour(text, index, 1)
            if mark in ",:" and left.isdigit() and right.isdigit():
                return mark  # 1,000 and 10:30
            return _FULL[mark] if _chinese_context(text, index) else mark

        return sub(_MARK, replace, text, edits)

    @staticmethod
    def _chinese_pairs(text: str) -> set[int]:
        """Positions of both parentheses of each pair that belongs to Chinese text."""
        positions: set[int] = set()
        for match in _PAIR.finditer(text):
            start, end = match.start(), match.end() - 1
            if (
                _CJK.search(match.group(1))
                or _chinese_context(text, start)
                or _chinese_context(text, end)
            ):
                positions.update((start, end))
        return positions
