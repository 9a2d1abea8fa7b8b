"""Check a cleaning before trusting it: no content lost, and a second cleaning changes nothing.

Content is every letter (of any script: Han, Latin, Hangul, kana, Cyrillic,
Greek, Arabic, Devanagari …), combining mark and number, compared after
folding compatibility forms (`２` is `2`, `⽇` is `日`, `ﬁ` is `fi`), so the
width and compat rules keep content. Only de-duplication rules (fake bold,
doubled marks) may remove content — and only a copy of the content just
before it — and only mapping rules (compat, OpenCC, user charmaps, phrase
maps, regexes) may change it; the trace must name each such change.

Two kinds of damage a de-duplication can do are refused as well: content
removed as a copy in a document with no other sign of fake bold (a mark
doubled as only fake bold doubles it, `““` `：：`, copies removed on two
lines or more, or a heading where one stands — at the top, or after a
sentence's end above text, as `fake-bold` reads it: one repeated line
elsewhere is reduplication, a refrain or a dialogue reply as often as fake
bold), and a bracket or quote removed from a line where they were balanced
and nested, leaving it unbalanced (`（修正案（十一））`: real nesting; a quote
curled by another rule counts, so `“"卡脖子”` → `“卡脖子”` is noise repaired).

Every writer — the command line, the review app, the dataset writer — calls
`verify` before writing, and writes nothing when it returns a message.

`checked_run` cleans and checks content slice by slice as `Cleaner.stream`
makes them, without keeping the trace, and `verify` checks idempotence
slice by slice: time linear in the text, and memory beyond the text and the
result about that of a slice (`cleantext.chunks`). With the native core, the
alignment of output and input and the common case of each change's content
check run in Rust (`_FastAlignment`, held equal to `_Alignment` by
`tests/test_native.py`); what a character's content is, Python still says. There
`checked_run`'s changes stay in the core, a block a slice (`Cleaner.stream(blocks=True)`),
and become `Change`s only where Python looks at them.

>>> from cleantext import clean_result
>>> text = "青藏高原青藏高原 ２０２５ 年\\n"
>>> lost_content(text, clean_result(text))
[]
>>> broken = Result("在2025\\n", [Change("spacing", 1, 2, " ", ""),
...                                Change("spacing", 6, 8, " 年", "")])
>>> lost_content("在 2025 年\\n", broken)
["1:7: rule 'spacing' changed content: ' 年' → ''"]
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter, deque
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import Any

import regex

from . import native
from .engine import Change, Cleaner, Result, Rule, count_rules, expand, of_rules
from .headings import (
    HEADING_LENGTH,
    chinese_heading_text,
    doubled_marks,
    heading_place,
    latin_heading,
    placed_as_heading,
)
from .kinds.base import Content
from .kinds.compat import as_radicals_read, unified
from .text import Where, lazy_re, lazy_regex

_NOT_CONTENT = lazy_regex(r"[^\p{L}\p{M}\p{N}\p{Han}]+")  # Han: radicals are symbols
_BLOCK = 1 << 16  # characters compared at a time, so no comparison copies a whole text


def _fold(char: str) -> str:
    """The content `char` stands for: `２` → `2`, `⽇` → `日`, `⺠` → `民`, `ﬁ` → `fi`."""
    mapped = unified(char)
    if mapped != char:
        return mapped
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char


class _Folds(dict[int, str]):
    """A `str.translate` table that folds each character the first time it is met."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = _fold(chr(code))
        return folded


_FOLDS = _Folds()


def content(text: str) -> str:
    """The content characters of `text`, folded.

    >>> content("在 ２０２５ 年，AI!"), content("한국어 사용, русский; ﬁx")
    ('在2025年AI', '한국어사용русскийfix')
    """
    kept = _NOT_CONTENT.sub("", text)
    return kept if kept.isascii() else kept.translate(_FOLDS)


@lru_cache(maxsize=4096)
def _short_content(text: str) -> str:
    """`content` of a change's short before or after text, which repeat a lot."""
    return content(text)


def _content_of(text: str) -> str:
    """`content`, remembered for short texts."""
    return _short_content(text) if len(text) <= 16 else content(text)


def _content_before(text: str, pos: int, count: int) -> str:
    """The last `count` content characters of `text[:pos]`, folded (all of them if fewer)."""
    width = 2 * count + 64
    while True:
        start = max(pos - width, 0)
        found = content(text[start:pos])
        if len(found) >= count or start == 0:
            return found[len(found) - count :] if count else ""
        width *= 4


def _rule_kinds(rules: Iterable[Rule]) -> tuple[frozenset[str], frozenset[str]]:
    """(ids of de-duplication rules, ids of mapping rules) of a rule list."""
    rules = list(rules)
    return (
        frozenset(rule.id for rule in rules if rule.impl.content is Content.REMOVES_DUPLICATES),
        frozenset(rule.id for rule in rules if rule.impl.content is Content.MAPS),
    )


def _default_rules() -> list[Rule]:
    from . import _cleaner

    return _cleaner("default").rules


