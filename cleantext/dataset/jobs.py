"""One input file to one output file: which files, what their outputs are called, and the
work of cleaning one (read in batches, clean, write atomically, record the manifest).

Engines differ only in the `Mapper` they hand to `process`: how batches get cleaned
(worker processes, or in the Ray task's own process).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from dataclasses import field as default
from typing import TYPE_CHECKING, Any

from .. import __version__
from .batch import Cleaned, DocumentCleaner
from .formats import (
    METADATA_KEY,
    PARQUET,
    SUFFIXES,
    Batch,
    Format,
    format_of,
    jsonl_schema,
    output_schema,
    parquet_schema,
    read_batches,
    write_jsonl,
    write_parquet,
)
from .storage import (
    DatasetError,
    atomic_output,
    exists,
    filesystem,
    identity,
    is_url,
    join,
    local,
    read_bytes,
    remove,
    write_atomic,
)

if TYPE_CHECKING:
    from ..engine import Rule

WRITTEN, SKIPPED, FAILED = "written", "skipped", "failed"
#: The sidecar manifest of a JSONL output: its name plus this.
MANIFEST_SUFFIX = ".cleantext.json"
#: The list of failed inputs, in OUT.
FAILED_LIST = "_cleantext_failed.jsonl"

Mapper = Callable[[Iterator[Batch]], Iterator[tuple[Batch, Cleaned]]]
Progress = Callable[[str, float], None]


class PlanError(Exception):
    """The inputs and OUT do not make a run (a usage error)."""


@dataclass(frozen=True)
class Settings:
    """What every file of a run is cleaned with; `rules` describes the rule set for manifests."""

    field: str = "text"
    out_format: str | None = None  # "jsonl", "parquet" or None (as the input)
    rows: int = 1000  # rows per batch
    safe: bool = True
    stats: bool = False
    resume: bool = False
    rules: dict[str, Any] = default(default_factory=dict)


def describe_rules(rules: Iterable[Rule], ruleset: str | None, source: str) -> dict[str, Any]:
    """What a manifest says of the rule set: names, the enabled ids, a digest of their params."""
    enabled = [rule for rule in rules if rule.enabled]
    spec = json.dumps([[r.id, r.kind, r.params] for r in enabled], sort_keys=True, default=str)
    return {"ruleset": ruleset or "default", "config": source or None,
            "rules": [rule.id for rule in enabled],
            "digest": hashlib.sha256(spec.encode("utf-8")).hexdigest()[:16]}


@dataclass(frozen=True)
class Job:
    """One input file (`source`, named `name` below its input folder) and its output."""

    source: str
    name: str
    target: str  # OUT/ the name, its ending changed for another format
    fmt: Format
    out: Format


@dataclass
class FileOutcome:
    """What happened to one input file."""

    source: str
    target: str
    status: str  # WRITTEN, SKIPPED or FAILED
    rows: int = 0
    errors: int = 0
    counts: dict[str, int] = default(default_factory=dict)
    message: str = ""


def plan(inputs: list[str], out: str, out_format: str | None) -> list[Job]:
    """The jobs for input files and folders; PlanError for a clash or an unknown file."""
    jobs: list[Job] = []
    taken: dict[str, str] = {}
    out_real = out if is_url(out) else os.path.realpath(local(out))
    for argument in inputs:
        for source, name in _files(argument, out_real):
            fmt = format_of(name)
            assert fmt is not None
            out_fmt, out_name = fmt, name
            if out_format and out_format != fmt.kind:
                out_fmt = Format(out_format)
                out_name = name[: -len(fmt.suffix)] + out_fmt.suffix
            if out_name in taken:
                raise PlanError(f"{source} and {taken[out_name]} would both be written to "
                                f"{join(out, out_name)}")
            taken[out_name] = source
            jobs.append(Job(source, name, join(out, out_name), fmt, out_fmt))
    return jobs


def _files(argument: str, out_real: str) -> Iterator[tuple[str, str]]:
    """(path, name under OUT) of each corpus file an argument gives."""
    if is_url(argument):
        fs, inner = filesystem(argument)
        if fs.isdir(inner):
            prefix = argument.rstrip("/")
            for found in sorted(fs.find(inner)):
                rel = found[len(inner.rstrip("/")) + 1:]
                if format_of(rel):
                    yield f"{prefix}/{rel}", rel
            return
        if not fs.exists(inner):
            raise PlanError(f"{argument}: no such file or folder")
        yield argument, _known(argument).rpartition("/")[2]
        return
    path = local(argument)
    if os.path.isdir(path):
        top = os.path.realpath(path)
        if top == out_real:
            raise PlanError(f"{argument}: OUT is this input folder; give another folder")
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                             and os.path.realpath(os.path.join(folder, d)) != out_real)
            for name in sorted(files):
                if format_of(name) and not name.startswith("."):
                    full = os.path.join(folder, name)
                    yield full, os.path.relpath(full, path).replace(os.sep, "/")
        return
    if not os.path.exists(path):
        raise PlanError(f"{argument}: no such file or folder")
    yield argument, os.path.basename(_known(path))


def _known(path: str) -> str:
    if not format_of(path):
        raise PlanError(f"{path}: not a corpus file (the names taken end in "
                        f"{', '.join(SUFFIXES)})")
    return path


def manifest_of(job: Job, settings: Settings) -> dict[str, Any]:
    """What an output records: cleantext's version, its input, the rule set and options."""
    options = {k: v for k, v in asdict(settings).items() if k not in ("rules", "resume", "rows")}
    return {"cleantext": __version__, "input": job.name, "source": identity(job.source),
            **settings.rules, "options": options}


