"""ocrmarks: marks OCR misreads or leaves beside Chinese put right.

Before: ``"医务人员培 | 何工作，推迟行期*内塔尼亚胡[注]1．5倍 1 9 9 4 年"``
After: ``"医务人员培何工作，推迟行期。内塔尼亚胡［注］1.5倍1994年"``

What it does
------------
* `|` `‖` read from a column rule between Chinese go, with the spaces around them:
  `培 | 何工作` → `培何工作`; so does one at the end of a line after Chinese.
* `*` between two Han characters, or after one at the end of a line, is a full stop
  too small to read: `行期*内塔` → `行期。内塔`; before a full-width mark it is a
  speck: `抵押品*。` → `抵押品。`.
* `=` and `~` right between two Han characters, or after one at a line's end, are
  specks: they go.
* ASCII `[ ]` around Chinese beside Chinese become `［ ］`: `胡[注]` → `胡［注］`.
* a full-width `／` or `．` between ASCII digits goes half-width: `1．5` → `1.5`.
* digits spaced one by one (`1 9 9 4`, how full-width digits are read) close up
  when Chinese is beside the run.
* `·` after a Han character at the end of a line (a paragraph, once unwrapped) is a
  full stop: a name never ends on its dot.

It sees one line at a time (`Scope.LINE`): a line it once left as it was, a later
pass over the slice does not look at again.

Leaves alone
------------
Markdown tables (a line that starts with `|`), `**bold**`, globs (`*.deb`),
`~/.profile`, `3~5`, `收入 = 价格` (spaced: an equation), citations `[1]` and links
`[文本](url)`, a `·` inside
a name (`哈比卜·易卜拉欣`), numbers spaced in groups (`1 000`), and all of it in
text with no Chinese beside it.

Params
------
separators (true)
    Drop `|` `‖` column rules beside Chinese.
stars (true)
    `*` between Han characters or ending a line as `。`; before a mark, dropped.
specks (true)
    Drop `=` `~` stuck between Han characters or ending a line after one.
brackets (true)
    ASCII `[ ]` around and beside Chinese as `［ ］`.
numbers (true)
    `／` `．` between ASCII digits half-width; digits spaced one by one joined.
dots (true)
    A line-final `·` after a Han character as `。`.

Content safety
--------------
Keeps content: only marks and spaces change; no letter, digit or Han character is
removed or replaced.

Known limits
------------
A `·` read for `。` inside a line stays (`还在持续·有关国家`): a name's dot looks the
same. A stray mark next to Latin text or digits stays.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import regex

from ..text import CJK_CONTEXT_CLASS
from .base import Edit, Kind, Scope, by_line, sub

_HAN = r"\p{Han}"
_CJK = CJK_CONTEXT_CLASS
#: One pattern per fix, and what its match becomes.
_FIXES: dict[str, tuple[str, Callable[[regex.Match[str]], str]]] = {
    "separators": (
        rf"(?<={_CJK})[ \t\u3000]*[|‖](?:[ \t\u3000]*(?={_CJK})|[ \t\u3000]*$)",
        lambda match: "",
    ),
    "stars": (
        rf"(?<={_HAN})(?<!\*)\*(?!\*)(?={_HAN}|[ \t\u3000]*$|(?P<mark>[，。、；：？！]))",
        lambda match: "" if match.group("mark") else "。",
    ),
    "specks": (
        rf"(?<={_HAN})[=~＝～](?={_HAN})|(?<={_HAN})[ \t\u3000]*[=~＝～][ \t\u3000]*$",
        lambda match: "",
    ),
    "brackets": (
        (rf"(?<={_CJK})\[[^\[\]\n]*{_HAN}[^\[\]\n]*\](?![(\[:])"
         rf"|\[[^\[\]\n]*{_HAN}[^\[\]\n]*\](?={_CJK})"),
        lambda match: f"［{match.group()[1:-1]}］",
    ),
    "numbers": (
        (rf"(?<=\d)[／．](?=\d)|(?<={_CJK}[ \t]?)\d(?: \d){{2,}}(?!\d)"
         rf"|(?<![\d ])\d(?: \d){{2,}}(?=[ \t]?{_CJK})"),
        lambda match: {"／": "/", "．": "."}.get(match.group(), match.group().replace(" ", "")),
    ),
    "dots": (rf"(?<={_HAN})·(?=[ \t\u3000]*$)", lambda match: "。"),
}
#: A mark a line must hold for each fix to apply (`numbers`: or `1 9 9`): lines without
#: any are copied in one scan, of one character class.
_NEEDS = {
    "separators": "|‖", "stars": "*", "specks": "=~＝～", "brackets": "[", "numbers": "／．",
    "dots": "·",
}
#: A Markdown table row: its separators are the table's.
_TABLE_ROW = re.compile(r"^\s*\|")


class OcrMarks(Kind):
    name = "ocrmarks"
    scope = Scope.LINE
    params = {name: True for name in _FIXES}

    def __init__(self, **params: object) -> None:
        super().__init__(**params)
        names = [name for name in _FIXES if self.options[name]]
        self.pattern = regex.compile("|".join(f"(?P<{n}>{_FIXES[n][0]})" for n in names)
                                     or "(?!)", regex.MULTILINE)
        self.names = names
        self.candidate = _candidate(names) if names else None

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        if self.candidate is None:
            return text
        return by_line(self.candidate, self._line, text, edits, self.known)

    def _line(self, line: str, edits: list[Edit] | None) -> str:
        table = "|" in line and _TABLE_ROW.search(line) is not None
        return sub(self.pattern, lambda match: self._replace(match, table), line, edits)

    def _replace(self, match: regex.Match[str], table: bool) -> str:
        found = match.group()
        for name in self.names:
            if match.group(name) is not None:
                return found if table and name == "separators" else _FIXES[name][1](match)
        return found


def _candidate(names: list[str]) -> re.Pattern[str]:
    """What a line must hold for one of the fixes `names` to apply, as one character
    class for the standard `re` engine to scan for (an alternation scans slower).

    >>> numbers, dots = _candidate(["numbers"]), _candidate(["dots"])
    >>> bool(numbers.search("1 9 9 4年")), bool(numbers.search("19 9")), bool(dots.search("1 9 9"))
    (True, False, False)
    """
    marks = re.escape("".join(_NEEDS[name] for name in names))
    if "numbers" in names:
        return re.compile(rf"[{marks}\d](?:(?<=\d) \d \d|(?<!\d))")
    return re.compile(f"[{marks}]")

