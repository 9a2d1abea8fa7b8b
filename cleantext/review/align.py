"""Line hunks of a large file in linear time, by cutting it where the trace says nothing changed.

`diff.hunks` runs difflib over all lines, which is quadratic when many lines
are alike (blank lines): minutes for a 10 MB book. The engine's Changes say
which spans of the input were rewritten and, summed per span, how long the
output of each span is, so the text between spans is known to be copied
verbatim to a known place in the output. A line copied whole, starting and
ending on line boundaries in both texts, is an anchor; `diff.hunks` runs
only on the lines between anchors. If the trace does not account for the
output, the whole text goes to `diff.hunks`.

>>> from cleantext.engine import Change
>>> old, new = "a\\nb\\nc\\n", "a\\nB\\nc\\n"
>>> aligned_hunks(old, new, [Change("upper", 2, 3, "b", "B")])
[Hunk(old_start=1, old_end=2, new_start=1, new_end=2)]
"""

from __future__ import annotations

from bisect import bisect_left

from ..diff import Hunk, hunks
from ..engine import Change


def _spans(changes: list[Change]) -> list[tuple[int, int, int]]:
    """Disjoint input spans (touching ones merged) as (start, end, output length), in order."""
    spans: list[tuple[int, int, int]] = []
    first = last = delta = -1
    deltas = sorted((c.start, c.end, len(c.after) - len(c.before)) for c in changes)
    for start, end, shift in deltas:
        if start <= last:
            last = max(last, end)
            delta += shift
            continue
        if first >= 0:
            spans.append((first, last, last - first + delta))
        first, last, delta = start, end, shift
    if first >= 0:
        spans.append((first, last, last - first + delta))
    return spans


def _verbatim(old: str, new: str, changes: list[Change]) -> list[tuple[int, int, int]] | None:
    """Runs of `old` copied as is: (start, end, shift into `new`); None if the trace is off."""
    runs: list[tuple[int, int, int]] = []
    done = at = 0
    for start, end, length in [*_spans(changes), (len(old), len(old), 0)]:
        if not done <= start <= end <= len(old) or length < 0:
            return None
        if start > done:
            if new[at : at + start - done] != old[done:start]:
                return None
            runs.append((done, start, at - done))
        at += start - done + length
        done = end
    return runs if at == len(new) else None


def _starts(lines: list[str]) -> list[int]:
    """Offset of each line, and the text's length at the end."""
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    return starts


def aligned_hunks(old: str, new: str, changes: list[Change]) -> list[Hunk]:
    """The same kind of hunks as `diff.hunks(old, new)`, found section by section."""
    runs = _verbatim(old, new, changes)
    if runs is None:
        return hunks(old, new)
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    old_starts, new_starts = _starts(old_lines), _starts(new_lines)
    new_index = {offset: index for index, offset in enumerate(new_starts)}
    anchors: list[tuple[int, int]] = []  # (old line, new line) copied whole
    for start, end, shift in runs:
        line = bisect_left(old_starts, start)
        while line < len(old_lines) and old_starts[line + 1] <= end:
            target = new_index.get(old_starts[line] + shift)
            if target is not None and new_index.get(old_starts[line + 1] + shift) == target + 1:
                anchors.append((line, target))
            line += 1
    found: list[Hunk] = []
    old_at = new_at = 0
    for old_line, new_line in [*anchors, (len(old_lines), len(new_lines))]:
        gone, came = old_lines[old_at:old_line], new_lines[new_at:new_line]
        if not set(gone) & set(came):  # nothing in common: one hunk, no need to ask difflib
            if gone or came:
                found.append(Hunk(old_at, old_line, new_at, new_line))
        else:
            found.extend(Hunk(h.old_start + old_at, h.old_end + old_at,
                              h.new_start + new_at, h.new_end + new_at)
                         for h in hunks("".join(gone), "".join(came)))
        old_at, new_at = old_line + 1, new_line + 1
    return found
