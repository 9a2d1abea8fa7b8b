"""Generic kinds for rules users write in YAML without Python.

regex — replace what a pattern (the `regex` module: `\\p{Han}` works) matches::

    - id: no-space-before-percent
      kind: regex
      params: {pattern: '(?<=\\d) +%', replacement: '%'}

charmap — replace single characters: ``params: {map: {"丶": "、"}}``

phrasemap — replace whole phrases, longest first: ``params: {phrases: {"诵讯员": "通讯员"}}``

A regex that runs longer than `timeout` seconds on one text (catastrophic
backtracking) raises `RuleTimeout`, reported as an error for that rule and file.
"""

from __future__ import annotations

from typing import Any

import regex

from .base import Content, Edit, Kind, ParamError, sub, translate

_FLAGS = {"IGNORECASE": regex.IGNORECASE, "MULTILINE": regex.MULTILINE, "DOTALL": regex.DOTALL}


class RuleTimeout(RuntimeError):
    """A user regex ran past its time limit."""


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
            self.pattern.sub(self.options["replacement"], "")  # checks group references
        except (regex.error, IndexError) as error:
            raise ParamError(f"pattern does not compile: {error}") from None

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        try:
            return sub(
                self.pattern, self.options["replacement"], text, edits, timeout=self.options["timeout"]
            )
        except TimeoutError:
            raise RuleTimeout(
                f"regex timed out after {self.options['timeout']}s: {self.options['pattern']!r}"
            ) from None


class CharMap(Kind):
    name = "charmap"
    content = Content.MAPS
    params = {"map": {}}

    def __init__(self, **params: Any) -> None:
        super().__init__(**params)
        table: dict[int, str] = {}
        for key, value in self.options["map"].items():
            if not isinstance(key, str) or len(key) != 1 or not isinstance(value, str):
                raise ParamError(f"map keys must be single characters and values strings: {key!r}")
            table[ord(key)] = value
        if not table:
            raise ParamError("param 'map' is required")
        self.table = table

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        return translate(self.table, text, edits)


class PhraseMap(Kind):
    name = "phrasemap"
    content = Content.MAPS
    params = {"phrases": {}}

    def __init__(self, **params: Any) -> None:
        super().__init__(**params)
        phrases = self.options["phrases"]
        if not phrases:
            raise ParamError("param 'phrases' is required")
        for key, value in phrases.items():
            if not isinstance(key, str) or not key or not isinstance(value, str):
                raise ParamError(f"phrases must map non-empty strings to strings: {key!r}")
        ordered = sorted(phrases, key=len, reverse=True)
        self.phrases = dict(phrases)
        self.pattern = regex.compile("|".join(regex.escape(p) for p in ordered))

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        return sub(self.pattern, lambda m: self.phrases[m.group()], text, edits)
