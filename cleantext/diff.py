"""Line hunks with character-level detail, shared by `--diff` and the review TUI.

Chinese has no spaces between words, so a changed line is shown with the
changed *characters* marked, not as a whole line swapped for another.

>>> [(h.old_start, h.old_end, h.new_start, h.new_end) for h in hunks("a\\nb\\nc\\n", "a\\nB\\nc\\n")]
[(1, 2, 1, 2)]
>>> intraline("在 2025 年", "在2025年")
([(1, 2), (6, 7)], [])
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

Span = tuple[int, int]

#: Above this many characters a side, intraline detail falls back to the whole line.
MAX_INTRALINE = 20_000


@dataclass(frozen=True)
class Hunk:
    """Lines [old_start, old_end) of the old text became [new_start, new_end) of the new (0-based)."""

    old_start: int
    old_end: int
    new_start: int
    new_end: int


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def hunks(old: str, new: str) -> list[Hunk]:
    """The changed runs of lines, with no context: each can be accepted or rejected alone."""
    matcher = SequenceMatcher(None, _lines(old), _lines(new), autojunk=False)
    return [
        Hunk(i1, i2, j1, j2)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


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


def unified(old: str, new: str, name: str, context: int = 3) -> Iterator[tuple[str, str, list[Span]]]:
    """A unified diff as (marker, text, highlighted spans) rows.

    Markers: `---`/`+++` file headers, `@@` hunk headers, `-`/`+` changed lines,
    and ` ` context. A changed block is compared character by character as a
    whole, so a paragraph joined from wrapped lines shows only the removed
    line breaks and spaces.
    """
    old_lines, new_lines = _lines(old), _lines(new)
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    groups = list(matcher.get_grouped_opcodes(context))
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
                    yield " ", line.rstrip("\n"), []
                continue
            old_block, new_block = "".join(old_lines[a1:a2]), "".join(new_lines[b1:b2])
            deleted, inserted = intraline(old_block, new_block)
            yield from _rows("-", old_block, deleted)
            yield from _rows("+", new_block, inserted)


def _rows(marker: str, block: str, spans: list[Span]) -> Iterator[tuple[str, str, list[Span]]]:
    """Split a block into its lines, with the spans cut to each line.

    A span that covers a line's own line break ends at `len(text) + 1`, so a
    renderer can mark the removed break; the text itself stays patch-exact.
    """
    offset = 0
    for line in _lines(block):
        text = line.rstrip("\n")
        local = [
            (max(a, offset) - offset, min(b, offset + len(line)) - offset)
            for a, b in spans
            if a < offset + len(line) and b > offset
        ]
        yield marker, text, local
        offset += len(line)
