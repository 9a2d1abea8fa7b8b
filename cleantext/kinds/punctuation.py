"""punctuation: half-width punctuation in Chinese context becomes full-width.

Before: ``"创新的脉动:内核驱动,(上接A03版)"``  After: ``"创新的脉动：内核驱动，（上接A03版）"``

What it does
------------
A mark is in Chinese context when the nearest character on either side that is
not a space or another half-width mark is Chinese (Han, full-width punctuation,
or a straight `"` in a line with Chinese, which `quotes` curls); such a mark
becomes its full-width form. A pair of parentheses turns full-width when its
content or either neighbour is Chinese, even around ASCII content: `（2.5KW）`. A
`.` right after Han at the end of a sentence becomes `。`. One ellipsis `…` is
Latin too, so it is Chinese only beside Chinese: `中…)` and `……)` turn.

Each line is judged on its own, but for the rows of a table (`profile.table_rows`:
a block of lines with as many commas each, `名称,数量,单价` / `苹果,3,5.5`), which
it leaves as they are; a line with no such comma it once left as it was, a later
pass over the slice does not look at again.

Leaves alone
------------
The rows of a CSV table (their commas are the separators of data, not prose), ASCII
inside numbers (`1,000`, `10:30`), URLs and e-mail addresses, Latin runs
(`wait…)`), the marks of an English clause of three words or more (`他说 OK, no
problem! 然后`: back to the last CJK character, all ASCII), and code tokens
(`text.CODE_TOKEN`): man references (`qemu-nbd(8)`), shell substitutions
(`$(lesspipe)`, `$((1+2))`), calls (`f((x))`, `open(path, "r")`), IPv6 addresses
(`::1`), operators (`==`, `!=`), quoted literals (`":set expandtab"`), shell
command lines (`echo "你好,世界" > a.txt`, `text.shell_line`), and the
colon of a key of configuration at a line's start (`name: 测试服务`).
A line with kana or Hangul is Japanese or Korean: its marks are its own.

Params
------
marks (",;:?!().")
    The half-width marks the rule may convert; drop one to keep it half-width.

Content safety
--------------
Keeps content: it replaces punctuation marks by their full-width forms only.

Known limits
------------
A code token is known by its shape: a plain word in parentheses after a capitalised
name (`Mail(Gmail)`) turns full-width, and a path or option with no such mark
(`--foo=a,b` beside Chinese) may still lose a comma. A line mixing Chinese with
kana or Hangul is left whole. A table is known as a block of its own (blank lines
around it): rows right under a line of prose, or two rows of one comma each with no
cell a number, are not told from prose and their commas turn full-width; three lines
of prose with one half-width comma each and no sentence end are taken for a table.
A shell line is known by its shape (`text.shell_line`): a command after a label
(`命令: ls | wc`) or with no redirection (`echo "你好"`) is prose.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from functools import cache

import regex

from ..profile import alone_of_tables, table_spans
from ..text import (
    CHINESE_AFTER,
    CHINESE_BEFORE,
    CJK_CONTEXT_CLASS,
    HOLDS_CHINESE,
    OTHER_SCRIPT,
    code_spans,
    is_cjk,
    lazy_re,
    lazy_regex,
    near_chinese,
)
from .base import Edit, Kind, Known, Scope, by_line_outside, sub

_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）", ".": "。"}
_CJK = lazy_regex(CJK_CONTEXT_CLASS)
#: An address ends at white space, Chinese punctuation, a quote or a Han character, and
#: not on a mark that ends the sentence around it (`见www.a.cn,了解`).
_URL_CHAR = r"""[^\s，。、；：？！“”‘’（）《》【】"'\p{Han}]"""
_URL_TAIL = rf"{_URL_CHAR}*{_URL_CHAR.replace(']', '.,;:!?]', 1)}"
_URL = rf"(?:https?|ftp)://{_URL_TAIL}|www\.{_URL_TAIL}"
_URLS = lazy_regex(_URL)
_PROTECTED = lazy_regex(
    # an address starts where a run of address characters does (or where the last match ended):
    # trying every position inside a long run of Han (which is \w) would be quadratic
    _URL + r"|(?:(?<![\w.+-])|\G)[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)
#: Most passes `Punctuation.apply` makes over one text.
MAX_PASSES = 8
#: A key of configuration at a line's start, its colon the group (`  name: 测试服务`, `- id: 1`).
_CONFIG_KEY = lazy_re(r"[ \t]*(?:- )?[A-Za-z_][A-Za-z0-9_.-]*(:)(?= |$)")
_PAIR = lazy_regex(r"\(([^()\n]{0,200})\)")
#: A mark touching a Chinese character, which always turns full-width, for each mark.
_TOUCHING = {
    mark: lazy_regex(
        rf"{regex.escape(mark)}(?:(?<={CHINESE_BEFORE}.)|(?={CHINESE_AFTER}))"
    )
    for mark in ",;:?!"
}
#: A line with one of these may need work: a fast scan (`re`) to find them.
_ANY_MARK = lazy_re(r"[,;:?!().]")
#: A mark that may turn full-width; marks never look across a line break.
_CANDIDATE = lazy_regex(r"[,;:?!()]|\.(?<=\p{Han}[ \t\u3000]*\.)")
_MARK = lazy_regex(
    r"""[,;:?!()]|\.(?<=\p{Han}[ \t\u3000]*\.)(?=\s*$|\s*[\p{Han}“”‘’（）《》，。"'])"""
)
#: Marks that end an English clause or part of one, and a letter of a word of it.
_ENGLISH_MARKS = frozenset(",;:?!")
_WORD = lazy_re(r"[A-Za-z]")
#: An ASCII word between ASCII white space (what `str.split` parts ASCII words at): an
#: English clause of three words has its middle one so.
_ASCII_SPACE = r"[\t\x0b\x0c\r\x1c-\x1f ]"
_SPACED_WORD = lazy_re(f"{_ASCII_SPACE}[\\x00-\\x08\\x0e-\\x1b!-\\x7f]+{_ASCII_SPACE}")
#: How far back an English clause before a mark is looked for.
_CLAUSE_REACH = 200


def _english_before(text: str, index: int) -> bool:
    """The text before the mark at `index`, back to the last CJK character (or the line's
    start), is ASCII with three words or more (apart by white space, each with a letter):
    an English clause, whose marks are its own.

    >>> _english_before("他说 OK, no problem! 然后", 19), _english_before("使用Python, 然后", 8)
    (True, False)
    >>> _english_before("详见www.xinhua.net,了解更多", 16)
    False
    """
    if not index or is_cjk(text[index - 1]):
        return False  # the common case: the mark follows Chinese
    start = index
    while start and index - start < _CLAUSE_REACH and not is_cjk(text[start - 1]):
        start -= 1
    run = text[start:index]
    return (start == 0 or is_cjk(text[start - 1])) and run.isascii() and (
        sum(1 for word in run.split() if _WORD.search(word)) >= 3)


def _touching(match: re.Match[str] | regex.Match[str]) -> str:
    """A mark touching Chinese, full width, but for an English clause's own."""
    mark = match.group()
    return mark if _english_before(match.string, match.start()) else _FULL[mark]


def _may_protect(text: str) -> bool:
    """`text` may hold an address, whose marks stay ASCII (see `_protected`)."""
    return "@" in text or "://" in text or "www." in text


def _protected(text: str, code: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of URLs, e-mail addresses and `code` tokens (`text.code_spans`), whose marks
    stay ASCII; sorted, not overlapping."""
    spans = list(code)
    if "@" in text:
        spans += [m.span() for m in _PROTECTED.finditer(text)]
    elif _may_protect(text):  # no e-mail address without "@": the faster URL scan will do
        spans += [m.span() for m in _URLS.finditer(text)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


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


#: A run of half-width marks, spaces and ellipses (taken whole: it starts where no such
#: character precedes).
_RUN = lazy_regex(r"(?<![ \t\u3000,;:?!()…])[ \t\u3000…]*[,;:?!()][ \t\u3000,;:?!()…]*")
#: Two ellipses, which are Chinese wherever they stand (`PFlops……)`); one is Latin too.
_DOUBLE_ELLIPSIS = lazy_re(r"…[ \t\u3000]*…")


def _chinese_at(text: str, index: int, lines: dict[int, bool]) -> bool:
    """`text[index]` is Chinese, or a straight quote the quotes rule curls: a `"` in a line
    with Chinese, a `'` that is `near_chinese` there too (in a line with no Chinese, a `'`
    beside a `"` is English: `He said, '"quote"'`).

    `lines` caches, by line start, whether a line holds Chinese.
    """
    if not 0 <= index < len(text):
        return False
    char = text[index]
    if char not in "\"'":
        return bool(_CJK.match(char))
    start = text.rfind("\n", 0, index) + 1
    if start not in lines:
        end = text.find("\n", index)
        lines[start] = bool(HOLDS_CHINESE.search(text, start, len(text) if end < 0 else end))
    return lines[start] and (char == '"' or near_chinese(text, index))


def _contexts(text: str) -> dict[int, bool]:
    """Whether each half-width mark is in Chinese context: a run of marks, spaces and
    ellipses (`中,;a`, `中…)`) is as a whole, so turning one full-width never changes
    another's context. A run with two ellipses is Chinese; one alone does not count.

    >>> _contexts("a;, 中 b"), _contexts("wait…)")
    ({1: True, 2: True}, {5: False})
    """
    contexts: dict[int, bool] = {}
    lines: dict[int, bool] = {}
    for match in _RUN.finditer(text):
        chinese = (
            _chinese_at(text, match.start() - 1, lines)
            or _chinese_at(text, match.end(), lines)
            or bool(_DOUBLE_ELLIPSIS.search(match.group()))
        )
        contexts.update(
            (match.start() + i, chinese) for i, c in enumerate(match.group()) if c in _FULL
        )
    return contexts


class Punctuation(Kind):
    name = "punctuation"
    scope = Scope.SLICE  # a line alone, but for the rows of a table
    native = "Punctuation"
    params = {"marks": ",;:?!()."}

    def __init__(self, **params: object) -> None:
        super().__init__(**params)
        self.known = Known(alone=alone_of_tables)
        #: the marks turned wherever they touch Chinese, in the order of `marks`
        self.touching = [mark for mark in self.options["marks"] if mark in _TOUCHING]

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        """Convert marks until none is left to convert.

        A pair turned full-width can put a neighbour in Chinese context
        (`a,(b中)`, nested pairs, `中.(“`), so passes repeat until one changes
        nothing (at most `MAX_PASSES`: only contrived alternations of marks
        and pairs need more). Marks only ever go full-width, one for one, so
        every pass's edits are in the same coordinates.

        The rows of a table (`profile.table_spans`) stay as they are.

        >>> Punctuation().apply("中,;a,(b中)", None)
        '中，；a，（b中）'
        >>> Punctuation().apply("名称,数量,单价\\n苹果,3,5.5\\n\\n他说,我们", None)
        '名称,数量,单价\\n苹果,3,5.5\\n\\n他说，我们'
        """
        tables = table_spans(text) if "," in text or "\t" in text else []
        return by_line_outside(tables, _ANY_MARK, self._line, text, edits, self.known)

    def _line(self, line: str, edits: list[Edit] | None) -> str:
        if OTHER_SCRIPT.search(line):
            return line  # Japanese or Korean: its marks are its own
        found: list[Edit] | None = [] if edits is not None else None
        # code tokens as the line came: marks only turn one for one, so the spans hold, and a
        # turned bracket next to a token cannot hide it in a later pass
        code = code_spans(line)
        key = _CONFIG_KEY.match(line) if ":" in line else None
        if key:  # `name: 测试服务`: a key of configuration keeps its colon
            code = [key.span(1), *code]
        # no address or code: the common case first, one mark at a time
        if not _may_protect(line) and not code:
            english: bool | None = None  # whether a mark may be an English clause's: asked once
            for mark in self.touching:
                if mark in line:
                    if english is None:
                        english = _SPACED_WORD.search(line) is not None
                    line = sub(_TOUCHING[mark], _touching if english else _FULL[mark], line, found)
        for _ in range(MAX_PASSES):
            if not _CANDIDATE.search(line):  # nothing left that a pass could turn
                break
            new = self._once(line, found, code)
            if new == line:
                break
            line = new
        if edits is not None and found:
            edits.extend(sorted(found))
        return line

    def _once(self, text: str, edits: list[Edit] | None, code: list[tuple[int, int]]) -> str:
        protected = _protected(text, code)
        wanted = set(self.options["marks"])
        contexts: dict[int, bool] = {}

        def chinese(index: int) -> bool:
            """The context of the mark at `index`, worked out for the line when first asked."""
            if not contexts:
                contexts.update(_contexts(text))
            return contexts.get(index, True)

        pairs = self._chinese_pairs(text, chinese) if "(" in wanted else set()

        def replace(match: regex.Match[str]) -> str:
            mark, index = match.group(), match.start()
            if mark not in wanted or (protected and _inside(protected, index)):
                return mark
            if mark in _ENGLISH_MARKS and _english_before(text, index):
                return mark  # `他说 OK, no problem! 然后`: the English clause's own mark
            left, right = _neighbour(text, index, -1), _neighbour(text, index, 1)
            # the common case, a Chinese neighbour; one `…` is Latin too (see `_contexts`)
            if (is_cjk(left) and left != "…") or (is_cjk(right) and right != "…"):
                return _FULL[mark]
            if mark in "()":
                return _FULL[mark] if index in pairs or chinese(index) else mark
            if mark in ",:" and left.isdigit() and right.isdigit():
                return mark  # 1,000 and 10:30
            return _FULL[mark] if chinese(index) else mark  # "." follows Han

        return sub(_MARK, replace, text, edits)

    @staticmethod
    def _chinese_pairs(text: str, chinese: Callable[[int], bool]) -> set[int]:
        """Positions of both parentheses of each pair that belongs to Chinese text."""
        positions: set[int] = set()
        for match in _PAIR.finditer(text):
            start, end = match.start(), match.end() - 1
            if HOLDS_CHINESE.search(match.group(1)) or chinese(start) or chinese(end):
                positions.update((start, end))
        return positions


@cache
def _default() -> Punctuation:
    """The rule with its default marks."""
    return Punctuation()


def full_width_line(line: str) -> str:
    """`line` with its marks as the rule with its default marks sets them, judged alone (no
    table around it): how `unwrap` reads the start of a line before the rule has run.

    >>> full_width_line("次,网民留言63件"), full_width_line("1,000 and a,b")
    ('次，网民留言63件', '1,000 and a,b')
    """
    return _default()._line(line, None)
