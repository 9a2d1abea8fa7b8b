"""quotes: straight quotes in Chinese text pair into curly ones.

Before: ``'西宁曾因"世界屋脊"的地理坐标'``  After: ``"西宁曾因“世界屋脊”的地理坐标"``

Each paragraph that holds Chinese is read left to right. A quote after white
space or an opening mark opens; one before white space or closing punctuation
closes; otherwise quotes alternate. Single quotes are paired the same way,
but only where a neighbour is Chinese, so Latin apostrophes (`don't`) stay.
"""

from __future__ import annotations

import regex

from ..text import CJK_CONTEXT_CLASS
from .base import Edit, Kind

_CJK = regex.compile(CJK_CONTEXT_CLASS)
_OPENERS_BEFORE = set(" \t\u3000（《【「『，。、；：！？—")
_CLOSERS_AFTER = set(" \t\u3000）》】」』，。、；：！？…—")


class Quotes(Kind):
    name = "quotes"
    params = {"single": True}

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        if '"' not in text and "'" not in text:
            return text
        out: list[str] = []
        offset = 0
        for line in text.split("\n"):
            if ('"' in line or "'" in line) and _CJK.search(line):
                out.append(self._line(line, offset, edits))
            else:
                out.append(line)
            offset += len(line) + 1
        return "\n".join(out)

    def _line(self, line: str, offset: int, edits: list[Edit] | None) -> str:
        chars = list(line)
        open_double = open_single = False
        for index, char in enumerate(chars):
            if char == '"':
                is_open = _opens(line, index, open_double)
                chars[index] = "“" if is_open else "”"
                open_double = is_open
            elif char == "'" and self.options["single"] and _near_chinese(line, index):
                is_open = _opens(line, index, open_single)
                chars[index] = "‘" if is_open else "’"
                open_single = is_open
            else:
                continue
            if edits is not None:
                edits.append((offset + index, offset + index + 1, chars[index]))
        return "".join(chars)


def _opens(line: str, index: int, already_open: bool) -> bool:
    before = line[index - 1] if index else " "
    after = line[index + 1] if index + 1 < len(line) else " "
    if after in _CLOSERS_AFTER and before not in _OPENERS_BEFORE:
        return False
    if before in _OPENERS_BEFORE and after not in _CLOSERS_AFTER:
        return True
    return not already_open


def _near_chinese(line: str, index: int) -> bool:
    before = line[index - 1] if index else ""
    after = line[index + 1] if index + 1 < len(line) else ""
    return bool((before and _CJK.match(before)) or (after and _CJK.match(after)))
