"""doubled: punctuation doubled by fake-bold rendering becomes single.

Before: ``"用人才““密码””解锁"``  After: ``"用人才“密码”解锁"``

What it does
------------
Marks that are never written twice in Chinese (`““ ”” ：： ，， 、、 ；； 。。`
and brackets) lose the copy. Two pairs of brackets or quotes, one inside the other, whose
marks touch on one side only are balanced nesting and keep every mark (`（修正案（十一））`,
`“我们要“以人为本””`); fake bold doubles both sides (`““科创中心科创中心””`).

Leaves alone
------------
Marks that are legitimately doubled — `——`, `……`, `！！`, `？？` — and a run of
three `。` (an ellipsis); balanced nesting (above).

Params
------
None.

Content safety
--------------
Removes duplicates: each change removes one copy of a mark right after its twin;
marks are not content, so the `--safe` content check sees no change.

Known limits
------------
Pairs are matched within a line. Two nested pairs that open and close together
(`（（一））`) look like fake bold and lose their copies.
"""

from __future__ import annotations

import re

from .base import Content, Edit, Kind, by_line, sub

_DOUBLED = re.compile(r"([“”‘’：，、；（）《》【】「」])\1+|(?<!。)。。(?!。)")
_FIRST = re.compile(r"([“”‘’：，、；（）《》【】「」。])\1")  # where a match can start


#: Opening and closing marks of each pair.
_PAIRS = {"“": "”", "‘": "’", "（": "）", "《": "》", "【": "】", "「": "」"}
_CLOSING = {close: open_ for open_, close in _PAIRS.items()}


class Doubled(Kind):
    name = "doubled"
    content = Content.REMOVES_DUPLICATES

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        return by_line(_FIRST, self._line, text, edits)

    @staticmethod
    def _line(line: str, edits: list[Edit] | None) -> str:
        nested = _nested(line) if any(mark in line for mark in _PAIRS) else set()
        return sub(
            _DOUBLED, lambda m: m.group() if m.start() in nested else m.group()[0], line, edits
        )


def _nested(line: str) -> set[int]:
    """Starts of the doubled marks of `line` that are balanced nesting: two pairs one inside
    the other whose marks touch on one side only (`（修正案（十一））`, `“要“以人为本””`).
    Fake bold doubles both sides: `““科创中心科创中心””`.

    >>> sorted(_nested("《刑法（修正案（十一））》")), _nested("““科创中心科创中心””")
    ([10], set())
    """
    partner: dict[int, int] = {}
    stacks: dict[str, list[int]] = {}
    for index, char in enumerate(line):
        if char in _PAIRS:
            stacks.setdefault(char, []).append(index)
        elif char in _CLOSING and stacks.get(_CLOSING[char]):
            opened = stacks[_CLOSING[char]].pop()
            partner[opened], partner[index] = index, opened
    nested: set[int] = set()
    for index, char in enumerate(line[:-1]):
        if line[index + 1] != char or index not in partner or index + 1 not in partner:
            continue
        first, second = partner[index], partner[index + 1]
        if abs(first - second) != 1:  # the partners do not touch: nesting, not doubling
            nested.add(index)
    return nested