def lost_content(original: str, result: Result, rules: Iterable[Rule] | None = None) -> list[str]:
    """Problems with `result` as a cleaning of `original`, one line each; [] when it is sound.

    `result` must come from a traced run (`Cleaner.run(text, trace=True)`).
    `rules` are the rules that ran (default: the default rule set), used to
    know which rule ids are de-duplication or mapping rules. Checked, in
    linear time plus sorting the changes:

    * the text outside every change's span is in the output verbatim and in
      order, and each span's output is as long as its changes say;
    * a change by any other rule keeps the content of what it replaced;
    * a de-duplication change removes only a copy of the content just before it;
    * where a span's content differs between input and output, some change in
      it says so.

    Each message starts with `line:column` of the input and names the rule.
    """
    return _problems(original, result, rules, damage=False)


def problems(original: str, result: Result, rules: Iterable[Rule] | None = None) -> list[str]:
    """`lost_content`, and the damage a de-duplication may do though it keeps the trace
    sound: content removed as a copy with no sign of fake bold, a bracket removed from
    balanced nesting.

    >>> removed = Change("fake-bold", 3, 6, "对不起", "")
    >>> problems("对不起对不起\\n", Result("对不起\\n", [removed])) != []
    True
    """
    return _problems(original, result, rules, damage=True)


def _problems(original: str, result: Result, rules: Iterable[Rule] | None, damage: bool
              ) -> list[str]:
    checker = _Checker(original, _default_rules() if rules is None else rules, damage)
    checker.feed(result.changes, result.text)
    return checker.finish()


class _Checker:
    """`lost_content`, fed a run's changes and output slice by slice (`Cleaner.stream`)."""

    def __init__(self, original: str, rules: Iterable[Rule], damage: bool = True) -> None:
        self.original = original
        self.damage = damage  # also look for the damage `problems` names
        self.dedup, self.mapping = _rule_kinds(rules)
        self.where = Where(original)
        self.alignment = _alignment(original, self.dedup | self.mapping, self.mapping,
                                    self.where)
        self.changed: list[str] = []  # problems with single changes
        self.aligned: list[str] = []  # problems with the output as a whole
        self.copies: list[Change] = []  # de-duplications that removed content
        self.marks: list[Change] = []  # de-duplications that removed a bracket or quote
        #: the other rules' changes to a bracket or quote, in slices where `marks` has one
        #: (native blocks of them too, whose changes `_unbalanced` takes where it looks)
        self.bracketing: list[Any] = []

    def feed(self, changes: list[Change], output: str) -> None:
        """Check the next slice's changes (native blocks of them too: `engine.expand`) and
        the output they gave."""
        marked = len(self.marks)
        dedup = self.dedup
        for change in of_rules(changes, dedup) if self.damage else ():
            if _content_of(change.before) and not _content_of(change.after):
                self.copies.append(change)
            if _has_bracket(change.before):
                self.marks.append(change)
        # the other rules' brackets matter where a de-duplication removed one (a slice ends
        # at a line's end: its lines are whole)
        brackets = len(self.marks) > marked
        unsure, aligned, bracketed = self.alignment.check(changes, output, brackets)
        self.changed.extend(
            _check_changes(self.original, unsure, self.dedup, self.mapping, self.where))
        self.aligned.extend(aligned)
        if brackets:
            if bracketed is None:
                bracketed = [c for c in expand(changes)
                             if _has_bracket(c.before) or _has_bracket(c.after)]
            self.bracketing.extend(c for c in bracketed
                                   if not isinstance(c, Change) or c.rule not in dedup)

    def finish(self) -> list[str]:
        """All the problems, once the whole output has been fed."""
        self.aligned.extend(self.alignment.finish())
        return self.changed + self.aligned + _lone_copies(self.original, self.copies, self.where) \
            + _unbalanced(self.original, self.marks, self.bracketing, self.where, self.copies,
                          self.dedup)


#: Brackets and quotes, each folded to its pair's opening and closing mark.
_PAIRS = {"(": "(", "（": "(", ")": ")", "）": ")", "[": "[", "［": "[", "]": "]", "］": "]",
          "《": "《", "》": "》", "〈": "〈", "〉": "〉", "【": "【", "】": "】", "「": "「",
          "」": "」", "『": "『", "』": "』", "“": "“", "”": "”", "‘": "‘", "’": "’",
          "〔": "〔", "〕": "〕"}
_OPENER = {")": "(", "]": "[", "》": "《", "〉": "〈", "】": "【", "」": "「", "』": "『",
           "”": "“", "’": "‘", "〕": "〔"}
#: Each folded mark's partner: the opening mark of a closing one, and the other way round.
_PARTNER = {**_OPENER, **{opener: closer for closer, opener in _OPENER.items()}}
_BRACKET = lazy_re("[" + re.escape("".join(_PAIRS)) + "]")  # `re`: quicker on short lines
_BRACKETS = frozenset(_PAIRS)


