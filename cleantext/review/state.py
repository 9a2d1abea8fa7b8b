"""What a review has decided so far, with no screen: hunks accepted or rejected, rules rejected.

Each file is read with `fileio` and cleaned by the engine a slice at a
time (`sections`): its hunks grow section by section, and a hunk can be
decided as soon as it is there; indices never change while more arrive.
A file being cleaned has a `Cleaning` job: the app's worker thread picks
one (`next_job`) and cleans its next section, and the app's own thread
hands the section to the file (`add`); `load` does it all at once.
Rejecting a rule cleans the files it may touch again without it
(decisions on hunks that come out the same are kept). Writing a file
applies only its accepted hunks, atomically, and only once it is fully
cleaned.

>>> from cleantext.config import load_ruleset
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text("在 2025 年\\n\\n你好,的\\n", encoding="utf-8")
>>> state = ReviewState([folder / "a.txt"], load_ruleset())
>>> review = state.load(0)
>>> [review.rules_of(i) for i in range(len(review.hunks))]
[['spacing'], ['punctuation']]
>>> review.decide(1, REJECTED); review.decide(0, ACCEPTED)
>>> state.write(0).endswith("a.txt: wrote 1 change")
True
>>> (folder / "a.txt").read_text(encoding="utf-8")
'在2025年\\n\\n你好,的\\n'
"""

from __future__ import annotations

import os
import threading
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .. import diff
from ..engine import Change, Cleaner, Result, Rule
from ..fileio import (
    BinaryFile,
    Decoded,
    FileError,
    check_readable,
    encode,
    read_with_stat,
    write_atomic,
)
from ..formats import adapt, format_of
from .sections import Section, sections

PENDING, ACCEPTED, REJECTED = "pending", "accepted", "rejected"

#: What identifies a hunk across a re-clean: its old lines and its new text.
Key = tuple[int, int, str]


