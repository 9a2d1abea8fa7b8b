"""What a review has decided so far, with no screen: hunks accepted or rejected, rules rejected.

Each file is read with `fileio`, cleaned by the engine and cut into hunks;
a hunk is accepted, rejected or still pending. Rejecting a rule re-cleans
the files it touched without it (decisions on hunks that come out the same
are kept). Writing a file applies only its accepted hunks, atomically.

>>> from cleantext.config import load_ruleset
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text("在 2025 年\\n\\n好,的\\n", encoding="utf-8")
>>> state = ReviewState([folder / "a.txt"], load_ruleset())
>>> review = state.load(0)
>>> [review.rules_of(i) for i in range(len(review.hunks))]
[['spacing'], ['punctuation']]
>>> review.decide(1, REJECTED); review.decide(0, ACCEPTED)
>>> state.write(0).endswith("a.txt: wrote 1 change")
True
>>> (folder / "a.txt").read_text(encoding="utf-8")
'在2025年\\n\\n好,的\\n'
"""

from __future__ import annotations

import os
import threading
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import diff
from ..engine import Change, Cleaner, Rule
from ..fileio import Decoded, FileError, encode, read_with_stat, write_atomic

PENDING, ACCEPTED, REJECTED = "pending", "accepted", "rejected"


@dataclass
class FileReview:
    """One file's text, what the rules would make of it, and the decision on each hunk."""

    name: str
    decoded: Decoded
    stat: os.stat_result
    new: str
    changes: list[Change]
    hunks: list[diff.Hunk]
    decisions: list[str]
    written: bool = False
    skipped: bool = False
    old_lines: list[str] = field(init=False, repr=False)
    new_lines: list[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.old_lines = self.old.splitlines(keepends=True)
        self.new_lines = self.new.splitlines(keepends=True)
        self._line_starts = [0]
        for line in self.old_lines:
            self._line_starts.append(self._line_starts[-1] + len(line))
        self.changes = sorted(self.changes, key=lambda c: (c.start, c.end))
        self._change_starts = [c.start for c in self.changes]
        self._longest = max((c.end - c.start for c in self.changes), default=0)
        self._rules: dict[int, list[str]] = {}

    @property
    def old(self) -> str:
        return self.decoded.text

    @property
    def closed(self) -> bool:
        """Written or skipped: no more decisions."""
        return self.written or self.skipped

    def old_span(self, index: int) -> tuple[int, int]:
        """Character offsets of the hunk's old lines (as `diff.old_span`, without rescanning)."""
        hunk = self.hunks[index]
        return self._line_starts[hunk.old_start], self._line_starts[hunk.old_end]

    def rules_of(self, index: int) -> list[str]:
        """Ids of the rules whose changes overlap the hunk's old span, in order of first change."""
        if index not in self._rules:
            start, end = self.old_span(index)
            first = bisect_left(self._change_starts, start - self._longest)
            last = bisect_left(self._change_starts, end + 1)
            rules = [c.rule for c in self.changes[first:last] if _overlaps(c, start, end)]
            self._rules[index] = list(dict.fromkeys(rules))
        return self._rules[index]

    def decide(self, index: int, decision: str) -> None:
        if not self.closed:
            self.decisions[index] = decision

    def decide_all(self, decision: str) -> None:
        if not self.closed:
            self.decisions = [decision] * len(self.hunks)

    def count(self, decision: str) -> int:
        return self.decisions.count(decision)

    def result(self) -> str:
        """The old text with only the accepted hunks applied."""
        accepted = [i for i, d in enumerate(self.decisions) if d == ACCEPTED]
        return diff.apply(self.old, self.new, self.hunks, accepted)

    def keys(self) -> list[tuple[int, int, str]]:
        """What identifies each hunk across a re-clean: its old lines and its new text."""
        return [(h.old_start, h.old_end, "".join(self.new_lines[h.new_start : h.new_end]))
                for h in self.hunks]


def _overlaps(change: Change, start: int, end: int) -> bool:
    if change.start == change.end or start == end:  # an insertion touches the span it borders
        return change.start <= end and change.end >= start
    return change.start < end and change.end > start


class ReviewState:
    """The files under review, read and cleaned on demand, and the rules rejected across them."""

    def __init__(self, paths: Iterable[Path], rules: list[Rule], encoding: str | None = None,
                 to_utf8: bool = False) -> None:
        self.paths = list(paths)
        self.rules = [rule for rule in rules if rule.enabled]
        self.encoding = encoding
        self.to_utf8 = to_utf8
        self.rejected_rules: set[str] = set()
        self.files: list[FileReview | None] = [None] * len(self.paths)
        self.errors: dict[int, str] = {}
        self.descriptions = {rule.id: rule.description for rule in self.rules}
        self.lock = threading.RLock()  # loading and re-cleaning may run in a worker thread

    def name(self, index: int) -> str:
        """The path as given, "/"-separated."""
        return str(self.paths[index]).replace(os.sep, "/")

    def cleaner(self) -> Cleaner:
        return Cleaner([rule for rule in self.rules if rule.id not in self.rejected_rules])

    def load(self, index: int) -> FileReview | None:
        """Read and clean a file (once); None if it cannot be read (see `errors`)."""
        with self.lock:
            if self.files[index] is None and index not in self.errors:
                try:
                    decoded, info = read_with_stat(self.paths[index], self.encoding)
                except FileError as error:
                    self.errors[index] = str(error)
                    return None
                self.files[index] = self._review(self.name(index), decoded, info)
            return self.files[index]

    def _review(self, name: str, decoded: Decoded, info: os.stat_result) -> FileReview:
        result = self.cleaner().run(decoded.text)
        found = diff.hunks(decoded.text, result.text, result.changes)
        return FileReview(name, decoded, info, result.text, result.changes, found,
                          [PENDING] * len(found))

    def rule_counts(self) -> Counter[str]:
        """Changes per rule over the files loaded so far (rejected rules have none)."""
        counts: Counter[str] = Counter()
        for review in self.files:
            if review is not None:
                counts.update(change.rule for change in review.changes)
        return counts

    def set_rule(self, rule_id: str, rejected: bool) -> list[int]:
        """Reject (or take back) a rule everywhere; re-cleans the open files it affects.

        Returns the indices of the files that were re-cleaned.
        """
        with self.lock:
            if rejected == (rule_id in self.rejected_rules):
                return []
            if rejected:
                self.rejected_rules.add(rule_id)
            else:
                self.rejected_rules.discard(rule_id)
            redone: list[int] = []
            for index, review in enumerate(self.files):
                if review is None or review.closed:
                    continue
                if rejected and all(change.rule != rule_id for change in review.changes):
                    continue
                fresh = self._review(review.name, review.decoded, review.stat)
                kept = dict(zip(review.keys(), review.decisions))
                fresh.decisions = [kept.get(key, PENDING) for key in fresh.keys()]
                self.files[index] = fresh
                redone.append(index)
            return redone

    def unwritten(self) -> list[int]:
        """Files with accepted hunks not yet written."""
        return [i for i, review in enumerate(self.files)
                if review is not None and not review.closed and review.count(ACCEPTED)]

    def skip(self, index: int) -> None:
        """Leave a file as it is; toggles."""
        review = self.files[index]
        if review is not None and not review.written:
            review.skipped = not review.skipped

    def write(self, index: int) -> str:
        """Write a file's accepted hunks atomically; a one-line message says what happened.

        Raises FileError (one line naming the file) if it cannot be encoded or written.
        """
        review = self.files[index]
        if review is None or review.closed:
            return f"{self.name(index)}: nothing to write"
        accepted = review.count(ACCEPTED)
        text = review.result()
        if text == review.old:
            return f"{review.name}: no accepted changes; left as it is"
        write_atomic(self.paths[index], encode(review.decoded, text, self.to_utf8),
                     expect=review.stat)
        review.written = True
        return f"{review.name}: wrote {accepted} change{'s' if accepted != 1 else ''}"
