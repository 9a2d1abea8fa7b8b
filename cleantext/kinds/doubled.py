"""doubled: punctuation doubled by fake-bold rendering becomes single.

Before: ``"用人才““密码””解锁"``  After: ``"用人才“密码”解锁"``

What it does
------------
Marks that are never written twice in Chinese (`““ ”” ：： ，， 、、 ；； 。。`,
brackets and corner quotes `「」『』`) lose the copy. Two pairs of brackets or quotes, one
inside the other, whose marks touch on one side only are balanced nesting and keep every
mark (`（修正案（十一））`, `“我们要“以人为本””`); fake bold doubles both sides
(`““科创中心科创中心””`).

It sees one line at a time (`Scope.LINE`): a line it once left as it was, a later
pass over the slice does not look at again.

Leaves alone
------------
Marks that are legitimately doubled — `——`, `……`, `！！`, `？？` — and a run of
three `。` (an ellipsis); balanced nesting (above), an ASCII bracket pairing with a full-width one
(`RE_DUP_MAX (255（！））`); a doubled single quote whose partner is
doubled nowhere on its line (`‘a‘b’’`, an English `` `'' `` curled: `’’`).

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

from ..text import lazy_re
from .base import Content, Edit, Kind, Scope, by_line, sub

_DOUBLED = lazy_re(r"([“”‘’：，、；（）《》【】「」『』])\1+|(?<!。)。。(?!。)")
_FIRST = lazy_re(r"([“”‘’：，、；（）《》【】「」『』。])\1")  # where a match can start


#: Opening and closing marks of each pair.
_PAIRS = {"“": "”", "‘": "’", "（": "）", "《": "》", "【": "】", "「": "」", "『": "』"}
_CLOSING = {close: open_ for open_, close in _PAIRS.items()}
_BRACKETS = frozenset(_PAIRS) | frozenset(_CLOSING)
#: ASCII brackets a line may still hold beside full-width ones (`(255（！））`): they pair too.
_ASCII = {"(": "（", ")": "）"}
_BRACKET = lazy_re("[" + re.escape("".join(sorted(_BRACKETS | frozenset(_ASCII)))) + "]")


class Doubled(Kind):
    name = "doubled"
    scope = Scope.LINE
    content = Content.REMOVES_DUPLICATES
    native = "Doubled"

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        return by_line(_FIRST, self._line, text, edits, self.known)

    @staticmethod
    def _line(line: str, edits: list[Edit] | None) -> str:
        partner: dict[int, int] | None = None

        def single(match: re.Match[str]) -> str:
            nonlocal partner
            start = match.start()
            if match.group()[0] in _BRACKETS:
                if partner is None:
                    partner = _partners(line)
                if _nested(partner, start) or _one_sided(line, match.group()[0]):
                    return match.group()
            return match.group()[0]

        return sub(_DOUBLED, single, line, edits, first=_FIRST)


#: Each single quote and its partner mark.
_SINGLE = {"‘": "’", "’": "‘"}


def _one_sided(line: str, mark: str) -> bool:
    """`mark`, doubled, is a single quote whose partner is not doubled anywhere on `line`:
    nesting or an English quote (`（或者是过时的`’’）`, a TeX-style `` `'' `` curled), not
    fake bold, which draws a quoted heading's marks twice on both sides.

    >>> _one_sided("或者是过时的`’’）", "’"), _one_sided("‘‘科创中心科创中心’’", "’")
    (True, False)
    """
    return mark in _SINGLE and _SINGLE[mark] * 2 not in line


def _partners(line: str) -> dict[int, int]:
    """Each bracket or quote of `line` that closes or is closed, mapped to its partner; an
    ASCII bracket pairs with a full-width one (`(255（！））`: `punctuation` left the first).

    >>> _partners("(255（！））")
    {4: 6, 6: 4, 0: 7, 7: 0}
    """
    partner: dict[int, int] = {}
    stacks: dict[str, list[int]] = {}
    for match in _BRACKET.finditer(line):
        index, char = match.start(), _ASCII.get(match.group(), match.group())
        if char in _PAIRS:
            stacks.setdefault(char, []).append(index)
        elif stacks.get(_CLOSING[char]):
            opened = stacks[_CLOSING[char]].pop()
            partner[opened], partner[index] = index, opened
    return partner


def _nested(partner: dict[int, int], index: int) -> bool:
    """The doubled mark at `index` is balanced nesting: two pairs one inside the other whose
    marks touch on one side only (`（修正案（十一））`, `“要“以人为本””`). Fake bold doubles
    both sides: `““科创中心科创中心””`.

    >>> line = "《刑法（修正案（十一））》"
    >>> _nested(_partners(line), 10), _nested(_partners("““科创中心科创中心””"), 0)
    (True, False)
    """
    if index not in partner or index + 1 not in partner:
        return False
    return abs(partner[index] - partner[index + 1]) != 1  # partners apart: nesting
