"""Print what a run over files did: file lines and diffs on stdout; notes and summary on stderr.

On a terminal the diff is coloured with the changed characters highlighted
and a progress bar shows when there are many files; piped, the output is
plain text and nothing else.

>>> from cleantext.diff import unified
>>> list(plain_diff(unified("在 2025 年\\n", "在2025年\\n", "x.txt")))
['--- a/x.txt', '+++ b/x.txt', '@@ -1,1 +1,1 @@', '-在 2025 年', '+在2025年']
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any

from .diff import Span
from .runner import CHANGED, CHECK, DIFF, FAILED, SKIPPED, UNCHANGED, Outcome

if TYPE_CHECKING:
    from rich.text import Text

Row = tuple[str, str, list[Span]]
#: Show a progress bar from this many files on.
PROGRESS_MIN = 20
STYLES = {"---": "bold", "+++": "bold", "@@": "cyan", "-": "red", "+": "green", " ": ""}
HIGHLIGHT = {"-": "bold white on red", "+": "bold black on green"}


def _line(marker: str, text: str) -> str:
    return f"@@ {text} @@" if marker == "@@" else f"{marker} {text}" if marker in ("---", "+++") \
        else marker + text


def plain_diff(rows: Iterable[Row]) -> Iterator[str]:
    """Diff rows as the lines of a plain unified diff."""
    for marker, text, _spans in rows:
        yield _line(marker, text)


def rich_diff(rows: Iterable[Row]) -> Iterator[Text]:
    """Diff rows as rich Text, changed lines coloured and their changed characters highlighted.

    A removed line break shows as a highlighted `⏎` at the end of the line.
    """
    from rich.text import Text

    for marker, text, spans in rows:
        removed_break = any(end > len(text) for _start, end in spans)
        line = Text(_line(marker, text) + ("⏎" if removed_break else ""), style=STYLES[marker])
        offset = len(marker)
        for start, end in spans:
            line.stylize(HIGHLIGHT[marker], offset + start, offset + end)
        yield line


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class Reporter:
    """Prints outcomes as they come and a summary at the end; `verbosity` -1 quiet, 0, 1 verbose."""

    def __init__(self, mode: str, verbosity: int = 0) -> None:
        from rich.console import Console

        self.mode = mode
        self.verbosity = verbosity
        self.console = Console(highlight=False, soft_wrap=True)
        self.terminal = self.console.is_terminal
        self.statuses: Counter[str] = Counter()
        self.rules: Counter[str] = Counter()

    def progress(self, total: int) -> AbstractContextManager[Any]:
        """A progress bar (a context manager with `.advance()`) when worth showing, else a no-op."""
        if not self.terminal or self.verbosity < 0 or total < PROGRESS_MIN:
            return nullcontext(_NoProgress())
        label = "checking" if self.mode in (CHECK, DIFF) else "cleaning"
        return _Progress(self.console, total, label)

    def add(self, outcome: Outcome) -> None:
        """Count one file's outcome and print its line(s)."""
        self.statuses[outcome.status] += 1
        self.rules.update(outcome.counts)
        if outcome.status == FAILED:
            self._err(f"cleantext: error: {outcome.message}")
        elif outcome.status == SKIPPED:
            if self.verbosity >= 0:
                self._err(f"cleantext: {outcome.message}")
        elif self.mode == DIFF:
            if outcome.status == CHANGED:
                self._diff(outcome.diff)
            elif self.verbosity > 0:
                self._err(f"unchanged {outcome.path}")
        elif outcome.status == CHANGED and self.verbosity >= 0:
            verb = "would fix" if self.mode == CHECK else "fixed"
            self._out(f"{verb} {outcome.path}{self._detail(outcome)}")
        elif outcome.status == UNCHANGED and self.verbosity > 0:
            self._out(f"unchanged {outcome.path}{self._detail(outcome)}")

    def _detail(self, outcome: Outcome) -> str:
        """With --verbose: '  (gbk; 3 changes: punctuation 2, spacing 1)'."""
        if self.verbosity <= 0:
            return ""
        detail = outcome.encoding
        if outcome.counts:
            rules = ", ".join(f"{rule} {n}" for rule, n in Counter(outcome.counts).most_common())
            detail += f"; {_plural(sum(outcome.counts.values()), 'change')}: {rules}"
        return f"  ({detail})"

    def note(self, text: str) -> None:
        """A line for --verbose only."""
        if self.verbosity > 0:
            self._err(text)

    def summary(self) -> None:
        """'N files changed, N unchanged, N skipped, N failed' and changes per rule, on stderr."""
        if self.verbosity < 0:
            return
        changed = _plural(self.statuses[CHANGED], "file")
        changed += " would change" if self.mode in (CHECK, DIFF) else " changed"
        self._err(f"{changed}, {self.statuses[UNCHANGED]} unchanged, "
                  f"{self.statuses[SKIPPED]} skipped, {self.statuses[FAILED]} failed")
        if self.rules:
            counts = self.rules.most_common()
            self._err("changes per rule: " + ", ".join(f"{rule} {n}" for rule, n in counts))

    def _diff(self, rows: list[Row]) -> None:
        if self.terminal:
            for text in rich_diff(rows):
                self.console.print(text)
        else:
            sys.stdout.write("".join(line + "\n" for line in plain_diff(rows)))

    def _out(self, text: str) -> None:
        if self.terminal:
            self.console.print(text, markup=False, emoji=False)
        else:
            sys.stdout.write(text + "\n")

    def _err(self, text: str) -> None:
        print(text, file=sys.stderr)  # sys.stderr looked up now: a live progress bar redirects it


class _NoProgress:
    def advance(self) -> None:
        """Nothing to show."""


class _Progress:
    """A transient rich progress bar counting files."""

    def __init__(self, console: Any, total: int, label: str) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(),
                            TimeRemainingColumn(), console=console, transient=True)
        self.task = self.bar.add_task(label, total=total)

    def __enter__(self) -> _Progress:
        self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.stop()

    def advance(self) -> None:
        self.bar.advance(self.task)
