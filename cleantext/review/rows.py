"""The rows of a file's diff, unified or side by side, found by arithmetic instead of stored.

Each hunk is a block: a header row, up to `CONTEXT` unchanged lines before,
its old and new lines (one after the other when unified, paired when side
by side), and unchanged lines after, never repeating a line another block
shows. Only the first row of each block is stored, so a 100 000-line file
costs one number per hunk and any row is found with a bisection.

>>> from cleantext.diff import hunks
>>> old, new = "a\\nb\\nc\\n", "a\\nB\\nc\\n"
>>> layout = Layout(hunks(old, new), 3, UNIFIED)
>>> [(r.kind, r.old, r.new) for r in map(layout.row, range(len(layout)))]
[('header', None, None), ('context', 0, 0), ('old', 1, None), ('new', None, 1), ('context', 2, 2)]
>>> [(r.kind, r.old, r.new) for r in map(Layout(hunks(old, new), 3, SPLIT).row, range(4))][2]
('pair', 1, 1)
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from ..diff import Hunk, Span

UNIFIED, SPLIT = "unified", "split"
CONTEXT = 2


@dataclass(frozen=True)
class Row:
    """One screen row: `kind` is header, context, old, new or pair; line numbers are 0-based."""

    kind: str
    hunk: int
    old: int | None = None
    new: int | None = None


class Layout:
    """Where each hunk's rows start, in one view mode."""

    def __init__(self, hunks: list[Hunk], old_count: int, mode: str) -> None:
        self.hunks = hunks
        self.mode = mode
        self.firsts: list[int] = []
        self.befores: list[int] = []  # first old line of the context shown before each hunk
        self.afters: list[int] = []  # end of the context shown after each hunk
        row = 0
        shown = 0
        for index, hunk in enumerate(hunks):
            last = index + 1 == len(hunks)
            following = old_count if last else hunks[index + 1].old_start - CONTEXT
            before = max(shown, hunk.old_start - CONTEXT)
            after = min(hunk.old_end + CONTEXT, max(hunk.old_end, following))
            self.firsts.append(row)
            self.befores.append(before)
            self.afters.append(after)
            row += 1 + (hunk.old_start - before) + self._body(hunk) + (after - hunk.old_end)
            shown = after
        self.total = row

    def _body(self, hunk: Hunk) -> int:
        old, new = hunk.old_end - hunk.old_start, hunk.new_end - hunk.new_start
        return old + new if self.mode == UNIFIED else max(old, new)

    def __len__(self) -> int:
        return self.total

    def row(self, y: int) -> Row:
        """The row at `y` (0 ≤ y < len)."""
        index = bisect_right(self.firsts, y) - 1
        hunk, offset = self.hunks[index], y - self.firsts[index]
        if offset == 0:
            return Row("header", index)
        offset -= 1
        before = hunk.old_start - self.befores[index]
        if offset < before:
            line = self.befores[index] + offset
            return Row("context", index, line, line + hunk.new_start - hunk.old_start)
        offset -= before
        old, new = hunk.old_end - hunk.old_start, hunk.new_end - hunk.new_start
        if offset < self._body(hunk):
            if self.mode == SPLIT:
                return Row("pair", index, hunk.old_start + offset if offset < old else None,
                           hunk.new_start + offset if offset < new else None)
            if offset < old:
                return Row("old", index, hunk.old_start + offset)
            return Row("new", index, new=hunk.new_start + offset - old)
        line = hunk.old_end + offset - self._body(hunk)
        return Row("context", index, line, line + hunk.new_end - hunk.old_end)

    def first_row(self, index: int) -> int:
        """The header row of a hunk."""
        return self.firsts[index]

    def block_end(self, index: int) -> int:
        """One past the last row of a hunk's block."""
        return self.firsts[index + 1] if index + 1 < len(self.firsts) else self.total


def line_spans(lines: list[str], spans: list[Span]) -> list[tuple[list[Span], bool]]:
    """Cut block-wide character spans to each line: (spans within the line, line break in a span).

    >>> line_spans(["ab\\n", "cd\\n"], [(1, 4)])
    [([(1, 2)], True), ([(0, 1)], False)]
    """
    out: list[tuple[list[Span], bool]] = []
    offset = 0
    for line in lines:
        text = len(line.rstrip("\r\n"))
        local = [(max(a, offset) - offset, min(b, offset + text) - offset)
                 for a, b in spans if a < offset + text and b > offset]
        broken = text < len(line) and any(a <= offset + text < b for a, b in spans)
        out.append((local, broken))
        offset += len(line)
    return out
