"""`cleantext: off` and `cleantext: on`: the parts of a text that are left as they are.

A line holding `cleantext: off` (in any comment syntax, or none) starts a
part that is not cleaned; it runs to the end of the next line holding
`cleantext: on`, or to the end of the text. Both marker lines belong to the
part left alone, and so do the blank lines between it and the text around it.
`regions` cuts a stream into such parts as it is read, keeping memory bounded.

>>> import io
>>> text = "a\\n\\n# cleantext: off\\nb  c\\n<!-- cleantext: on -->\\nd\\n"
>>> [part if isinstance(part, str) else read_all(part) for part in regions(io.StringIO(text), 100)]
['a\\n', '\\n# cleantext: off\\nb  c\\n<!-- cleantext: on -->\\n', 'd\\n']
"""

from __future__ import annotations

from collections.abc import Iterator

from .chunks import Readable
from .text import lazy_re

OFF = lazy_re(r"cleantext:[ \t]*off\b")
ON = lazy_re(r"cleantext:[ \t]*on\b")
_WORD = "cleantext"
#: Longest marker: text this close to the end of what was read may hold a marker cut in two.
_MARGIN = 64


class _Source:
    """The stream, read ahead into a buffer."""

    def __init__(self, stream: Readable, size: int) -> None:
        self.stream = stream
        self.size = size
        self.buffer = ""
        self.eof = False
        self.off_next = False  # the buffer starts with a part left alone
        self.unmarked = 0  # no `cleantext` starts before this in the buffer

    def fill(self) -> None:
        data = self.stream.read(self.size)
        self.eof = not data
        self.buffer += data

    def take(self, end: int) -> str:
        piece, self.buffer = self.buffer[:end], self.buffer[end:]
        self.unmarked = max(0, self.unmarked - end)
        return piece

    def first_word(self) -> int:
        """Where the buffer first holds `cleantext`, with which every marker starts (-1:
        nowhere); the buffer is looked through once as it grows, not again on each fill
        (a scan of a Chinese `str` for it costs half a millisecond a MB)."""
        at = self.buffer.find(_WORD, self.unmarked)
        self.unmarked = at if at >= 0 else max(self.unmarked, len(self.buffer) - len(_WORD) + 1)
        return at

    def complete(self) -> int:
        """How much of the buffer may be searched for markers and handed out."""
        if self.eof:
            return len(self.buffer)
        end = self.buffer.rfind("\n") + 1
        if not end and len(self.buffer) > 4 * self.size:  # one huge line: keep a margin
            end = len(self.buffer) - _MARGIN
        return end


class Part:
    """A `Readable` over one part to clean: it ends ("") where a part left alone starts."""

    def __init__(self, source: _Source) -> None:
        self.source = source

    @property
    def before_off(self) -> bool:
        """Whether a part left alone follows (known once this part has been read to its end)."""
        return self.source.off_next

    def read(self, size: int = -1, /) -> str:
        source = self.source
        while not source.off_next:
            end = source.complete()
            at = source.first_word()
            found = OFF.search(source.buffer, at, end) if at >= 0 else None
            if found:
                source.off_next = True
                return source.take(_blank_lines_before(source.buffer, found.start()))
            if end and (source.eof or size < 0 or end >= size):
                return source.take(end)
            if source.eof:
                return ""
            source.fill()
        return ""


def _blank_lines_before(text: str, at: int) -> int:
    """Where the line holding `at` starts, before any blank lines above it."""
    start = text.rfind("\n", 0, at) + 1
    while start > 0:
        above = text.rfind("\n", 0, start - 1) + 1
        if text[above : start - 1].strip():
            break
        start = above
    return start


def _left_alone(source: _Source) -> Iterator[str]:
    """The pieces of a part left alone: from the `cleantext: off` line through the
    `cleantext: on` line and the blank lines after it (or to the end of the text)."""
    pos = 0
    seen_off = after_on = False
    while True:
        line_end = source.buffer.find("\n", pos)
        if line_end == -1 and not source.eof:
            if pos >= source.size:  # a long part: hand out the whole lines seen so far
                yield source.take(pos)
                pos = 0
            source.fill()
            continue
        line = source.buffer[pos:] if line_end == -1 else source.buffer[pos : line_end + 1]
        if after_on and line.strip():
            break
        if seen_off and ON.search(line):
            after_on = True
        seen_off = seen_off or bool(OFF.search(line))
        pos += len(line)
        if line_end == -1:
            break
    source.off_next = False
    if pos:
        yield source.take(pos)


def regions(stream: Readable, size: int) -> Iterator[Part | str]:
    """The parts to clean (a `Part`) and the pieces of the parts left alone (a `str`), in
    order; each `Part` must be read to its end before the next item is asked for."""
    source = _Source(stream, size)
    while True:
        yield Part(source)
        if not source.off_next:
            return
        yield from _left_alone(source)
        if not source.buffer and source.eof:
            return


def read_all(readable: Readable) -> str:
    """Everything left in a `Readable`."""
    return "".join(iter(lambda: readable.read(1 << 16), ""))

