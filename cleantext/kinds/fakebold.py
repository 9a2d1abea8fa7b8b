"""fake-bold: undo headings doubled by fake-bold rendering.

Before: ``"青藏高原青藏高原““科创中心科创中心””"``  After: ``"青藏高原“科创中心”"``

What it does
------------
PDF renderers fake a bold face by drawing each run of glyphs twice, and the
text layer then holds every run twice. A paragraph is undone when all of it is
made of doubled runs (white space may separate runs), or when it is the same
text twice separated by white space (`标题 标题`). A space between two Chinese
characters, which `spacing` removes, may sit in one copy and not the other
(`算力人 才成长链算力人才成长链`): such spaces go with the copy. `unwrap` uses
`undouble` to keep doubled lines as headings and to join a doubled heading
wrapped over two lines before this rule runs.

Leaves alone
------------
Reduplication inside prose: `常常讲、时时抓` and `交流交往交融` are not wholly
doubled. Paragraphs shorter than `min_length` once undoubled, and paragraphs
with no letters.

Params
------
min_length (3)
    The fewest characters a paragraph must keep once undoubled; shorter doubled
    paragraphs (`谢谢`, `研究研究`) stay.

Content safety
--------------
Removes duplicates: each change removes a copy of the text right before it, so
every letter of the result was in the input and nothing else is lost.

Known limits
------------
A line that is wholly one phrase said twice is undone even where the repetition
is real (`哈哈哈哈哈哈`, `对不起对不起`, a Latin `provider provider`), since a
paragraph alone cannot tell them apart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import regex

from ..text import CJK_CONTEXT_CLASS
from .base import Content, Edit, Kind

#: A space between two Chinese characters: `spacing` removes it, so fake bold ignores it.
_STRAY_SPACE = regex.compile(rf"[ \t\u3000](?<={CJK_CONTEXT_CLASS}.)(?={CJK_CONTEXT_CLASS})")

#: Longest paragraph (in characters) that is looked at; headings are short.
MAX_LENGTH = 400


def undouble(text: str, min_length: int = 2) -> str | None:
    """The text with every doubled run written once, or None if `text` is not wholly doubled.

    >>> undouble("名师开讲名师开讲：：一场场思维风暴一场场思维风暴")
    '名师开讲：一场场思维风暴'
    >>> undouble("向新而行向新而行 加速迈进加速迈进")
    '向新而行 加速迈进'
    >>> undouble("常常讲、时时抓") is None, undouble("谢谢") is None
    (True, True)
    >>> undouble("算力人 才成长链算力人才成长链")
    '算力人才成长链'

    Numbers are not headings: `100100` and `400 400` stay as they are.
    """
    once = _undouble(text, min_length)
    if (once is None and len(text) <= MAX_LENGTH and _has_stray_space(text)
            and _may_start_doubled(text)):
        squeezed = _STRAY_SPACE.sub("", text)
        if squeezed != text:
            return _undouble(squeezed, min_length)
    return once


def _has_stray_space(text: str) -> bool:
    """`text` has a character `_STRAY_SPACE` may remove: only then can squeezing help."""
    return " " in text or "\u3000" in text or "\t" in text


def _may_start_doubled(text: str) -> bool:
    """Without its white space, `text` passes `_undouble`'s first test: a cheap filter."""
    bare = "".join(text.split())
    return bare != text and len(bare) > 3 and _opens_doubled(bare)


