"""Turn PATH arguments into the list of files to clean.

A file named on the command line is always taken unless an `exclude` glob
or a `.cleantextignore` matches it (`Walker.excluded` says so). A folder is
walked recursively (symlinked folders are not entered) for files matching an
`include` glob (default `*.txt`, `*.md`, `*.markdown`) and no `exclude`
glob nor `DEFAULT_EXCLUDE` glob (files that are not prose: `requirements.txt`,
`LICENSE.txt` …) nor `.cleantextignore` line (`cleantext.ignore`); hidden entries (a name starting
with ".") and, inside a git work tree, git-ignored ones are skipped unless
asked for. Each folder's globs are those of the configuration that governs it
(a `Selection`). As with ruff, the default excludes leave a file named on the
command line alone unless `force_exclude` (which the pre-commit hook sets, as
it names every staged file). Globs match the end of the path: `*.txt` any
.txt file, `notes/*.txt` a .txt file directly in any `notes` folder,
`vendor/` or `vendor/**` everything under `vendor`.

>>> Globs(["drafts/**", "*.bak"]).match("book/drafts/ch1.txt"), Globs(["*.bak"]).match("a/b.txt")
(True, False)
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .fileio import TEMP_PREFIX
from .ignore import NAME as IGNORE_FILE
from .ignore import Ignores


def glob_regex(pattern: str) -> str:
    """A glob as a regex over "/"-separated paths: `**` spans folders, `*` and `?` do not."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[" and "]" in pattern[i + 2 :]:
            end = pattern.index("]", i + 2)
            body = pattern[i + 1 : end]
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
            i = end
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


#: Files and folders that are not prose, left out of folders by default (case ignored):
#: package and build lists, licences, web crawler files, tables saved as text, and the
#: folders of installed packages.
DEFAULT_EXCLUDE = (
    "requirements*.txt", "*[-_.]requirements*.txt", "requirements/*.txt", "constraints*.txt",
    "CMakeLists.txt",
    "CMakeCache.txt", "robots.txt", "humans.txt", "security.txt", "ads.txt", "app-ads.txt",
    "LICENSE*", "LICENCE*", "COPYING*", "NOTICE*", "*[-_]NOTICES*", "ThirdPartyNotices*",
    "*.csv.txt", "*.tsv.txt",
    "*.egg-info/", "*.dist-info/", "node_modules/", "site-packages/", "__pypackages__/",
    "venv/",
)


class Globs:
    """A list of globs, each matched against the end of a "/"-separated path."""

    def __init__(self, patterns: Iterable[str], ignore_case: bool = False) -> None:
        self.patterns = [p.lstrip("/") for p in patterns if p.strip()]
        joined = "|".join(glob_regex(p) for p in self.patterns)
        flags = re.IGNORECASE if ignore_case else 0
        self.regex = re.compile(f"(?:^|/)(?:{joined})$", flags) if self.patterns else None

    def match_file(self, path: str) -> bool:
        """Whether the file path itself is matched."""
        return self.regex is not None and bool(self.regex.search(path))

    def match_folder(self, path: str) -> bool:
        """Whether the folder is matched, written with or without a trailing "/"."""
        regex = self.regex
        return regex is not None and bool(regex.search(path) or regex.search(path + "/"))

    def match(self, path: str) -> bool:
        """Whether the file path, or a folder it lies in, is matched."""
        parts = path.split("/")
        return self.match_file(path) or any(self.match_folder("/".join(parts[:i]))
                                            for i in range(1, len(parts)))


class GitIgnore:
    """Answers "is this path git-ignored?" through one `git check-ignore --stdin` per work tree."""

    def __init__(self) -> None:
        self.checkers: dict[str, subprocess.Popen[bytes] | None] = {}

    def ignored(self, top: str, path: str) -> bool:
        """Whether `path` (real and absolute, inside work tree `top`) is ignored there."""
        if top not in self.checkers:
            self.checkers[top] = _start_checker(top)
        process = self.checkers[top]
        if process is None or process.stdin is None or process.stdout is None:
            return False
        try:
            process.stdin.write(os.fsencode(os.path.relpath(path, top)) + b"\0")
            process.stdin.flush()
            fields = [_read_field(process.stdout) for _ in range(4)]
        except (OSError, EOFError):
            self.checkers[top] = None  # git went away: stop filtering rather than fail
            return False
        pattern = fields[2]
        return bool(pattern) and not pattern.startswith(b"!")

    def close(self) -> None:
        for process in self.checkers.values():
            if process is not None and process.stdin is not None:
                process.stdin.close()
                process.wait()


def work_tree(folder: str) -> str | None:
    """The top of the git work tree holding `folder`, or None (not in one, or no git)."""
    try:
        done = subprocess.run(["git", "-C", folder, "rev-parse", "--is-inside-work-tree",
                               "--show-toplevel"], capture_output=True, check=False)
    except OSError:
        return None
    lines = done.stdout.decode("utf-8", "surrogateescape").splitlines()
    if done.returncode != 0 or lines[:1] != ["true"] or len(lines) < 2:
        return None
    return os.path.realpath(lines[1])


def _start_checker(top: str) -> subprocess.Popen[bytes] | None:
    try:
        return subprocess.Popen(
            ["git", "check-ignore", "--stdin", "-z", "--verbose", "--non-matching"],
            cwd=top, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env={**os.environ, "GIT_FLUSH": "1"},
        )
    except OSError:
        return None


