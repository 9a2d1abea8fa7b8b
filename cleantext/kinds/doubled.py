"""doubled: punctuation doubled by fake-bold rendering becomes single.

Before: ``"用人才““密码””解锁"``  After: ``"用人才“密码”解锁"``

Marks that are never written twice in Chinese (`““ ”” ：： ，， 、、 ；； 。。`
and brackets) lose the copy. Marks that are legitimately doubled — `——`,
`……`, `！！`, `？？` — and a run of three `。` (an ellipsis) are left alone.
"""

from __future__ import annotations

import regex

from .base import Edit, Kind, sub

_DOUBLED = regex.compile(r"([“”‘’：，、；（）《》【】「」])\1+|(?<!。)。。(?!。)")


class Doubled(Kind):
    name = "doubled"

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        return sub(_DOUBLED, lambda m: m.group()[0], text, edits)
