"""width: full-width digits and Latin letters become half-width.

Before: ``"２０２５年ＡＩ"``  After: ``"2025年AI"``

What it does
------------
Full-width digits and Latin letters (U+FF10–U+FF5A) become their ASCII forms.
With `number_punctuation`, a full-width `．，：％` between or after full-width
digits goes half-width too (`１８．３９％` → `18.39%`).

Leaves alone
------------
Full-width Chinese punctuation anywhere else; half-width text.

Params
------
number_punctuation (true)
    Also turn `．，：％` half-width between or after full-width digits.

Content safety
--------------
Keeps content: a full-width digit or letter is the same content as its ASCII
form (the `--safe` check folds widths).

Known limits
------------
Spaced full-width digits (`９ ６ ６ ０`) become spaced ASCII digits; joining them
is left to `spacing`, which keeps a space between digits.
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
