"""ellipsis: `...`, `。。。` and a lone `…` in Chinese text become `……`.

Before: ``"同比增长22%..."``  After: ``"同比增长22%……"``

What it does
------------
Three or more dots, `。。。` and a lone `…` become `……` where the text around
them is Chinese. A half-width mark between the dots and Chinese does not hide
the Chinese (`...,中` → `……，中` once `punctuation` has run), so one run is
enough.

It sees one line at a time (`Scope.LINE`): a line it once left as it was, a later
pass over the slice does not look at again.

Leaves alone
------------
Dots in Latin text (`wait...`, `wait…)`, `grew 22%...`), dots inside a quoted literal
(`运行"sudo dpkg -i ..."安装`: ASCII in straight quotes with a mark of code in it,
`text.QUOTED_LITERAL`, which `quotes` leaves straight too), a correct `……`, and
white space around it (left to `spacing`, which keeps a column gap), and lines
with kana or Hangul (Japanese, Korean). It never reaches across a line break.

Params
------
None.

Content safety
--------------
Keeps content: it changes only dots and ellipsis marks.

Known limits
------------
A lone `…` between Chinese and Latin text counts as Chinese.
"""

from __future__ import annotations

import regex

from ..text import (
    CHINESE_AFTER,
    CHINESE_BEFORE,
    CJK_CONTEXT_CLASS,
    HOLDS_CHINESE,
    HSPACE_CLASS,
    OTHER_SCRIPT,
    QUOTED_LITERAL,
    lazy_regex,
)
from .base import Edit, Kind, Literals, Scope, by_line, sub

#: A half-width mark that `punctuation` or `quotes` will turn full-width next to Chinese.
_MARK = r"""[,;:?!()"']"""
#: A run of dots, ideographic full stops and ellipses, single spaces between them too, taken
#: whole (atomic, and never from inside a run): `……...` is one ellipsis, `PFlops……` none.
_DOT_RUN = r"(?:\.{3,}|。{3,}|…)"
_DOTS = (
    rf"(?<![.…])(?<!(?:\.{{3}}|…|。{{3}})[^\S\n]+)(?!(?<=。)。)"  # not inside a run
    rf"(?>{_DOT_RUN}+(?:[ \u3000]{_DOT_RUN}+)*)"  # one space between runs: not a column gap
)
#: Half-width marks and spaces between the dots and what decides: a run of them turns
#: full-width as a whole when Chinese touches it (see `punctuation`).
_BETWEEN = rf"(?:{_MARK}|[^\S\n])*"
#: Dots beside Chinese, and dots after a number (`22%...`): used in a line that holds Chinese.
_ELLIPSIS, _LATIN_ELLIPSIS = (
    lazy_regex(
        rf"(?:(?<=(?:{CHINESE_BEFORE}{numbers}){_BETWEEN}){_DOTS})"
        rf"|(?:{_DOTS}(?={_BETWEEN}{CHINESE_AFTER}))"
        # a mark touching a `…` with Chinese beyond it (`……)`) turns full-width, so it counts too
        rf"|(?:(?<={_MARK}[^\S\n]*)(?=…{HSPACE_CLASS}*{CJK_CONTEXT_CLASS}){_DOTS})"
        rf"|(?:{_DOTS}(?<={CJK_CONTEXT_CLASS}{HSPACE_CLASS}*…)(?=[^\S\n]*{_MARK}))"
    )
    for numbers in ("|[0-9%]", "")  # in Latin text, `It grew 22%...` keeps its dots
)
_CANDIDATE = Literals("...", "。。。", "…")


class Ellipsis(Kind):
    name = "ellipsis"
    scope = Scope.LINE
    native = "Ellipsis"

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        return by_line(_CANDIDATE, self._line, text, edits, self.known)

    @staticmethod
    def _line(line: str, edits: list[Edit] | None) -> str:
        """The line with its Chinese ellipses made `……`; a quoted literal keeps its dots.

        >>> Ellipsis._line('运行"ls ..."查看，他说"好..."', None)
        '运行"ls ..."查看，他说"好……"'
        """
        if OTHER_SCRIPT.search(line):
            return line  # Japanese or Korean: its dots are its own
        pattern = _ELLIPSIS if HOLDS_CHINESE.search(line) else _LATIN_ELLIPSIS
        if '"' not in line and "'" not in line:
            return sub(pattern, "……", line, edits)
        literals = [match.span() for match in QUOTED_LITERAL.finditer(line)]

        def single(match: regex.Match[str]) -> str:
            start = match.start()
            inside = any(begin < start < end for begin, end in literals)
            return match.group() if inside else "……"

        return sub(pattern, single, line, edits)


def chinese_ellipses(line: str) -> str:
    """`line` (one line) with its Chinese ellipses made `……`, as the rule sets them: how
    `unwrap` reads the start of a line before the rule has run.

    >>> chinese_ellipses("...青藏高原"), chinese_ellipses("...and then")
    ('……青藏高原', '...and then')
    """
    return Ellipsis._line(line, None)
