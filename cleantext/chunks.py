"""Cut a text stream into slices that can be cleaned one at a time.

`slices` yields `(gap, slice)` pairs such that the input is
`gap0 + slice0 + gap1 + slice1 + … + gapN` (the last slice is empty). Slices
have no white space at the end and none at the start but the first line's
indentation. A slice ends where no rule could join across: after a sentence
mark and a blank line. Memory stays bounded: a slice
grows past `target` only until such a boundary turns up, and is cut by force
(at a blank line, then a line end, then after a sentence mark, else between two
grapheme clusters, so an emoji sequence or a conjunct is never cut) at `4 * target`.

>>> list(split("一。\\n\\n二。\\n", target=2))
[('', '一。'), ('\\n\\n', '二。'), ('\\n', '')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Protocol

import regex

from .text import CLOSERS, TERMINAL, lazy_re, lazy_regex

SPACE = " \t\u3000\r\n"
DEFAULT_TARGET = 1 << 17

_END = rf"[{regex.escape(TERMINAL)}][{regex.escape(CLOSERS)}]*"
# Searched from the end (REVERSE), so the last match comes first: scanning a whole
# buffer forward for its last match cost more than some rules do.
#: A safe cut: what `_last_safe` finds (the tests hold it to this regex's last match).
_SAFE = lazy_regex(rf"(?<={_END})[ \t\u3000\r]*\n(?:[ \t\u3000\r]*\n)+", regex.REVERSE)
_END_AT = lazy_regex(_END, regex.REVERSE)  # `.match(text, 0, at)`: a sentence ends at `at`
_NON_SPACE = lazy_regex(rf"[^{SPACE}]", regex.REVERSE)
_SPACES = lazy_re(rf"[{SPACE}]*")
_BLANK = lazy_regex(r"[ \t\u3000\r]*\n(?:[ \t\u3000\r]*\n)+", regex.REVERSE)
_LINE_END = lazy_regex(r"[ \t\u3000\r]*\n", regex.REVERSE)
_SENTENCE = lazy_regex(rf"(?<={_END})\S", regex.REVERSE)  # a cut before the \S


class Readable(Protocol):
    def read(self, size: int = -1, /) -> str: ...


class TextReader:
    """A string read as a stream: `io.StringIO(text, newline="")` without copying the text
    into a buffer of its own and out again (a millisecond a MB, when the rules take ten).

    >>> reader = TextReader("一二三"); reader.read(2), reader.read(), reader.read(1)
    ('一二', '三', '')
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0

    def read(self, size: int = -1, /) -> str:
        start = self.at
        self.at = len(self.text) if size < 0 else min(len(self.text), start + size)
        return self.text[start : self.at]


def slices(stream: Readable, target: int = DEFAULT_TARGET) -> Iterator[tuple[str, str]]:
    """Yield (gap, slice) pairs as described in the module docstring."""
    buffer = ""
    eof = False
    pending = ""  # read from the stream, not yet in the buffer

    def fill(size: int) -> None:
        nonlocal buffer, eof, pending
        while not eof and len(buffer) < size:
            # `target` characters at a time, however many the stream gives a read: where
            # the buffer ends decides the cuts, and so the text alone, not the reads
            # (a file's bytes, a string's characters), decides the slices
            while len(pending) < target and (data := stream.read(target)):
                pending += data
            data, pending = pending[:target], pending[target:]
            eof = not data
            buffer += data

    def take_gap() -> str:
        nonlocal buffer
        blank = _spaces_end(buffer, 0)
        while blank == len(buffer) and not eof:  # nothing but white space yet
            fill(len(buffer) + target)
            blank = _spaces_end(buffer, blank)
        if blank < len(buffer):  # leave the first line's indentation in the slice
            blank = buffer.rfind("\n", 0, blank) + 1
        gap, buffer = buffer[:blank], buffer[blank:]
        return gap

    fill(target)
    gap = take_gap()
    searched = 0  # no cut starts before this: a longer buffer is only searched where it grew
    while buffer:
        cut = _last_safe(buffer, searched)
        if cut is None and not eof:
            if len(buffer) < 4 * target:
                last = _NON_SPACE.search(buffer)  # a cut may start in the trailing white space
                searched = last.end() if last else 0
                fill(len(buffer) + target)
                continue
            cut = _forced(buffer)
        end = len(buffer) if cut is None else cut
        content = buffer[:end].rstrip(SPACE)
        yield gap, content
        buffer = buffer[len(content) :]
        searched = 0
        gap = take_gap()
    yield gap, ""


