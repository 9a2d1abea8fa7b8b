"""Clean many files, in parallel worker processes, and collect one Outcome per file.

Each worker builds a Cleaner once per configuration file; a file's
outcome (changed, unchanged, skipped or failed, with per-rule counts, a
message and, for --diff, the diff rows) goes back to the parent, which gets
them in the order the files were given. A process writes each file it fixed
in a thread of its own while it cleans the next ones (`_in_turn`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections import deque
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from . import native
from .diff import Span, unified
from .fileio import (
    AtomicWrite,
    BinaryFile,
    Decoded,
    FileError,
    encode,
    read_with_stat,
    remove_stale_temps,
    sync_folders,
)
from .formats import adapt, format_of
from .text import Where

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from .engine import Cleaner, Result
    from .options import Settings

CHANGED, UNCHANGED, SKIPPED, FAILED = "changed", "unchanged", "skipped", "failed"
FIX, CHECK, DIFF = "fix", "check", "diff"


@dataclass(frozen=True)
class Options:
    """What to do with each file."""

    mode: str = FIX  # FIX writes changed files; CHECK and DIFF write nothing
    encoding: str | None = None  # force this codec instead of detecting
    to_utf8: bool = False  # write UTF-8 whatever the file was
    safe: bool = True  # refuse to write a result `safety.verify` finds fault with
    positions: bool = False  # CHECK and DIFF: list each change with its line and column


@dataclass
class Outcome:
    """What happened to one file."""

    path: str
    status: str  # CHANGED, UNCHANGED, SKIPPED or FAILED
    counts: dict[str, int] = field(default_factory=dict)  # changes per rule id (fix mode)
    message: str = ""  # one line naming the file, for SKIPPED and FAILED
    encoding: str = ""
    diff: list[tuple[str, str, list[Span]]] = field(default_factory=list)  # diff mode
    newline: str = "\n"  # the file's line end, which its diff lines end with
    #: with `Options.positions`: (line, column, rule, before, after) of each change
    changes: list[tuple[int, int, str, str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Write:
    """A cleaned file's new bytes, waiting to be written over it (`prepare` made them)."""

    path: Path
    data: bytes
    info: os.stat_result  # the file's stat when read: it is not overwritten if changed since


def prepare(path: Path, cleaner: Cleaner, options: Options) -> tuple[Outcome, Write | None]:
    """Read and clean one file (file problems become FAILED): its outcome, and what is to
    be written over it (fix mode, a changed file that --safe accepts), if anything."""
    from .kinds import RuleTimeout

    name = str(path)
    try:
        decoded, info = read_with_stat(path, options.encoding)
    except BinaryFile as error:
        return Outcome(name, SKIPPED, message=str(error)), None
    except FileError as error:
        return Outcome(name, FAILED, message=str(error)), None
    cleaner = adapt(cleaner, format_of(path))
    try:
        result = _clean(decoded.text, cleaner, options)
    except RuleTimeout as error:
        return Outcome(name, FAILED, message=f"{name}: {error}", encoding=decoded.encoding), None
    converting = options.to_utf8 and decoded.encoding != "utf-8"
    if result.text == decoded.text and not converting:
        return Outcome(name, UNCHANGED, encoding=decoded.encoding), None
    outcome = Outcome(name, CHANGED, dict(result.counts()), encoding=decoded.encoding,
                      newline=decoded.newline)
    if options.mode == DIFF:
        outcome.diff = _diff(decoded, result, name)
    if options.positions:
        where = Where(decoded.text)
        outcome.changes = [(*where.position(c.start), c.rule, c.before, c.after)
                           for c in sorted(result.changes, key=lambda c: c.start)]
    if options.mode != FIX:
        return outcome, None
    if info.st_nlink > 1:
        return Outcome(name, SKIPPED, message=f"{name}: has {info.st_nlink} hard links; not "
                                              "written, as replacing it would split them",
                       encoding=decoded.encoding), None
    if options.safe:
        from .safety import verify

        problem = verify(decoded.text, result, cleaner)
        if problem:
            return Outcome(name, FAILED, message=f"{name}: not written (--safe): {problem}",
                           encoding=decoded.encoding), None
    try:
        data = encode(decoded, result.text, options.to_utf8)
    except FileError as error:
        return Outcome(name, FAILED, message=str(error), encoding=decoded.encoding), None
    return outcome, Write(path, data, info)


