"""What `cleantext` and `cleantext review` share: the parser, rule selection, file selection,
encoding, config loading, usage errors and exit statuses.

>>> parser = Parser(prog="cleantext")
>>> add_rule_options(parser)
>>> ids(parser.parse_args(["--select", "quotes,spacing", "--select", "width"]).select)
['quotes', 'spacing', 'width']
>>> try:
...     parser.parse_args(["--selct", "quotes"])
... except UsageError as error:
...     print(error)
unrecognized argument --selct; did you mean --select? (see 'cleantext --help')
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from .config import Config

EXIT_OK, EXIT_CHANGED, EXIT_USAGE, EXIT_IO = 0, 1, 2, 3
EXIT_INTERRUPTED = 130


class UsageError(Exception):
    """A problem with how the command was called; exit status 2."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (a `UsageError`, not the whole usage),
    with "did you mean …?" for a mistyped option."""

    def error(self, message: str) -> NoReturn:
        prefix = "unrecognized arguments: "
        if message.startswith(prefix):  # the first unknown option, else the first stray value
            given = message[len(prefix):].split()
            message = self._suggest(next((arg for arg in given if arg.startswith("-")), given[0]))
        raise UsageError(f"{message} (see '{self.prog} --help')")

    def _suggest(self, argument: str) -> str:
        if not argument.startswith("-"):
            return f"unexpected argument {argument!r}"
        import difflib

        name = argument.split("=", 1)[0]
        close = difflib.get_close_matches(name, list(self._option_string_actions), n=1,
                                          cutoff=0.6)
        hint = f"; did you mean {close[0]}?" if close else ""
        return f"unrecognized argument {name}{hint}"


def add_rule_options(parser: argparse.ArgumentParser) -> None:
    """The options that choose the configuration and its rules."""
    parser.add_argument("--rules", "--config", dest="rules", type=Path, metavar="FILE",
                        help="configuration or rule set file (default: .cleantext.yaml or "
                             "[tool.cleantext] found upward from each file's folder)")
    parser.add_argument("--ruleset", metavar="NAME",
                        help="shipped rule set to start from: default, ocr (scanned pages: "
                             "default plus OCR noise and misreads), zh-hans (default plus "
                             "Traditional to Simplified)")
    parser.add_argument("--select", action="append", default=[], metavar="ID",
                        help="run only these rules (repeatable, or comma-separated)")
    parser.add_argument("--ignore", action="append", default=[], metavar="ID",
                        help="do not run these rules (repeatable, or comma-separated)")


def add_file_options(group: Any) -> None:
    """The options that choose which files folders give and how they are read and written
    (`group`: a parser or an argument group)."""
    group.add_argument("--include", action="append", default=[], metavar="GLOB",
                       help="files to take from folders, instead of the configured ones "
                            "(default *.txt, *.md, *.markdown; repeatable)")
    group.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                       help="files or folders to leave out, besides the configured ones "
                            "(repeatable)")
    group.add_argument("--force-exclude", action="store_true",
                       help="leave out files named on the command line that the default "
                            "excludes match (requirements.txt, LICENSE …), as pre-commit needs")
    group.add_argument("--hidden", action="store_true",
                       help="also walk hidden files and folders (names starting with '.')")
    group.add_argument("--no-ignore", action="store_true",
                       help="also walk files that git or a .cleantextignore ignores")
    group.add_argument("--encoding", metavar="CODEC",
                       help="read files (and stdin) in this encoding instead of detecting it")
    group.add_argument("--to-utf8", action="store_true",
                       help="write UTF-8, whatever the file's encoding was")
    group.add_argument("--safe", action=argparse.BooleanOptionalAction, default=True,
                       help="before writing, check that no content was lost and that cleaning "
                            "again changes nothing; otherwise leave the file (default: on)")


def ids(values: list[str]) -> list[str]:
    """Rule ids given as repeated and comma-separated values."""
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


@dataclass
class Settings:
    """How to find and load configurations: `--rules` for every file, or the one found
    upward from each file's folder; picklable, so worker processes load the same."""

    explicit: Path | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    ruleset: str | None = None
    _found: dict[Path, Path | None] = field(default_factory=dict, repr=False)
    _loaded: dict[Path | None, Config] = field(default_factory=dict, repr=False)

    def find(self, folder: Path) -> Path | None:
        """The configuration file for files in `folder` (None: the shipped rules)."""
        if self.explicit is not None:
            return self.explicit
        folder = folder.absolute()
        if folder not in self._found:
            from .config import find_user_config

            self._found[folder] = find_user_config(folder)
        return self._found[folder]

    def load(self, path: Path | None) -> Config:
        """The configuration in `path` (None: no file), with the command line's selections."""
        if path not in self._loaded:
            from .config import load_config

            self._loaded[path] = load_config(path, find=False, select=self.select,
                                             ignore=self.ignore, ruleset=self.ruleset)
        return self._loaded[path]

    def for_folder(self, folder: Path) -> Config:
        """The configuration for files in `folder`."""
        return self.load(self.find(folder))

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_loaded": {}}  # rules do not pickle: workers load their own


def settings(args: argparse.Namespace) -> Settings:
    """The configuration settings the arguments ask for."""
    return Settings(args.rules, ids(args.select), ids(args.ignore), args.ruleset)


def collect_files(args: argparse.Namespace, chosen: Settings,
                  paths: list[str]) -> tuple[list[Path], list[str]]:
    """The files PATH arguments give under the file options (each folder with the globs of
    its own configuration), and a note for each argument left out."""
    from .files import Globs, Selection, collect

    selections: dict[Path | None, Selection] = {}

    def select(folder: Path) -> Selection:
        path = chosen.find(folder)
        if path not in selections:
            config = chosen.load(path)
            selections[path] = Selection(Globs(args.include or config.include),
                                         Globs(config.exclude + args.exclude),
                                         Globs(config.default_exclude, ignore_case=True))
        return selections[path]

    excluded: list[str] = []
    files = collect(paths, [], [], hidden=args.hidden, gitignore=not args.no_ignore,
                    force_exclude=args.force_exclude, select=select, excluded=excluded)
    return files, excluded


def loader(args: argparse.Namespace) -> Callable[[], Config]:
    """A picklable function that loads the configuration the arguments ask for, for the
    working folder (worker processes and Ray tasks call it)."""
    return partial(Settings.for_folder, settings(args), Path.cwd())


def load(args: argparse.Namespace) -> Config:
    """The configuration the arguments ask for, for the working folder."""
    return settings(args).for_folder(Path.cwd())


def encoding(args: argparse.Namespace) -> str | None:
    """The codec `--encoding` names, in its canonical spelling; None to detect."""
    from .fileio import codec_name

    if not args.encoding:
        return None
    try:
        return codec_name(args.encoding)
    except LookupError:
        raise UsageError(f"--encoding: unknown text encoding {args.encoding!r}") from None
