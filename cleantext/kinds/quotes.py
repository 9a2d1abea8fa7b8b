"""quotes: straight quotes in Chinese text pair into curly ones.

Before: ``'西宁曾因"世界屋脊"的地理坐标'``  After: ``"西宁曾因“世界屋脊”的地理坐标"``

What it does
------------
OCR often loses one quote of a pair, and plain alternation then turns every
later pair inside out. So each paragraph's quotes are assigned by a small
dynamic program: a pair costs more the longer its span and the more clauses
(，。；！？) it holds; a quote may also be left unpaired at a fixed cost, and then
points the way its neighbours suggest. `推进"昆仑英才计划、西宁市"夏都菁英"计划`
pairs the short `"夏都菁英"` and leaves the first quote opening on its own.

Each line is judged on its own, but for the rows of a table (`profile.table_rows`:
a block of lines with as many commas each, `"名称","数量"` / `"苹果",3`), which it
leaves as they are; a line with no such comma it once left as it was, a later pass
over the slice does not look at again.

Leaves alone
------------
The quotes of the rows of a CSV table (they quote its cells); quotes in lines
without Chinese, and in lines with kana or Hangul (Japanese, Korean).
Single quotes are handled only where a neighbour is Chinese, so Latin apostrophes
(`don't`) stay, and so does an apostrophe after any letter (`林依諾's`). Quoted
literals of technical prose stay straight (`"disk.img"`, `":set expandtab"`, one
ASCII word in single quotes: `'A' ~ 'Z'`), and so do quotes inside code tokens
(`open(path, "r")`) and shell command lines (`echo "你好" > a.txt`). One ellipsis
`…` is Latin too: `he said "wait…"` stays, `他说"好…"` pairs.

Params
------
single (true)
    Also pair straight single quotes next to Chinese into `‘’`.

Content safety
--------------
Keeps content: it replaces quote marks only.

Known limits
------------
A literal is known by its shape (ASCII with a mark of code in it): a quoted plain
English word in double quotes (`"Hello"`) is curled. A table's rows are known only
as a block of their own (see `punctuation`), a shell line only by its shape.
"""

from __future__ import annotations

from operator import itemgetter

from ..profile import alone_of_tables, table_spans
from ..text import (
    CJK_CONTEXT_CLASS,
    HOLDS_CHINESE,
    OTHER_SCRIPT,
    QUOTED_LITERAL,
    code_spans,
    lazy_re,
    lazy_regex,
    touches_chinese,
)
from .base import Edit, Kind, Known, Literals, Scope, by_line_outside

_CJK = lazy_regex(CJK_CONTEXT_CLASS)
_STRAIGHT = Literals('"', "'")
_CLAUSE = lazy_re(r"[，。；！？,.;!?]")
#: What stands before an opening quote. Not `。！？`: a quoted sentence ends inside its quotes
#: (`…根据的。”他说`) as often as a new one opens after them (`…了。“我们`).
_OPENING_BEFORE = set(" \t\u3000（《【「『，、；：—(")
#: What brings a quotation in (`他说：“`): a quote after it opens, a closing one there costs
#: double. Only the full-width colon: an ASCII one stays in code (`` `:' ``, a groff quote).
_INTRODUCES = set("：")
_CLOSING_AFTER = set(" \t\u3000）》】」』，。、；：！？…—)")
UNPAIRED = 4.0
WRONG_SIDE = 3.0
MAX_SPAN_COST = 6.0
BEAM = 8


class Quotes(Kind):
    name = "quotes"
    scope = Scope.SLICE  # a line alone, but for the rows of a table
    native = "Quotes"
    params = {"single": True}

    def __init__(self, **params: object) -> None:
        super().__init__(**params)
        self.known = Known(alone=alone_of_tables)

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        """Pair each line's quotes; the rows of a table (`profile.table_spans`) stay.

        >>> Quotes().apply('"名称","数量"\\n"苹果",3\\n\\n他说"好"', None)
        '"名称","数量"\\n"苹果",3\\n\\n他说“好”'
        """
        tables = table_spans(text) if "," in text or "\t" in text else []
        return by_line_outside(tables, _STRAIGHT, self._line, text, edits, self.known)

    def _line(self, line: str, edits: list[Edit] | None) -> str:
        if not HOLDS_CHINESE.search(line) or OTHER_SCRIPT.search(line):
            return line  # `he said "wait…"` is Latin; Japanese and Korean keep their quotes
        literal = _literals(line)
        curled: dict[int, str] = {}  # not a list of every character: a line may be 1M long
        marks = [('"', "“", "”")]
        if self.options["single"]:
            marks.append(("'", "‘", "’"))
        for straight, opening, closing in marks:
            positions = _find_all(line, straight) if straight == '"' else _near_chinese_quotes(line)
            positions = [index for index in positions if index not in literal]
            if not positions:
                continue
            for index, is_open in zip(positions, assign(line, positions)):
                curled[index] = opening if is_open else closing
                if edits is not None:
                    edits.append((index, index + 1, curled[index]))
        pieces: list[str] = []
        done = 0
        for index in sorted(curled):
            pieces += (line[done:index], curled[index])
            done = index + 1
        pieces.append(line[done:])
        return "".join(pieces)


