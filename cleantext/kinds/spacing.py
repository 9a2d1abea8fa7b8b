"""spacing: remove the stray spaces that justified type and OCR leave in Chinese text.

Before: ``"项 ，总 成 交 额 18.39 亿 元"``  After: ``"项，总成交额18.39亿元"``

White space (space, tab, U+3000) goes wherever one side is Chinese (a Han
character or full-width punctuation). Between Han and Latin letters or digits
the `cjk_latin` param decides: `remove` (newspaper style, the default), `keep`,
or `add` (exactly one space, as pangu does). A tab or a run of white space
between Latin words becomes one space. A gap of two or more spaces next to
Chinese is a table's column gap and is kept (`unwrap` keeps such rows as lines). A short headline of two phrases of four to
twelve characters keeps the one space between them (`向新而行 加速迈进`).
"""

from __future__ import annotations

import regex

from ..text import CJK_CONTEXT_CLASS, HAN, HSPACE_CLASS
from .base import Edit, Kind, choice, sub

_CJK = regex.compile(CJK_CONTEXT_CLASS)
_HAN = regex.compile(HAN)
_ALNUM = regex.compile("[A-Za-z0-9]")
_GAP = regex.compile(rf"{HSPACE_CLASS}+")
_GAP_OR_TOUCH = regex.compile(rf"{HSPACE_CLASS}+|(?<={HAN})(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?={HAN})")
_PHRASE = r"[^\s，。、；：？！,;:?!（）()]{4,12}"
_HEADLINE = regex.compile(rf"^({_PHRASE})(?<={HAN}) (?={HAN})({_PHRASE})$")
_HAN_RUN = regex.compile(rf"{HAN}{{3}}")
_BYLINE_END = regex.compile(r"(?:记者|通讯员|摄影|编辑|作者|撰稿)$")
_PRECHECK = regex.compile(r"[ \t\u3000]")


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

    def __init__(self, **params: object) -> None:
        super().__init__(**params)
        self.style = choice(self.options["cjk_latin"], ("remove", "keep", "add"), "cjk_latin")
        self.pattern = _GAP_OR_TOUCH if self.style == "add" else _GAP

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        if self.style != "add" and not _PRECHECK.search(text):
            return text
        out: list[str] = []
        offset = 0
        for raw in text.split("\n"):
            line = raw
            spaced = " " in raw or "\t" in raw or "\u3000" in raw  # else only "add" can change it
            if (spaced or self.style == "add") and raw and not (
                self.options["keep_headline_space"] and is_headline(raw)
            ):
                local: list[Edit] | None = [] if edits is not None else None
                line = sub(self.pattern, self._replace, raw, local)
                if edits is not None and local:
                    edits.extend((offset + s, offset + e, r) for s, e, r in local)
            out.append(line)
            offset += len(raw) + 1
        return "\n".join(out)

    def _replace(self, match: regex.Match[str]) -> str:
        text, start, end = match.string, match.start(), match.end()
        left = text[start - 1] if start else ""
        right = text[end] if end < len(text) else ""
        if not left or not right:
            return ""
        gap = match.group()
        if len(gap) > 1 and "\t" not in gap and (_CJK.match(left) or _CJK.match(right)):
            return gap  # a column gap in a table row
        han_latin = (_HAN.match(left) and _ALNUM.match(right)) or (
            _ALNUM.match(left) and _HAN.match(right)
        )
        if han_latin and self.style != "remove":
            return " " if self.style == "add" else match.group()
        if _CJK.match(left) or _CJK.match(right):
            return ""
        return " "