def _read_field(stream) -> bytes:  # type: ignore[no-untyped-def]
    """One NUL-terminated field of `check-ignore -z` output."""
    data = bytearray()
    while (byte := stream.read(1)) != b"\0":
        if not byte:
            raise EOFError
        data += byte
    return bytes(data)


@dataclass(frozen=True)
class Selection:
    """The globs that pick files in a folder: its configuration's, and the command line's."""

    include: Globs
    exclude: Globs
    default_exclude: Globs = field(default_factory=lambda: Globs(DEFAULT_EXCLUDE, True))


#: For a folder, the globs that pick its files.
Selector = Callable[[Path], Selection]


@dataclass
class Walker:
    """Collects the files to clean from PATH arguments, in a stable order."""

    select: Selector
    hidden: bool = False
    gitignore: bool = True  # also `.cleantextignore` files
    force_exclude: bool = False  # the default excludes apply to files named on the command line
    files: list[Path] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)  # notes on PATH arguments left out
    seen: set[str] = field(default_factory=set)
    git: GitIgnore = field(default_factory=GitIgnore)
    ignores: Ignores = field(default_factory=Ignores)

    def add(self, argument: str) -> None:
        """Add one PATH argument: a file as it is (unless excluded), a folder walked."""
        path = Path(argument)
        why = self._left_out(path)
        if why:
            self.excluded.append(f"{argument}: {why}; not cleaned")
        elif path.is_dir():
            real = os.path.realpath(path)
            top = work_tree(real) if self.gitignore else None
            if top and real != top and self.git.ignored(top, real):
                top = None  # a folder named on the command line is taken even if git ignores it
            for file, real_file in self._walk(path, top):
                self._take(file, real_file)
        else:
            self._take(path)  # missing or odd paths are reported when read

    def _left_out(self, path: Path) -> str:
        """Why a PATH argument is left out ("" if it is not): an exclude glob, a default
        exclude (with `force_exclude`) or an ignore file."""
        shown = _shown(path)
        is_dir = path.is_dir()
        selection = self.select(path if is_dir else path.parent)

        def matches(globs: Globs) -> bool:
            return globs.match_folder(shown) if is_dir else globs.match(shown)

        if matches(selection.exclude):
            return "excluded by an exclude glob (--exclude or the configuration's exclude:)"
        if self.force_exclude and matches(selection.default_exclude):
            return "not prose, by the default excludes (--force-exclude)"
        if self.gitignore and self.ignores.inside_ignored(os.path.abspath(path)):
            return f"ignored by a {IGNORE_FILE}"
        return ""

    def close(self) -> None:
        self.git.close()

    def _take(self, path: Path, real: str | None = None) -> None:
        """Add `path` (whose real path is `real`, when known) unless its file is in."""
        real = os.path.realpath(path) if real is None else real
        if real not in self.seen:  # two links to one file: clean it once
            self.seen.add(real)
            self.files.append(path)

    def _walk(self, folder: Path, top: str | None) -> Iterator[tuple[Path, str | None]]:
        """Files under `folder`, each with its real path when it is no symbolic link (else
        None); `top` is the git work tree it lies in, if any and wanted."""
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            return
        selection = self.select(folder)
        include, exclude, default = selection.include, selection.exclude, selection.default_exclude
        real_folder = os.path.realpath(folder)
        absolute = os.path.abspath(folder)
        for entry in entries:
            name = entry.name
            if name == ".git" or name.startswith(TEMP_PREFIX):
                continue
            if name.startswith(".") and not self.hidden:
                continue
            path = folder / name
            shown = _shown(path)
            real = os.path.join(real_folder, name)
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = not is_dir and entry.is_file()
            except OSError:
                continue
            if self.gitignore and (is_dir or is_file) and self.ignores.ignored(
                    os.path.join(absolute, name), is_dir):
                continue
            if is_dir:
                if (exclude.match_folder(shown) or default.match_folder(shown)
                        or (top and self.git.ignored(top, real))):
                    continue
                nested = self.gitignore and os.path.lexists(os.path.join(real, ".git"))
                inner = work_tree(real) if nested else top
                yield from self._walk(path, inner)
            elif (is_file and include.match_file(shown) and not exclude.match(shown)
                  and not default.match(shown)
                  and not (top and self.git.ignored(top, real))):
                yield path, None if entry.is_symlink() else real


def _shown(path: Path) -> str:
    """The path as globs see it: relative to the working folder when inside it, "/"-separated."""
    text = os.path.normpath(path)
    if os.path.isabs(text):
        relative = os.path.relpath(text)
        if not relative.startswith(".."):
            text = relative
    return text.replace(os.sep, "/")


def collect(arguments: list[str], include: list[str], exclude: list[str], *,
            hidden: bool = False, gitignore: bool = True,
            default_exclude: Iterable[str] = DEFAULT_EXCLUDE, force_exclude: bool = False,
            select: Selector | None = None, excluded: list[str] | None = None) -> list[Path]:
    """The files to clean for these PATH arguments, each real file once, in argument order.

    `select` gives each folder's globs (default: `include`, `exclude` and
    `default_exclude` everywhere); a note for each PATH argument left out is added to
    `excluded`.
    """
    if select is None:
        selection = Selection(Globs(include), Globs(exclude), Globs(default_exclude, True))
        select = lambda _folder: selection  # noqa: E731
    walker = Walker(select, hidden=hidden, gitignore=gitignore, force_exclude=force_exclude)
    try:
        for argument in arguments:
            walker.add(argument)
    finally:
        walker.close()
    if excluded is not None:
        excluded.extend(walker.excluded)
    return walker.files
