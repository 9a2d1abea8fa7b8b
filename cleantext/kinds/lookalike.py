"""lookalike: a character OCR misread as a look-alike is put right when only that makes a word.

Before: ``"本报讯（诵讯员王小明）"``  After: ``"本报讯（通讯员王小明）"``

What it does
------------
Looks at each pair of neighbouring Han characters of which neither belongs to a common
word where it stands (no two-character word with the characters around it, no word
of three or four characters over it). When replacing one of the two by a character
that looks like it (`诵`/`通`, `東`/`束`, `讲`/`进`, `人`/`入`, `允`/`充`) makes the pair
a common word, that word is far likelier than the two characters as single words,
and more than the pair says so, the character is a candidate: the text writes the
corrected word elsewhere beside the same neighbour (`平安两宁` in a text that writes
`平安西宁`, `系统推讲` beside `系统推进`: a smaller margin, `seen_margin`), or the
correction makes a word of three or four characters (`诵讯员` → `通讯员`), or the
character is Traditional-only in a Simplified line (`约東` → `约束`). A candidate is
replaced, as a traced change of its own, only when
another candidate, of another character or to another, stands within `span`
characters: OCR misreads come in numbers, while a typo of clean text is alone
(`处国招牌`, `挡案`, `按扭` stay, even written twice). A Han character right after a
number (`696件`) counts as a word (a measure word) when the line is judged.

Leaves alone
------------
Every character that is part of a word as it stands (`关注人民`, `他同访问团`: `访问`),
pairs that are words too (`饮子`), pairs that start with or follow a common surname
(names are words of no list: `秦宏平`; not a surname that ends a word: `平安两宁`),
pairs beside a word, even a rare one (`大注人科`: `大注`, `人科`), lines of Traditional
Chinese (more than one Traditional-only character) and pairs that are Traditional for
a word (`進入`: that is `opencc-t2s`'s business), lines where many characters belong
to no word (classical Chinese, verse: `绿蚁新醅酒`), lines of fewer than `min_han` Han
characters, a misread alone in its text (no other within `span`), and look-alikes the glyph
comparison did not find (`同`/`回`).

Params
------
margin (8.0)
    How much likelier, as a natural logarithm, the corrected word must be than the two
    characters as single words (8.0 is about 3,000 times).
seen_margin (5.0)
    The same when the text writes the corrected word elsewhere beside the same
    neighbour (5.0 is about 150 times).
min_count (100)
    The fewest occurrences per hundred million words a corrected word needs.
word_count (10)
    How common a two-character word must be to make its characters no orphans.
rank (4)
    How near a look-alike must be: among the 4 likest glyphs of either character by the
    whole shape (`tools/build_lookalikes.py`),
part_rank (2)
    or among its 2 likest by parts (one drawn squeezed into part of the square, as in
    `允` / `充`).
orphans (0.3)
    The largest share of a line's Han characters that may belong to no word.
min_han (8)
    The fewest Han characters a line needs.
span (2000)
    How near (in characters) another candidate must be for a candidate to be replaced.

Content safety
--------------
Maps content: one Han character becomes another, each change traced with the rule id
and decided in review like any other. No change on the dev corpus gold, the seeds'
gold, fortunes-zh or manpages-zh (`bench/clean_damage.py --ruleset ocr`). The data
(`cleantext/data/lookalike.tsv.gz`) is built by `tools/build_lookalikes.py` from
jieba's and wordfreq's word lists and glyphs drawn with Noto CJK; nothing is
downloaded at run time.

Known limits
------------
Precision first, so most misreads stay: only two-character words are looked up, a
misread that makes another word or sits beside a real word stays, a lone misread stays
(on the dev corpus's OCR pages the corrector finds one a page or fewer, so it fixes
little there), a correction to a word rarer than `min_count` is never looked for
(`篁力` for `算力`, a word of 4 in 1e8), and pixels miss look-alikes whose strokes
move (`同`/`回`). The data load costs about 0.8 s of CPU, once per process, in pure Python;
the native core (`native/src/lookalike.rs`) reads the same data and builds its tables in
about 0.2 s.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable
from functools import lru_cache
from itertools import repeat

from ..data import lookalike_data
from ..text import lazy_re
from .base import Content, Edit, Kind

#: A pair that a look-alike makes a word of, between two others that are no common words:
#: neither of its characters belongs to a word where it stands (codes of the bigrams:
#: `_WORD` for a common word, `_CANDIDATE` for a pair in `fixable`).
_WORD, _CANDIDATE = 1, 2
_ORPHAN_PAIR = re.compile(rb"\x02(?<=[\x00\x02]\x02)(?=[\x00\x02])")  # \x02 first: scans fast
#: A character between two bigrams that are no common words (in `_modern`'s flags).
_UNCOVERED = re.compile(rb"[^\x01](?=[^\x01])")
_HAN_PAIR = lazy_re(r"[\u4e00-\u9fff]{2}")
_HAN_CHAR = lazy_re(r"[\u4e00-\u9fff]")
#: A Han character after a number (`696件`, `30余`): a measure word or unit.
_COUNTED = lazy_re(r"\d([\u4e00-\u9fff])")
_LOG_TOTAL = math.log(1e8)
#: The commonest Chinese surnames: a pair that starts with one, or follows one, may be a
#: name, and names are words of no list.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛"
    "郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰"
    "焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁"
    "蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂"
    "全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
#: A line with more traditional-only characters than this is Traditional Chinese, which
#: the (Simplified) word lists do not cover.
_TRADITIONAL_LIMIT = 1


@lru_cache(maxsize=1)
def _to_simplified() -> Callable[[str], str]:
    import opencc  # only when a correction is near: the kind is loaded by every rule set

    return opencc.OpenCC("t2s").convert  # type: ignore[no-any-return]


def traditional_count(text: str) -> int:
    """How many characters of `text` only Traditional Chinese uses.

    >>> traditional_count("系統啟動"), traditional_count("自我约東水平")
    (3, 1)
    """
    simplified = _to_simplified()(text)
    return 0 if simplified == text else sum(a != b for a, b in zip(text, simplified))


def common_words(least: int) -> frozenset[str]:
    """The words of two characters seen at least `least` times in 1e8 words."""
    return frozenset(word for word, count in lookalike_data()[0].items()
                     if count >= least and len(word) == 2)


@lru_cache(maxsize=4)
def bigram_codes(least: int, min_count: int, rank: int, part_rank: int) -> dict[str, int]:
    """Pair → `_WORD` (a word seen at least `least` times in 1e8 words) or `_CANDIDATE`
    (in `fixable`): one look-up per pair of the text tells both.

    >>> codes = bigram_codes(10, 100, 4, 2)
    >>> codes["通讯"] == _WORD, codes["诵讯"] == _CANDIDATE, "讯诵" in codes
    (True, True, False)
    """
    codes = dict.fromkeys(fixable(min_count, rank, part_rank), _CANDIDATE)
    codes.update(dict.fromkeys(common_words(least), _WORD))
    return codes


def fixable(min_count: int, rank: int, part_rank: int) -> frozenset[str]:
    """Pairs of characters that are no word but make one seen at least `min_count` times
    in 1e8 words when one of them becomes a look-alike (`诵讯` → `通讯`), for
    `bigram_codes` (built once, about a second), so that a pair is ruled out by one
    look-up.

    >>> "诵讯" in fixable(100, 4, 2), "通讯" in fixable(100, 4, 2)
    (True, False)
    """
    words, near = lookalike_data()[0], close(rank, part_rank)
    pairs: set[str] = set()
    for word, count in words.items():
        if len(word) == 2 and count >= min_count:
            first, second = word[0], word[1]
            pairs.update(other + second for other in near.get(first, ""))
            pairs.update(first + other for other in near.get(second, ""))
    return frozenset(pairs.difference(words))


@lru_cache(maxsize=4)
def close(rank: int, part_rank: int) -> dict[str, str]:
    """Each character's look-alikes: those among its `rank` nearest by the whole shape or
    its `part_rank` nearest by parts, and those it is so near (looking alike goes both
    ways).

    >>> "入" in close(4, 2)["人"], "人" in close(4, 2)["入"], "充" in close(4, 2)["允"]
    (True, True, True)
    """
    pairs: dict[str, set[str]] = {}
    for char, (whole, parts) in lookalike_data()[2].items():
        for other in whole[:rank] + parts[:part_rank]:
            pairs.setdefault(char, set()).add(other)
            pairs.setdefault(other, set()).add(char)
    return {char: "".join(sorted(others)) for char, others in pairs.items()}


class Lookalike(Kind):
    name = "lookalike"
    content = Content.MAPS
    native = "Lookalike"
    params = {"margin": 8.0, "seen_margin": 5.0, "min_count": 100, "word_count": 10, "rank": 4,
              "part_rank": 2, "orphans": 0.3, "min_han": 8, "span": 2000}

    def __init__(self, **params: object) -> None:
        super().__init__(**params)
        #: The text the last call returned: looking at it again finds nothing new.
        self._made = ""
        #: Lines the last call met with no candidate pair in them: they give none again,
        #: whatever the lines around them hold (a candidate's fate depends on its text).
        self._quiet: frozenset[str] = frozenset()

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        if text == self._made or not _HAN_PAIR.search(text):
            return text
        words, longer, _ = lookalike_data()
        near = close(self.options["rank"], self.options["part_rank"])
        codes = self._codes(text)
        self._remember_quiet(text, codes)
        fixes: list[tuple[int, str]] = []
        modern: dict[int, bool] = {}  # `_modern` of each line looked at, by where it starts
        for match in _ORPHAN_PAIR.finditer(b"\x00" + codes + b"\x00"):
            at = match.start() - 1  # the pair text[at:at + 2]
            pair = text[at : at + 2]
            if (
                not (fixes and fixes[-1][0] >= at)
                and pair[0] not in SURNAMES
                and not _after_surname(text, at, words)
                and text[at - 1 : at + 1] not in words
                and (at + 3 > len(text) or text[at + 1 : at + 3] not in words)  # none at the end
            ):
                fix = self._fix(at, text, words, longer, near)
                if (
                    fix
                    and not _covered(text, at, longer)
                    and not _covered(text, at + 1, longer)
                    and self._modern(text, at, codes, modern)
                ):
                    fixes.append((at + fix[0], fix[1]))
        fixes = _among_others(fixes, text, self.options["span"])
        if fixes:
            chars = list(text)
            for at, new in fixes:
                chars[at] = new
                if edits is not None:
                    edits.append((at, at + 1, new))
            text = "".join(chars)
        self._made = text
        return text

    def _remember_quiet(self, text: str, codes: bytes) -> None:
        """Keep the lines of `text` whose bigram `codes` hold no candidate (`_quiet`)."""
        quiet = []
        at = 0
        for line in text.split("\n"):
            if len(line) > 1 and _CANDIDATE not in codes[at : at + len(line) - 1]:
                quiet.append(line)
            at += len(line) + 1
        self._quiet = frozenset(quiet)

    def _codes(self, text: str) -> bytes:
        """Per place of `text`, the code of the bigram starting there (`bigram_codes`, 0 for
        neither) — every step in C (`map(add, …)` makes the bigrams). A line the last call
        found no candidate in (`_quiet`: passed again while the rules settle) is all
        `_WORD` but its line break: it has none now either, and the line after it is
        judged as a fresh look would."""
        code = bigram_codes(self.options["word_count"], self.options["min_count"],
                            self.options["rank"], self.options["part_rank"]).get
        lines = text.split("\n")
        made = self._quiet
        if not made.isdisjoint(lines):  # the rules settle: look at the other lines only
            parts = []
            for line in lines:
                if len(line) < 2:
                    parts.append(b"\x01" * (len(line) + 1))
                elif line in made:  # its line break as it is: the next line's pair sees none
                    parts.append(b"\x01" * len(line) + b"\0")
                else:
                    bigrams = map(operator.add, line, line[1:])
                    parts.append(bytes(map(code, bigrams, repeat(0, len(line)))) + b"\0\0")
            return b"".join(parts)[: max(0, len(text) - 1)]
        bigrams = map(operator.add, text, text[1:])  # those across a line break are no words
        codes = bytearray(map(code, bigrams, repeat(0, len(text))))
        at = 0
        for line in lines:
            if len(line) < 2:
                codes[at : at + len(line) + 1] = b"\x01" * (len(line) + 1)
            at += len(line) + 1
        return bytes(codes[: max(0, len(text) - 1)])

    def _modern(self, text: str, at: int, codes: bytes, known: dict[int, bool]) -> bool:
        """The line around `at` is modern Simplified prose, which the word lists cover: at
        most one Traditional-only character (one is a misread: `約東`), and few of its
        Han characters belong to no word (classical Chinese and verse are mostly
        single-character words: `绿蚁新醅酒`). Judged once a line (`known`, by where the
        line starts): a text of one long line has many candidates, each would read it all."""
        start, end = _line_at(text, at)
        if start not in known:
            known[start] = self._judge_line(text, start, end, codes)
        return known[start]

    def _judge_line(self, text: str, start: int, end: int, codes: bytes) -> bool:
        """`_modern` of the line `text[start:end]`."""
        line = text[start:end]
        if traditional_count(line) > _TRADITIONAL_LIMIT:
            return False
        han = len(_HAN_CHAR.findall(line))
        # flags[j + 1] is the code of the bigram at line[j]: line[j] belongs to no word when
        # neither flags[j] nor flags[j + 1] is `_WORD`.
        flags = b"\x00" + codes[start : max(start, end - 1)] + b"\x00"
        covered = len(line) - len(_UNCOVERED.findall(flags, 0, len(line) + 1))
        for unit in _COUNTED.finditer(line):  # `696件`: a measure word, not an orphan
            at = unit.start(1)
            covered += flags[at] != _WORD and flags[at + 1] != _WORD
        orphans = han - covered
        return han >= self.options["min_han"] and orphans <= han * self.options["orphans"]

    def _fix(self, at: int, text: str, words: dict[str, int], longer: frozenset[str],
             near: dict[str, str]) -> tuple[int, str] | None:
        """(index in the pair at `at`, new character) of the best correction, if one is good
        enough: a common word far likelier than the two characters alone, written elsewhere
        beside the same neighbour (`_seen_beside`) or corroborated (`_corroborated`)."""
        pair = text[at : at + 2]
        if _to_simplified()(pair) in words:
            return None  # `進入` is Traditional for `进入`: a script, not a misread
        alone = _LOG_TOTAL - math.log(words.get(pair[0], 1)) - math.log(words.get(pair[1], 1))
        best: tuple[float, int, str] | None = None
        least = min(self.options["margin"], self.options["seen_margin"])
        for index in (0, 1):
            char = pair[index]
            for other in near.get(char, ""):
                word = pair[:index] + other + pair[index + 1 :]
                count = words.get(word, 0)
                if count < self.options["min_count"]:
                    continue
                gain = math.log(count) + alone
                if gain < least or (best and gain <= best[0]):
                    continue
                # after the cheap tests: these read the whole text
                if (
                    gain >= self.options["margin"]
                    and _corroborated(text, at + index, other, longer)
                ) or _seen_beside(text, at, word):
                    best = (gain, index, other)
        return best[1:] if best else None


def _after_surname(text: str, at: int, words: dict[str, int]) -> bool:
    """`text[at]` follows a common surname that may start a name (`秦宏平`), not one that
    ends a word (`平安两宁`: `平安`).

    >>> words = lookalike_data()[0]
    >>> _after_surname("秦宏平", 1, words), _after_surname("平安两宁", 2, words)
    (True, False)
    """
    return at > 0 and text[at - 1] in SURNAMES and (at < 2 or text[at - 2 : at] not in words)


def _seen_beside(text: str, at: int, word: str) -> bool:
    """The text writes `word`, the pair `text[at:at + 2]` corrected, elsewhere beside one
    of the pair's neighbours here (`绿色篁力` and `绿色算力`, `平安两宁` and `平安西宁`).

    >>> _seen_beside("绿色算力、绿色篁力", 7, "算力"), _seen_beside("算力、篁力", 3, "算力")
    (True, False)
    """
    before, after = text[at - 1 : at] if at else "", text[at + 2 : at + 3]
    return bool(
        (_HAN_CHAR.match(before) and before + word in text)
        or (_HAN_CHAR.match(after) and word + after in text)
    )


def _among_others(fixes: list[tuple[int, str]], text: str, span: int) -> list[tuple[int, str]]:
    """The `fixes` (place, new character) with another fix, of another character or to
    another, within `span` characters: the evidence that the text is OCR output, where
    misreads come in numbers; a typo of clean text is alone (written twice, still one).

    >>> text = "诵讯员王小明，自我约東水平" + "。" * 900 + "推讲"
    >>> _among_others([(0, "通"), (10, "束"), (914, "进")], text, 400)
    [(0, '通'), (10, '束')]
    """
    return [
        (at, new) for at, new in fixes
        if any(abs(at - place) <= span and text[place] + other != text[at] + new
               for place, other in fixes)
    ]


def _line_at(text: str, at: int) -> tuple[int, int]:
    """[start, end) of the line holding `text[at]`."""
    end = text.find("\n", at)
    return text.rfind("\n", 0, at) + 1, len(text) if end < 0 else end


def _covered(text: str, at: int, longer: frozenset[str]) -> bool:
    """A word of three or four characters covers `text[at]` (`魁北克`)."""
    return any(
        text[start : start + size] in longer
        for size in (3, 4)
        for start in range(max(0, at - size + 1), at + 1)
    )


def _corroborated(text: str, at: int, new: str, longer: frozenset[str]) -> bool:
    """More than a two-character word says `text[at]` should be `new`: the corrected text
    makes a word of three or four characters (`诵讯员` → `通讯员`), or the character is
    Traditional-only in a Simplified line, which OCR of Simplified print makes
    (`约東` → `约束`)."""
    if _to_simplified()(text[at]) != text[at]:
        return True
    return _covered(text[max(0, at - 3) : at] + new + text[at + 1 : at + 4], min(at, 3), longer)
