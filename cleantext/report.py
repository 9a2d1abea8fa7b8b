"""What the command prints, and the exit status worked out from what happened.

A run over files: file lines and diffs on stdout, notes and the summary on
stderr. On a terminal the diff is coloured with the changed characters
highlighted and a progress bar shows when there are many files; piped, the
diff is plain, in each file's own encoding and line ends, so `patch -p1`
applies it. `--output-format json` prints every change as one JSON list
instead, `github` one workflow annotation a change. Also here: the
`--explain` report and the `rules` listings.

>>> from cleantext.diff import unified
>>> list(plain_diff(unified("在 2025 年\\n", "在2025年\\n", "x.txt")))
['--- a/x.txt', '+++ b/x.txt', '@@ -1,1 +1,1 @@', '-在 2025 年', '+在2025年']
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any

from .diff import Span
from .options import EXIT_CHANGED, EXIT_INTERRUPTED, EXIT_IO, EXIT_OK
from .runner import CHANGED, CHECK, DIFF, FAILED, FIX, SKIPPED, UNCHANGED, Outcome
from .text import Where

if TYPE_CHECKING:
    from rich.text import Text

    from .engine import Result, Rule

Row = tuple[str, str, list[Span]]
#: Show a progress bar from this many files on.
PROGRESS_MIN = 20
STYLES = {"---": "bold", "+++": "bold", "@@": "cyan", "-": "red", "+": "green", " ": "",
          "\\": "dim"}
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


def patch_bytes(rows: Iterable[Row], codec: str, newline: str) -> bytes:
    """Diff rows as a patch for a file in `codec` with `newline` line ends: lines of the
    file (`-`, `+`, context) in its own bytes, the rest in ASCII.

    >>> from cleantext.diff import unified
    >>> rows = unified("在 2025 年", "在2025年\\n", "x.txt")
    >>> for line in patch_bytes(rows, "gbk", "\\r\\n").split(b"\\n")[3:]:
    ...     print(line)
    b'-\\xd4\\xda 2025 \\xc4\\xea'
    b'\\\\ No newline at end of file'
    b'+\\xd4\\xda2025\\xc4\\xea\\r'
    b''
    """
    out: list[bytes] = []
    for marker, text, _spans in rows:
        if marker in ("-", "+", " "):
            out.append(marker.encode() + text.encode(codec, "backslashreplace")
                       + newline.encode(codec))
        else:
            if marker == "\\" and out:  # the line before has no line end: drop the style's
                out[-1] = out[-1][: len(out[-1]) - len(newline.encode(codec))] + b"\n"
            out.append(_line(marker, text).encode(codec, "backslashreplace") + b"\n")
    return b"".join(out)


def _ascii_compatible(codec: str) -> bool:
    """Whether `codec` writes ASCII as ASCII (UTF-8, GBK, Big5; not UTF-16), as `patch` needs."""
    try:
        return "a\n".encode(codec) == b"a\n"
    except LookupError:
        return False


def annotation(path: str, change: tuple[int, int, str, str, str]) -> str:
    """A GitHub workflow annotation for one change.

    >>> annotation("a,b.txt", (3, 5, "spacing", " ", ""))
    "::warning file=a%2Cb.txt,line=3,col=5,title=cleantext spacing::spacing: ' ' → ''"
    """
    line, column, rule, before, after = change

    def escape(text: str, prop: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if prop else text

    title = escape(f"cleantext {rule}", True)
    return (f"::warning file={escape(path, True)},line={line},col={column},title={title}::"
            + escape(f"{rule}: {before!r} → {after!r}"))


def _may_be_terminal() -> bool:
    """Whether rich's `Console.is_terminal` may hold: not when standard output is no tty and
    neither `TTY_COMPATIBLE` nor `FORCE_COLOR` (which rich obeys) is set."""
    if "TTY_COMPATIBLE" in os.environ or "FORCE_COLOR" in os.environ:
        return True
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):  # no stdout, or a closed one
        return False


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class Reporter:
    """Prints outcomes as they come and a summary at the end; `verbosity` -1 quiet, 0, 1 verbose."""

    def __init__(self, mode: str, verbosity: int = 0, output_format: str = "text") -> None:
        self.mode = mode
        self.verbosity = verbosity
        self.format = output_format
        #: rich's console, made only where it may find a terminal (it costs a start-up)
        self.console: Any = None
        if _may_be_terminal():
            from rich.console import Console

            self.console = Console(highlight=False, soft_wrap=True)
        self.terminal = self.console is not None and self.console.is_terminal
        self.statuses: Counter[str] = Counter()
        self.rules: Counter[str] = Counter()
        self.listed: list[dict[str, object]] = []  # the changes `--output-format json` prints
        self.broken = False  # a worker process died
        self.interrupted = False

    @property
    def return_code(self) -> int:
        """The exit status for what happened: 130 interrupted, 3 a file failed, 1 a file
        would change (check and diff), else 0."""
        if self.interrupted:
            return EXIT_INTERRUPTED
        if self.statuses[FAILED] or self.broken:
            return EXIT_IO
        if self.mode != FIX and self.statuses[CHANGED]:
            return EXIT_CHANGED
        return EXIT_OK

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
        elif self.format != "text" and outcome.status == CHANGED:
            self._list(outcome)
        elif self.mode == DIFF:
            if outcome.status == CHANGED:
                self._diff(outcome)
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

    def skipped(self, message: str) -> None:
        """A file left out before it was read (a PATH argument that is excluded)."""
        self.statuses[SKIPPED] += 1
        if self.verbosity >= 0:
            self._err(f"cleantext: {message}")

    def note(self, text: str) -> None:
        """A line for --verbose only."""
        if self.verbosity > 0:
            self._err(text)

    def _list(self, outcome: Outcome) -> None:
        """The changes of one file, for `--output-format json` (at the end) or `github`."""
        path = outcome.path
        for change in outcome.changes:
            if self.format == "github":
                self._out(annotation(path, change))
            else:
                line, column, rule, before, after = change
                self.listed.append({"file": path, "line": line, "column": column, "rule": rule,
                                    "before": before, "after": after})

    def summary(self) -> None:
        """'N files changed, N unchanged, N skipped, N failed' and changes per rule, on stderr;
        with `--output-format json`, the JSON list on stdout first."""
        if self.format == "json":
            import json  # only here: a plain run does not load it

            sys.stdout.write(json.dumps(self.listed, ensure_ascii=False, indent=1) + "\n")
            sys.stdout.flush()
        if self.verbosity < 0:
            return
        changed = _plural(self.statuses[CHANGED], "file")
        changed += " would change" if self.mode in (CHECK, DIFF) else " changed"
        self._err(f"{changed}, {self.statuses[UNCHANGED]} unchanged, "
                  f"{self.statuses[SKIPPED]} skipped, {self.statuses[FAILED]} failed")
        if self.rules:
            counts = self.rules.most_common()
            self._err("changes per rule: " + ", ".join(f"{rule} {n}" for rule, n in counts))

    def _diff(self, outcome: Outcome) -> None:
        if self.terminal:
            for text in rich_diff(outcome.diff):
                self.console.print(text)
        else:
            sys.stdout.flush()
            codec = outcome.encoding if _ascii_compatible(outcome.encoding) else "utf-8"
            sys.stdout.buffer.write(patch_bytes(outcome.diff, codec, outcome.newline))
            sys.stdout.buffer.flush()

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


def render_explain(result: Result, text: str, descriptions: dict[str, str],
                   per_rule: int = 3) -> str:
    """`--explain`: one line per rule with its count, then a few of its changes at line:column.

    >>> from cleantext import clean_result
    >>> print(render_explain(clean_result("在 2025 年\\n"), "在 2025 年\\n", {}))
    2 changes
    spacing      2
        1:2  ' ' → ''
        1:7  ' ' → ''
    """
    counts = result.counts().most_common()
    width = max([len(rule_id) for rule_id, _ in counts], default=0)
    lines = [f"{len(result.changes)} changes"]
    by_rule: dict[str, list[tuple[int, int, str, str]]] = {}
    where = Where(text)
    for change in sorted(result.changes, key=lambda change: change.start):
        shown = by_rule.setdefault(change.rule, [])
        if len(shown) < per_rule:
            shown.append((*where.position(change.start), change.before, change.after))
    for rule_id, count in counts:
        lines.append(f"{rule_id:<{width}} {count:>6}  {descriptions.get(rule_id, '')}".rstrip())
        for line, column, before, after in by_rule[rule_id]:
            lines.append(f"    {line}:{column}  {before!r} → {after!r}")
    return "\n".join(lines)


def list_rules(rules: list[Rule], show_all: bool = False) -> str:
    """`cleantext rules`: id, kind, on/off and description of each rule (those on, or all)."""
    width = max(len(rule.id) for rule in rules)
    kind_width = max(len(rule.kind) for rule in rules)
    return "\n".join(
        f"{rule.id:<{width}}  {rule.kind:<{kind_width}}  {'on ' if rule.enabled else 'off'}  "
        f"{rule.description}"
        for rule in rules if rule.enabled or show_all
    )


def show_rule(rule: Rule) -> str:
    """`cleantext rules show ID`: the rule's header, description, its kind's documentation,
    its params and its examples."""
    import inspect

    kind_doc = inspect.getdoc(sys.modules[type(rule.impl).__module__]) or ""
    out = [f"{rule.id}  (kind {rule.kind}, {'on' if rule.enabled else 'off'})  {rule.source}",
           "", rule.description, "", f"Kind {rule.kind!r}", "", kind_doc, ""]
    out.append("Params of this rule:" if rule.params else "Params of this rule: none")
    out.extend(f"  {key}: {value!r}" for key, value in rule.params.items())
    if rule.examples:
        out += ["", "Examples:"]
    for example in rule.examples:
        if example.before == example.after:
            out.append(f"  unchanged: {example.before!r}")
        else:
            out += [f"  before: {example.before!r}", f"  after:  {example.after!r}"]
    return "\n".join(out)