def _has_bracket(text: str) -> bool:
    """Whether `text` holds a bracket or quote (`_BRACKET.search`, faster on short texts)."""
    return not _BRACKETS.isdisjoint(text)


def _lone_copies(original: str, copies: list[Change], where: Where) -> list[str]:
    """Content removed as a copy where the document shows no sign of fake bold
    (`_fake_bold_signs`)."""
    if not copies or _fake_bold_signs(original, copies):
        return []
    first = copies[0]
    return [f"{where(first.start)}: rule {first.rule!r} removed {first.before!r} as a copy, "
            f"but nothing else in the text looks like fake bold (no doubled mark such as "
            f"'““' or '：：', no other doubled heading): a repetition the author wrote?"]


#: A heading is at least this many characters long, once.
_HEADING_LENGTH = 4
#: A title lies in this many first lines of a document (headline, deck, byline …), and
#: has at least two lines of text after it.
_TITLE_LINES = 8
#: What a heading does not have: a mark that ends a sentence (a reply, a line of dialogue),
#: or one that ends its line and goes on (a line of verse: `床前明月光，`).
_NOT_HEADING = lazy_regex(r"[。！？!?]|[，、；,;][^\S\n]*$", regex.MULTILINE)


def _fake_bold_signs(original: str, copies: list[Change]) -> bool:
    """Whether the document shows fake bold beyond the copies themselves: a mark doubled as
    only fake bold doubles it (`““` `：：`), or copies that are all of Chinese headings —
    lines with no sentence mark — or all Latin headings (`headings.latin_heading`, which
    `fake-bold` undoes only where a heading stands), and are either a title drawn twice
    (on one of the first `_TITLE_LINES` lines, text following), a line drawn twice (the
    same line just before or after it), a heading where one stands (`_heading_placed`),
    or two different headings (on one line: several runs doubled,
    `向新而行向新而行 加速迈进加速迈进`). One line doubled inside itself in a text's body
    where no heading stands (`他唱道：` / `我爱你中国我爱你中国`), a reply said twice, and
    copies no heading looks like (`headings.chinese_heading_text`, as `fake-bold` reads
    them: `provider provider`, `abc123abc123`, an address or option) are no sign.

    >>> copy = Change("fake-bold", 6, 13, "\\n数据存储技巧", "")
    >>> _fake_bold_signs("数据存储技巧\\n数据存储技巧\\n正文第一行，\\n第二行。\\n", [copy])
    True
    >>> _fake_bold_signs("对不起对不起\\n", [Change("fake-bold", 3, 6, "对不起", "")])
    False
    """
    if doubled_marks(original):
        return True
    removed = "".join(change.before for change in copies)
    latin = all(latin_heading(change.before.strip()) for change in copies)
    if not (chinese_heading_text(removed) or latin) or len(content(removed)) < _HEADING_LENGTH:
        return False
    lines: set[int] = set()
    texts: set[str] = set()
    placed = True  # every copy is in a title or a line drawn twice
    number, counted = 0, 0  # line number of `counted`, counting from the last copy
    for change in sorted(copies, key=_PLACE):
        start = original.rfind("\n", 0, change.start) + 1
        end = original.find("\n", change.start)
        end = len(original) if end < 0 else end
        # a copy glued after a sentence's end on its line (`…。标题标题`) starts its heading there
        head = max(start, *(original.rfind(mark, start, change.start) + 1 for mark in "。！？!?"))
        if _NOT_HEADING.search(original, head, end):
            return False
        number += original.count("\n", counted, start)
        counted = start
        lines.add(number)
        texts.add(_content_of(change.before))
        placed = placed and (_in_title(original, number, end) or _drawn_twice(original, start, end)
                             or _heading_placed(original, head, end, change))
    # two different headings, on two lines or one (`向新而行向新而行 加速迈进加速迈进`: several
    # runs doubled, as fake-bold reads it)
    return placed or len(texts) > 1


#: How far around a line its neighbouring paragraphs are looked for.
_AROUND = 2000


def _heading_placed(original: str, start: int, end: int, copy: Change) -> bool:
    """The line `original[start:end]` (or the end of a line from a sentence's end on), from
    which `copy` was removed, stands where a heading does, as `fake-bold` reads it: after a
    sentence's end (or at the top) and above text, its copy `HEADING_LENGTH` long or more
    (fake-bold undoes such a heading on its own), or shorter and above prose
    (`headings.placed_as_heading`). The paragraphs after it are its runs of non-blank
    lines, joined.

    >>> text = "正文完。\\n\\n石榴花开美西宁石榴花开美西宁\\n\\n西宁开启一场\\n双向奔赴。\\n"
    >>> at = text.index("石榴花开美西宁", 7)
    >>> _heading_placed(text, 6, 20, Change("fake-bold", at, at + 7, "石榴花开美西宁", ""))
    True
    >>> text = "他唱道：\\n我爱你亲爱的祖国我爱你亲爱的祖国\\n我爱你春天蓬勃的秧苗\\n"
    >>> at = text.index("我爱你亲爱的祖国", 6)
    >>> _heading_placed(text, 5, 21, Change("fake-bold", at, at + 8, "我爱你亲爱的祖国", ""))
    False
    """
    before = next((line for line in reversed(original[max(0, start - _AROUND) : start]
                                             .split("\n")) if line.strip()), "")
    if not heading_place(before.strip()):
        return False
    blocks = [block.replace("\n", "") for block in
              regex.split(r"\n[^\S\n]*\n", original[end : end + _AROUND].strip()) if block.strip()]
    once = copy.before.strip()
    return bool(blocks) and (len(content(once)) >= HEADING_LENGTH
                             or placed_as_heading(before.strip(), blocks[:2], once))


