"""ocrdash: dashes and enumeration commas that OCR read as Han characters put back.

Before: ``"一一访孔繁森的亲人，1998一1999年，非洲丶拉丁美洲"``
After: ``"——访孔繁森的亲人，1998—1999年，非洲、拉丁美洲"``

What it does
------------
* `一一` that opens a line (a paragraph, once unwrapped) or sits right after a
  closing mark or a colon, or before an opening one or a numbered editorial's `三论`,
  is the dash `——` of a subtitle or an aside: `一一访孔繁森` → `——访孔繁森`,
  `”一一“` → `”——“`, `路子：一一实施` → `路子：——实施`, `一一三论` → `——三论`.
* `一` between two ASCII digits, or a per cent and a digit, is a dash: `98一99` →
  `98—99`, `108一15%` → `108—15%`, `1%一3%` → `1%—3%` (tesseract: `1 %一3 %`); so is
  one between a number's unit or an ASCII letter and a digit: `2000年一2008年` →
  `2000年—2008年`, `300万一400万` → `300万—400万`, `G一432` → `G—432` (no Chinese
  numeral is written before Arabic digits).
* `丶` (the radical "dot", which no running text uses) between or after Han
  characters is the enumeration comma `、`: `非洲丶拉丁美洲` → `非洲、拉丁美洲`.
* a quotation of three or more words joined by `一` is a chain joined by dashes,
  when every part is a common word of the word lists `lookalike` uses:
  `“需求一成果一服务”` → `“需求—成果—服务”`.

It sees one line at a time (`Scope.LINE`): a line it once left as it was, a later
pass over the slice does not look at again.

Leaves alone
------------
`一一` inside a sentence (`一一对应`, `一一列举`: a word), also at a line's start,
`一` beside Chinese
numerals or inside words (`统一`, `第一`), a single `一` between Han characters
(`美一以` stays: a name joined by a dash looks like a word), and text with no
Chinese.

Params
------
double (true)
    `一一` at a paragraph's start, beside quotation marks, after a colon or before
    `三论` as `——`.
digits (true)
    `一` between ASCII digits (`98一99`), or after a per cent (`1%一3%`), a number's unit
    (`2000年一2008年`) or an ASCII letter (`G一432`) before one, as `—`.
comma (true)
    `丶` as `、`.
quoted (true)
    Chains of common words joined by `一` inside quotation marks as joined by `—`.

Content safety
--------------
Maps content: `一`, which is content, becomes a dash only where no Chinese reading
is possible (between two ASCII digits, or after `%`, a unit after a digit or a Latin
letter before one; doubled at the start
of a paragraph, beside quotation marks, after a colon or before `三论`, where `一一`
as a word cannot stand; between words of a quoted chain), and `丶` is a radical, not a
word of any running text.

Known limits
------------
`怀念一一毛主席纪念堂` keeps its `一一`: between Han characters the word and the dash
cannot be told apart. A dash in a name (`道一琼斯`) stays.
"""

from __future__ import annotations

import regex

from ..data import lookalike_data
from ..text import lazy_re
from .base import Content, Edit, Kind, Scope, by_line, sub

_OPENERS = "“‘（《「『【(\""
_CLOSERS = "”’）》」』】)\""
#: What follows `一一` in the words of the word lists (`一一对应`, `一一列举`, `一一道来`).
_WORD_NEXT = "一二分列对道"
_FIXES = {
    "double": (rf"(?:^[ \t\u3000]*|(?<=[{_CLOSERS}：]))一一(?![{_WORD_NEXT}])"
               rf"|(?<!一)一一(?=[{_OPENERS}]|[二三四五六七八九]论)"),
    "digits": r"(?<=\d(?: ?%)?|\d(?!一)\p{Han}|[A-Za-z])一(?=\d)",
    "comma": r"(?<=\p{Han})丶",
    # The quote is matched and dropped (\K), not looked behind for: a pattern that starts
    # with a lookbehind is tried at every place of a line (15 times slower).
    "quoted": r"[“‘「]\K\p{Han}{2,4}(?:一\p{Han}{2,4}){2,}(?=[”’」])",
}
#: How common (per 1e8 words) a part of a chain must be.
_WORD_COUNT = 10
#: Lines any fix may touch, found by the standard `re` engine in one scan.
_CANDIDATE = lazy_re(r"一一|一\d|丶|一[^”’」\n]{2,4}[”’」]")
_OLD = {"double": "一一", "digits": "一", "comma": "丶", "quoted": "一"}
_NEW = {"double": "——", "digits": "—", "comma": "、", "quoted": "—"}


class OcrDash(Kind):
    name = "ocrdash"
    scope = Scope.LINE
    content = Content.MAPS
    native = "OcrDash"
    params = {name: True for name in _FIXES}

    def __init__(self, **params: object) -> None:
        super().__init__(**params)
        self.names = [name for name in _FIXES if self.options[name]]
        self.pattern = regex.compile(
            "|".join(f"(?P<{name}>{_FIXES[name]})" for name in self.names) or "(?!)", regex.M
        )

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        if not self.names:
            return text
        return by_line(_CANDIDATE, self._line, text, edits, self.known)

    def _line(self, line: str, edits: list[Edit] | None) -> str:
        return sub(self.pattern, self._replace, line, edits)

    def _replace(self, match: regex.Match[str]) -> str:
        found = match.group()
        for name in self.names:
            if match.group(name) is not None:
                if name == "quoted" and not _words_between_dashes(found):
                    return found
                return found.replace(_OLD[name], _NEW[name])
        return found


def _words_between_dashes(quoted: str) -> bool:
    """Every part of `quoted` between its `一` is a common word of the word lists (at
    least two characters): `需求一成果一服务` is three words and two dashes.

    >>> _words_between_dashes("需求一成果一服务"), _words_between_dashes("统一战线一起走")
    (True, False)
    """
    words, longer, _ = lookalike_data()
    return all(
        len(part) > 1 and (words.get(part, 0) >= _WORD_COUNT or part in longer)
        for part in quoted.split("一")
    )