#: What opens every quoted literal: a quote before ASCII.
_LITERAL_HINT = lazy_re(r"[\"'][\x20-\x7e]")
#: An apostrophe in a word (`林依諾's`, `don't`), which is no quote at all.
_APOSTROPHE = lazy_regex(r"(?<=\p{L})'(?=(?:s|t|d|m|ll|re|ve)(?![A-Za-z]))")


def _literals(line: str) -> set[int]:
    """Positions of the quotes that stay straight: those of quoted literals, of code tokens
    (`text.code_spans`) and apostrophes.

    >>> sorted(_literals('把"disk.img"和' + "'A' ~ 'Z'，林依諾's书"))
    [1, 10, 12, 14, 18, 20, 25]
    """
    if "'" not in line and '"' not in line:
        return set()
    found = {match.start() for match in _APOSTROPHE.finditer(line)} if "'" in line else set()
    if _LITERAL_HINT.search(line):  # a quote before ASCII: the cheap test, in C
        for match in QUOTED_LITERAL.finditer(line):
            found.update((match.start(), match.end() - 1))
    for start, end in code_spans(line):  # `open(path, "r")`
        found.update(index for index in range(start, end) if line[index] in "\"'")
    return found


def assign(line: str, positions: list[int]) -> list[bool]:
    """For each quote position, True if it opens: the cheapest pairing of the line.

    A beam of the `BEAM` cheapest states keeps this linear on any input.

    >>> assign('推进"昆仑英才计划、西宁市"夏都菁英"计划', [2, 13, 18])
    [True, True, False]
    """
    # clauses[k]: clause marks before the k-th quote, so any span's count is a subtraction
    clauses = [0] * len(positions)
    for k in range(1, len(positions)):
        between = line[positions[k - 1] + 1 : positions[k]]
        clauses[k] = clauses[k - 1] + len(_CLAUSE.findall(between))
    # hints: a quote opening before a closing mark, or closing after an opening one, is suspect
    padded = f" {line} "
    open_hints = [WRONG_SIDE if padded[pos + 2] in _CLOSING_AFTER else 0.0 for pos in positions]
    close_hints = [_close_hint(padded[pos]) for pos in positions]
    # state: index (in `positions`) of a pending opening quote, or -1 for none
    best: list[tuple[int, float]] = [(-1, 0.0)]  # (state, cost), cheapest first
    steps: list[dict[int, tuple[int, bool]]] = []  # per quote: state -> (previous state, opens)
    for k, pos in enumerate(positions):
        hint_open, hint_close = open_hints[k], close_hints[k]
        lone_cost = UNPAIRED + (hint_open if hint_open < hint_close else hint_close)
        lone_opens = hint_open <= hint_close
        clause = clauses[k]
        costs: dict[int, float] = {}
        back: dict[int, tuple[int, bool]] = {}
        for state, cost in best:  # cheapest first, so on a tie the first move stays
            total = cost + lone_cost
            if state != -1:  # its lone move: no other move reaches a pending quote's state
                costs[state], back[state] = total, (state, lone_opens)
                # quoted spans are short and rarely hold whole clauses
                length = pos - positions[state] - 1
                span = 0.05 * length + (clause - clauses[state]) if length else WRONG_SIDE
                total = cost + hint_close + (span if span < MAX_SPAN_COST else MAX_SPAN_COST)
                if -1 not in costs or total < costs[-1]:
                    costs[-1], back[-1] = total, (state, False)
                continue
            if -1 not in costs or total < costs[-1]:  # (a quote closed may be there)
                costs[-1], back[-1] = total, (-1, lone_opens)
            costs[k], back[k] = cost + hint_open, (-1, True)  # (k is new: no other move)
        best = sorted(costs.items(), key=_cost)[:BEAM] if len(costs) > 1 else [*costs.items()]
        steps.append(back)
    state = min(best, key=_closed_cost)[0]
    choices: list[bool] = []
    for back in reversed(steps):
        state, opens = back[state]
        choices.append(opens)
    return choices[::-1]


_cost = itemgetter(1)


def _closed_cost(item: tuple[int, float]) -> float:
    """A final state's cost: a quote left open costs `UNPAIRED`."""
    state, cost = item
    return cost + (UNPAIRED if state != -1 else 0.0)


def _close_hint(before: str) -> float:
    """What closing a quote costs after `before`: a full-width colon brings a quotation in
    (`他说：“`), an ASCII one may end a literal (`` `:' ``).

    >>> _close_hint("："), _close_hint("，"), _close_hint("。"), _close_hint(":")
    (6.0, 3.0, 0.0, 0.0)
    """
    if before in _INTRODUCES:
        return 2 * WRONG_SIDE
    return WRONG_SIDE if before in _OPENING_BEFORE else 0.0


def _find_all(line: str, char: str) -> list[int]:
    """Every index of `char` in `line`."""
    positions: list[int] = []
    index = line.find(char)
    while index >= 0:
        positions.append(index)
        index = line.find(char, index + 1)
    return positions


_SINGLE_RUN = lazy_re(r"[ \t\u3000'…]*'[ \t\u3000'…]*")


def _near_chinese_quotes(line: str) -> list[int]:
    """Every single quote of `line` that is `near_chinese`, a run at a time (`_SINGLE_RUN`
    tries every position of a line: the substring test first)."""
    if "'" not in line:
        return []
    return [
        index
        for run in _SINGLE_RUN.finditer(line)
        if touches_chinese(line, run.start(), run.end())
        for index in range(run.start(), run.end())
        if line[index] == "'"
    ]