def _in_title(original: str, number: int, end: int) -> bool:
    """Line `number` (ending at `end`) is among the first lines, and text lines follow."""
    if number >= _TITLE_LINES:
        return False
    following = original[end : end + 2000].split("\n")
    return sum(1 for line in following if line.strip()) >= 2


def _drawn_twice(original: str, start: int, end: int) -> bool:
    """The line `original[start:end]` is the same as the line before or after it."""
    line = original[start:end].strip()
    before = original[original.rfind("\n", 0, max(start - 1, 0)) + 1 : max(start - 1, 0)]
    after_end = original.find("\n", end + 1)
    after = original[end + 1 : after_end if after_end >= 0 else len(original)]
    return bool(line) and (start > 0 and before.strip() == line or after.strip() == line)


def _balance(marks: Iterable[str]) -> tuple[bool, dict[str, int]]:
    """(whether every bracket and quote of `marks` closes one opened before it, the count of
    each folded mark met)."""
    counts: dict[str, int] = {}
    nested = True
    pairs, openers, count_of = _PAIRS, _OPENER, counts.get
    for mark in marks:
        folded = pairs[mark]
        count = counts[folded] = count_of(folded, 0) + 1
        opener = openers.get(folded)
        if opener is not None and count > count_of(opener, 0):
            nested = False
    return nested, counts


def _closed(counts: dict[str, int]) -> bool:
    """Whether each pair of marks is opened as often as closed in `counts` (of `_balance`:
    only marks met are in it).

    >>> _closed(_balance("（（））“”")[1]), _closed(_balance("（”")[1])
    (True, False)
    """
    count_of = counts.get
    return all(count_of(_PARTNER[mark], 0) == count for mark, count in counts.items())


def _unbalanced(original: str, marks: list[Change], bracketing: list[Any], where: Where,
                copies: Collection[Change] = (), dedup: Collection[str] = ()) -> list[str]:
    """Brackets or quotes removed as copies (`marks`) from lines where they were balanced
    and nested, leaving them unbalanced: the doubling was nesting (`（修正案（十一））`),
    not fake bold. Each change is looked at with the whole lines it touches, and changes
    whose lines meet, together. What the lines held just before the removal is the input
    with the other rules' changes to brackets and quotes in them (`bracketing`) made: a
    straight quote curled counts, so the noise `“"卡脖子”` → `““卡脖子”` → `“卡脖子”` and
    `"种子""` → `“种子””` → `“种子”` pass (the doubled mark closed nothing), and a quote
    curled from a stray straight one is not the removal's doing. Where those changes
    overlap one another, only their counts of each mark are compared. A mark removed with
    a copy of what it quotes (in `copies`, content removed as copies) is fake bold's
    doubled quotation with noise between its marks, not nesting (`_around_copy`).
    `bracketing` may hold native blocks of changes (`cleantext_native.Changes`): only
    their changes on the lines looked at, by rules not in `dedup`, are made `Change`s.

    >>> doubled = Change("doubled-punctuation", 2, 4, "““", "“")
    >>> _unbalanced("他说“\\"卡脖子”\\n", [doubled], [Change("quotes", 3, 4, '"', "“")],
    ...             Where("他说“\\"卡脖子”\\n"))
    []
    """
    problems: list[str] = []
    groups: list[tuple[int, int, list[Change]]] = []
    for change in sorted(marks, key=_PLACE):
        start = original.rfind("\n", 0, change.start) + 1
        end = original.find("\n", change.end)
        end = len(original) if end < 0 else end
        if groups and start <= groups[-1][1]:
            groups[-1] = (groups[-1][0], max(end, groups[-1][1]), [*groups[-1][2], change])
        else:
            groups.append((start, end, [change]))
    spans = [(start, end) for start, end, _ in groups]
    ordered = sorted(_in_spans(bracketing, spans, dedup), key=_PLACE)
    starts = [change.start for change in ordered]
    removed = sorted(copies, key=_PLACE)
    removed_starts = [change.start for change in removed]
    for start, end, changes in groups:
        nested, counts = _balance(_BRACKET.findall(original, start, end))
        if not nested or not _closed(counts):
            continue  # not balanced to begin with: nothing to keep
        others = ordered[bisect_left(starts, start) : bisect_right(starts, end)]
        made = _around_removals(original, start, end, others, changes + [
            change for change in removed[bisect_left(removed_starts, start) :
                                         bisect_right(removed_starts, end)]
            if change.end <= end and change not in changes])
        if made is not None:  # (with no other change, the lines as they were: balanced)
            broken = (not others or _balanced(made[0])) and not _balanced(made[1]) and not all(
                _around_copy(made[0], at, made[2]) for first, last in made[2]
                for at in range(first, last) if made[0][at] in _PAIRS
            )
        else:  # changes that overlap: the counts of each mark alone
            tally = Counter(counts)
            for change in others:
                tally.subtract(_balance(_BRACKET.findall(change.before))[1])
                tally.update(_balance(_BRACKET.findall(change.after))[1])
            kept = [c for c, o in _OPENER.items() if tally[o] == tally[c]]  # balanced before
            for change in changes:
                tally.subtract(_balance(_BRACKET.findall(change.before))[1])
                tally.update(_balance(_BRACKET.findall(change.after))[1])
            broken = any(tally[_OPENER[c]] != tally[c] for c in kept)
        if broken:
            first = changes[0]
            problems.append(f"{where(first.start)}: rule {first.rule!r} removed "
                            f"{first.before!r} → {first.after!r} from balanced brackets or "
                            f"quotes: nesting, not a doubled mark")
    return problems