def _diff(decoded: Decoded, result: Result, name: str) -> list[tuple[str, str, list[Span]]]:
    """The diff rows of one file; a BOM is part of its first line, as `patch` sees it."""
    shown = name.replace(os.sep, "/").lstrip("/")
    if not decoded.bom:
        return list(unified(decoded.text, result.text, shown, changes=result.changes))
    moved = [change._replace(start=change.start + 1, end=change.end + 1)
             for change in result.changes]
    return list(unified("\ufeff" + decoded.text, "\ufeff" + result.text, shown, changes=moved))


def _clean(text: str, cleaner: Cleaner, options: Options) -> Result:
    """Clean as the mode needs; only --diff keeps the whole trace, which it aligns by.

    Fixing counts changes per rule and, with --safe, checks them slice by slice.
    """
    if options.mode == FIX:
        from .safety import checked_run

        return checked_run(text, cleaner, check=options.safe)
    return cleaner.run(text, trace=options.mode == DIFF or options.positions)


#: A file to clean and the configuration file that governs it (None: the shipped rules).
Job = tuple[Path, "Path | None"]
_worker: tuple[Settings, Options, dict[Path | None, Cleaner], Any] | None = None


def _start_worker(settings: Settings, options: Options, stop: Any) -> None:
    """Remember what to do; Ctrl-C is the parent's to handle, and `stop` (an Event) says
    when the parent was interrupted."""
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker = (settings, options, {}, stop)


def _work(jobs: list[Job]) -> list[Outcome]:
    """The outcomes of a batch of jobs, in a worker process (`_in_turn`)."""
    assert _worker is not None, "worker not started"
    settings, options, cleaners, stop = _worker
    return list(_in_turn(jobs, settings, options, cleaners, stop))


def _cleaner(cleaners: dict[Path | None, Cleaner], settings: Settings,
             config: Path | None) -> Cleaner:
    """The Cleaner for a configuration file, built once per process."""
    if config not in cleaners:
        from .engine import Cleaner

        cleaners[config] = Cleaner(settings.load(config).rules)
    return cleaners[config]


def _internal(path: Path | str, error: Exception) -> Outcome:
    """The outcome of a file whose cleaning or writing met a bug."""
    return Outcome(str(path), FAILED, message=f"{path}: internal error: "
                                              f"{type(error).__name__}: {error}")


#: How many threads of a process wait for the disk to take the files it fixed (and how many
#: files may wait for them): the sync before a file's rename (fsync) waits on the disk far
#: more than on the CPU, and syncs at once share the file system's journal commits, so the
#: next files are cleaned meanwhile.
WRITERS = 4
#: How long (seconds) a wait for a native sync lasts before Ctrl-C is looked for again.
WAIT_STEP = 0.05


class _Writing:
    """A file being written: its temporary file is written at once, synced by `syncs` (in
    other threads), and renamed over the file by `outcome()`, in the order of the run, or
    removed by `abandon()`. Only the sync runs in another thread: the rest is quick."""

    def __init__(self, write: Write, outcome: Outcome, folders: dict[str, str],
                 syncs: _Syncs) -> None:
        self.path, self._outcome = write.path, outcome
        self._atomic: AtomicWrite | None = None
        self._sync: _Sync | None = None
        try:
            self._atomic = AtomicWrite(write.path, write.data, write.info, folders)
        except FileError as error:
            self._outcome = _failed(outcome, error)
        except Exception as error:  # a bug: the file's failure, not the run's end
            self._outcome = _internal(write.path, error)
        else:
            self._sync = syncs.start(self._atomic)

    def done(self) -> bool:
        return self._sync is None or self._sync.done()

    def outcome(self) -> Outcome:
        if self._sync is not None:
            self._sync.wait()
        atomic, self._atomic = self._atomic, None
        if atomic is not None:
            try:
                atomic.finish()
            except FileError as error:
                self._outcome = _failed(self._outcome, error)
            except Exception as error:  # a bug: the file's failure, not the run's end
                self._outcome = _internal(self.path, error)
        return self._outcome

    def abandon(self) -> None:
        """Leave the file as it was (a run stopped before its outcome was taken)."""
        if self._sync is not None:
            self._sync.wait()
        if self._atomic is not None:
            self._atomic.abandon()


def _failed(outcome: Outcome, error: FileError) -> Outcome:
    return Outcome(outcome.path, FAILED, message=str(error), encoding=outcome.encoding)


class _Sync(Protocol):
    """One file's sync, started by `_Syncs.start`."""

    def done(self) -> bool:
        """Whether the file is synced (or its sync failed)."""
        ...

    def wait(self) -> None:
        """Wait until it is; a failure is the `AtomicWrite`'s to raise (`finish`)."""
        ...


