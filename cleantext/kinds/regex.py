r"""regex: replace what a pattern matches, for rules users write in YAML.

Before: ``"增长 5 %"``  After: ``"增长 5%"`` (with the example below)

What it does
------------
Replaces every match of `pattern` (the `regex` module, version 0 syntax:
`\p{Han}` works) by `replacement`, which may name groups (`\1`, `\g<name>`)::

    - id: no-space-before-percent
      kind: regex
      params: {pattern: '(?<=\d) +%', replacement: '%'}

Leaves alone
------------
Everything the pattern does not match; a match whose replacement equals it
records no change.

Params
------
pattern ("")
    The pattern to replace; required. A pattern that does not compile, or a
    replacement naming a group it lacks, is a configuration error at load.
replacement ("")
    What each match becomes (group references allowed).
flags ([])
    Any of `IGNORECASE`, `MULTILINE`, `DOTALL`.
timeout (1.0)
    Seconds one text may take; past it (catastrophic backtracking) the rule
    raises `RuleTimeout`, reported as an error for that rule and file.

Content safety
--------------
Maps content: a user's pattern may replace anything; `--safe` accepts changes
the trace names this rule for, and still checks that cleaning again changes
nothing.

Known limits
------------
A pattern sees one slice of the text at a time (paragraphs, about 128K
characters), so it cannot match across slices.
"""

from __future__ import annotations

from typing import Any

import regex

from ..text import lazy_regex
from .base import Content, Edit, Kind, ParamError, RuleTimeout, sub

_FLAGS = {"IGNORECASE": regex.IGNORECASE, "MULTILINE": regex.MULTILINE, "DOTALL": regex.DOTALL}


class Regex(Kind):
    name = "regex"
    content = Content.MAPS
    params = {"pattern": "", "replacement": "", "flags": [], "timeout": 1.0}

    def __init__(self, **params: Any) -> None:
        super().__init__(**params)
        if not self.options["pattern"]:
            raise ParamError("param 'pattern' is required")
        flags = 0
        for flag in self.options["flags"]:
            if flag not in _FLAGS:
                raise ParamError(f"unknown flag {flag!r} (known: {', '.join(_FLAGS)})")
            flags |= _FLAGS[flag]
        try:
            self.pattern = regex.compile(self.options["pattern"], flags | regex.V0)
        except (regex.error, IndexError) as error:
            raise ParamError(f"pattern does not compile: {error}") from None
        _check_groups(self.options["replacement"], self.pattern)

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        try:
            return sub(self.pattern, self.options["replacement"], text, edits,
                       timeout=self.options["timeout"])
        except TimeoutError:
            raise RuleTimeout(
                f"regex timed out after {self.options['timeout']}s: {self.options['pattern']!r}"
            ) from None


_REFERENCE = lazy_regex(r"\\(?:g<([^>]*)>|([0-7]{3})|([1-9][0-9]?)|g|.)", regex.DOTALL)


def _check_groups(replacement: str, pattern: regex.Pattern[str]) -> None:
    """ParamError if `replacement` names a group `pattern` lacks (`\\9`, `\\g<name>`), which
    would otherwise fail only when the pattern first matches.

    >>> _check_groups(r"\\1-\\g<x>", regex.compile("(a)(?P<x>b)"))
    >>> _check_groups(r"\\9", regex.compile("(a)"))
    Traceback (most recent call last):
    ...
    cleantext.kinds.base.ParamError: replacement refers to group 9, but the pattern has 1 group
    """
    for match in _REFERENCE.finditer(replacement):
        name, _octal, number = match.groups()
        if match.group() == "\\g":
            raise ParamError("replacement has \\g without a <group>")
        if name is not None and not name.isdigit() and name not in pattern.groupindex:
            raise ParamError(f"replacement refers to group {name!r}, which the pattern lacks")
        wanted = int(number) if number else int(name) if name and name.isdigit() else 0
        if wanted > pattern.groups:
            groups = f"{pattern.groups} group{'' if pattern.groups == 1 else 's'}"
            raise ParamError(f"replacement refers to group {wanted}, but the pattern has {groups}")