@dataclass
class FileReview:
    """One file's text, what the rules make of it so far, and the decision on each hunk.

    `kept` holds decisions carried over from before a re-clean, given to the
    hunks that come out the same; a hunk not in it gets `default` (what
    accepting or rejecting the whole file chose for hunks still to come).
    """

    name: str
    decoded: Decoded
    stat: os.stat_result
    kept: dict[Key, str] = field(default_factory=dict)
    default: str = PENDING
    written: bool = False
    skipped: bool = False
    cleaned: int = 0  # characters of the old text cleaned so far
    done: bool = False  # all of it cleaned
    new_lines: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list, repr=False)
    hunks: list[diff.Hunk] = field(default_factory=list, repr=False)
    decisions: list[str] = field(default_factory=list, repr=False)
    old_lines: list[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.old_lines = self.old.splitlines(keepends=True)
        self._line_starts = [0]
        for line in self.old_lines:
            self._line_starts.append(self._line_starts[-1] + len(line))
        self._change_starts: list[int] = []
        self._longest = 0
        self._rules: dict[int, list[str]] = {}

    @property
    def old(self) -> str:
        return self.decoded.text

    @property
    def closed(self) -> bool:
        """Written or skipped: no more decisions."""
        return self.written or self.skipped

    @property
    def percent(self) -> int:
        """How much of the file is cleaned, in percent."""
        return 100 if self.done else self.cleaned * 100 // max(len(self.old), 1)

    def add(self, section: Section) -> None:
        """Take the next section of the cleaned file: its lines, changes and hunks."""
        self.new_lines.extend(section.new_lines)
        self.changes.extend(section.changes)
        self._change_starts.extend(c.start for c in section.changes)
        self._longest = max([self._longest, *(c.end - c.start for c in section.changes)])
        self.decisions.extend(self.kept.get(self._key(h), self.default) for h in section.hunks)
        self.hunks.extend(section.hunks)
        self.cleaned, self.done = section.cleaned, section.done

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
        """Decide every hunk, also those still to come."""
        if not self.closed:
            self.decisions = [decision] * len(self.hunks)
            self.default = decision

    def count(self, decision: str) -> int:
        return self.decisions.count(decision)

    def result(self) -> str:
        """The old text with only the accepted hunks applied."""
        accepted = [i for i, d in enumerate(self.decisions) if d == ACCEPTED]
        return diff.apply(self.old, "".join(self.new_lines), self.hunks, accepted)

    def _key(self, hunk: diff.Hunk) -> Key:
        return hunk.old_start, hunk.old_end, "".join(self.new_lines[hunk.new_start : hunk.new_end])

    def decided(self) -> dict[Key, str]:
        """The decisions made, by hunk key, with those carried over for hunks not yet here."""
        made = {self._key(h): d for h, d in zip(self.hunks, self.decisions) if d != PENDING}
        return {**self.kept, **made}


def _overlaps(change: Change, start: int, end: int) -> bool:
    if change.start == change.end or start == end:  # an insertion touches the span it borders
        return change.start <= end and change.end >= start
    return change.start < end and change.end > start


@dataclass
class Cleaning:
    """A file being cleaned: the sections still to come go to `review`."""

    index: int
    review: FileReview
    sections: Iterator[Section]


class ReviewState:
    """The files under review, read and cleaned on demand, and the rules rejected across them."""

    def __init__(self, paths: Iterable[Path], rules: list[Rule], encoding: str | None = None,
                 to_utf8: bool = False, safe: bool = True) -> None:
        self.paths = list(paths)
        self.safe = safe  # check a file's cleaning as `--safe` does before writing it
        self.rules = [rule for rule in rules if rule.enabled]
        self.encoding = encoding
        self.to_utf8 = to_utf8
        self.rejected_rules: set[str] = set()
        self.files: list[FileReview | None] = [None] * len(self.paths)
        self.jobs: dict[int, Cleaning] = {}  # the files still being cleaned
        self.errors: dict[int, str] = {}  # files that cannot be read or cleaned: exit 3
        self.binary: dict[int, str] = {}  # binary files: skipped, as the command line does
        self.descriptions = {rule.id: rule.description for rule in self.rules}
        self.lock = threading.RLock()  # cleaning runs in a worker thread
        self.checked = False  # whether `check` ran

    def name(self, index: int) -> str:
        """The path as given, "/"-separated."""
        return str(self.paths[index]).replace(os.sep, "/")

    def cleaner(self) -> Cleaner:
        return Cleaner([rule for rule in self.rules if rule.id not in self.rejected_rules])

    def file_cleaner(self, review: FileReview) -> Cleaner:
        """The rules not rejected now, for the file's format (Markdown: its prose only)."""
        return adapt(self.cleaner(), format_of(review.name))

    def clean_sections(self, review: FileReview) -> Iterator[Section]:
        """A file's text cleaned section by section, with the rules not rejected now."""
        return sections(self.file_cleaner(review), review.old)

    def _start(self, index: int, review: FileReview) -> None:
        """Clean `review`'s file from the start."""
        self.files[index] = review
        self.jobs[index] = Cleaning(index, review, self.clean_sections(review))

    def _read(self, index: int) -> None:
        """Read a file (once) and start cleaning it; a file that cannot be read goes to `errors`,
        a binary one to `binary`."""
        if self.files[index] is not None or index in self.errors or index in self.binary:
            return
        try:
            decoded, info = read_with_stat(self.paths[index], self.encoding)
        except BinaryFile as error:
            self.binary[index] = str(error)
            return
        except FileError as error:
            self.errors[index] = str(error)
            return
        self._start(index, FileReview(self.name(index), decoded, info))

    def check(self) -> None:
        """Find the files that cannot be opened at all (missing, unreadable, not regular files)
        without reading any: they go to `errors` at once, not when their turn comes."""
        if self.checked:
            return
        self.checked = True
        for index, path in enumerate(self.paths):
            try:
                check_readable(path)
            except FileError as error:
                with self.lock:
                    self.errors.setdefault(index, str(error))

    def next_job(self, first: int) -> Cleaning | None:
        """The file to clean a slice of next: `first` if it is not done, else the first file
        not done (read now if need be); None when all are."""
        with self.lock:
            for index in [first, *range(len(self.paths))]:
                self._read(index)
                if index in self.jobs:
                    return self.jobs[index]
            return None

    def add(self, job: Cleaning, section: Section) -> bool:
        """Give a job's next section to its file; False if the job was restarted meanwhile."""
        with self.lock:
            if self.jobs.get(job.index) is not job:
                return False
            job.review.add(section)
            if section.done:
                del self.jobs[job.index]
            return True

    def fail(self, job: Cleaning, message: str) -> None:
        """The job could not clean its file: record why; its file stays unfinished."""
        with self.lock:
            if self.jobs.get(job.index) is job:
                del self.jobs[job.index]
                self.errors[job.index] = message

    def load(self, index: int) -> FileReview | None:
        """Read and clean a file to the end (at once); None if it cannot be read (see `errors`)."""
        with self.lock:
            self._read(index)
            job = self.jobs.get(index)
            while job is not None and self.jobs.get(index) is job:
                self.add(job, next(job.sections))
            return self.files[index]

    def rule_counts(self) -> Counter[str]:
        """Changes per rule over the files cleaned so far (rejected rules have none)."""
        counts: Counter[str] = Counter()
        for review in self.files:
            if review is not None:
                counts.update(change.rule for change in review.changes)
        return counts

    def set_rule(self, rule_id: str, rejected: bool) -> list[int]:
        """Reject (or take back) a rule everywhere; restarts cleaning the files it may affect.

        The restarted files start empty and fill again as they are cleaned
        (`next_job`, `load`). Returns their indices.
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
                if review is None or review.written:
                    continue
                if rejected and review.done and all(c.rule != rule_id for c in review.changes):
                    continue
                fresh = FileReview(review.name, review.decoded, review.stat, review.decided(),
                                   review.default, skipped=review.skipped)
                self.errors.pop(index, None)  # a rule that failed may be the one rejected
                self._start(index, fresh)
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

        A file still being cleaned is not written, nor one whose cleaning fails
        the check `--safe` makes on the command line (`safety.verify`: no content
        lost, cleaning again changes nothing). Raises FileError (one line naming
        the file) if it cannot be encoded or written.
        """
        review = self.files[index]
        if review is None or review.closed:
            return f"{self.name(index)}: nothing to write"
        if index in self.errors:
            return f"{review.name}: not written: {self.errors[index]}"
        if not review.done:
            return f"{review.name}: still cleaning ({review.percent}%); write it when it is done"
        accepted = review.count(ACCEPTED)
        text = review.result()
        if text == review.old:
            return f"{review.name}: no accepted changes; left as it is"
        if self.safe:
            from ..safety import verify

            result = Result("".join(review.new_lines), review.changes)
            problem = verify(review.old, result, self.file_cleaner(review))
            if problem:
                raise FileError(review.name, f"not written (--safe): {problem}")
        write_atomic(self.paths[index], encode(review.decoded, text, self.to_utf8),
                     expect=review.stat)
        review.written = True
        return f"{review.name}: wrote {accepted} change{'s' if accepted != 1 else ''}"
