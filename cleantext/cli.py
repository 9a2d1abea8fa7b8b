"""The `cleantext` command: pipe filter, files and folders, explain, and rule listing.

    cleantext < in.txt > out.txt        clean stdin to stdout (streams)
    cleantext --format markdown < in.md clean the prose of a Markdown document
    cleantext PATH...                   fix files in place (folders: *.txt *.md, recursively)
    cleantext --check PATH...           list the files that would change
    cleantext --diff PATH...            show what would change, character by character
    cleantext --explain < in.txt        say which rule changed what
    cleantext rules [show ID]           list the active rules, or show one

Exit status: 0 clean or fixed, 1 would change (--check/--diff), 2 usage or
configuration error, 3 a file could not be read or written.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .formats import FORMATS as INPUT_FORMATS
from .options import (
    EXIT_CHANGED,
    EXIT_INTERRUPTED,
    EXIT_IO,
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    add_file_options,
    add_rule_options,
    encoding,
    load,
    loader,
)

if TYPE_CHECKING:
    from .config import Config
    from .engine import Result

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleantext",
        description="Repair and normalise text extracted from PDFs and scans, Chinese first.",
        epilog="Subcommands: 'cleantext rules [show ID]' lists rules; "
               "'cleantext review PATH...' reviews changes in a TUI.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="files or folders to fix in place; none or '-' filters stdin to stdout")
    parser.add_argument("--version", action="version", version=f"cleantext {__version__}")
    parser.add_argument("--explain", action="store_true",
                        help="report which rule changed what instead of printing the text")
    add_rule_options(parser)
    parser.add_argument("--format", choices=INPUT_FORMATS,
                        help="what stdin is: plain text (all of it prose) or markdown (only "
                             "its prose is cleaned); files go by name: *.md, *.markdown are "
                             "markdown (default: text)")
    files = parser.add_argument_group("files and folders")
    mode = files.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true",
                      help="write nothing; list the files that would change (exit 1 if any)")
    mode.add_argument("--diff", action="store_true",
                      help="write nothing; print a diff of what would change (exit 1 if any)")
    files.add_argument("--include", action="append", default=[], metavar="GLOB",
                       help="files to take from folders, instead of the configured ones "
                            "(default *.txt, *.md, *.markdown; repeatable)")
    files.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                       help="files or folders to leave out, besides the configured ones "
                            "(repeatable)")
    files.add_argument("--force-exclude", action="store_true",
                       help="leave out files named on the command line that the default "
                            "excludes match (requirements.txt, LICENSE …), as pre-commit needs")
    add_file_options(files)
    files.add_argument("-j", "--jobs", type=_positive, default=None, metavar="N",
                       help="files cleaned at once, in separate processes "
                            "(default: the number of CPUs)")
    talk = files.add_mutually_exclusive_group()
    talk.add_argument("-q", "--quiet", action="store_true", help="print only errors (and the diff)")
    talk.add_argument("-v", "--verbose", action="store_true",
                      help="also list unchanged files and each file's changes per rule")
    return parser


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return int(value)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        if argv[:1] == ["rules"]:
            return rules_command(argv[1:])
        if argv[:1] == ["dataset"]:
            from .dataset.command import dataset_command  # pyarrow is imported only here

            return dataset_command(argv[1:])
        if argv[:1] == ["review"]:
            from .review import review_command  # Textual is imported only for `review`

            return review_command(argv[1:])
        args = build_parser().parse_args(argv)
        config = load(args)
        paths = [p for p in args.paths if p != "-"]
        if not paths:
            if args.check or args.diff:
                raise UsageError("--check and --diff work on files: give PATH arguments")
            format = args.format or "text"
            return explain(config, format) if args.explain else filter_stdin(config, format)
        if args.explain:
            raise UsageError("--explain reads stdin; for files use --diff or --verbose")
        return run_paths(args, config, paths)
    except UsageError as error:
        print(f"cleantext: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("cleantext: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:
        from .config import ConfigError  # imported only here: it loads the whole engine

        if not isinstance(error, ConfigError):
            raise
        print(f"cleantext: error: {error}", file=sys.stderr)
        return EXIT_USAGE


def run_paths(args: argparse.Namespace, config: Config, paths: list[str]) -> int:
    """Fix, check or diff files and folders; the exit status says what happened."""
    from .engine import Cleaner
    from .fileio import remove_stale_temps
    from .files import collect
    from .report import Reporter
    from .runner import CHANGED, CHECK, DIFF, FAILED, FIX, Options, WorkerDied, run

    mode = CHECK if args.check else DIFF if args.diff else FIX
    reporter = Reporter(mode, -1 if args.quiet else 1 if args.verbose else 0)
    files = collect(paths, args.include or config.include, config.exclude + args.exclude,
                    hidden=args.hidden, gitignore=not args.no_ignore,
                    default_exclude=config.default_exclude, force_exclude=args.force_exclude)
    if not files and not args.quiet:
        print("cleantext: no files to clean (folders are searched for "
              f"{', '.join(args.include or config.include)})", file=sys.stderr)
    if mode == FIX:
        for folder in sorted({os.path.dirname(os.path.realpath(file)) for file in files}):
            for stale in remove_stale_temps(Path(folder)):
                reporter.note(f"removed {stale}, left by an interrupted run")
    options = Options(mode, encoding(args), args.to_utf8, args.safe)
    outcomes = run(files, loader(args), Cleaner(config.rules), options, args.jobs or _cpus())
    try:
        with reporter.progress(len(files)) as bar:
            for outcome in outcomes:
                reporter.add(outcome)
                bar.advance()
    except WorkerDied as error:
        print(f"cleantext: error: {error}", file=sys.stderr)
        return EXIT_IO
    reporter.summary()
    if reporter.statuses[FAILED]:
        return EXIT_IO
    if mode != FIX and reporter.statuses[CHANGED]:
        return EXIT_CHANGED
    return EXIT_OK


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def filter_stdin(config: Config, format: str = "text") -> int:
    """Stream stdin through the rules to stdout, slice by slice (Markdown: read whole)."""
    from .engine import Cleaner
    from .fileio import FileError
    from .formats import adapt
    from .kinds import RuleTimeout

    cleaner = adapt(Cleaner(config.rules), format)
    try:
        for piece in cleaner.stream(_text_stream(sys.stdin)):
            sys.stdout.write(piece)
    except (FileError, RuleTimeout) as error:
        return _stdin_failed(error)
    sys.stdout.flush()
    return EXIT_OK


def _text_stream(stream):  # type: ignore[no-untyped-def]
    """stdin as UTF-8 text with "\\n" line ends, whatever the locale says."""
    from .fileio import StreamText

    buffer = getattr(stream, "buffer", None)
    return stream if buffer is None else StreamText(buffer, "<stdin>")


def _stdin_failed(error: Exception) -> int:
    """Say on one line why stdin could not be cleaned (a `FileError` names it already)."""
    from .fileio import FileError

    where = "" if isinstance(error, FileError) else "<stdin>: "
    print(f"cleantext: error: {where}{error}", file=sys.stderr)
    return EXIT_IO


def explain(config: Config, format: str = "text") -> int:
    """Clean stdin and print, per rule, how many changes it made and where."""
    from .engine import Cleaner
    from .fileio import FileError
    from .formats import adapt
    from .kinds import RuleTimeout

    try:
        text = _text_stream(sys.stdin).read()
        result = adapt(Cleaner(config.rules), format).run(text)
    except (FileError, RuleTimeout) as error:
        return _stdin_failed(error)
    print(render_explain(result, text, {rule.id: rule.description for rule in config.rules}))
    return EXIT_OK


def render_explain(result: Result, text: str, descriptions: dict[str, str], per_rule: int = 3) -> str:
    """A plain report: one line per rule with its count, then a few of its changes."""
    from bisect import bisect_right

    newlines = [i for i, char in enumerate(text) if char == "\n"]
    lines = [f"{len(result.changes)} changes"]
    shown: dict[str, int] = {}
    for rule_id, count in result.counts().most_common():
        lines.append(f"{rule_id:<22} {count:>6}  {descriptions.get(rule_id, '')}")
        for change in result.changes:
            if change.rule != rule_id or shown.get(rule_id, 0) >= per_rule:
                continue
            shown[rule_id] = shown.get(rule_id, 0) + 1
            line = bisect_right(newlines, change.start - 1) + 1
            column = change.start - (newlines[line - 2] + 1 if line > 1 else 0) + 1
            lines.append(f"    {line}:{column}  {change.before!r} → {change.after!r}")
    return "\n".join(lines)


def rules_command(argv: list[str]) -> int:
    """`cleantext rules` and `cleantext rules show ID`."""
    parser = argparse.ArgumentParser(prog="cleantext rules", description="List the rules.")
    parser.add_argument("action", nargs="?", choices=["show"], help="show one rule")
    parser.add_argument("rule_id", nargs="?", metavar="ID")
    parser.add_argument("--all", action="store_true", help="list rules that are off as well")
    add_rule_options(parser)
    args = parser.parse_args(argv)
    config = load(args)
    if args.action == "show":
        if not args.rule_id:
            raise UsageError("'rules show' needs a rule id")
        rule = next((r for r in config.rules if r.id == args.rule_id), None)
        if rule is None:
            raise UsageError(f"no rule with id {args.rule_id!r}; see 'cleantext rules --all'")
        print(f"{rule.id}  ({rule.kind}, {'on' if rule.enabled else 'off'})  {rule.source}")
        print(f"  {rule.description}")
        if rule.params:
            print("  params: " + ", ".join(f"{k}={v!r}" for k, v in rule.params.items()))
        for example in rule.examples:
            if example.before == example.after:
                print(f"  unchanged: {example.before!r}")
            else:
                print(f"  before:    {example.before!r}\n  after:     {example.after!r}")
        return EXIT_OK
    width = max(len(rule.id) for rule in config.rules)
    for rule in config.rules:
        if rule.enabled or args.all:
            state = "on " if rule.enabled else "off"
            print(f"{rule.id:<{width}}  {rule.kind:<12} {state}  {rule.description}")
    return EXIT_OK
