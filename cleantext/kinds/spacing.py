"""spacing: remove the stray spaces that justified type and OCR leave in Chinese text.

Before: ``"项 ，总 成 交 额 18.39 亿 元"``  After: ``"项，总成交额18.39亿元"``

What it does
------------
White space (space, tab, U+3000) goes wherever one side is Chinese (a Han
character or full-width punctuation). Between Han and Latin letters or digits
the `cjk_latin` param decides. An odd space (U+3000) between Latin words
becomes a plain one. One ellipsis `…` is Latin too, so it is Chinese only with
Chinese beyond it: `中… a` and `… …` close up. In a line of justified Latin prose,
the wide gaps between words become one space (`Message  Of  The` → `Message Of The`):
the line has two gaps or more of two or three spaces between Latin letters and none
wider, and no line next to it (a blank line between allowed) has cells starting at two
of the same columns. Two spaces after a sentence's period stay (`warranty.  You`).
A space that a wrap left inside a URL's scheme goes: `http s://` → `https://`.

It sees the whole slice, not one line at a time: whether a line is justified prose
depends on the lines next to it. A line with no two spaces in a row it judges by
itself, and a later pass over the slice does not look at it again once left alone.

Leaves alone
------------
A line's leading white space: `unwrap` strips the lines it joins, so an indent still
there is one it kept (code, a list item's continuation, a man page's options);
one space between Latin words or numbers (`Hello… world` too); the space after a list
item's bullet at a line's start (`- 鸡蛋`, `* `, `+ `, `• `), and after the colon of a key
of configuration there (`name: 测试服务`, `- id: 1`); a gap of two or
more spaces, or a tab, which is a table's column gap (`unwrap` keeps such rows
as lines: `2023  15.6  12.3`; rows of Latin cells align with their neighbours);
with `keep_headline_space`, the one space of a short headline of two phrases
(`向新而行 加速迈进`); an English sentence's spaces around curly quotes
(`header ‘Origin’ cannot`); a line with kana or Hangul (Japanese, Korean), whose
spaces are its own; a shell command line (`text.shell_line`: `echo "你好" > a.txt`,
`$ cd 文档`), whose spaces part the shell's words.

Params
------
cjk_latin ("remove")
    Space between Han and Latin letters or digits: `remove` (newspaper style),
    `keep` (as found), or `add` (exactly one space, as pangu does).
keep_headline_space (true)
    Keep the single space between the two phrases of a short headline (two runs
    of four to twelve Chinese characters, alone on a line).

Content safety
--------------
Keeps content: it removes or adds white space only.

Known limits
------------
A line that mixes Chinese with kana or Hangul is left as it is, Chinese part and all.
Other Latin words split by a wrap (`pa rtition`) keep their space: only a dictionary
could tell them from two words.
A table of Latin cells one row long, with three columns or more, looks like justified
prose and loses its gaps. A shell line is known by its shape (`text.shell_line`): a
command with no redirection, pipe or `$ ` prompt (`echo 你好`) loses its space.
"""

from __future__ import annotations

import re

import regex

from ..text import (
    CHINESE_AFTER,
    CHINESE_BEFORE,
    CJK_PUNCT,
    HAN,
    HSPACE_CLASS,
    OTHER_SCRIPT,
    display_width,
    is_cjk,
    is_han,
    lazy_re,
    lazy_regex,
    shell_line,
)
from .base import Edit, Kind, Known, Literals, by_line, choice, sub

