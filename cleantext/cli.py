"""The `cleantext` command: parse the arguments and hand the work to the module that does it.

    cleantext < in.txt > out.txt        clean stdin to stdout (streams)
    cleantext --format markdown < in.md clean the prose of a Markdown document
    cleantext PATH...                   fix files in place (folders: *.txt *.md, recursively)
    cleantext --check PATH...           list the files that would change
    cleantext --diff PATH...            show what would change, character by character
    cleantext --explain < in.txt        say which rule changed what
    cleantext rules [show ID]           list the active rules, or show one
    cleantext review PATH...            review the changes in a terminal app

What is printed, and the exit status, are `cleantext.report`'s: 0 clean or
fixed, 1 would change (--check/--diff), 2 usage or configuration error, 3 a
file could not be read or written, 130 interrupted.
"""

from __future__ import annotations

import argparse
import codecs
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__, native
from .formats import FORMATS as INPUT_FORMATS
from .options import (
    EXIT_INTERRUPTED,
    EXIT_IO,
    EXIT_OK,
    EXIT_USAGE,
    Parser,
    UsageError,
    add_file_options,
    add_rule_options,
    collect_files,
    encoding,
    load,
    settings,
)

if TYPE_CHECKING:
    from .config import Config

OUTPUT_FORMATS = ("text", "json", "github")  # what --output-format may name (report.py prints)


def build_parser() -> Parser:
    parser = Parser(
        prog="cleantext",
        description="Repair and normalise text extracted from PDFs and scans, Chinese first.",
        epilog="Subcommands: 'cleantext rules [show ID]' lists rules; "
               "'cleantext review PATH...' reviews changes in a TUI.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="files or folders to fix in place; none or '-' filters stdin to "
                             "stdout")
    parser.add_argument("--version", action="version",
                        version=f"cleantext {__version__} ({native.core_name()} core)")
    parser.add_argument("--explain", action="store_true",
                        help="report which rule changed what instead of printing the text")
    parser.add_argument("--stdin-filename", metavar="PATH",
                        help="the path stdin stands for: its configuration and excludes apply "
                             "(an excluded path passes through unchanged), and its name the "
                             "format unless --format says")
    add_rule_options(parser)
    parser.add_argument("--format", choices=INPUT_FORMATS,
                        help="what stdin is: plain text (all of it prose) or markdown (only "
                             "its prose is cleaned); files go by name: *.md, *.markdown are "
                             "markdown (default: text)")
    files = parser.add_argument_group("files and folders")
    files.add_argument("--check", action="store_true",
                       help="write nothing; list the files that would change (exit 1 if any)")
    files.add_argument("--diff", action="store_true",
                       help="write nothing; print a diff of what would change (exit 1 if any); "
                            "with --check as well, the same")
    files.add_argument("--output-format", choices=OUTPUT_FORMATS, default="text",
                       help="with --check or --diff: text (default), json (every change with "
                            "file, line, column, rule, before, after) or github (annotations)")
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
    """Run the command with these arguments; the exit status.

    The first Ctrl-C stops the run (exit status 130); any more are ignored while it stops,
    which takes a second or so.
    """
    from .__main__ import _interrupted

    argv = sys.argv[1:] if argv is None else argv
    on_main = _on_main_thread()
    if argv[:1] == ["review"]:  # a terminal app: Ctrl-C is a key there
        if on_main:
            signal.signal(signal.SIGINT, signal.default_int_handler)
        return _guarded(lambda: _review(argv[1:]))
    previous = signal.signal(signal.SIGINT, _interrupted) if on_main else None
    try:
        return _guarded(lambda: _dispatch(argv))
    finally:  # after Ctrl-C, further ones stay ignored until the process ends
        if previous is not None and signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
            signal.signal(signal.SIGINT, previous)


def _on_main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _review(argv: list[str]) -> int:
    from .review import review_command  # Textual is imported only for `review`

    return review_command(argv)