class _Syncs(Protocol):
    """What syncs the files a process wrote: `_NativeSyncs`, else `_Writers`."""

    def start(self, atomic: AtomicWrite) -> _Sync:
        ...

    def close(self) -> None:
        """End the threads once the files handed over are synced."""
        ...


def _syncs() -> _Syncs:
    """The native core's threads when it runs (`cleantext_native.Syncer`), else Python's."""
    syncer = native.core_class("Syncer")
    return _Writers() if syncer is None else _NativeSyncs(syncer(WRITERS))


class _ThreadSync:
    """A file synced by a thread of `_Writers`."""

    def __init__(self, atomic: AtomicWrite) -> None:
        self.atomic = atomic
        self.synced = threading.Lock()  # held until the file is synced
        self.synced.acquire()

    def run(self) -> None:
        try:
            self.atomic.sync()
        finally:
            self.synced.release()

    def done(self) -> bool:
        return not self.synced.locked()

    def wait(self) -> None:
        with self.synced:
            pass


class _Writers:
    """Up to `WRITERS` Python threads syncing the files handed to them, started as needed
    (where the native core does not run: a thread takes Python's lock back once a sync is
    done, which the cleaning thread then waits for)."""

    def __init__(self) -> None:
        from queue import SimpleQueue

        self.todo: SimpleQueue[_ThreadSync | None] = SimpleQueue()
        self.threads: list[threading.Thread] = []

    def start(self, atomic: AtomicWrite) -> _ThreadSync:
        if len(self.threads) < WRITERS:
            self.threads.append(threading.Thread(target=self._work, name="cleantext-write"))
            self.threads[-1].start()
        sync = _ThreadSync(atomic)
        self.todo.put(sync)
        return sync

    def _work(self) -> None:
        while (sync := self.todo.get()) is not None:
            sync.run()

    def close(self) -> None:
        for _ in self.threads:
            self.todo.put(None)
        for thread in self.threads:
            thread.join()


class _NativeSync:
    """A file synced by a thread of the native core (`_NativeSyncs`)."""

    def __init__(self, core: Any, atomic: AtomicWrite) -> None:
        self.core, self.atomic = core, atomic
        self.ticket = core.submit(atomic.fd)
        self.waited = False

    def done(self) -> bool:
        return self.waited or bool(self.core.done(self.ticket))

    def wait(self) -> None:
        if self.waited:
            return
        while (errno := self.core.wait(self.ticket, WAIT_STEP)) is None:
            pass  # Ctrl-C is raised here, between the steps
        # (the core keeps the answer until told to forget it: Ctrl-C may come before that)
        self.atomic.synced(errno)
        self.waited = True
        self.core.forget(self.ticket)


class _NativeSyncs:
    """Up to `WRITERS` threads of the native core syncing the files handed to them: they
    never take Python's lock, so the cleaning thread does not wait for it once a file."""

    def __init__(self, core: Any) -> None:
        self.core = core

    def start(self, atomic: AtomicWrite) -> _NativeSync:
        return _NativeSync(self.core, atomic)

    def close(self) -> None:
        self.core.close()


def _in_turn(jobs: list[Job], settings: Settings, options: Options,
             cleaners: dict[Path | None, Cleaner], stop: Any = None
             ) -> Generator[Outcome, None, None]:
    """The outcomes of `jobs`, cleaned in this process one after the other, each file
    synced in other threads while the next ones are cleaned (`_Writing`). Stopped early
    (Ctrl-C, or `stop`, an Event, set), the files whose outcome was not taken stay as they
    were; the files left are skipped."""
    queue: deque[Outcome | _Writing] = deque()  # in the order of `jobs`
    writing: list[_Writing] = []  # in `queue`
    syncs = _syncs()
    folders: dict[str, str] = {}  # the real path of each folder written in (`AtomicWrite`)
    finished = False
    try:
        for path, config in jobs:
            if stop is not None and stop.is_set():  # interrupted: drop the files left, at once
                queue.append(Outcome(str(path), SKIPPED, message=f"{path}: interrupted"))
                continue
            cleaner = _cleaner(cleaners, settings, config)
            try:
                outcome, write = prepare(path, cleaner, options)
            except Exception as error:  # one file's bug must not stop the others
                outcome, write = _internal(path, error), None
            if write is None:
                queue.append(outcome)
            else:
                writing.append(_Writing(write, outcome, folders, syncs))
                queue.append(writing[-1])
            while queue and (not isinstance(queue[0], _Writing) or queue[0].done()
                             or len(writing) > WRITERS):
                yield _take(queue, writing)
        while queue:
            yield _take(queue, writing)
        finished = True
    finally:
        syncs.close()
        for pending in writing:  # stopped early
            pending.abandon()
        if not finished:  # Ctrl-C may have come between making a temporary file and
            for folder in set(folders.values()):  # handing it to a `_Writing`
                remove_stale_temps(Path(folder), ours=True)


