r"""ocrquotes: quotation marks and semicolons that OCR read wrong put right.

Before: ``"采取”分而治之“的办法，协同“的体系，合并“。指标：当他说时：当他"``
After: ``"采取“分而治之”的办法，协同”的体系，合并。指标：当他说时；当他"``

What it does
------------
One fix a rule, chosen by `fix` (the `ocr` set has a rule for each):

* `pairs`: two double quotes around a short phrase, read in the wrong direction
  (`”分而治之“`, `“条块分割“`, `”局部真理”`, `‘两个维护“`), become `“…”`, when every
  other quotation mark of the sentence stands in a pair that is right. The phrase is 1 to
  20 letters, digits, `·—、《》` (no space, no other mark); from the sentence's start (or
  the line's) to the pair and from the pair to the sentence's end, only text and
  quotations of 40 characters at most that are right, 150 pieces at most either side.
* `closer`: an opening quote between a Han character and `的` or a copula (`便是`,
  `就是`, `正是`, `也是`, `即`) that no closing quote follows (the next double quote
  opens, or none comes) is a closing quote: `协同“的` → `协同”的`.
* `stray`: an opening quote between a Han character and `。，；！？` that nothing opened
  before on its line and nothing closes after (the next quote opens, or the line ends)
  is a speck read beside the mark: `合并“。` → `合并。`.
* `semicolon`: a colon after a clause of 8 to 150 pieces (Han characters, `、《》—`,
  quoted phrases of them) that follows another colon or a semicolon, before a Han
  character or a quotation, is a semicolon: `指标：“政策…` → `指标；“政策…`.

Each fix is the pattern a `regex` rule of the `ocr` set had (`_PATTERNS`, the
reference); the native core runs it as a hand-written scan.

Leaves alone
------------
`pairs`: right pairs (`“甲”`), a mark right after `。！？…，；` (it closes a quotation:
`堆。”逋曰“不然`), a sentence with a second wrong pair or an unpaired quote, a sentence
longer than 150 pieces either side. `closer`: `“的”字`, `叫作“的确良”`: a closing quote
follows. `stray`: a quote inside a quotation opened before it on the line, or one that a
closing quote follows. `semicolon`: a dateline's colon (`报道：`, `电：`, `讯：`) does
not count as the first, a colon before speech (`说：“`, `道：“`, `问：“`) is speech's, and
clauses with a comma, space, Latin letter or digit (`时间：2024年5月，地点：北京`).

Params
------
fix ("pairs")
    Which fix the rule makes: `pairs`, `closer`, `stray` or `semicolon`.

Content safety
--------------
Keeps content: only quotation marks and colons change (one turned, one dropped, a
colon made a semicolon); no letter, digit or Han character is removed or replaced.

Known limits
------------
A wrong pair in a sentence with another wrong pair, or in a sentence longer than 150
pieces, stays. A colon after a clause with a comma or a digit stays a colon.
"""

from __future__ import annotations

from typing import Any

import regex

from .base import Edit, Kind, choice, sub

#: A phrase's characters inside a pair of `pairs`.
_PHRASE = r"[\p{Han}\p{L}\p{N}·—、《》]"
#: One piece of a sentence around the pair of `pairs`: a character that is no quote and
#: does not end the sentence, or a right quotation of such characters (40 at most).
_PIECE = r"(?:[^“”‘’。！？\n]|“[^“”‘’。！？\n]{0,40}”|‘[^“”‘’。！？\n]{0,40}’)"
#: A clause's characters before the colon of `semicolon`.
_CLAUSE = r"[\p{Han}、《》—]"

#: Each fix: the pattern (`regex`, version 0) and what a match becomes.
_PATTERNS: dict[str, tuple[str, str]] = {
    # [‘”“] phrase [“”] that is not “phrase”; no mark of 。！？…，； right before it (it
    # closes a quotation); the sentence up to it and after it only text and right quotations.
    "pairs": (
        rf"[‘”“](?<![。！？…，；][‘”“])({_PHRASE}{{1,20}})[“”](?<!“{_PHRASE}{{1,20}}”)"
        rf"(?<=(?:\A|[\n。！？]){_PIECE}{{0,150}}[‘”“]{_PHRASE}{{1,20}}[“”])"
        rf"(?={_PIECE}{{0,150}}(?:[。！？\n]|\Z))",
        r"“\1”",
    ),
    "closer": (r"“(?<=\p{Han}“)(?=(?:的|便是|就是|正是|也是|即)[^“”]*(?:“|\Z))", "”"),
    # no open “ before it on the line, no ” after it before the next “ or the line's end
    "stray": (r"“(?<=\p{Han}“)(?<!“[^“”\n]*.)(?=[。，；！？][^“”\n]*(?:“|\n|\Z))", ""),
    # a colon or semicolon, a clause, this colon; a dateline's colon is none, and before a
    # quotation the colon of 说：“ 道：“ 问：“ is speech's
    "semicolon": (
        rf"：(?<=(?:(?<!报道|电|讯)：|；)(?:{_CLAUSE}|“{_CLAUSE}{{1,20}}”){{8,150}}：)"
        r"(?=\p{Han}|(?<![说道问]：)“)",
        "；",
    ),
}
#: The mark every match of each fix starts with: a text without it has nothing to fix.
_TRIGGERS = {"pairs": "“”‘", "closer": "“", "stray": "“", "semicolon": "："}


class OcrQuotes(Kind):
    name = "ocrquotes"
    native = "OcrQuotes"
    params = {"fix": "pairs"}

    def __init__(self, **params: Any) -> None:
        super().__init__(**params)
        self.fix = choice(self.options["fix"], tuple(_PATTERNS), "fix")
        pattern, self.replacement = _PATTERNS[self.fix]
        self.pattern = regex.compile(pattern, regex.V0)

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        if not any(mark in text for mark in _TRIGGERS[self.fix]):
            return text
        return sub(self.pattern, self.replacement, text, edits)