def _in_spans(changes: list[Any], spans: list[tuple[int, int]], skip: Collection[str]
              ) -> list[Change]:
    """`changes` in order, each native block of them replaced by its changes that start in
    one of `spans` (sorted and apart, ends included) by rules not in `skip`: what `_unbalanced`
    looks at of a block, the rest left in the core."""
    found: list[Change] = []
    for change in changes:
        if isinstance(change, Change):
            found.append(change)
        else:
            found.extend(change.within(spans, skip))
    return found


def _around_copy(text: str, at: int, removed: list[tuple[int, int]]) -> bool:
    """The bracket or quote at `at` of `text` (balanced and nested), or the same mark beside
    it, and its partner enclose text written twice, two content characters or more each
    time, a copy of which is among the spans `removed`: the mark was doubled with what it
    quotes, as fake bold doubles it, and noise came between the copies of a mark
    (`““科创中心科创中心”:”`, `“(注)“密钥密钥””`); not nesting (`“我们要“以人为本””`).

    >>> text = "青藏高原““科创中心科创中心”:”"
    >>> _around_copy(text, 5, [(5, 6), (10, 14)])
    True
    >>> _around_copy("“我们要“以人为本””", 10, [(10, 11)])
    False
    """
    partners: dict[int, int] = {}
    stack: list[int] = []
    for match in _BRACKET.finditer(text):
        if _PAIRS[match.group()] not in _OPENER:
            stack.append(match.start())
        elif stack:
            opened = stack.pop()
            partners[opened], partners[match.start()] = match.start(), opened
    for mark in (at, at - 1, at + 1):
        if mark not in partners or text[mark] != text[at]:
            continue
        first, last = sorted((mark, partners[mark]))
        inner = content(text[first + 1 : last])
        half = len(inner) // 2
        if half >= 2 and inner == inner[:half] * 2 and any(
            first < start and end <= last and content(text[start:end]) for start, end in removed
        ):
            return True
    return False


def _balanced(text: str) -> bool:
    """Every bracket and quote of `text` closes one opened before it, and all are closed.

    >>> _balanced("（修正案（十一））"), _balanced("（修正案（十一）"), _balanced("“种子””")
    (True, False, False)
    """
    nested, counts = _balance(_BRACKET.findall(text))
    return nested and _closed(counts)


def _around_removals(original: str, start: int, end: int, others: list[Change],
                     removals: list[Change]) -> tuple[str, str, list[tuple[int, int]]] | None:
    """`original[start:end]` as the `removals` found it (the `others` made), as they left it
    and where in the first each removed its `before`; None when changes overlap in a way
    this cannot follow. A removal's span may have been widened to a whole earlier change, so
    its `before` is found at either end of it.

    >>> text = "““(注)””"
    >>> others = [Change("punctuation", 2, 3, "(", "（"), Change("punctuation", 4, 5, ")", "）")]
    >>> removals = [Change("doubled", 0, 3, "““", "“"), Change("doubled", 5, 7, "””", "”")]
    >>> _around_removals(text, 0, 7, others, removals)
    ('““（注）””', '“（注）”', [(5, 7), (0, 2)])
    """
    pieces: list[str] = []
    moved: list[tuple[int, int, int, int]] = []  # each other change: its span, then in `stage`
    done, length = start, 0
    for change in others:  # in order of place
        if change.start < done or change.end > end:
            return None
        pieces += [original[done : change.start], change.after]
        length += change.start - done
        moved.append((change.start, change.end, length, length + len(change.after)))
        length += len(change.after)
        done = change.end
    pieces.append(original[done:end])
    stage = "".join(pieces)

    def place(at: int, closing: bool) -> int:
        shift = -start
        for first, last, new_first, new_last in moved:
            if at <= first:
                break
            if at < last:
                return new_last if closing else new_first
            shift = new_last - last
        return at + shift

    left = stage
    limit = len(stage)
    spans: list[tuple[int, int]] = []
    for removal in sorted(removals, key=_PLACE, reverse=True):
        first, last = place(removal.start, False), place(removal.end, True)
        if last > limit:
            return None
        span, old = stage[first:last], removal.before
        if span.startswith(old):
            new = removal.after + span[len(old) :]
            spans.append((first, first + len(old)))
        elif span.endswith(old):
            new = span[: len(span) - len(old)] + removal.after
            spans.append((last - len(old), last))
        else:
            return None
        left = left[:first] + new + left[last:]
        limit = first
    return stage, left, spans