def _dispatch(argv: list[str]) -> int:
    if argv[:1] == ["rules"]:
        return rules_command(argv[1:])
    if argv[:1] == ["dataset"]:
        from .dataset.command import dataset_command  # pyarrow is imported only here

        return dataset_command(argv[1:])
    args = build_parser().parse_args(argv)
    paths = args.paths
    if "-" in paths and len(paths) > 1:
        raise UsageError("'-' (stdin) cannot be given with other paths: clean files, or stdin")
    if args.output_format != "text" and not (args.check or args.diff):
        raise UsageError("--output-format works with --check or --diff")
    if paths == ["-"] or not paths:
        if args.check or args.diff:
            raise UsageError("--check and --diff work on files: give PATH arguments")
        return stdin_command(args)
    if args.explain:
        raise UsageError("--explain reads stdin; for files use --diff or --verbose")
    if args.stdin_filename:
        raise UsageError("--stdin-filename is for stdin; give no PATH arguments")
    return run_paths(args, paths)


def _guarded(command: Any) -> int:
    """Run a command; a usage or configuration error, Ctrl-C or a closed pipe ends it with
    one line and its exit status, never a traceback."""
    try:
        return int(command())
    except UsageError as error:
        print(f"cleantext: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        if _on_main_thread():
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        print("cleantext: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except Exception as error:
        from .config import ConfigError  # imported only here: it loads the whole engine

        if not isinstance(error, ConfigError):
            raise
        print(f"cleantext: error: {error}", file=sys.stderr)
        return EXIT_USAGE


def _silence_stdout() -> None:
    """After the reader of stdout went away: no more writes, not even Python's final flush."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (captured in tests)
        pass


def run_paths(args: argparse.Namespace, paths: list[str]) -> int:
    """Fix, check or diff files and folders; the exit status says what happened."""
    from .fileio import real_folders, remove_stale_temps
    from .report import Reporter
    from .runner import CHECK, DIFF, FIX, Options, WorkerDied, run

    mode = DIFF if args.diff else CHECK if args.check else FIX
    reporter = Reporter(mode, -1 if args.quiet else 1 if args.verbose else 0, args.output_format)
    chosen = settings(args)
    files, excluded = collect_files(args, chosen, paths)
    for note in excluded:
        reporter.skipped(note)
    if not files and not excluded and not args.quiet:
        include = args.include or chosen.for_folder(Path.cwd()).include
        print(f"cleantext: no files to clean (folders are searched for {', '.join(include)})",
              file=sys.stderr)
    jobs = [(file, chosen.find(file.parent)) for file in files]
    if mode == FIX:
        for folder in sorted(real_folders(files)):
            for stale in remove_stale_temps(Path(folder)):
                reporter.note(f"removed {stale}, left by an interrupted run")
    options = Options(mode, encoding(args), args.to_utf8, args.safe,
                      positions=args.output_format != "text")
    outcomes = run(jobs, chosen, options, args.jobs or _cpus())
    try:
        with reporter.progress(len(files)) as bar:
            for outcome in outcomes:
                reporter.add(outcome)
                bar.advance()
        reporter.summary()
    except WorkerDied as error:
        print(f"cleantext: error: {error}", file=sys.stderr)
        reporter.broken = True
    except BrokenPipeError:  # `cleantext --diff . | head`: what was found still decides
        _silence_stdout()
        outcomes.close()
    except KeyboardInterrupt:
        outcomes.close()  # the workers are stopped; files are each wholly old or new
        reporter.interrupted = True
        print("cleantext: interrupted", file=sys.stderr)
    return reporter.return_code


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def stdin_command(args: argparse.Namespace) -> int:
    """Clean stdin to stdout (or `--explain` it), with the configuration of the folder it
    stands for; an excluded `--stdin-filename` passes through unchanged, and its name says
    the format unless `--format` does."""
    from .formats import format_of

    chosen = settings(args)
    name = args.stdin_filename
    folder = Path(name).parent if name else Path.cwd()
    config = chosen.for_folder(folder)
    codec = encoding(args) or "utf-8"
    if name and collect_files(args, chosen, [name])[1]:  # excluded or ignored
        return _pass_through()
    format = args.format or (format_of(name) if name else "text")
    if args.explain:
        return explain(config, codec, format)
    return filter_stdin(config, codec, format)


def _pass_through() -> int:
    out = sys.stdout.buffer
    while data := sys.stdin.buffer.read(1 << 16):
        out.write(data)
    out.flush()
    return EXIT_OK


def filter_stdin(config: Config, codec: str = "utf-8", format: str = "text") -> int:
    """Stream stdin through the rules to stdout, slice by slice (Markdown: read whole),
    in `codec`."""
    from .engine import Cleaner
    from .fileio import FileError
    from .formats import adapt
    from .kinds import RuleTimeout

    cleaner = adapt(Cleaner(config.rules), format)
    source = _text_stream(sys.stdin, codec)
    _keep_heap_slack()
    out = getattr(sys.stdout, "buffer", None)
    try:
        if out is None:  # no bytes under stdout's text layer (captured in tests)
            for piece in cleaner.stream(source):
                sys.stdout.write(piece)
        elif codecs.lookup(codec).name == "utf-8":  # UTF-8 straight from the native core
            for data in cleaner.stream_utf8(source):
                out.write(data)
        else:
            for piece in cleaner.stream(source):
                out.write(piece.encode(codec))
    except (FileError, RuleTimeout, UnicodeEncodeError) as error:
        return _stdin_failed(error)
    sys.stdout.flush()
    return EXIT_OK


#: glibc's `mallopt` parameter for the slack kept at the top of the heap, and how much.
_M_TOP_PAD, _TOP_PAD = -2, 32 << 20


def _keep_heap_slack() -> None:
    """Have glibc's malloc keep 32 MB free at the top of its heap instead of 128 KB.

    Each slice's strings, and the core's buffers for it, are freed and made again for the
    next: by default the heap is given back to the system after every slice and taken
    again, page by zeroed page, which cost the filter 8% of its time (0.7 of 7.7 CPU
    seconds on 200 MB; 0.1 with the slack), for 1-2 MB more peak RSS. Elsewhere (another C
    library, another system) nothing changes.
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc
        return
    mallopt(_M_TOP_PAD, _TOP_PAD)


def _text_stream(stream: Any, codec: str = "utf-8") -> Any:
    """stdin as text in `codec` with "\\n" line ends, whatever the locale says."""
    from .fileio import StreamText

    buffer = getattr(stream, "buffer", None)
    return stream if buffer is None else StreamText(buffer, "<stdin>", codec)


def _stdin_failed(error: Exception) -> int:
    """Say on one line why stdin could not be cleaned (a `FileError` names it already)."""
    from .fileio import FileError

    where = "" if isinstance(error, FileError) else "<stdin>: "
    print(f"cleantext: error: {where}{error}", file=sys.stderr)
    return EXIT_IO


def explain(config: Config, codec: str = "utf-8", format: str = "text") -> int:
    """Clean stdin and print, per rule, how many changes it made and where."""
    from .engine import Cleaner
    from .fileio import FileError
    from .formats import adapt
    from .kinds import RuleTimeout
    from .report import render_explain

    try:
        text = _text_stream(sys.stdin, codec).read()
        result = adapt(Cleaner(config.rules), format).run(text)
    except (FileError, RuleTimeout) as error:
        return _stdin_failed(error)
    print(render_explain(result, text, {rule.id: rule.description for rule in config.rules}))
    return EXIT_OK


def rules_command(argv: list[str]) -> int:
    """`cleantext rules` and `cleantext rules show ID`."""
    from .report import list_rules, show_rule

    parser = Parser(prog="cleantext rules", description="List the rules, or show one.")
    parser.add_argument("action", nargs="?", choices=["show"], help="show one rule")
    parser.add_argument("rule_id", nargs="?", metavar="ID")
    parser.add_argument("--all", action="store_true", help="list rules that are off as well")
    add_rule_options(parser)
    args = parser.parse_args(argv)
    config = load(args)
    if args.action != "show":
        print(list_rules(config.rules, args.all))
        return EXIT_OK
    if not args.rule_id:
        raise UsageError("'rules show' needs a rule id")
    rule = next((r for r in config.rules if r.id == args.rule_id), None)
    if rule is None:
        raise UsageError(f"no rule with id {args.rule_id!r}; see 'cleantext rules --all'")
    print(show_rule(rule))
    return EXIT_OK

