"""Clean many files, in parallel worker processes, and collect one Outcome per file.

Each worker loads the configuration and builds its Cleaner once; a file's
outcome (changed, unchanged, skipped or failed, with per-rule counts, a
message and, for --diff, the diff rows) goes back to the parent, which gets
them in the order the files were given.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .diff import Span, unified
from .fileio import BinaryFile, FileError, encode, read_with_stat, write_atomic
from .formats import adapt, format_of

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from .config import Config
    from .engine import Cleaner, Result

CHANGED, UNCHANGED, SKIPPED, FAILED = "changed", "unchanged", "skipped", "failed"
FIX, CHECK, DIFF = "fix", "check", "diff"


@dataclass(frozen=True)
class Options:
    """What to do with each file."""

    mode: str = FIX  # FIX writes changed files; CHECK and DIFF write nothing
    encoding: str | None = None  # force this codec instead of detecting
    to_utf8: bool = False  # write UTF-8 whatever the file was
    safe: bool = True  # refuse to write a result `safety.verify` finds fault with


@dataclass
class Outcome:
    """What happened to one file."""

    path: str
    status: str  # CHANGED, UNCHANGED, SKIPPED or FAILED
    counts: dict[str, int] = field(default_factory=dict)  # changes per rule id (fix mode)
    message: str = ""  # one line naming the file, for SKIPPED and FAILED
    encoding: str = ""
    diff: list[tuple[str, str, list[Span]]] = field(default_factory=list)  # diff mode


def clean_file(path: Path, cleaner: Cleaner, options: Options) -> Outcome:
    """Read, clean and (in fix mode, if changed) write one file; file problems become FAILED."""
    from .kinds import RuleTimeout

    name = str(path)
    try:
        decoded, info = read_with_stat(path, options.encoding)
    except BinaryFile as error:
        return Outcome(name, SKIPPED, message=str(error))
    except FileError as error:
        return Outcome(name, FAILED, message=str(error))
    fixing = options.mode == FIX
    cleaner = adapt(cleaner, format_of(path))
    try:
        result = _clean(decoded.text, cleaner, options)
    except RuleTimeout as error:
        return Outcome(name, FAILED, message=f"{name}: {error}", encoding=decoded.encoding)
    converting = options.to_utf8 and decoded.encoding != "utf-8"
    if result.text == decoded.text and not converting:
        return Outcome(name, UNCHANGED, encoding=decoded.encoding)
    outcome = Outcome(name, CHANGED, dict(result.counts()), encoding=decoded.encoding)
    if options.mode == DIFF:
        shown = name.replace(os.sep, "/").lstrip("/")
        outcome.diff = list(unified(decoded.text, result.text, shown, changes=result.changes))
    if not fixing:
        return outcome
    if options.safe:
        from .safety import verify

        problem = verify(decoded.text, result, cleaner)
        if problem:
            return Outcome(name, FAILED, message=f"{name}: not written (--safe): {problem}",
                           encoding=decoded.encoding)
    try:
        write_atomic(path, encode(decoded, result.text, options.to_utf8), expect=info)
    except FileError as error:
        return Outcome(name, FAILED, message=str(error), encoding=decoded.encoding)
    return outcome


def _clean(text: str, cleaner: Cleaner, options: Options) -> Result:
    """Clean as the mode needs; only --diff keeps the whole trace, which it aligns by.

    Fixing counts changes per rule and, with --safe, checks them slice by slice.
    """
    if options.mode == FIX:
        from .safety import checked_run

        return checked_run(text, cleaner, check=options.safe)
    return cleaner.run(text, trace=options.mode == DIFF)


ConfigLoader = Callable[[], "Config"]
_worker: tuple[Cleaner, Options] | None = None


def _start_worker(load: ConfigLoader, options: Options) -> None:
    """Build this worker's Cleaner once; Ctrl-C is the parent's to handle."""
    global _worker
    from .engine import Cleaner

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker = (Cleaner(load().rules), options)


def _work(path: Path) -> Outcome:
    assert _worker is not None, "worker not started"
    return guarded(path, *_worker)


def guarded(path: Path, cleaner: Cleaner, options: Options) -> Outcome:
    """`clean_file`, with an unexpected error (a bug) reported as that file's failure."""
    try:
        return clean_file(path, cleaner, options)
    except Exception as error:  # one file's bug must not stop the others
        return Outcome(str(path), FAILED, message=f"{path}: internal error: "
                                                  f"{type(error).__name__}: {error}")


def run(paths: list[Path], load: ConfigLoader, cleaner: Cleaner, options: Options,
        jobs: int) -> Iterator[Outcome]:
    """Outcomes for `paths`, in order; with `jobs` > 1, worked out in that many processes.

    `load` rebuilds the configuration in a worker (rules do not pickle);
    `cleaner` is used when the work stays in this process. The workers start
    before this returns, so no thread (such as a progress bar's) is forked.
    """
    jobs = min(jobs, len(paths))
    if jobs <= 1:
        return (guarded(path, cleaner, options) for path in paths)
    from concurrent.futures import ProcessPoolExecutor

    executor = ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(load, options))
    chunk = max(1, min(16, len(paths) // (jobs * 8)))
    return _drain(executor, executor.map(_work, paths, chunksize=chunk))


class WorkerDied(RuntimeError):
    """A worker process ended abruptly (killed, out of memory)."""


def _drain(executor: Executor, results: Iterator[Outcome]) -> Iterator[Outcome]:
    from concurrent.futures.process import BrokenProcessPool

    try:
        yield from results
    except BrokenProcessPool:
        raise WorkerDied(
            "a worker process died (killed or out of memory); "
            "files not listed were left as they were"
        ) from None
    finally:  # on Ctrl-C, files being written finish and queued ones are dropped
        executor.shutdown(wait=True, cancel_futures=True)
