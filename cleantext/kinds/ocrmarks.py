"""ocrmarks: marks OCR misreads or leaves beside Chinese put right.

Before: ``"医务人员培 | 何工作，推迟行期*内塔尼亚胡[注]1．5倍 1 9 9 4 年"``
After: ``"医务人员培何工作，推迟行期。内塔尼亚胡［注］1.5倍1994年"``

What it does
------------
* `|` `‖` read from a column rule between Chinese go, with the spaces around them:
  `培 | 何工作` → `培何工作`; so does one at the end of a line after Chinese.
* `*` between two Han characters, or after one at the end of a line, is a full stop
  too small to read: `行期*内塔` → `行期。内塔`; before a full-width mark it is a
  speck: `抵押品*。` → `抵押品。`.
* `=` and `~` right between two Han characters, or after one at a line's end, are
  specks: they go.
* ASCII `[ ]` around Chinese beside Chinese become `［ ］`: `胡[注]` → `胡［注］`.
* a full-width `／` or `．` between ASCII digits goes half-width: `1．5` → `1.5`.
* digits spaced one by one (`1 9 9 4`, how full-width digits are read) close up
  when Chinese is beside the run.
* `·` after a Han character at the end of a line (a paragraph, once unwrapped) is a
  full stop: a name never ends on its dot. So is one between Han characters inside a
  sentence of running prose (a mark before it on the line, one after it) right after a
  common word or a particle that ends a clause (`了的呢吗吧啊`: `意见的·这种`), with no
  character foreign names are spelt with on either side, outside a title `《…》`:
  `吃饭问题·同时，` → `吃饭问题。同时，` (RapidOCR reads a small `。` so). Two or
  more after a Han character are an ellipsis: `训练···我们` → `训练……我们`.
* a corner bracket closed by the other kind's closer, Han between them and no other
  corner or square bracket, is closed as it was opened (OCR reads the small hook of one
  for the other): `『三下乡」` → `『三下乡』`, `「三下乡』` → `「三下乡」`; so is
  `『三下乡】`. A `」` or `』` between two Han characters that closes nothing (no
  bracket opened before it on its line) is a speck RapidOCR reads so: it goes
  (`需要继续努」力` → `需要继续努力`).

It sees one line at a time (`Scope.LINE`): a line it once left as it was, a later
pass over the slice does not look at again.

Leaves alone
------------
Markdown tables (a line that starts with `|`), `**bold**`, globs (`*.deb`),
`~/.profile`, `3~5`, `收入 = 价格` (spaced: an equation), citations `[1]` and links
`[文本](url)`, a `·` inside
a name (`哈比卜·易卜拉欣`, `戴维·沃尔`) or a title (`定风波·三月七日`, no mark before it on
its line) or inside a title mark (`《史记·项羽本纪》`), numbers spaced in groups
(`1 000`), corner brackets nested right (`「他说『好』」`) or over 40 characters apart,
a closing bracket beside a mark or a letter, or closing a bracket opened on its line,
and all of it in text with no Chinese beside it.

Params
------
separators (true)
    Drop `|` `‖` column rules beside Chinese.
stars (true)
    `*` between Han characters or ending a line as `。`; before a mark, dropped.
specks (true)
    Drop `=` `~` stuck between Han characters or ending a line after one.
brackets (true)
    ASCII `[ ]` around and beside Chinese as `［ ］`.
numbers (true)
    `／` `．` between ASCII digits half-width; digits spaced one by one joined.
dots (true)
    A line-final `·` after a Han character as `。`, and one after a common word in
    running prose; `··` or more after a Han character as `……`.
corners (true)
    A corner bracket's closer of the other kind (`『…」`, `「…』`, `『…】`) as its
    opener's; a `」` `』` between Han that closes nothing dropped.

Content safety
--------------
Keeps content: only marks and spaces change; no letter, digit or Han character is
removed or replaced.

Known limits
------------
A `·` read for `。` inside a line stays beside a character names are spelt with
(`分歧·利维认为`) or after no common word (`意见的·这种`): a name's dot looks the same.
A name's `·` read as `。` (`谢赫。哈西娜`) stays. A `·` read for `，` becomes `。` too (both are
read as the same dot). A `“` read for `。` stays: a quotation may open there, even at the
end of a hard-wrapped line (`参见第9.6.1节“⏎制作磁盘映像文件”`).
A stray mark next to Latin text or digits stays. A `」` between Han characters closing a
quotation opened on an earlier line that was not joined to it goes (none in the clean
text `bench/clean_damage.py` reads).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import regex

from ..data import lookalike_data
from ..text import CJK_CONTEXT_CLASS, HAN_RE, is_han, lazy_re
from .base import Edit, Kind, Scope, by_line, sub

_HAN = r"\p{Han}"
_CJK = CJK_CONTEXT_CLASS
#: One pattern per fix, and what its match becomes.
_FIXES: dict[str, tuple[str, Callable[[regex.Match[str]], str]]] = {
    "separators": (
        rf"(?<={_CJK})[ \t\u3000]*[|‖](?:[ \t\u3000]*(?={_CJK})|[ \t\u3000]*$)",
        lambda match: "",
    ),
    "stars": (
        rf"(?<={_HAN})(?<!\*)\*(?!\*)(?={_HAN}|[ \t\u3000]*$|(?P<mark>[，。、；：？！]))",
        lambda match: "" if match.group("mark") else "。",
    ),
    "specks": (
        rf"(?<={_HAN})[=~＝～](?={_HAN})|(?<={_HAN})[ \t\u3000]*[=~＝～][ \t\u3000]*$",
        lambda match: "",
    ),
    "brackets": (
        (rf"(?<={_CJK})\[[^\[\]\n]*{_HAN}[^\[\]\n]*\](?![(\[:])"
         rf"|\[[^\[\]\n]*{_HAN}[^\[\]\n]*\](?={_CJK})"),
        lambda match: f"［{match.group()[1:-1]}］",
    ),
    "numbers": (
        (rf"(?<=\d)[／．](?=\d)|(?<={_CJK}[ \t]?)\d(?: \d){{2,}}(?!\d)"
         rf"|(?<![\d ])\d(?: \d){{2,}}(?=[ \t]?{_CJK})"),
        lambda match: {"／": "/", "．": "."}.get(match.group(), match.group().replace(" ", "")),
    ),
    "dots": (
        rf"(?<={_HAN})·{{2,}}(?={_HAN}|[，。；：？！”’]|[ \t\u3000]*$)"
        rf"|(?<={_HAN})·(?=[ \t\u3000]*$)"
        rf"|(?<=[，。；：？！][^·\n]*{_HAN}{{2}})·(?={_HAN}{{2}}[^，。；：？！\n]*[，。；：？！])",
        lambda match: "……" if len(match.group()) > 1 else "。" if _sentence_dot(match)
        else match.group(),
    ),
    "corners": (r"[」』】]", lambda match: _corner(match)),
}
#: A mark a line must hold for each fix to apply (`numbers`: or `1 9 9`): lines without
#: any are copied in one scan, of one character class.
_NEEDS = {
    "separators": "|‖", "stars": "*", "specks": "=~＝～", "brackets": "[", "numbers": "／．",
    "dots": "·", "corners": "』」】",
}
#: Characters foreign names are spelt with (`戴维·沃尔`, `穆罕默德·萨利姆`): a `·` beside one
#: may be a name's.
_SPELLING = frozenset(
    "阿埃艾爱安奥巴邦保贝本比彼波伯布查达戴丹德迪蒂杜多厄恩菲费芬弗福盖格古哈汉豪赫亨"
    "华霍基吉加杰捷卡凯坎柯科克肯库拉莱兰朗劳勒雷里理利丽莉廉林琳卢鲁路伦罗洛马玛迈麦"
    "曼梅蒙米密莫姆穆纳娜内尼涅纽努诺欧帕佩彭皮普齐奇乔琼萨塞桑森沙尚什施史斯松苏索"
    "塔泰坦汤唐特提图托瓦威韦维温沃乌西希夏肖谢辛休雅亚扬耶伊因英尤约詹兹茨卜欣贾沛"
)
#: How common (per 1e8 words) the two characters before a `·` inside a line must be as a
#: word for it to end a sentence.
_DOT_WORD_COUNT = 100
#: The fewest characters since the last clause mark before a `·` inside a line that ends a
#: sentence: `，中国·东盟合作` joins two names.
_DOT_CLAUSE = 4
#: Particles that end a clause (`时候了·这`, `意见的·这种`): no name is spelt with them.
_PARTICLES = frozenset("了的呢吗吧啊")
#: Marks a corner bracket's pair looks back to: the nearest of them opens its pair.
_CORNERS = "『』「」【】"
#: The most characters between a corner bracket and the closer put right to match it.
_CORNER_SPAN = 40
#: A Markdown table row: its separators are the table's.
_TABLE_ROW = lazy_re(r"^\s*\|")


class OcrMarks(Kind):
    name = "ocrmarks"
    scope = Scope.LINE
    native = "OcrMarks"
    params = {name: True for name in _FIXES}

    def __init__(self, **params: object) -> None:
        super().__init__(**params)
        names = [name for name in _FIXES if self.options[name]]
        self.pattern = regex.compile("|".join(f"(?P<{n}>{_FIXES[n][0]})" for n in names)
                                     or "(?!)", regex.MULTILINE)
        self.names = names
        self.candidate = _candidate(names) if names else None

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        if self.candidate is None:
            return text
        return by_line(self.candidate, self._line, text, edits, self.known)

    def _line(self, line: str, edits: list[Edit] | None) -> str:
        table = "|" in line and _TABLE_ROW.search(line) is not None
        return sub(self.pattern, lambda match: self._replace(match, table), line, edits)

    def _replace(self, match: regex.Match[str], table: bool) -> str:
        found = match.group()
        for name in self.names:
            if match.group(name) is not None:
                return found if table and name == "separators" else _FIXES[name][1](match)
        return found


def _sentence_dot(match: regex.Match[str]) -> bool:
    """The `·` of `match` ends a sentence: at the end of its line, or inside a sentence of
    running prose after a common word (`吃饭问题·同时，`) that ends a clause of `_DOT_CLAUSE`
    characters or more, with no character names are spelt with on either side (`戴维·沃尔`,
    `哈比卜·易卜拉欣`: a name's dot).

    >>> import regex
    >>> dot = lambda line: _sentence_dot(regex.search("·", line))
    >>> dot("首先解决群众吃饭问题·同时，面向市场"), dot("据报道，戴维·沃尔表示，")
    (True, False)
    >>> dot("他说，中国·东盟合作前景广阔，")  # a clause of two: a pair of names
    False
    """
    line, at = match.string, match.start()
    if not line[at + 1 :].strip(" \t\u3000"):
        return True
    before, after = line[at - 2 : at], line[at + 1 : at + 3]
    clause = at - 1 - max(line.rfind(mark, 0, at) for mark in "，。；：？！")
    return (
        clause >= _DOT_CLAUSE
        and (lookalike_data()[0].get(before, 0) >= _DOT_WORD_COUNT or before[-1] in _PARTICLES)
        and before[-1] not in _SPELLING
        and after[0] not in _SPELLING
        and line.rfind("《", 0, at) <= line.rfind("》", 0, at)
    )


def _corner(match: regex.Match[str]) -> str:
    """The closing bracket of `match` as the nearest bracket before it on its line asks:
    its opener's closer (`『三下乡」` → `』`, `「三下乡』` → `」`) when Han stands
    between them, at most `_CORNER_SPAN` characters; nothing when it is a `」` or `』`
    between two Han characters that closes nothing (`努」力`: a speck read so); else
    as it is.

    >>> import regex
    >>> pair = lambda text: _corner(regex.search("[」】』]", text))
    >>> pair("『三下乡」"), pair("「三下乡』"), pair("『1」"), pair("『三下乡】"), pair("努」力")
    ('』', '」', '」', '』', '')
    >>> pair("「甲」乙"), pair("「甲」和乙」丙"), pair("努」"), pair("努】力")
    ('」', '」', '」', '】')
    """
    line, at, found = match.string, match.start(), match.group()
    before = max(line.rfind(mark, 0, at) for mark in _CORNERS)
    if before < 0 or line[before] in "』」】":
        between_han = found != "】" and is_han(line[at - 1 : at]) and is_han(line[at + 1 : at + 2])
        return "" if between_han else found
    if at - before - 1 > _CORNER_SPAN or not HAN_RE.search(line, before + 1, at):
        return found
    if line[before] == "『" and found in "」】":
        return "』"
    return "」" if line[before] == "「" and found == "』" else found


def _candidate(names: list[str]) -> re.Pattern[str]:
    """What a line must hold for one of the fixes `names` to apply, as one character
    class for the standard `re` engine to scan for (an alternation scans slower).

    >>> numbers, dots = _candidate(["numbers"]), _candidate(["dots"])
    >>> bool(numbers.search("1 9 9 4年")), bool(numbers.search("19 9")), bool(dots.search("1 9 9"))
    (True, False, False)
    """
    marks = re.escape("".join(_NEEDS[name] for name in names))
    if "numbers" in names:
        return re.compile(rf"[{marks}\d](?:(?<=\d) \d \d|(?<!\d))")
    return re.compile(f"[{marks}]")

