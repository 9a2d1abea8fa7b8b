"""width: full-width digits and Latin letters become half-width.

Before: ``"２０２５年ＡＩ"``  After: ``"2025年AI"``

With `number_punctuation` (on by default), a full-width `．，：％` between or
after full-width digits goes half-width too (`１８．３９％` → `18.39%`).
Full-width Chinese punctuation elsewhere is left alone.
"""

from __future__ import annotations

import re

from .base import Edit, Kind, sub

_ALNUM = re.compile(r"[０-９Ａ-Ｚａ-ｚ]+")
_WITH_NUMBERS = re.compile(r"[０-９]+(?:[．，：][０-９]+)*％?|[０-９Ａ-Ｚａ-ｚ]+")


def _half(match: re.Match[str]) -> str:
    return "".join(chr(ord(c) - 0xFEE0) for c in match.group())


class Width(Kind):
    name = "width"
    params = {"number_punctuation": True}

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        if not _ALNUM.search(text):
            return text
        pattern = _WITH_NUMBERS if self.options["number_punctuation"] else _ALNUM
        return sub(pattern, _half, text, edits, first=_ALNUM)
