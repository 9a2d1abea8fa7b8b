"""doubled: punctuation doubled by fake-bold rendering becomes single.

Before: ``"用人才““密码””解锁"``  After: ``"用人才“密码”解锁"``

Marks that are never written twice in Chinese (`““ ”” ：： ，， 、、 ；； 。。`
and brackets) lose the copy. Marks that are legitimately doubled — `——`,
`……`, `！！`, `？？` — and a run of three `。` (an ellipsis) are left alone.
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
