"""Cleaning a text slice by slice into sections that later slices cannot change.

The engine's `stream` yields the cleaned text a slice at a time; how much
of the old text that covers is the output's length less what the changes
added. A section ends after an anchor: a whole line that no change touches,
that comes out as it went in, and that ends before the cleaned part does
(the white space after a slice is cleaned with the next one). The lines up
to it are final, so their hunks can be shown (and decided) while the rest
is cleaned. Hunks are found per section, by `diff.hunks` with the
section's changes.

>>> from cleantext.config import load_ruleset
>>> text = "在 2025 年。\\n\\n好,的。\\n\\n第三 段。\\n"
>>> parts = list(sections(Cleaner(load_ruleset(), target=8), text))
>>> [(len(p.hunks), p.cleaned, p.done) for p in parts]
[(0, 9, False), (1, 15, False), (2, 23, True)]
>>> "".join(line for p in parts for line in p.new_lines)
'在2025年。\\n\\n好，的。\\n\\n第三段。\\n'
"""

from __future__ import annotations

import io
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from .. import diff
from ..diff import Hunk
from ..engine import Change, Cleaner
from ..text import lazy_re

#: How many lines back from the cleaned end to look for an anchor.
LOOKBACK = 1000

_BLANK_END = lazy_re(r"\s*\Z")


@dataclass
class Section:
    """Lines cleaned for good: their new lines, their hunks and changes (in whole-file lines
    and offsets; changes in order of start), how many characters of the old text are
    cleaned so far, and whether this is the last section. A section may be empty: then it
    only tells the progress."""

    new_lines: list[str]
    hunks: list[Hunk]
    changes: list[Change]
    cleaned: int
    done: bool = False


def sections(cleaner: Cleaner, old: str) -> Iterator[Section]:
    """Clean `old` with `cleaner`, a section per slice (but none that would only tell that
    less than 1% more is cleaned); the last one has `done` set."""
    changes: list[Change] = []
    base = 0  # where in `old` the section being cleaned starts
    lines = (0, 0)  # how many old and new lines come before it
    new = ""  # its cleaned text so far
    pending: list[Change] = []  # its changes so far
    growth = 0  # how much longer its changes made it
    told = 0  # the progress last told
    for piece in cleaner.stream(io.StringIO(old, newline=""), changes):
        new += piece
        growth += sum(len(change.after) - len(change.before) for change in changes)
        pending += changes
        changes.clear()
        cleaned = base + len(new) - growth
        if _BLANK_END.match(old, cleaned):  # only white space left: the last section is next
            continue
        cut = _anchor(old, new, pending, base, cleaned)
        if cut is None:
            if (cleaned - told) * 100 >= len(old):  # tell progress by the percent
                told = cleaned
                yield Section([], [], [], cleaned)
            continue
        old_end, new_end = cut
        ready = [change for change in pending if change.start < old_end]
        pending = [change for change in pending if change.start >= old_end]
        growth -= sum(len(change.after) - len(change.before) for change in ready)
        section = _section(old[base:old_end], new[:new_end], ready, base, lines, cleaned)
        told = cleaned
        yield section
        lines = (lines[0] + len(old[base:old_end].splitlines()),
                 lines[1] + len(section.new_lines))
        base, new = old_end, new[new_end:]
    yield _section(old[base:], new, pending, base, lines, len(old), done=True)


def _section(old: str, new: str, changes: list[Change], offset: int, lines: tuple[int, int],
             cleaned: int, done: bool = False) -> Section:
    """The section of `old` (at `offset`, after `lines` old and new lines) cleaned to `new`."""
    local = [Change(c.rule, c.start - offset, c.end - offset, c.before, c.after)
             for c in changes] if offset else changes
    old_at, new_at = lines
    found = [Hunk(h.old_start + old_at, h.old_end + old_at, h.new_start + new_at,
                  h.new_end + new_at) for h in diff.hunks(old, new, local)]
    ordered = sorted(changes, key=lambda change: (change.start, change.end))
    return Section(new.splitlines(keepends=True), found, ordered, cleaned, done)


def _anchor(old: str, new: str, changes: list[Change], base: int,
            cleaned: int) -> tuple[int, int] | None:
    """Where to end the section that starts at `base` and is cleaned (to `new`) up to
    `cleaned`: the ends, in `old` and in `new`, of its last anchor line; None if there is none
    in the last `LOOKBACK` lines."""
    spans = _merged(changes)
    starts = [start for start, _ in spans]
    end = old.rfind("\n", base, cleaned - 1) + 1  # a line end before the cleaned end
    for _ in range(LOOKBACK):
        if end <= base:
            return None
        start = max(old.rfind("\n", base, end - 1) + 1, base)
        index = bisect_right(starts, end) - 1
        if index < 0 or spans[index][1] < start:  # no change touches [start, end]
            shift = sum(len(c.after) - len(c.before) for c in changes if c.start < start)
            at = start - base + shift
            if new[at : at + end - start] == old[start:end]:
                return end, at + end - start
            return None
        end = start
    return None


def _merged(changes: list[Change]) -> list[tuple[int, int]]:
    """The spans of `changes`, overlapping and touching ones merged, in order."""
    spans: list[tuple[int, int]] = []
    for start, end in sorted((change.start, change.end) for change in changes):
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans
