"""Line hunks with character-level detail, shared by `--diff` and the review TUI.

Chinese has no spaces between words, so a changed line is shown with the
changed *characters* marked, not as a whole line swapped for another.

difflib over all lines is quadratic when many lines are alike (blank lines):
minutes for a 10 MB book. Given the engine's Changes, `hunks` and `unified`
instead cut the text where the trace says nothing changed (see `_aligned`)
and run difflib only on the lines between.

>>> found = hunks("a\\nb\\nc\\n", "a\\nB\\nc\\n")
>>> [(h.old_start, h.old_end, h.new_start, h.new_end) for h in found]
[(1, 2, 1, 2)]
>>> intraline("在 2025 年", "在2025年")
([(1, 2), (6, 7)], [])
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .engine import Change

Span = tuple[int, int]

#: Above this many characters a side, intraline detail falls back to the whole line.
MAX_INTRALINE = 20_000


@dataclass(frozen=True)
class Hunk:
    """Lines [old_start, old_end) of the old text became [new_start, new_end) of the new
    (0-based)."""

    old_start: int
    old_end: int
    new_start: int
    new_end: int


#: The marker row `unified` puts after a line that has no line break (the file's last).
NO_NEWLINE: tuple[str, str, list[Span]] = ("\\", " No newline at end of file", [])


def _lines(text: str) -> list[str]:
    """The lines of `text`, each with its "\\n"; split at "\\n" only, as `patch` does (a form
    feed or U+2028 inside a line stays in it).

    >>> _lines("a\\fb\\nc")
    ['a\\x0cb\\n', 'c']
    """
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def hunks(old: str, new: str, changes: Sequence[Change] | None = None) -> list[Hunk]:
    """The changed runs of lines, with no context: each can be accepted or rejected alone.

    With `changes` (the engine's trace of turning `old` into `new`) it takes
    linear time; a trace that does not account for `new` is ignored.
    """
    if changes is not None:
        found = _aligned(old, new, changes)
        if found is not None:
            return found
    return _difflib_hunks(_lines(old), _lines(new))


def _difflib_hunks(old_lines: list[str], new_lines: list[str]) -> list[Hunk]:
    from difflib import SequenceMatcher  # only a diff needs it: not imported by a plain fix

    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    return [
        Hunk(i1, i2, j1, j2)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _spans(changes: Sequence[Change]) -> list[tuple[int, int, int]]:
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


def _verbatim(old: str, new: str, changes: Sequence[Change]) -> list[tuple[int, int, int]] | None:
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


def _aligned(old: str, new: str, changes: Sequence[Change]) -> list[Hunk] | None:
    """Hunks found section by section between lines the trace shows copied whole; None if it is off.

    The Changes say which spans of `old` were rewritten and, summed per span,
    how long their output is, so the text between spans is copied verbatim
    to a known place in `new`. A line copied whole, on line boundaries in
    both texts, is an anchor; difflib runs only on the lines between anchors.

    >>> from cleantext.engine import Change
    >>> _aligned("a\\nb\\nc\\n", "a\\nB\\nc\\n", [Change("upper", 2, 3, "b", "B")])
    [Hunk(old_start=1, old_end=2, new_start=1, new_end=2)]
    """
    runs = _verbatim(old, new, changes)
    if runs is None:
        return None
    old_lines, new_lines = _lines(old), _lines(new)
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
                         for h in _difflib_hunks(gone, came))
        old_at, new_at = old_line + 1, new_line + 1
    return found


def apply(old: str, new: str, changes: list[Hunk], accepted: Iterable[int]) -> str:
    """The old text with only the accepted hunks (by index into `changes`) taken from the new."""
    old_lines, new_lines = _lines(old), _lines(new)
    chosen = set(accepted)
    out: list[str] = []
    position = 0
    for index, hunk in enumerate(changes):
        out.extend(old_lines[position : hunk.old_start])
        if index in chosen:
            out.extend(new_lines[hunk.new_start : hunk.new_end])
        else:
            out.extend(old_lines[hunk.old_start : hunk.old_end])
        position = hunk.old_end
    out.extend(old_lines[position:])
    return "".join(out)


def intraline(old: str, new: str) -> tuple[list[Span], list[Span]]:
    """Character spans that differ: (deleted spans of `old`, inserted spans of `new`)."""
    if len(old) > MAX_INTRALINE or len(new) > MAX_INTRALINE:
        return ([(0, len(old))] if old else [], [(0, len(new))] if new else [])
    from difflib import SequenceMatcher

    matcher = SequenceMatcher(None, old, new, autojunk=False)
    deleted: list[Span] = []
    inserted: list[Span] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            deleted.append((i1, i2))
        if tag in ("replace", "insert"):
            inserted.append((j1, j2))
    return deleted, inserted


def old_span(old: str, hunk: Hunk) -> Span:
    """Character offsets in `old` covered by the hunk's old lines."""
    starts = [0]
    for line in _lines(old):
        starts.append(starts[-1] + len(line))
    return starts[min(hunk.old_start, len(starts) - 1)], starts[min(hunk.old_end, len(starts) - 1)]


def unified(old: str, new: str, name: str, context: int = 3,
            changes: Sequence[Change] | None = None) -> Iterator[tuple[str, str, list[Span]]]:
    """A unified diff as (marker, text, highlighted spans) rows.

    Markers: `---`/`+++` file headers, `@@` hunk headers, `-`/`+` changed lines,
    ` ` context, and `\\` (`NO_NEWLINE`) after a last line with no line break. A
    changed block is compared character by character as a whole, so a paragraph
    joined from wrapped lines shows only the removed line breaks and spaces. `changes`
    makes it fast, as for `hunks`.
    """
    old_lines, new_lines = _lines(old), _lines(new)
    if changes is None or (found := _aligned(old, new, changes)) is None:
        found = _difflib_hunks(old_lines, new_lines)
    groups = list(_grouped(_opcodes(found, len(old_lines), len(new_lines)), context))
    if not groups:
        return
    yield "---", f"a/{name}", []
    yield "+++", f"b/{name}", []
    for group in groups:
        i1, i2, j1, j2 = group[0][1], group[-1][2], group[0][3], group[-1][4]
        yield "@@", f"-{i1 + 1},{i2 - i1} +{j1 + 1},{j2 - j1}", []
        for tag, a1, a2, b1, b2 in group:
            if tag == "equal":
                for line in old_lines[a1:a2]:
                    yield " ", line.removesuffix("\n"), []
                    if not line.endswith("\n"):
                        yield NO_NEWLINE
                continue
            old_block, new_block = "".join(old_lines[a1:a2]), "".join(new_lines[b1:b2])
            deleted, inserted = intraline(old_block, new_block)
            yield from _rows("-", old_block, deleted)
            yield from _rows("+", new_block, inserted)


Opcode = tuple[str, int, int, int, int]


def _opcodes(found: list[Hunk], old_count: int, new_count: int) -> list[Opcode]:
    """Hunks with the equal runs between them, as difflib's `get_opcodes` gives them."""
    codes: list[Opcode] = []
    old_at = new_at = 0
    for hunk in [*found, Hunk(old_count, old_count, new_count, new_count)]:
        if hunk.old_start > old_at:
            codes.append(("equal", old_at, hunk.old_start, new_at, hunk.new_start))
        if hunk.old_end > hunk.old_start or hunk.new_end > hunk.new_start:
            codes.append(("change", hunk.old_start, hunk.old_end, hunk.new_start, hunk.new_end))
        old_at, new_at = hunk.old_end, hunk.new_end
    return codes


def _grouped(codes: list[Opcode], context: int) -> Iterator[list[Opcode]]:
    """Opcodes in groups with up to `context` equal lines around changes (difflib's grouping).

    >>> [[c[0] for c in g] for g in _grouped(_opcodes([Hunk(1, 2, 1, 2)], 20, 20), 3)]
    [['equal', 'change', 'equal']]
    """
    if not codes:
        return
    if codes[0][0] == "equal":
        tag, i1, i2, j1, j2 = codes[0]
        codes[0] = tag, max(i1, i2 - context), i2, max(j1, j2 - context), j2
    if codes[-1][0] == "equal":
        tag, i1, i2, j1, j2 = codes[-1]
        codes[-1] = tag, i1, min(i2, i1 + context), j1, min(j2, j1 + context)
    group: list[Opcode] = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal" and i2 - i1 > 2 * context:
            group.append((tag, i1, min(i2, i1 + context), j1, min(j2, j1 + context)))
            yield group
            group = []
            i1, j1 = max(i1, i2 - context), max(j1, j2 - context)
        group.append((tag, i1, i2, j1, j2))
    if group and not (len(group) == 1 and group[0][0] == "equal"):
        yield group


def _rows(marker: str, block: str, spans: list[Span]) -> Iterator[tuple[str, str, list[Span]]]:
    """Split a block into its lines, with the spans cut to each line.

    A span that covers a line's own line break ends at `len(text) + 1`, so a
    renderer can mark the removed break; the text itself stays patch-exact, and a
    last line with no line break is followed by a `NO_NEWLINE` row.
    """
    offset = 0
    for line in _lines(block):
        text = line.removesuffix("\n")
        local = [
            (max(a, offset) - offset, min(b, offset + len(line)) - offset)
            for a, b in spans
            if a < offset + len(line) and b > offset
        ]
        yield marker, text, local
        if not line.endswith("\n"):
            yield NO_NEWLINE
        offset += len(line)