def _copy_across_scripts(original: str, start: int, before: str) -> bool:
    """The removed `before` is a copy of the text before `start` once a radical there is read
    as compat read it in Simplified text (`⼾` as `户`, where `_fold` reads `戶`)."""
    copy = as_radicals_read(before)
    return copy != before and as_radicals_read(
        _content_before(original, start, len(before))) == copy


def _check_changes(
    original: str,
    changes: list[Change],
    dedup: Collection[str],
    mapping: Collection[str],
    where: Where,
) -> Iterable[str]:
    """Each change on its own: content kept, or removed/mapped by a rule allowed to."""
    for change in changes:
        if not 0 <= change.start <= change.end <= len(original):
            yield f"{where(min(max(change.start, 0), len(original)))}: rule {change.rule!r} " \
                  f"reports a span [{change.start}, {change.end}) outside the input"
            continue
        before, after = _content_of(change.before), _content_of(change.after)
        if before == after or change.rule in mapping:
            continue
        if change.rule in dedup and not after:
            # the copy that stays is just before the removed one; the span may be widened to a
            # whole earlier edit (`１１` → `11` by width), so its end is tried as well
            size = len(before)
            if _content_before(original, change.start, size) == before or (
                _content_before(original, change.end, 2 * size) == before + before
            ) or _copy_across_scripts(original, change.start, before):
                continue
            yield f"{where(change.start)}: rule {change.rule!r} removed {change.before!r}, " \
                  f"which is not a copy of the text before it"
            continue
        yield f"{where(change.start)}: rule {change.rule!r} changed content: " \
              f"{change.before!r} → {change.after!r}"


#: A change's place in the input, (start, end): `Change` is a named tuple.
_PLACE = itemgetter(1, 2)


class _Alignment:
    """Checks that the output is the input with each span of changes replaced, in input order.

    Content may differ in a span only where one of its changes says so. Changes
    are fed with the output they gave; a span is checked once enough output has
    come, and output is kept only from the first span not yet checked, so fed
    slice by slice this takes memory of about a slice.
    """

    def __init__(self, original: str, allowed: Collection[str], where: Where) -> None:
        self.original, self.allowed, self.where = original, allowed, where
        self.output = ""  # the output not yet matched begins at `self.pos` of this
        self.pos = 0
        self.done = 0  # how far the input has been matched
        self.start = self.end = 0  # extent of the span being gathered
        self.group: list[Change] = []  # its changes
        self.waiting: deque[tuple[int, int, list[Change]]] = deque()  # spans to check
        self.failed = False  # the texts went out of step: nothing more to check

    def feed(self, changes: list[Change], output: str) -> Iterator[str]:
        """Problems found once `changes` (of the input after earlier ones) and `output` are in."""
        if self.failed:
            return
        self.output = self.output[self.pos :] + output
        self.pos = 0
        limit = len(self.original)
        for change in sorted(changes, key=_PLACE):
            first, last = change.start, change.end
            if not 0 <= first <= last <= limit:
                first, last = min(max(first, 0), limit), min(max(last, 0), limit)
            if self.group and first < self.start and not self.failed:  # not in a run's order
                self.failed = True
                yield _out_of_order(self.where, first, change)
            if self.group and first <= self.end:
                self.end = max(self.end, last)
                self.group.append(change)
                continue
            if self.group:
                self.waiting.append((self.start, self.end, self.group))
            self.start, self.end, self.group = first, last, [change]
        yield from self._check(final=False)

    def finish(self) -> Iterator[str]:
        """The remaining problems, once all output has been fed."""
        if self.group:
            self.waiting.append((self.start, self.end, self.group))
        yield from self._check(final=True)
        original, output, done, pos = self.original, self.output, self.done, self.pos
        if not self.failed and (len(output) - pos != len(original) - done or not _same(
                original, done, output, pos, len(original) - done)):
            yield _mismatch(original, output, done, pos, self.where)

    def _check(self, final: bool) -> Iterator[str]:
        """Check the waiting spans whose output has come (all of them when `final`)."""
        while self.waiting and not self.failed:
            start, end, group = self.waiting[0]
            length = end - start
            for change in group:
                length += len(change.after) - len(change.before)
            # 20 more characters show where a mismatch is; a negative length needs none
            needed = start - self.done + max(length, 0) + 20
            if not final and len(self.output) - self.pos < needed:
                return
            self.waiting.popleft()
            problem = self._span(start, end, group, length)
            if problem:
                yield problem

    def _span(self, start: int, end: int, group: list[Change], length: int) -> str | None:
        """Check one span and the verbatim text before it; move past them."""
        original, output, pos = self.original, self.output, self.pos
        if not _same(original, self.done, output, pos, start - self.done):
            self.failed = True
            return _mismatch(original, output, self.done, pos, self.where)
        pos += start - self.done
        if length < 0 or pos + length > len(output):
            self.failed = True
            return _unaccounted(self.where, start, end, group)
        old, new = original[start:end], output[pos : pos + length]
        self.pos, self.done = pos + length, end
        if old != new and _content_of(old) != _content_of(new) and not any(
            c.rule in self.allowed or _content_of(c.before) != _content_of(c.after) for c in group
        ):
            return _unsaid(self.where, start, group, old, new)
        return None

    def check(self, changes: list[Change], output: str, brackets: bool = True
              ) -> tuple[list[Change], Iterable[str], list[Change] | None]:
        """The changes `_check_changes` must look at (here, all of them), `feed`, and the
        changes that may hold a bracket (None: any; `brackets` False: none asked for).
        `changes` may hold native blocks (`engine.expand`)."""
        changes = expand(changes)
        return changes, self.feed(changes, output), None