def _opens_doubled(text: str) -> bool:
    """A cheap necessary condition for a doubled text (of two or more characters): its first
    character repeats at once or its first two reappear in the first half."""
    return text[1] == text[0] or text.find(text[:2], 2, len(text) // 2 + 3) >= 0


def _undouble(text: str, min_length: int) -> str | None:
    """`undouble` without looking past stray spaces."""
    n = len(text)
    if n < 2 * min_length or n > MAX_LENGTH:
        return None
    if not _opens_doubled(text):
        return None
    halves = text.split()
    if len(halves) == 2 and halves[0] == halves[1] and len(halves[0]) >= min_length:
        return halves[0] if _has_letters(halves[0]) else None
    first, last = text[0], text[-1]
    if first.isspace() or not _starts_doubled(text):
        return None
    if not last.isspace() and text.rfind(last, n - 1 - n // 2, n - 1) < 0:
        return None
    runs = _runs(text)
    if runs is None:
        return None
    once = "".join(text[start : start + length] for start, length in runs)
    if len("".join(once.split())) < min_length or not _has_letters(once):
        return None
    return once


def _has_letters(text: str) -> bool:
    """`text` has a letter or ideograph: a heading, not a number (`100100`)."""
    return any(char.isalpha() for char in text)


def _starts_doubled(text: str) -> bool:
    """Some run at the start of `text` is written twice (`青藏青藏…`); found in C."""
    half = len(text) // 2
    copy = text.find(text[0], 1, half + 1)
    while copy >= 0:
        if text.startswith(text[:copy], copy):
            return True
        copy = text.find(text[0], copy + 1, half + 1)
    return False


def _runs(text: str) -> list[tuple[int, int]] | None:
    """Split `text` into (start, length) pieces each written twice, or single spaces.

    At each position the longest run that leads to a whole split wins. Taking the
    longest run every time finds that split whenever it gets to the end, cheaply;
    only when it gets stuck does dynamic programming from the end decide.
    """
    runs = _greedy_runs(text)
    if runs is not None:
        return runs
    if any(count % 2 for char, count in Counter(text).items() if not char.isspace()):
        return None  # a character an odd number of times cannot all be doubled
    return _split_runs(text)


def _run_lengths(text: str, i: int) -> Iterator[int]:
    """Lengths of the runs written twice from `i`, longest first: `青藏青藏` at 0 gives 2."""
    # a copy starts where text[i] comes again: only those lengths are tried
    copy = text.rfind(text[i], i + 1, i + (len(text) - i) // 2 + 1)
    while copy >= 0:
        if text.startswith(text[i:copy], copy):
            yield copy - i
        copy = text.rfind(text[i], i + 1, copy)


def _greedy_runs(text: str) -> list[tuple[int, int]] | None:
    """`_runs` taking the longest run at each position; None when that gets stuck."""
    runs: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            if not i:
                return None
            runs.append((i, 1))
            i += 1
            continue
        length = next(_run_lengths(text, i), 0)
        if not length:
            return None
        runs.append((i, length))
        i += 2 * length
    return runs


def _split_runs(text: str) -> list[tuple[int, int]] | None:
    """`_runs` by dynamic programming from the end."""
    n = len(text)
    step: list[int] = [0] * (n + 1)  # 0: impossible; -1: a space; L>0: a run of length L
    ok = [False] * (n + 1)
    ok[n] = True
    for i in range(n - 1, -1, -1):
        if text[i].isspace():
            if i and ok[i + 1]:
                ok[i], step[i] = True, -1
            continue
        for length in _run_lengths(text, i):
            if ok[i + 2 * length]:
                ok[i], step[i] = True, length
                break
    if not ok[0]:
        return None
    runs: list[tuple[int, int]] = []
    i = 0
    while i < n:
        if step[i] == -1:
            runs.append((i, 1))
            i += 1
        else:
            runs.append((i, step[i]))
            i += 2 * step[i]
    return runs


class FakeBold(Kind):
    name = "fake-bold"
    content = Content.REMOVES_DUPLICATES
    params = {"min_length": 3}

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        min_length = self.options["min_length"]
        paragraphs = text.split("\n")
        undone: dict[int, str] = {}
        for index in _candidates(paragraphs):
            once = undouble(paragraphs[index], min_length)
            # `0000…` or a doubled doubling: undoing it once would not be final
            if once is not None and undouble(once, min_length) is None:
                undone[index] = once
        if not undone:
            return text
        offset = 0
        for index, paragraph in enumerate(paragraphs):
            if index in undone:
                if edits is not None:
                    edits.extend(_edits(paragraph, offset))
                paragraphs[index] = undone[index]
            offset += len(paragraph) + 1
        return "\n".join(paragraphs)


def _candidates(paragraphs: list[str]) -> list[int]:
    """Indexes of the paragraphs that pass `undouble`'s first tests, inlined in one
    comprehension: they rule out nearly every paragraph, and this runs for each one."""
    return [
        index for index, p in enumerate(paragraphs)
        if len(p) > 3 and (
            p[1] == p[0]
            or p.find(p[:2], 2, len(p) // 2 + 3) >= 0
            or (" " in p or "\u3000" in p or "\t" in p) and _may_start_doubled(p)
        )
    ]


def _edits(paragraph: str, offset: int) -> list[Edit]:
    """One deletion per doubled run (the second copy goes), and one per stray space
    (`_STRAY_SPACE`) outside them when the paragraph is doubled only without those."""
    halves = paragraph.split()
    if len(halves) == 2 and halves[0] == halves[1]:
        return [(offset + len(halves[0]), offset + len(paragraph), "")]
    runs = _runs(paragraph)
    if runs is not None:
        return [
            (offset + start + length, offset + start + 2 * length, "")
            for start, length in runs
            if not paragraph[start].isspace()
        ]
    strays = {match.start() for match in _STRAY_SPACE.finditer(paragraph)}
    kept = [i for i in range(len(paragraph)) if i not in strays]  # squeezed index → paragraph
    deletions = [
        (kept[start], kept[end - 1] + 1, "")
        for start, end, _ in _edits("".join(paragraph[i] for i in kept), 0)
    ]
    covered = {i for start, end, _ in deletions for i in range(start, end)}
    deletions.extend((i, i + 1, "") for i in strays if i not in covered)
    return sorted((offset + start, offset + end, new) for start, end, new in deletions)
