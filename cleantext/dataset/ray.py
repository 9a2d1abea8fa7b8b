"""The Ray engine: one Ray task per input file, retried when its worker dies.

Each task reads its input, cleans it in its own process and writes its output
(atomically) to OUT itself, so OUT must be reachable from every node: shared
storage, or object storage through an fsspec URL (`s3://bucket/out`). A task
whose worker dies is run again (`MAX_RETRIES`); a file it cannot read or
write is its FAILED outcome, as with the local engine. Needs the optional
extra: `pip install 'cleantext[ray]'`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .batch import ConfigLoader, DocumentCleaner
from .jobs import FAILED, FileOutcome, Job, Progress, Settings, in_process, process

#: How many times a task is run again after its worker died.
MAX_RETRIES = 3
INSTALL = "the ray engine needs Ray: pip install 'cleantext[ray]'"


def clean_file(job: Job, settings: Settings, load: ConfigLoader) -> FileOutcome:
    """Clean one file in this process (the body of a Ray task)."""
    from ..engine import Cleaner

    documents = DocumentCleaner(Cleaner(load().rules), settings.safe, settings.stats)
    return process(job, settings, in_process(documents))


class RayEngine:
    """Runs jobs as Ray tasks on the cluster at `address` (None: a local Ray started here)."""

    def __init__(self, load: ConfigLoader, settings: Settings, address: str | None) -> None:
        try:
            import ray  # noqa: F401
        except ImportError:
            raise ImportError(INSTALL) from None
        self.load = load
        self.settings = settings
        self.address = address

    def run(self, jobs: list[Job], progress: Progress | None = None) -> Iterator[FileOutcome]:
        """The outcome of each job, as the tasks finish."""
        import ray

        started = not ray.is_initialized()
        if started:
            ray.init(address=self.address, include_dashboard=False, log_to_driver=False,
                     configure_logging=False)
        try:
            task = ray.remote(max_retries=MAX_RETRIES)(clean_file)
            refs = {task.remote(job, self.settings, self.load): job for job in jobs}
            pending = list(refs)
            while pending:
                done, pending = ray.wait(pending, num_returns=1)
                outcome = _outcome(refs[done[0]], done[0])
                if progress:
                    progress(outcome.source, 1.0)
                yield outcome
        finally:
            if started:
                ray.shutdown()


def _outcome(job: Job, ref: Any) -> FileOutcome:
    """The task's outcome; a task that failed for good (its worker died every time) is FAILED."""
    import ray

    try:
        return ray.get(ref)  # type: ignore[no-any-return]
    except ray.exceptions.RayError as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else ""
        return FileOutcome(job.source, job.target, FAILED,
                           message=f"{job.source}: the Ray task failed "
                                   f"({type(error).__name__}: {reason})")