class _FastAlignment:
    """`_Alignment` (and the common case of `_check_changes`) run by the native core,
    its problems worded here. A change it does not follow (a span outside the input) or
    output it cannot read (a lone surrogate) hands the rest over to `_Alignment`."""

    def __init__(self, native_class: Any, original: str, allowed: Collection[str],
                 mapping: Collection[str], where: Where) -> None:
        self.core = native_class(original, allowed, mapping, _native_contents(), "".join(_PAIRS))
        self.original, self.allowed, self.where = original, allowed, where
        self.python: _Alignment | None = None

    def check(self, changes: list[Change], output: str, brackets: bool = True
              ) -> tuple[list[Change], Iterable[str], list[Change] | None]:
        """The changes `_check_changes` must look at (those that change content by a rule
        not in `mapping`, or whose span is outside the input; of a native block, not a
        de-duplication's removal the core found a copy as `_check_changes` would),
        `_Alignment.feed`, and the changes whose before or after holds a bracket or quote
        (with `brackets`; else none). `changes` may hold native blocks (`engine.expand`):
        the core reads them as they are."""
        if self.python is not None:
            return self.python.check(changes, output)
        unsure, found, bracketed = self.core.feed(changes, output, brackets)
        if found is None:
            self.python = self._handover()
            return unsure, self.python.feed(expand(changes), output), bracketed
        return unsure, list(map(self._say, found)), bracketed

    def finish(self) -> Iterable[str]:
        """`_Alignment.finish`."""
        if self.python is not None:
            return self.python.finish()
        return list(map(self._say, self.core.finish()))

    def _handover(self) -> _Alignment:
        """An `_Alignment` where the native one stands."""
        python = _Alignment(self.original, self.allowed, self.where)
        output, python.done, python.start, python.end, group, waiting, python.failed = \
            self.core.state()
        python.output, python.group, python.waiting = output, group, deque(waiting)
        return python

    def _say(self, problem: tuple[Any, ...]) -> str:
        """A problem the native core found, in words."""
        name, *details = problem
        if name == "order":
            return _out_of_order(self.where, *details)
        if name == "account":
            return _unaccounted(self.where, *details)
        if name == "content":
            return _unsaid(self.where, *details)
        done, rest = details
        return _mismatch(self.original, rest, done, 0, self.where)


@lru_cache(maxsize=1)
def _native_contents() -> Any:
    """The native core's `content` of each character met, shared by every check."""
    return native.core_class("Contents")(content)


def _alignment(original: str, allowed: Collection[str], mapping: Collection[str],
               where: Where) -> _Alignment | _FastAlignment:
    """The native `_FastAlignment` when the core runs and can read `original`, else
    `_Alignment`."""
    native_class = native.core_class("Alignment")
    if native_class is not None:
        try:
            return _FastAlignment(native_class, original, allowed, mapping, where)
        except UnicodeEncodeError:  # a lone surrogate: Rust has no string for it
            pass
    return _Alignment(original, allowed, where)


def _out_of_order(where: Where, first: int, change: Change) -> str:
    return f"{where(first)}: rule {change.rule!r} reports a change out of order"


def _unaccounted(where: Where, start: int, end: int, group: list[Change]) -> str:
    return f"{where(start)}: the trace does not account for the text between " \
           f"{where(start)} and {where(end)} (rules: {_rules(group)})"


def _unsaid(where: Where, start: int, group: list[Change], old: str, new: str) -> str:
    return f"{where(start)}: content changed without a change saying so " \
           f"(rules: {_rules(group)}): {old!r} → {new!r}"


