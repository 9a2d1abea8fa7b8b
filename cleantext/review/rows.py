"""The rows of a file's diff, unified or side by side, found by arithmetic instead of stored.

Each hunk is a block: a header row, up to `CONTEXT` unchanged lines before,
its old and new lines (one after the other when unified, paired when side
by side), and unchanged lines after, never repeating a line another block
shows. `Layout` stores only the first row of each block, so a 100 000-line
file costs one number per hunk and any row is found with a bisection. Both
grow as more of a file is cleaned: hunks are only ever added at the end.

A long line wraps onto several screen rows. `Screen` counts them lazily: a
block's height is guessed from its lines' lengths until one of its rows is
asked for, then measured row by row; block heights sit in a Fenwick tree,
so a screen row is found, and a measurement recorded, in O(log hunks).

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
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate

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
        self.hunks: list[Hunk] = []
        self.old_count = old_count
        self.mode = mode
        self.firsts: list[int] = []
        self.befores: list[int] = []  # first old line of the context shown before each hunk
        self.afters: list[int] = []  # end of the context shown after each hunk
        self.total = 0
        self.extend(hunks)

    def extend(self, hunks: list[Hunk]) -> None:
        """Add hunks that come after those here (the context after the last one may shrink)."""
        if not hunks:
            return
        if self.hunks:  # the last block is laid out again, now that hunks follow it
            hunks = [self.hunks.pop(), *hunks]
            self.total = self.firsts.pop()
            self.befores.pop()
            self.afters.pop()
        row = self.total
        shown = self.afters[-1] if self.afters else 0
        for index, hunk in enumerate(hunks):
            last = index + 1 == len(hunks)
            following = self.old_count if last else hunks[index + 1].old_start - CONTEXT
            before = max(shown, hunk.old_start - CONTEXT)
            after = min(hunk.old_end + CONTEXT, max(hunk.old_end, following))
            self.hunks.append(hunk)
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


class _Sums:
    """Numbers with prefix sums, updates and search in O(log n): a Fenwick tree."""

    def __init__(self, values: list[int]) -> None:
        self.values = values
        self.total = sum(values)
        self.tree = [0, *values]
        for i in range(1, len(self.tree)):
            parent = i + (i & -i)
            if parent < len(self.tree):
                self.tree[parent] += self.tree[i]

    def append(self, value: int) -> None:
        self.values.append(value)
        self.total += value
        i = len(self.tree)  # the tree's node i sums the values (i - lowbit(i), i]
        self.tree.append(value + self.prefix(i - 1) - self.prefix(i - (i & -i)))

    def add(self, index: int, delta: int) -> None:
        self.values[index] += delta
        self.total += delta
        i = index + 1
        while i < len(self.tree):
            self.tree[i] += delta
            i += i & -i

    def prefix(self, index: int) -> int:
        """The sum of the first `index` values."""
        total = 0
        while index > 0:
            total += self.tree[index]
            index -= index & -index
        return total

    def find(self, y: int) -> int:
        """The index whose value covers position `y` (all values positive, 0 ≤ y < total)."""
        at = 0
        step = 1 << (len(self.tree) - 1).bit_length()
        while step:
            if at + step < len(self.tree) and self.tree[at + step] <= y:
                at += step
                y -= self.tree[at]
            step >>= 1
        return at


class Screen:
    """The screen rows of a Layout whose rows are `height(row)` screen rows tall.

    `guesses` are the per-line heights to assume for the old and the new
    lines until a block is measured. Measuring a block may change the total;
    `settle` measures what is on screen and says where to scroll so the view
    does not jump. `extend` takes the blocks the layout gained since.

    >>> from cleantext.diff import hunks
    >>> layout = Layout(hunks("a\\nb\\n", "a\\nB\\n"), 2, UNIFIED)
    >>> screen = Screen(layout, lambda row: 3 if row.kind == "new" else 1, ([1, 1], [1, 1]))
    >>> len(screen)  # guessed: a row a line
    4
    >>> screen.at(3), len(screen)  # measured: the new line takes three rows
    ((Row(kind='new', hunk=0, old=None, new=1), 0), 6)
    """

    def __init__(self, layout: Layout, height: Callable[[Row], int],
                 guesses: tuple[list[int], list[int]]) -> None:
        self.layout = layout
        self.height = height
        self._old, self._new = (list(accumulate(sizes, initial=0)) for sizes in guesses)
        self._sums = _Sums([self._guess(index) for index in range(len(layout.hunks))])
        self._measured: dict[int, list[int]] = {}  # block: where each of its rows ends

    @property
    def new_lines(self) -> int:
        """How many new lines have a guessed height."""
        return len(self._new) - 1

    def _guess(self, index: int) -> int:
        """A block's height from its lines' guessed heights."""
        old, new, layout = self._old, self._new, self.layout
        hunk, before, after = layout.hunks[index], layout.befores[index], layout.afters[index]
        gone = old[hunk.old_end] - old[hunk.old_start]
        came = new[hunk.new_end] - new[hunk.new_start]
        body = gone + came if layout.mode == UNIFIED else max(gone, came)
        return 1 + old[hunk.old_start] - old[before] + old[after] - old[hunk.old_end] + body

    def extend(self, new: list[int]) -> None:
        """Take the blocks the layout gained, given the guessed heights of the new lines after
        `new_lines`. The block that was last is measured again: its context after may shrink."""
        self._new.extend(list(accumulate(new, initial=self._new[-1]))[1:])
        last = len(self._sums.values) - 1
        if last >= 0:
            remeasure = self._measured.pop(last, None) is not None
            self._sums.add(last, self._guess(last) - self._sums.values[last])
            if remeasure:
                self.measure(last)
        for index in range(last + 1, len(self.layout.hunks)):
            self._sums.append(self._guess(index))

    def __len__(self) -> int:
        return self._sums.total

    def first_row(self, index: int) -> int:
        """The header row of a hunk."""
        return self._sums.prefix(index)

    def block_end(self, index: int) -> int:
        """One past the last row of a hunk's block."""
        return self._sums.prefix(index + 1)

    def measure(self, index: int) -> int:
        """Measure a block's rows (once); how much its height changed."""
        if index in self._measured:
            return 0
        layout = self.layout
        rows = range(layout.first_row(index), layout.block_end(index))
        ends = list(accumulate(self.height(layout.row(y)) for y in rows))
        self._measured[index] = ends
        delta = ends[-1] - self._sums.values[index]
        self._sums.add(index, delta)
        return delta

    def locate(self, y: int) -> tuple[int, int]:
        """The logical row (index into the Layout) at screen row `y` (0 ≤ y < len), and which
        of its screen rows `y` is."""
        while True:  # measuring a block moves the ones after it
            index = self._sums.find(min(y, len(self) - 1))
            if not self.measure(index):
                break
        ends = self._measured[index]
        offset = min(y - self.first_row(index), ends[-1] - 1)
        within = bisect_right(ends, offset)
        return self.layout.first_row(index) + within, offset - (ends[within - 1] if within else 0)

    def at(self, y: int) -> tuple[Row, int]:
        """The row at screen row `y` (0 ≤ y < len), and which of its screen rows `y` is."""
        line, part = self.locate(y)
        return self.layout.row(line), part

    def row_of(self, line: int) -> int:
        """The first screen row of logical row `line`."""
        index = bisect_right(self.layout.firsts, line) - 1
        self.measure(index)
        within = line - self.layout.first_row(index)
        return self.first_row(index) + (self._measured[index][within - 1] if within else 0)

    def settle(self, top: int, height: int) -> int:
        """Measure the blocks on rows [top, top + height); the top that keeps the view steady.

        If the block at the top starts above it, the rows after it stay put.
        """
        if top >= len(self):
            return top
        index = self._sums.find(top)
        start = self.first_row(index)
        if start < top:
            top = max(start, top + self.measure(index))
        y = top
        while y < min(top + height, len(self)):
            index = self._sums.find(y)
            self.measure(index)
            y = self.block_end(index)
        return top


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