_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_GAP = lazy_re(rf"{HSPACE_CLASS}+")
_GAP_OR_TOUCH = lazy_regex(
    rf"{HSPACE_CLASS}+|(?<={HAN})(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?={HAN})"
)
_PHRASE = r"[^\s，。、；：？！,;:?!（）()]{4,12}"
_HEADLINE = lazy_regex(rf"^({_PHRASE})(?<={HAN}) (?={HAN})({_PHRASE})$")
_HAN_RUN = lazy_regex(rf"{HAN}{{3}}")
_BYLINE_END = lazy_regex(r"(?:记者|通讯员|摄影|编辑|作者|撰稿)$")
_SPACED = Literals(" ", "\t", "\u3000")  # a line only "add" can change has none
#: A key of configuration at a line's start, whose colon's space stays (`  name: 测试服务`).
_CONFIG_KEY = lazy_re(r"[ \t]*(?:- )?[A-Za-z_][A-Za-z0-9_.-]*:")
#: A list item's bullet at a line's start, whose space stays (`- 鸡蛋`).
_BULLETS = frozenset("-*+•")
_NOT_EMPTY = lazy_re(r"[^\n]")
#: Common Chinese characters (Han, kana, hangul, CJK punctuation): a subset of `is_cjk`
#: a plain `re` class can hold. One space between two of them always goes.
_COMMON_CJK = (
    "[\u3400-\u4dbf\u4e00-\u9fff\u3041-\u3096\u30a1-\u30fa\uac00-\ud7a3"
    + re.escape(CJK_PUNCT) + "]"
)
_SPACE_IN_CHINESE = lazy_re(f" (?<={_COMMON_CJK} )(?={_COMMON_CJK})")
#: A one-character gap beside an ellipsis that is Chinese: with Chinese beyond it, or another
#: ellipsis across the gap (two are Chinese anywhere).
_CHINESE_GAP = lazy_regex(rf"(?<={CHINESE_BEFORE}).|(?<=…).(?=…)|.(?={CHINESE_AFTER})")


#: A space between a Latin word and a curly quote around Latin (`header ‘Origin’ cannot`):
#: an English sentence, whose spaces stay. Matched one or two characters before the gap.
_QUOTED_LATIN = lazy_re(r"[A-Za-z0-9,;:][ ][‘“][A-Za-z]|[A-Za-z][’”][ ][A-Za-z]")



#: Two or three spaces between two Latin letters: justified type's gap, or a table's column
#: gap (after a sentence's period they may be the author's: `1.1.  That`). Matched from the
#: letter before the gap.
_JUSTIFIED_GAP = lazy_re(r"[A-Za-z] {2,3}[A-Za-z]")
#: A gap wider than justification makes (four spaces or more, or a tab): a table row.
_WIDE_GAP = lazy_re(r"\S(?: {4,}|[ ]*\t)")
#: Where a cell starts after a column gap (two spaces or more, or a tab).
_CELL = lazy_re(r"(?<=\S)(?: {2,}|[ ]*\t)[ \t]*(?=\S)")


def justified_lines(text: str) -> set[str]:
    """Lines of `text` that are justified Latin prose, not table rows: two gaps of two or three
    spaces between Latin letters or more, none wider, and no neighbour line (the lines before
    and after, a blank line between allowed) with cells starting at two of the same columns,
    as table rows do.

    >>> sorted(justified_lines("Message  Of  The  Day is shown"))
    ['Message  Of  The  Day is shown']
    >>> justified_lines("Name  Size  Date\\n\\nfoo   big   May\\n\\nbar   low   June")
    set()
    """
    lines: list[str] = []  # split only once a line passes the tests of its gaps
    found: set[str] = set()
    at = text.find("  ")
    while at >= 0:  # the lines with two spaces in a row, found by `str.find`: most have none
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        at = text.find("  ", end)
        line = text[start:end]
        if len(_JUSTIFIED_GAP.findall(line)) < 2 or _WIDE_GAP.search(line):
            continue
        lines = lines or text.split("\n")
        index = text.count("\n", 0, start)
        columns = _columns(line)
        near = [lines[i] for i in (index - 2, index - 1, index + 1, index + 2)
                if 0 <= i < len(lines) and lines[i].strip()][:4]
        if all(len(columns & _columns(other)) < 2 for other in near):
            found.add(line)
    return found


def _columns(line: str) -> set[int]:
    """Display columns where cells start after a column gap in `line`."""
    return {display_width(line[: match.end()]) for match in _CELL.finditer(line)}


