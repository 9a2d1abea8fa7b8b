"""`.cleantextignore` files: paths to leave alone, in gitignore syntax.

A file applies to the folder it is in and everything below it. Each line is
a pattern: blank lines and `#` comments are skipped, `!` re-includes, a
trailing `/` matches folders only, a pattern with a `/` other than at its
end is anchored to the file's folder (otherwise it matches a name at any
depth), `*` and `?` stay within a name and `**` spans folders. The last
matching line decides; a deeper file decides before a higher one; what is
inside an ignored folder is ignored.

>>> rules = IgnoreFile.parse("*.log\\n!keep.log\\n/build/\\ndocs/**/draft-*\\n")
>>> [rules.decide(p, False) for p in ("a.log", "x/keep.log", "docs/a/b/draft-1.txt", "y.txt")]
[True, False, True, None]
>>> rules.decide("build", True), rules.decide("src/build", True)
(True, None)
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

NAME = ".cleantextignore"


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern[str]
    negated: bool
    folders_only: bool


class IgnoreFile:
    """The patterns of one ignore file, matched against paths relative to its folder."""

    def __init__(self, patterns: list[_Pattern]) -> None:
        self.patterns = patterns

    @classmethod
    def parse(cls, text: str) -> IgnoreFile:
        from .files import glob_regex  # files.py walks with these files

        patterns = []
        for raw in text.splitlines():
            line = raw.rstrip() if not raw.endswith("\\ ") else raw
            if not line or line.startswith("#"):
                continue
            negated = line.startswith("!")
            if negated:
                line = line[1:]
            line = line.removeprefix("\\")  # `\#`, `\!`: a name starting with that mark
            folders_only = line.endswith("/")
            line = line.rstrip("/")
            if not line:
                continue
            anchored = "/" in line
            body = glob_regex(line.lstrip("/"))
            regex = re.compile(("^" if anchored else "^(?:.*/)?") + body + "$")
            patterns.append(_Pattern(regex, negated, folders_only))
        return cls(patterns)

    def decide(self, relative: str, is_folder: bool) -> bool | None:
        """True: ignored, False: re-included, None: no pattern says."""
        for pattern in reversed(self.patterns):
            if pattern.folders_only and not is_folder:
                continue
            if pattern.regex.match(relative):
                return not pattern.negated
        return None


class Ignores:
    """The `.cleantextignore` files that apply to paths, each read once."""

    def __init__(self) -> None:
        self.chains: dict[str, list[tuple[str, IgnoreFile]]] = {}

    def _chain(self, folder: str) -> list[tuple[str, IgnoreFile]]:
        """The ignore files for paths in `folder`, deepest first: its own and those above it,
        up to the top of its git work tree (a folder holding `.git`) or the root."""
        if folder not in self.chains:
            parent = os.path.dirname(folder)
            top = parent == folder or os.path.lexists(os.path.join(folder, ".git"))
            chain = [] if top else list(self._chain(parent))
            try:
                with open(os.path.join(folder, NAME), encoding="utf-8") as handle:
                    chain.insert(0, (folder, IgnoreFile.parse(handle.read())))
            except (OSError, UnicodeDecodeError):
                pass
            self.chains[folder] = chain
        return self.chains[folder]

    def ignored(self, path: str, is_folder: bool) -> bool:
        """Whether `path` (absolute) is ignored by the ignore files that apply to it."""
        for folder, rules in self._chain(os.path.dirname(path)):
            decided = rules.decide(os.path.relpath(path, folder).replace(os.sep, "/"), is_folder)
            if decided is not None:
                return decided
        return False

    def inside_ignored(self, path: str) -> bool:
        """Whether `path` (absolute) or a folder it lies in is ignored (for a PATH argument)."""
        parts = Path(path).parts
        for end in range(2, len(parts) + 1):
            if self.ignored(os.path.join(*parts[:end]), end < len(parts) or os.path.isdir(path)):
                return True
        return False
