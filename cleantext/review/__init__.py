"""`cleantext review PATH...`: see every change in a terminal app before anything is written.

Textual is imported only here, so the rest of the command starts fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..options import (
    EXIT_IO,
    EXIT_OK,
    Parser,
    UsageError,
    add_file_options,
    add_rule_options,
    collect_files,
    encoding,
    settings,
)


def build_parser() -> Parser:
    parser = Parser(
        prog="cleantext review",
        description="Review the changes the rules would make, hunk by hunk, and write the "
                    "accepted ones. Works on files and folders (not stdin).",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to review")
    add_rule_options(parser)
    add_file_options(parser)
    return parser


def review_command(argv: list[str]) -> int:
    """Parse the arguments, collect the files and run the app; the exit status.

    Files that cannot be reviewed (missing, unreadable, binary, undecodable) are
    named at once, one line each, before the app starts: exit status 3 if none
    is left to review.
    """
    args = build_parser().parse_args(argv)
    if "-" in args.paths:
        raise UsageError("review works on files, not stdin: give PATH arguments")
    chosen = settings(args)
    config = chosen.for_folder(Path.cwd())
    files, excluded = collect_files(args, chosen, args.paths)
    unreadable = _unreadable(files, encoding(args))
    for problem in [*excluded, *unreadable.values()]:
        print(f"cleantext: {problem}", file=sys.stderr)
    files = [file for file in files if file not in unreadable]
    if not files:
        if unreadable or excluded:
            return EXIT_IO
        raise UsageError("no files to review")
    from .app import ReviewApp
    from .state import ReviewState

    state = ReviewState(files, config.rules, encoding(args), args.to_utf8, args.safe)
    return ReviewApp(state).run() or EXIT_OK


def _unreadable(files: list[Path], codec: str | None) -> dict[Path, str]:
    """The files that cannot be read or decoded, each with a line naming it and why."""
    from ..fileio import FileError, read_file

    problems = {}
    for file in files:
        try:
            read_file(file, codec)
        except FileError as error:
            problems[file] = str(error)
    return problems