def _no_double_space(line: str) -> bool:
    return "  " not in line


def is_headline(line: str) -> bool:
    """A short two-phrase headline: `辉煌十四五 改革谱新篇`, not `本报记者 张弘靓`.

    >>> is_headline("27家工程技术研究中心 全部通过验收"), is_headline("本报记者 张弘靓")
    (True, False)
    """
    match = _HEADLINE.match(line)
    return bool(
        match
        and not _BYLINE_END.search(match.group(1))
        and all(_HAN_RUN.search(phrase) for phrase in match.groups())
    )


class Spacing(Kind):
    name = "spacing"
    params = {"cjk_latin": "remove", "keep_headline_space": True}
    native = "Spacing"

    def __init__(self, **params: object) -> None:
        super().__init__(**params)
        self.style = choice(self.options["cjk_latin"], ("remove", "keep", "add"), "cjk_latin")
        self.pattern = _GAP_OR_TOUCH if self.style == "add" else _GAP
        #: a line with no two spaces in a row is no justified prose: judged by itself alone
        self.known = Known(alone=_no_double_space)

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        justified = justified_lines(text) if "  " in text else set()

        def fix(line: str, edits: list[Edit] | None) -> str:
            return self._line(line, edits, line in justified)

        return by_line(_NOT_EMPTY if self.style == "add" else _SPACED, fix, text, edits,
                       self.known)

    def _line(self, line: str, edits: list[Edit] | None, justified: bool = False) -> str:
        if OTHER_SCRIPT.search(line):
            return line  # Korean spaces its words; Japanese spacing is its own
        if self.options["keep_headline_space"] and is_headline(line):
            return line
        if shell_line(line):
            return line  # a shell command's spaces part its words: `echo 你好 > a.txt`
        if edits is None:  # the commonest gap, in C; with a trace `_replace` does the same
            line = _SPACE_IN_CHINESE.sub("", line)
        if justified:
            return sub(self.pattern, self._replace_justified, line, edits)
        return sub(self.pattern, self._replace, line, edits)

    def _replace_justified(self, match: re.Match[str] | regex.Match[str]) -> str:
        """`_replace` in a line of justified Latin prose: its wide gaps between words are one."""
        if _JUSTIFIED_GAP.fullmatch(match.string, match.start() - 1, match.end() + 1):
            return " "
        return self._replace(match)

    def _replace(self, match: re.Match[str] | regex.Match[str]) -> str:
        text, start, end = match.string, match.start(), match.end()
        if not start:
            return match.group()  # an indent: `unwrap` kept this line as it is (code, a list)
        if end >= len(text):
            return ""
        left, right = text[start - 1], text[end]
        gap = match.group()
        if len(gap) > 1 or gap == "\t":
            return gap  # a column gap in a table row, as `unwrap` sees it
        if start == 1 and left in _BULLETS:
            return gap  # a list item's bullet: `- 鸡蛋`
        if left == ":" and _CONFIG_KEY.fullmatch(text, 0, start):
            return gap  # a key of configuration: `name: 测试服务`
        if gap == " " and text.startswith("s://", end) and text.endswith("http", 0, start):
            return ""  # a wrap split the scheme: `http s://` is `https://`
        if (right in "‘“" or left in "’”") and (
            _QUOTED_LATIN.match(text, start - 1)
            or (start >= 2 and _QUOTED_LATIN.match(text, start - 2))
        ):
            return gap  # English around a quoted English word: `header ‘Origin’ cannot`
        chinese = (is_cjk(left) and left != "…") or (is_cjk(right) and right != "…")
        if not chinese and "…" in (left, right):
            chinese = _CHINESE_GAP.match(text, start) is not None
        if self.style != "remove" and (
            (is_han(left) and right in _ALNUM) or (left in _ALNUM and is_han(right))
        ):
            return " " if self.style == "add" else gap
        return "" if chinese else " "