def _take(queue: deque[Outcome | _Writing], writing: list[_Writing]) -> Outcome:
    """The first outcome of `queue`, once its file is written."""
    first = queue.popleft()
    if not isinstance(first, _Writing):
        return first
    outcome = first.outcome()
    writing.remove(first)
    return outcome


def run(jobs: list[Job], settings: Settings, options: Options, processes: int
        ) -> Generator[Outcome, None, None]:
    """Outcomes for `jobs`, in order; with `processes` > 1, worked out in that many processes.

    The parent has loaded every configuration (so errors show before any work); a
    worker loads each again when it first needs it (rules do not pickle). The
    workers start before this returns, so no thread (such as a progress bar's) is
    forked, and they start with Ctrl-C ignored: it is the parent's to handle.
    """
    outcomes = _outcomes(jobs, settings, options, processes)
    return _synced(outcomes) if options.mode == FIX else outcomes


def _synced(outcomes: Generator[Outcome, None, None]) -> Generator[Outcome, None, None]:
    """`outcomes` as they come; once they are all in (or the run stops), the folder of each
    file written is synced, once (a folder of many files is not synced once a file)."""
    written: list[str] = []
    try:
        for outcome in outcomes:
            if outcome.status == CHANGED:
                written.append(outcome.path)
            yield outcome
    finally:
        outcomes.close()
        sync_folders(written)


def _outcomes(jobs: list[Job], settings: Settings, options: Options, processes: int
              ) -> Generator[Outcome, None, None]:
    """`run`'s outcomes, before the folders are synced."""
    processes = min(processes, len(jobs))
    if processes <= 1:
        return _in_turn(jobs, settings, options, {})
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context()
    stop = context.Event()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        executor = ProcessPoolExecutor(processes, mp_context=context, initializer=_start_worker,
                                       initargs=(settings, options, stop))
        size = max(1, min(16, len(jobs) // (processes * 8)))
        batches = executor.map(_work, [jobs[i : i + size] for i in range(0, len(jobs), size)])
    finally:
        signal.signal(signal.SIGINT, previous)
    results = (outcome for batch in batches for outcome in batch)
    return _drain(executor, results, [path for path, _ in jobs], stop)


class WorkerDied(RuntimeError):
    """A worker process ended abruptly (killed, out of memory)."""


def _drain(executor: ProcessPoolExecutor, results: Iterator[Outcome], paths: list[Path],
           stop: Any = None) -> Generator[Outcome, None, None]:
    """The results as they come; on Ctrl-C (or when the caller stops early) the workers stop
    within about a second: see `_stop`."""
    from concurrent.futures.process import BrokenProcessPool

    done = 0
    try:
        for outcome in results:
            yield outcome
            done += 1
    except BrokenProcessPool:
        executor.shutdown(wait=True, cancel_futures=True)
        raise WorkerDied(
            "a worker process died (killed or out of memory); "
            "files not listed were left as they were"
        ) from None
    except BaseException:  # KeyboardInterrupt, or GeneratorExit from a closed pipe
        _stop(executor, paths[done:], stop)
        raise
    executor.shutdown(wait=True)


#: How long workers may take to finish the file they are on once interrupted.
STOP_WAIT = 1.0


def _stop(executor: ProcessPoolExecutor, left: list[Path], stop: Any) -> None:
    """Stop the workers: queued files are dropped, and each worker ends when the file it is
    on is done (every file stays wholly old or wholly new). A worker that takes longer than
    `STOP_WAIT` is killed, and its temporary file removed. More Ctrl-C meanwhile are ignored.
    """
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    workers = list((getattr(executor, "_processes", None) or {}).values())
    manager = getattr(executor, "_executor_manager_thread", None)
    if stop is not None:
        stop.set()
    executor.shutdown(wait=False, cancel_futures=True)
    if manager is not None:
        manager.join(STOP_WAIT)
    if manager is None or not manager.is_alive():
        return
    previous = threading.excepthook  # the pool's thread may trip over futures cancelled here
    threading.excepthook = lambda args: None if args.thread is manager else previous(args)
    for worker in workers:
        with contextlib.suppress(OSError):
            worker.kill()
    for worker in workers:
        worker.join(STOP_WAIT)
    manager.join(STOP_WAIT)
    for folder in dict.fromkeys(os.path.dirname(os.path.realpath(path)) for path in left):
        remove_stale_temps(Path(folder))