def _same(a: str, at_a: int, b: str, at_b: int, length: int) -> bool:
    """Whether `a[at_a:at_a + length] == b[at_b:at_b + length]`, both that long."""
    if at_a + length > len(a) or at_b + length > len(b):
        return False
    if length <= _BLOCK:
        return b.startswith(a[at_a : at_a + length], at_b)
    return all(b.startswith(a[at_a + i : at_a + min(i + _BLOCK, length)], at_b + i)
               for i in range(0, length, _BLOCK))


def _rules(changes: Iterable[Change]) -> str:
    """The rule ids of `changes`, each once, in order."""
    return ", ".join(dict.fromkeys(change.rule for change in changes))


def _mismatch(original: str, output: str, done: int, at: int, where: Where) -> str:
    """Where untraced text starts to differ."""
    index = 0
    while _same(original, done + index, output, at + index, _BLOCK):
        index += _BLOCK
    end = min(len(original) - done, len(output) - at)
    while index < end and original[done + index] == output[at + index]:
        index += 1
    lost = original[done + index : done + index + 20]
    return f"{where(done + index)}: text changed with no rule naming it: {lost!r} → " \
           f"{output[at + index : at + index + 20]!r}"


class _Reader:
    """A `Readable` over a string that hands out pieces of it without copying the whole."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def read(self, size: int = -1, /) -> str:
        end = len(self.text) if size < 0 else self.pos + size
        piece = self.text[self.pos : end]
        self.pos += len(piece)
        return piece


@dataclass
class Checked(Result):
    """A run that kept no trace (`changes` is empty): its changes per rule, its content problems."""

    tally: Counter[str] = field(default_factory=Counter)
    problems: list[str] | None = None  # None when not checked

    def counts(self) -> Counter[str]:
        """Number of changes per rule id."""
        return self.tally


def checked_run(original: str, cleaner: Cleaner, check: bool = True) -> Checked:
    """`cleaner.run(original)` slice by slice, keeping no trace but the changes per rule.

    With `check`, each slice's changes are checked as `problems` does, and
    `verify` takes the result without checking its content again.

    >>> from cleantext.config import load_ruleset
    >>> checked = checked_run("在 2025 年,创新\\n", Cleaner(load_ruleset()))
    >>> checked.text, sorted(checked.counts()), checked.problems
    ('在2025年，创新\\n', ['punctuation', 'spacing'], [])
    """
    checker = _Checker(original, cleaner.rules) if check else None
    tally: Counter[str] = Counter()
    changes: list[Change] = []
    pieces: list[str] = []
    for piece in cleaner.stream(_Reader(original), changes, blocks=True):
        pieces.append(piece)
        count_rules(tally, changes)
        if checker:
            checker.feed(changes, piece)
        changes.clear()
    problems = checker.finish() if checker else None
    return Checked("".join(pieces), [], tally, problems)


def _cleans_to_itself(text: str, cleaner: Cleaner) -> bool:
    """Cleaning `text` again gives `text`: slice by slice, untraced (the fast way)."""
    at = 0
    for piece in cleaner.stream(_Reader(text)):
        if not text.startswith(piece, at):
            return False
        at += len(piece)
    return at == len(text)


def _not_idempotent(text: str, cleaner: Cleaner) -> str | None:
    """What cleaning `text` again changes, or None; slice by slice, keeping no trace."""
    if _cleans_to_itself(text, cleaner):
        return None
    changes: list[Change] = []
    rules: dict[str, None] = {}
    first: Change | None = None
    same = True
    at = 0
    for piece in cleaner.stream(_Reader(text), changes):
        same = same and text.startswith(piece, at)
        at += len(piece)
        if changes:
            first = first or changes[0]
            rules.update(dict.fromkeys(c.rule for c in changes))
            changes.clear()
    if same and at == len(text) and first is None:
        return None
    detail = ""
    if first:
        where = Where(text)(first.start)
        detail = f": {first.before!r} → {first.after!r} at {where} of the output"
    return f"not idempotent: cleaning the result again changes it " \
           f"(rules: {', '.join(rules) or 'the layout'}){detail}"


def verify(original: str, result: Result, cleaner: Cleaner, idempotent: bool = True
           ) -> str | None:
    """One line naming the rule that lost content or is not idempotent; None when `result` is safe.

    Every writer calls this before writing `result.text` over `original`. `result` must
    be `cleaner.run(original, trace=True)`, `checked_run(original, cleaner)`, or a
    `Result` whose text is `original` with some of such a run's changes applied and
    whose changes are those (the review app's accepted changes: pass
    `idempotent=False` there, as cleaning again would redo the rejected ones).

    >>> from cleantext.config import load_ruleset
    >>> cleaner = Cleaner(load_ruleset())
    >>> verify("在 2025 年,创新\\n", cleaner.run("在 2025 年,创新\\n"), cleaner) is None
    True
    """
    if isinstance(result, Checked) and result.problems is not None:
        problems = result.problems
    else:
        problems = _problems(original, result, cleaner.rules, damage=True)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return f"content check failed at {problems[0]}{more}"
    return _not_idempotent(result.text, cleaner) if idempotent else None
