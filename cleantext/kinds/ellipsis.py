"""ellipsis: `...`, `。。。` and a lone `…` in Chinese text become `……`.

Before: ``"同比增长22%..."``  After: ``"同比增长22%……"``

Dots in Latin text (`wait...`) stay, and so does a correct `……`. Spaces before
the ellipsis go; it never reaches across a line break.
"""

from __future__ import annotations

import re

import regex

from ..text import CJK_CONTEXT_CLASS
from .base import Edit, Kind, by_line, sub

_ELLIPSIS = regex.compile(
    rf"(?:(?<={CJK_CONTEXT_CLASS}|[0-9%])[^\S\n]*(?:\.{{3,}}|。{{3,}}|(?<!…)…(?!…)|…{{3,}}))"
    rf"|(?:(?:\.{{3,}}|。{{3,}}|(?<!…)…(?!…)|…{{3,}})(?=[^\S\n]*{CJK_CONTEXT_CLASS}))"
)
_CANDIDATE = re.compile(r"\.\.\.|。。。|…")


class Ellipsis(Kind):
    name = "ellipsis"

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        return by_line(_CANDIDATE, self._line, text, edits)

    @staticmethod
    def _line(line: str, edits: list[Edit] | None) -> str:
        return sub(_ELLIPSIS, "……", line, edits)
