"""ellipsis: `...`, `。。。` and a lone `…` in Chinese text become `……`.

Before: ``"同比增长22%..."``  After: ``"同比增长22%……"``

Dots in Latin text (`wait...`) stay, and so does a correct `……`.
"""

from __future__ import annotations

import regex

from ..text import CJK_CONTEXT_CLASS
from .base import Edit, Kind, sub

_ELLIPSIS = regex.compile(
    rf"(?:(?<={CJK_CONTEXT_CLASS}|[0-9%])\s*(?:\.{{3,}}|。{{3,}}|(?<!…)…(?!…)|…{{3,}}))"
    rf"|(?:(?:\.{{3,}}|。{{3,}}|(?<!…)…(?!…)|…{{3,}})(?=\s*{CJK_CONTEXT_CLASS}))"
)


class Ellipsis(Kind):
    name = "ellipsis"

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        if "..." not in text and "…" not in text and "。。。" not in text:
            return text
        return sub(_ELLIPSIS, "……", text, edits)
