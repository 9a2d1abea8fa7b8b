"""width: full-width digits and Latin letters become half-width.

Before: ``"２０２５年ＡＩ"``  After: ``"2025年AI"``

What it does
------------
Full-width digits and Latin letters (U+FF10–U+FF5A) become their ASCII forms.
With `number_punctuation`, a full-width `．，：％` between or after full-width
digits goes half-width too (`１８．３９％` → `18.39%`). Full-width digits spread one
by one with single spaces after a full-width word or digit, three digits or more, are
one number that justified type spread: `ＩＳＯ ９ ６ ６ ０` → `ISO9660`.

A column wrap may cut a number before its decimal point or its `％`
(`５２．３９⏎％`, `１⏎．７亿`): no line starts with `．７` or `％` but the rest of the
number at the end of the line before, so these two marks are read across one line
break, which stays. It sees a line and the start of the next (`Scope.SLICE`).

Leaves alone
------------
Full-width Chinese punctuation anywhere else: a `，` or `：` before a line break
(`１２，⏎３４` may be a list), a `．` or `％` after a blank line or after ASCII digits;
half-width text (`ISO 9660` typed half-width keeps its space); one or two spaced
full-width digits (`Ｗｉｎｄｏｗｓ ７` → `Windows 7`).

Params
------
number_punctuation (true)
    Also turn `．，：％` half-width between or after full-width digits.

Content safety
--------------
Keeps content: a full-width digit or letter is the same content as its ASCII
form (the `--safe` check folds widths); the spaces of a spread number go.

Known limits
------------
A `％` after ASCII digits (`10％`, also when the extractor made them ASCII) stays
full-width: nothing says its digits were ever full-width. A list of single full-width
digits set apart by single spaces (`１ ２ ３ ４`) is read as one number.
"""

from __future__ import annotations

import re

from ..text import lazy_re
from .base import Edit, Kind, Scope, sub

#: Where a match may start (one character: `re` scans for a class far faster than for a run)
_ALNUM = lazy_re(r"[０-９Ａ-Ｚａ-ｚ]")
#: Full-width digits one by one, a single space after each, after a full-width word or digit:
#: justified type spread one number (`ＩＳＯ ９ ６ ６ ０` is ISO9660). Three digits or more.
_SPACED = r"[０-９Ａ-Ｚａ-ｚ]+(?: [０-９](?![０-９Ａ-Ｚａ-ｚ])){3,}"
#: A number with its marks; a `．` or `％` may stand after one line break (a column wrap).
_NUMBER = r"[０-９]+(?:(?:[，：]|\n?．\n?)[０-９]+)*(?:\n?％)?"
_WITH_NUMBERS = lazy_re(_SPACED + "|" + _NUMBER + r"|[０-９Ａ-Ｚａ-ｚ]+")
_PLAIN = lazy_re(_SPACED + r"|[０-９Ａ-Ｚａ-ｚ]+")


def _half(match: re.Match[str]) -> str:
    """The match in half-width, the spaces of a spread number gone, its line break kept.

    >>> _half(_PLAIN.match("ＩＳＯ ９ ６ ６ ０")), _half(_PLAIN.match("Ｗｉｎ ７"))
    ('ISO9660', 'Win')
    >>> _half(_WITH_NUMBERS.match("５２．３９\\n％。")), _half(_WITH_NUMBERS.match("１\\n．７亿"))
    ('52.39\\n%', '1\\n.7')
    """
    return "".join(c if c == "\n" else chr(ord(c) - 0xFEE0) for c in match.group() if c != " ")


class Width(Kind):
    name = "width"
    scope = Scope.SLICE  # a line and the start of the next
    params = {"number_punctuation": True}
    native = "Width"

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        if not _ALNUM.search(text):
            return text
        pattern = _WITH_NUMBERS if self.options["number_punctuation"] else _PLAIN
        return sub(pattern, _half, text, edits, first=_ALNUM)