def recorded(job: Job) -> dict[str, Any] | None:
    """The manifest an existing output records, or None (missing, unreadable)."""
    try:
        if job.out.kind == PARQUET:
            if not exists(job.target):
                return None
            meta = parquet_schema(job.target).metadata or {}
            data = meta.get(METADATA_KEY)
        else:
            data = read_bytes(job.target + MANIFEST_SUFFIX)
            if data is not None and not exists(job.target):
                return None
        return json.loads(data) if data else None
    except (DatasetError, ValueError):
        return None


def _settled(manifest: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in manifest.items() if k not in ("rows", "errors")}


def in_process(documents: DocumentCleaner) -> Mapper:
    """A Mapper cleaning each batch in this process."""
    def mapper(batches: Iterator[Batch]) -> Iterator[tuple[Batch, Cleaned]]:
        return ((batch, documents.values(batch.values)) for batch in batches)

    return mapper


def process(job: Job, settings: Settings, mapper: Mapper,
            progress: Progress | None = None) -> FileOutcome:
    """Clean one file into its output; a problem with the file is its FAILED outcome."""
    outcome = FileOutcome(job.source, job.target, WRITTEN)
    try:
        manifest = manifest_of(job, settings)
        if settings.resume:
            done = recorded(job)
            if done is not None and _settled(done) == manifest:
                outcome.status = SKIPPED
                return outcome
        results = _tallied(mapper(read_batches(job.source, job.fmt, settings.field,
                                               settings.rows)), outcome, job, progress)
        if job.out.kind == PARQUET:
            schema = parquet_schema(job.source) if job.fmt.kind == PARQUET else \
                jsonl_schema(job.source, job.fmt, settings.field)
            with atomic_output(job.target) as stream:
                write_parquet(stream, output_schema(schema, settings.stats, manifest), results,
                              settings.field, job.source)
        else:
            sidecar = job.target + MANIFEST_SUFFIX
            remove(sidecar)
            with atomic_output(job.target) as stream:
                write_jsonl(stream, job.out.compression, results, settings.field)
            summary = {**manifest, "rows": outcome.rows, "errors": outcome.errors}
            write_atomic(sidecar, (json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
                         .encode("utf-8"))
    except DatasetError as error:
        return FileOutcome(job.source, job.target, FAILED, message=str(error))
    except Exception as error:  # a bug with one file must not stop the others
        if isinstance(error, BrokenProcessPool):  # the engine's to handle
            raise
        return FileOutcome(job.source, job.target, FAILED,
                           message=f"{job.source}: internal error: {type(error).__name__}: "
                                   f"{error}")
    return outcome


def _tallied(results: Iterator[tuple[Batch, Cleaned]], outcome: FileOutcome, job: Job,
             progress: Progress | None) -> Iterator[tuple[Batch, Cleaned]]:
    """The results, counting rows, error rows and changes per rule into `outcome`."""
    for batch, cleaned in results:
        yield batch, cleaned  # counted once written: the writer may add errors (a missing field)
        outcome.rows += len(cleaned.texts)
        outcome.errors += sum(error is not None for error in cleaned.errors)
        for rule, count in cleaned.counts().items():
            outcome.counts[rule] = outcome.counts.get(rule, 0) + count
        if progress:
            progress(job.source, batch.done)


def record_failures(out: str, outcomes: list[FileOutcome]) -> str | None:
    """Write OUT/_cleantext_failed.jsonl listing the failed inputs (remove it when none failed);
    its path, or None."""
    path = join(out, FAILED_LIST)
    failed = [o for o in outcomes if o.status == FAILED]
    if not failed:
        remove(path)
        return None
    lines = [json.dumps({"input": o.source, "output": o.target, "error": o.message},
                        ensure_ascii=False) + "\n" for o in failed]
    write_atomic(path, "".join(lines).encode("utf-8"))
    return path

