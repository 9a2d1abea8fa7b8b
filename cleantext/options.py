"""What `cleantext` and `cleantext review` share: rule selection, encoding, config
loading, usage errors and exit statuses.

>>> parser = argparse.ArgumentParser()
>>> add_rule_options(parser)
>>> ids(parser.parse_args(["--select", "quotes,spacing", "--select", "width"]).select)
['quotes', 'spacing', 'width']
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .config import Config

EXIT_OK, EXIT_CHANGED, EXIT_USAGE, EXIT_IO = 0, 1, 2, 3
EXIT_INTERRUPTED = 130


class UsageError(Exception):
    """A problem with how the command was called; exit status 2."""


def add_rule_options(parser: argparse.ArgumentParser) -> None:
    """The options that choose the configuration and its rules."""
    parser.add_argument("--rules", type=Path, metavar="FILE",
                        help="configuration or rule set file (default: .cleantext.yaml or "
                             "[tool.cleantext] found upward)")
    parser.add_argument("--ruleset", metavar="NAME",
                        help="shipped rule set to start from (default, zh-hans)")
    parser.add_argument("--select", action="append", default=[], metavar="ID",
                        help="run only these rules (repeatable, or comma-separated)")
    parser.add_argument("--ignore", action="append", default=[], metavar="ID",
                        help="do not run these rules (repeatable, or comma-separated)")


def add_file_options(parser: argparse._ActionsContainer) -> None:
    """The options that say which files a walk through folders takes (`files.collect`), how
    they are read, and what is checked before one is written."""
    parser.add_argument("--hidden", action="store_true",
                        help="also walk hidden files and folders (names starting with '.')")
    parser.add_argument("--no-ignore", action="store_true",
                        help="also walk files that git ignores")
    parser.add_argument("--encoding", metavar="CODEC",
                        help="read files in this encoding instead of detecting it")
    parser.add_argument("--to-utf8", action="store_true",
                        help="write UTF-8, whatever the file's encoding was")
    parser.add_argument("--safe", action=argparse.BooleanOptionalAction, default=True,
                        help="before writing, check that no content was lost and that cleaning "
                             "again changes nothing; otherwise leave the file (default: on)")


def ids(values: list[str]) -> list[str]:
    """Rule ids given as repeated and comma-separated values."""
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def loader(args: argparse.Namespace) -> Callable[[], Config]:
    """A picklable function that loads the configuration the arguments ask for."""
    from .config import load_config

    return partial(load_config, args.rules, cwd=Path.cwd(), select=ids(args.select),
                   ignore=ids(args.ignore), ruleset=args.ruleset)


def load(args: argparse.Namespace) -> Config:
    """The configuration the arguments ask for."""
    return loader(args)()


def encoding(args: argparse.Namespace) -> str | None:
    """The codec `--encoding` names, in its canonical spelling; None to detect."""
    from .fileio import codec_name

    if not args.encoding:
        return None
    try:
        return codec_name(args.encoding)
    except LookupError:
        raise UsageError(f"--encoding: unknown text encoding {args.encoding!r}") from None
