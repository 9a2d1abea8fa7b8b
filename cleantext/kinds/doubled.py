"""doubled: punctuation doubled by fake-bold rendering becomes single.

Before: ``"用人才““密码””解锁"``  After: ``"用人才“密码”解锁"``

What it does
------------
Marks that are never written twice in Chinese (`““ ”” ：： ，， 、、 ；； 。。`
and brackets) lose the copy.

Leaves alone
------------
Marks that are legitimately doubled — `——`, `……`, `！！`, `？？` — and a run of
three `。` (an ellipsis).

Params
------
None.

Content safety
--------------
Removes duplicates: each change removes one copy of a mark right after its twin;
marks are not content, so the `--safe` content check sees no change.

Known limits
------------
Balanced nesting looks like a doubled bracket: `（修正案（十一））` loses a `）`.
"""

from __future__ import annotations

import re

from .base import Content, Edit, Kind, sub

_DOUBLED = re.compile(r"([“”‘’：，、；（）《》【】「」])\1+|(?<!。)。。(?!。)")
_FIRST = re.compile(r"([“”‘’：，、；（）《》【】「」。])\1")  # where a match can start


class Doubled(Kind):
    name = "doubled"
    content = Content.REMOVES_DUPLICATES

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        return sub(_DOUBLED, lambda m: m.group()[0], text, edits, first=_FIRST)
