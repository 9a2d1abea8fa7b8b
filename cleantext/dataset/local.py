"""The local engine: worker processes clean whole files, or the batches of a few large ones.

With at least two files per worker, each worker reads, cleans and writes whole
files, as Ray tasks do: nothing but a file's name and outcome goes between
processes. With fewer files, they are done one after the other: the parent
reads and writes (in order) and only the text column of each batch travels to
the workers and back, a few batches per worker in flight, so one large file
keeps every worker busy. Either way memory is bounded by the batch size,
whatever the file's. Workers are set up as `cleantext.runner` sets up its own:
configuration loaded once, Ctrl-C left to the parent.
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
from .jobs import FAILED, FileOutcome, Job, Progress, Settings, in_process, process

_worker: tuple[DocumentCleaner, Settings] | None = None


def _start_worker(load: ConfigLoader, settings: Settings) -> None:
    global _worker
    from ..engine import Cleaner

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker = (DocumentCleaner(Cleaner(load().rules), settings.safe, settings.stats), settings)


def _clean(values: list[Any]) -> Cleaned:
    assert _worker is not None, "worker not started"
    return _worker[0].values(values)


def _clean_file(job: Job) -> FileOutcome:
    assert _worker is not None, "worker not started"
    documents, settings = _worker
    return process(job, settings, in_process(documents))


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
        """The outcome of each job: in order, or as they finish when workers take whole files."""
        from concurrent.futures.process import BrokenProcessPool

        try:
            if self.pool is not None and len(jobs) >= 2 * self.jobs:
                yield from self._by_file(self.pool, jobs)
                return
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

    def _by_file(self, pool: ProcessPoolExecutor, jobs: list[Job]) -> Iterator[FileOutcome]:
        """Each job in a worker of its own, outcomes as they finish."""
        from concurrent.futures import as_completed
        from concurrent.futures.process import BrokenProcessPool

        futures = {pool.submit(_clean_file, job): job for job in jobs}
        for future in as_completed(futures):
            job = futures[future]
            try:
                outcome = future.result()
            except BrokenProcessPool:
                outcome = FileOutcome(job.source, job.target, FAILED, message=(
                    f"{job.source}: a worker process died (killed or out of memory); "
                    "not written"))
            yield outcome

    def _mapper(self, batches: Iterator[Batch]) -> Iterator[tuple[Batch, Cleaned]]:
        if self.jobs <= 1:
            if self.documents is None:
                from ..engine import Cleaner

                self.documents = DocumentCleaner(Cleaner(self.load().rules), self.settings.safe,
                                                 self.settings.stats)
            return in_process(self.documents)(batches)
        if self.pool is None:
            self.pool = self._pool("forkserver")
        return _in_order(self.pool, batches, 2 * self.jobs)

    def _pool(self, method: str) -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context(method),
                                   initializer=_start_worker,
                                   initargs=(self.load, self.settings))
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
