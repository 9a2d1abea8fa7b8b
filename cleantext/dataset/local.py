"""The local engine: files one after the other, each file's batches cleaned in worker processes.

The parent reads and writes (in order); only the text column travels to the
workers and back. A few batches per worker are in flight, so memory is
bounded by the batch size whatever the file's, and one large file keeps every
worker busy as well as many small ones do. Workers are set up as
`cleantext.runner` sets up its own: configuration loaded once, Ctrl-C left to
the parent.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from .batch import Cleaned, ConfigLoader, DocumentCleaner
from .formats import Batch
from .jobs import FAILED, FileOutcome, Job, Progress, Settings, process

_documents: DocumentCleaner | None = None


def _start_worker(load: ConfigLoader, safe: bool, stats: bool) -> None:
    global _documents
    from ..engine import Cleaner

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _documents = DocumentCleaner(Cleaner(load().rules), safe, stats)


def _clean(values: list[Any]) -> Cleaned:
    assert _documents is not None, "worker not started"
    return _documents.values(values)


class LocalEngine:
    """Runs jobs with `jobs` worker processes (none with 1: all in this process)."""

    def __init__(self, load: ConfigLoader, settings: Settings, jobs: int) -> None:
        self.load = load
        self.settings = settings
        self.jobs = jobs
        self.documents: DocumentCleaner | None = None
        # Started now, before a progress bar's thread runs, so they are forked safely;
        # workers that replace dead ones come from a forkserver.
        self.pool = self._pool("fork") if jobs > 1 else None

    def run(self, jobs: list[Job], progress: Progress | None = None) -> Iterator[FileOutcome]:
        """The outcome of each job, in order."""
        from concurrent.futures.process import BrokenProcessPool

        try:
            for job in jobs:
                try:
                    outcome = process(job, self.settings, self._mapper, progress)
                except BrokenProcessPool:  # the next file gets new workers
                    if self.pool is not None:
                        self.pool.shutdown(wait=False, cancel_futures=True)
                    self.pool = None
                    outcome = FileOutcome(job.source, job.target, FAILED, message=(
                        f"{job.source}: a worker process died (killed or out of memory); "
                        "not written"))
                yield outcome
        finally:
            if self.pool is not None:
                self.pool.shutdown(wait=True, cancel_futures=True)
                self.pool = None

    def _mapper(self, batches: Iterator[Batch]) -> Iterator[tuple[Batch, Cleaned]]:
        if self.jobs <= 1:
            if self.documents is None:
                from ..engine import Cleaner

                self.documents = DocumentCleaner(Cleaner(self.load().rules), self.settings.safe,
                                                 self.settings.stats)
            documents = self.documents
            return ((batch, documents.values(batch.values)) for batch in batches)
        if self.pool is None:
            self.pool = self._pool("forkserver")
        return _in_order(self.pool, batches, 2 * self.jobs)

    def _pool(self, method: str) -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context(method),
                                   initializer=_start_worker,
                                   initargs=(self.load, self.settings.safe, self.settings.stats))
        pool.submit(int)  # forked workers all start at the first task
        return pool


def _in_order(pool: ProcessPoolExecutor, batches: Iterator[Batch],
              window: int) -> Iterator[tuple[Batch, Cleaned]]:
    """Each batch with its cleaned column, in order, with up to `window` batches in flight."""
    pending: deque[tuple[Batch, Future[Cleaned]]] = deque()
    try:
        for batch in batches:
            pending.append((batch, pool.submit(_clean, batch.values)))
            if len(pending) >= window:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()
    finally:
        for _batch, future in pending:
            future.cancel()