#: What each kind of cut needs in the text: looked for first with the plain `re` engine,
#: whose scan is far faster than `regex` searching backwards through text without it.
_NEEDS = {_SAFE: "\n", _BLANK: "\n", _LINE_END: "\n", _SENTENCE: f"[{re.escape(TERMINAL)}]"}
_NEEDED = {pattern: re.compile(needed) for pattern, needed in _NEEDS.items()}


def _spaces_end(text: str, at: int) -> int:
    """Where the white space from `at` ends (`text.lstrip(SPACE)` without the copy)."""
    spaces = _SPACES.match(text, at)
    return spaces.end() if spaces else at


def _last_safe(buffer: str, start: int) -> int | None:
    """`_last(_SAFE, buffer, start)`, found without it: the start of the last run of white
    space from `start` that follows a sentence end and holds two line ends, not counting a
    run whose last line end ends the buffer. The regex tried every end of a long run of
    blank lines, each time going back over the whole run; this looks at each run once.

    >>> text = "一。\\n\\n二\\n\\n三。\\n \\n"
    >>> _last_safe(text, 0), _last_safe(text + "四", 0), _last_safe(text + "四", 10)
    (2, 9, None)
    """
    limit = len(buffer)
    while (line_end := buffer.rfind("\n", start, limit)) >= 0:
        if line_end == 0 or buffer[line_end - 1] not in SPACE:  # a lone line end: no cut
            limit = line_end
            continue
        before = _NON_SPACE.search(buffer, max(0, start - 1), line_end)
        if before is None or before.end() < start:  # the run starts before `start` (or
            return None  # the text does): no cut there, nor further back
        run = before.end()
        if (line_end + 1 < len(buffer) and buffer.rfind("\n", run, line_end) >= 0
                and _END_AT.match(buffer, 0, run)):
            return run
        limit = run
    return None


def _last(pattern: regex.Pattern[str], buffer: str, start: int) -> int | None:
    """Start of the last match of `pattern` (a REVERSE one) from `start` that has text
    before and after it."""
    if not _NEEDED[pattern].search(buffer, max(0, start - 64)):  # a sentence end is before its cut
        return None
    for match in pattern.finditer(buffer, start):  # last first
        if match.end() < len(buffer) and match.start() > 0:
            return match.start()
    return None


def _forced(buffer: str) -> int:
    """Where to cut a buffer with no safe place; never inside its leading indentation."""
    half = len(buffer) // 2
    for pattern in (_BLANK, _LINE_END):
        cut = _last(pattern, buffer, half)
        if cut is not None:
            return cut
    cut = _last(_SENTENCE, buffer, half)
    if cut is not None:  # `!` and the variation selector after it are one cluster: `!️`
        return _grapheme_boundary(buffer, cut)
    # a cut in the indentation would make an empty slice, which ends the stream: text lost
    return _grapheme_boundary(buffer, max(half, len(buffer) - len(buffer.lstrip(SPACE)) + 1))


_CLUSTER = lazy_regex(r"\X")
#: How far before a cut cluster boundaries are counted from: more than any real cluster.
_LEAD = 64


def _grapheme_boundary(text: str, at: int) -> int:
    """The first boundary between grapheme clusters at or after `at` (`at` when none is near),
    counted from `_LEAD` characters before, so that a cut never splits a cluster.

    >>> _grapheme_boundary("ab👩\u200d💻cd", 3), _grapheme_boundary("ab👩\u200d💻cd", 2)
    (5, 2)
    """
    for match in _CLUSTER.finditer(text, max(0, at - _LEAD), min(len(text), at + _LEAD)):
        if match.end() >= at:
            return match.end() if match.start() < at else match.start()
    return at


def split(text: str, target: int = DEFAULT_TARGET) -> Iterator[tuple[str, str]]:
    """`slices` over a string."""
    return slices(TextReader(text), target)
