"""`cleantext dataset IN... OUT --field text`: clean one text column of JSONL or Parquet files.

Each input file gives one output file of the same name below OUT; every row comes
out. Exit status: 0 all files written (or complete already, with --resume), 2 usage
or configuration error, 3 some file failed (listed in OUT/_cleantext_failed.jsonl).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any, Self

from ..cli import _cpus, _positive
from ..options import EXIT_IO, EXIT_OK, UsageError, add_rule_options, loader
from .jobs import FAILED, SKIPPED, FileOutcome, Job, PlanError, Settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleantext dataset",
        usage="cleantext dataset IN... OUT [--field NAME] [options]",
        description="Clean one text column of JSONL (.jsonl, .jsonl.gz, .jsonl.zst) and Parquet "
                    "files or folders of them into OUT: one output file per input, same name, "
                    "every row kept; other columns are left as they are.",
        epilog="Exit status: 0 every file written (or complete already), 2 usage or "
               "configuration error, 3 some file failed (listed in "
               "OUT/_cleantext_failed.jsonl).",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="input files or folders, then the output folder")
    parser.add_argument("--field", default="text", metavar="NAME",
                        help="the column (JSON field) to clean (default: text)")
    parser.add_argument("--out-format", choices=["jsonl", "parquet"],
                        help="write this format instead of the input's")
    parser.add_argument("--stats", action="store_true",
                        help="add a cleantext_stats column: changes per rule for each row")
    parser.add_argument("--resume", action="store_true",
                        help="skip inputs whose output is complete (same input, rules, options)")
    parser.add_argument("--engine", choices=["local", "ray"], default="local",
                        help="local: worker processes on this machine (default); "
                             "ray: one Ray task per file (pip install 'cleantext[ray]')")
    parser.add_argument("--address", metavar="auto|ray://HOST:PORT",
                        help="the Ray cluster to use (default: start a local Ray)")
    parser.add_argument("--batch-size", type=_positive, default=1000, metavar="ROWS",
                        help="rows cleaned at a time; bounds memory (default: 1000)")
    parser.add_argument("-j", "--jobs", type=_positive, default=None, metavar="N",
                        help="local engine: worker processes (default: the number of CPUs)")
    parser.add_argument("--safe", action=argparse.BooleanOptionalAction, default=True,
                        help="check each document's content and idempotence; one that fails "
                             "keeps its text, with the reason in cleantext_error (default: on)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    add_rule_options(parser)
    return parser


def dataset_command(argv: list[str]) -> int:
    """Parse the arguments and run; the exit status."""
    args = build_parser().parse_intermixed_args(argv)
    if len(args.paths) < 2:
        raise UsageError("dataset needs at least one input and the output folder: IN... OUT")
    if args.address and args.engine != "ray":
        raise UsageError("--address is for --engine ray")
    *inputs, out = args.paths
    from .jobs import describe_rules, plan

    config = loader(args)()
    settings = Settings(args.field, args.out_format, args.batch_size, args.safe, args.stats,
                        args.resume, describe_rules(config.rules, args.ruleset, config.source))
    try:
        jobs = plan(inputs, out, args.out_format)
    except PlanError as error:
        raise UsageError(str(error)) from None
    if not jobs:
        raise UsageError("no corpus files in the inputs (.jsonl, .jsonl.gz, .jsonl.zst, "
                         ".parquet)")
    _remove_stale_temps(jobs)
    engine = _engine(args, settings)
    reporter = _Reporter(jobs, args.quiet)
    outcomes: list[FileOutcome] = []
    with reporter.progress() as advance:
        for outcome in engine.run(jobs, advance):
            outcomes.append(outcome)
            reporter.add(outcome)
            if advance:
                advance(outcome.source, 1.0)
    from .jobs import record_failures
    from .storage import DatasetError

    try:
        listed = record_failures(out, outcomes)
    except DatasetError as error:
        print(f"cleantext: error: {error}", file=sys.stderr)
        return EXIT_IO
    reporter.summary(listed)
    return EXIT_IO if listed else EXIT_OK


def _engine(args: argparse.Namespace, settings: Settings) -> Any:
    if args.engine == "ray":
        from .ray import RayEngine

        try:
            return RayEngine(loader(args), settings, args.address)
        except ImportError as error:
            raise UsageError(str(error)) from None
    from .local import LocalEngine

    return LocalEngine(loader(args), settings, args.jobs or _cpus())


def _remove_stale_temps(jobs: list[Job]) -> None:
    """Temporary files a killed run left next to the outputs."""
    from ..fileio import remove_stale_temps
    from .storage import is_url

    for folder in sorted({os.path.dirname(job.target) for job in jobs if not is_url(job.target)}):
        remove_stale_temps(Path(folder))


class _Reporter:
    """Error lines as files fail, a progress bar on a terminal, and the summary on stderr."""

    def __init__(self, jobs: list[Job], quiet: bool) -> None:
        self.quiet = quiet
        self.statuses: Counter[str] = Counter()
        self.rows = self.errors = 0
        self.rules: Counter[str] = Counter()
        self.sizes = {job.source: _size(job.source) for job in jobs}

    def progress(self) -> AbstractContextManager[Any]:
        """A context giving a `(source, fraction done)` callback for the progress bar."""
        if self.quiet or not sys.stderr.isatty():
            return nullcontext(None)
        return _Bar(self.sizes)

    def add(self, outcome: FileOutcome) -> None:
        self.statuses[outcome.status] += 1
        self.rows += outcome.rows
        self.errors += outcome.errors
        self.rules.update(outcome.counts)
        if outcome.status == FAILED:
            print(f"cleantext: error: {outcome.message}", file=sys.stderr)

    def summary(self, listed: str | None) -> None:
        if self.quiet:
            return
        written = self.statuses["written"]
        line = f"{written} file{'' if written == 1 else 's'} written"
        if self.statuses[SKIPPED]:
            line += f", {self.statuses[SKIPPED]} complete already (skipped)"
        line += f", {self.statuses[FAILED]} failed; {self.rows} rows, " \
                f"{self.errors} with cleantext_error"
        print(line, file=sys.stderr)
        if self.rules:
            ranked = sorted(self.rules.items(), key=lambda item: (-item[1], item[0]))
            counts = ", ".join(f"{rule} {n}" for rule, n in ranked)
            print(f"changes per rule: {counts}", file=sys.stderr)
        if listed:
            print(f"failed files are listed in {listed}", file=sys.stderr)


def _size(source: str) -> int:
    from .storage import DatasetError, identity

    try:
        return int(identity(source)["size"] or 0)
    except DatasetError:
        return 0


class _Bar:
    """A transient rich progress bar over the bytes of all inputs."""

    def __init__(self, sizes: dict[str, int]) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self.sizes = sizes
        self.done: dict[str, float] = {}
        self.bar = Progress(TextColumn("cleaning"), BarColumn(), DownloadColumn(),
                            TimeRemainingColumn(), console=Console(stderr=True), transient=True)
        self.task = self.bar.add_task("cleaning", total=sum(sizes.values()) or 1)

    def __enter__(self) -> Self:
        self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.stop()

    def __call__(self, source: str, fraction: float) -> None:
        self.done[source] = fraction * self.sizes.get(source, 0)
        self.bar.update(self.task, completed=sum(self.done.values()))

