"""`cleantext review PATH...`: see every change in a terminal app before anything is written.

Textual is imported only here, so the rest of the command starts fast.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..options import EXIT_OK, UsageError, add_file_options, add_rule_options, encoding, load


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleantext review",
        description="Review the changes the rules would make, hunk by hunk, and write the "
                    "accepted ones. Works on files and folders (not stdin).",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to review")
    add_rule_options(parser)
    parser.add_argument("--include", action="append", default=[], metavar="GLOB",
                        help="files to take from folders "
                             "(default: the configured ones, *.txt *.md *.markdown)")
    parser.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                        help="files or folders to leave out (repeatable)")
    add_file_options(parser)
    return parser


def review_command(argv: list[str]) -> int:
    """Parse the arguments, collect the files and run the app; the exit status."""
    from ..files import collect
    from .app import ReviewApp
    from .state import ReviewState

    args = build_parser().parse_args(argv)
    if "-" in args.paths:
        raise UsageError("review works on files, not stdin: give PATH arguments")
    config = load(args)
    files = collect(args.paths, args.include or config.include, config.exclude + args.exclude,
                    hidden=args.hidden, gitignore=not args.no_ignore)
    if not files:
        raise UsageError("no files to review")
    state = ReviewState([Path(f) for f in files], config.rules, encoding(args), args.to_utf8,
                        args.safe)
    return ReviewApp(state).run() or EXIT_OK
