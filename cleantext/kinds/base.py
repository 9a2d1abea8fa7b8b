"""What every rule kind shares: parameter checking, edits, and a traced `sub`.

A kind turns text into text and reports what it changed as `Edit`s in the
coordinates of its own input, so every change can be traced to its rule:

>>> edits: list[Edit] = []
>>> sub(regex.compile(" +"), "", "a b  c", edits)
'abc'
>>> edits
[(1, 2, ''), (3, 5, '')]
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, ClassVar, Union

import regex

from .. import native

#: (start, end, replacement): `text[start:end]` of the rule's input became `replacement`.
Edit = tuple[int, int, str]


class ParamError(ValueError):
    """A rule's params are wrong; the message names the param."""


class RuleTimeout(RuntimeError):
    """A rule (a user's regex) ran past its time limit."""


class Content(enum.Enum):
    """What a kind may do to content (letters of any script, digits), which `--safe` checks."""

    #: Changes marks, spaces, line breaks and character widths only; content stays.
    KEEPS = "keeps"
    #: May remove a copy of the content just before it (a doubled heading, a doubled mark).
    REMOVES_DUPLICATES = "removes duplicates"
    #: May replace content characters by others (compatibility forms, scripts, user maps).
    MAPS = "maps"


class Scope(enum.Enum):
    """How much of the text a kind looks at to decide what to do to a line."""

    #: Each line on its own: cleaning `a + "\n" + b` gives the cleaned `a`, `"\n"` and the
    #: cleaned `b`, with their edits, whatever `a` and `b` hold (a `by_line` kind whose
    #: candidate and fixer look at nothing beyond the line; `tests/test_scope.py` holds
    #: every such kind to it). So a line it once left as it was, it leaves so again: when
    #: the rules run over a slice again, it does not look at that line again (`Known`).
    LINE = "line"
    #: Anything in the slice may count: column widths, evidence from other paragraphs, the
    #: script of the text around, a user's pattern that may span lines.
    SLICE = "slice"


class Known:
    """Lines a kind left as they were: run without a trace, and with one (then with no edit
    either). `by_line` skips them: most lines a second pass over a slice meets are those
    the first left alone. Only lines the kind judges by themselves alone count: every line
    of a `Scope.LINE` kind, those `alone` accepts of another. Memory stays bounded on a
    stream: past `limit` characters (a line counted 64 more, for the string and its place
    in a set) the older lines are forgotten, the recent ones (the slice being cleaned) kept.

    >>> known = Known(limit=80)
    >>> known.add("对的。", None); known.has("对的。", None), known.has("对的。", [])
    (True, False)
    >>> known.add("很长的一行文字。", None); known.has("对的。", None)
    True
    >>> known.add("另一行。", None); known.has("对的。", None), known.has("另一行。", None)
    (False, True)
    """

    def __init__(self, limit: int = 1 << 18,
                 alone: Callable[[str], bool] | None = None) -> None:
        self.limit = limit
        self.alone = alone
        #: per run without and with a trace: the recent lines and the older ones
        self.recent: tuple[set[str], set[str]] = (set(), set())
        self.older: tuple[set[str], set[str]] = (set(), set())
        self.size = 0

    def has(self, line: str, edits: list[Edit] | None) -> bool:
        """Whether `line` is known for a run with (a list) or without (None) edits."""
        traced = edits is not None
        return line in self.recent[traced] or line in self.older[traced]

    def add(self, line: str, edits: list[Edit] | None) -> None:
        """Remember `line` for runs like this one."""
        if self.alone is not None and not self.alone(line):
            return
        self.size += len(line) + 64
        if self.size > self.limit:
            self.older, self.recent = self.recent, (set(), set())
            self.size = len(line) + 64
        self.recent[edits is not None].add(line)


class Kind:
    """Base class of rule kinds. Subclasses set `name`, `params` and `apply`, and declare
    what they do: `content` (what `--safe` lets them change), `layout` and `scope`.

    `params` maps each param name to its default; the type of the default is
    the type the param must have (a list default means a list, and so on).
    """

    name: ClassVar[str] = ""
    #: What the kind may do to content; `--safe` refuses any other change of content.
    content: ClassVar[Content] = Content.KEEPS
    #: The kind decides where paragraphs break (one paragraph a line, a blank line between):
    #: with such a rule in the set, the engine joins slices as paragraphs too.
    layout: ClassVar[bool] = False
    #: How much of the text the kind looks at (`Scope`): the whole slice unless it says less.
    scope: ClassVar[Scope] = Scope.SLICE
    params: ClassVar[Mapping[str, Any]] = {}
    #: The class of the native core (`native/src/`) that does the same as `apply`, if any.
    native: ClassVar[str] = ""

    def __init__(self, **params: Any) -> None:
        self.options = check_params(self.params, params)
        self.core = native.bind(self.native, self.options)
        #: A `Scope.LINE` kind's lines left as they were, for `by_line`.
        self.known = Known() if self.scope is Scope.LINE else None

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        """Return the cleaned `text`; append an `Edit` for each change to `edits`.
        The reference: `run` uses the native core instead when it has this kind."""
        raise NotImplementedError

    def run(self, text: str, edits: list[Edit] | None) -> str:
        """What `apply` returns and records, by the native core when it has this kind."""
        if self.core is None:
            return self.apply(text, edits)
        try:
            new, found = self.core.apply(text, edits is not None)
        except native.FALLBACK:  # lone surrogates, or a case the port declines
            return self.apply(text, edits)
        if edits is not None:
            edits.extend(found)
        return new


def check_params(spec: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    """Merge `given` over the defaults in `spec`, checking names and types.

    >>> check_params({"style": "remove"}, {"style": "keep"})
    {'style': 'keep'}
    """
    unknown = sorted(set(given) - set(spec))
    if unknown:
        known = ", ".join(sorted(spec)) or "none"
        raise ParamError(f"unknown param {unknown[0]!r} (known: {known})")
    merged = dict(spec)
    for key, value in given.items():
        default = spec[key]
        if default is not None and not _same_type(default, value):
            raise ParamError(
                f"param {key!r} must be {type(default).__name__}, got {type(value).__name__}"
            )
        merged[key] = value
    return merged


def _same_type(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float))
    return isinstance(value, type(default))


def choice(value: str, allowed: tuple[str, ...], name: str) -> str:
    """Check that `value` is one of `allowed`; raise `ParamError` naming `name`."""
    if value not in allowed:
        raise ParamError(f"param {name!r} must be one of {', '.join(allowed)}; got {value!r}")
    return value


#: A compiled pattern of either engine: the standard library's `re` scans plain character
#: classes two to three times faster, `regex` has `\p{Han}` and timeouts.
Pattern = Union["re.Pattern[str]", "regex.Pattern[str]"]
Replacer = Callable[[Any], str]
#: Cleans one line, recording edits in the line's coordinates.
LineFixer = Callable[[str, "list[Edit] | None"], str]


class Literals:
    """A `by_line` candidate: any of a few strings, found by `str.find`. Where they are rare
    that scan in C runs far faster than `re`'s for a class or an alternation of them.

    >>> find = Literals("..", "…").finder("a..b…c..")
    >>> find(0), find(2), find(5), find(8)
    (1, 4, 6, -1)
    """

    def __init__(self, *strings: str) -> None:
        self.strings = strings

    def finder(self, text: str) -> Callable[[int], int]:
        """Where the first of the strings at or after a place of `text` is (-1: none), asked
        for places that never go back: each string's next place is kept, and looked for
        again only once passed."""
        strings = self.strings
        nexts = [text.find(string) for string in strings]

        def find(pos: int) -> int:
            at = -1
            for index, next_at in enumerate(nexts):
                if 0 <= next_at < pos:
                    next_at = nexts[index] = text.find(strings[index], pos)
                if next_at >= 0 and (at < 0 or next_at < at):
                    at = next_at
            return at

        return find


def _finder(candidate: Pattern | Literals, text: str) -> Callable[[int], int]:
    """Where `candidate` is first found in `text` at or after a place (-1: none)."""
    if isinstance(candidate, Literals):
        return candidate.finder(text)

    def find(pos: int) -> int:
        match = candidate.search(text, pos)
        return match.start() if match else -1

    return find


def by_line(candidate: Pattern | Literals, fix: LineFixer, text: str,
            edits: list[Edit] | None, known: Known | None = None) -> str:
    """Run `fix` on each line where `candidate` matches; copy the other lines as they are.

    For rules that never look across a line break: most lines hold nothing to fix,
    and one scan of the text finds those that do. With `known` (lines for which `fix`
    depends on the line alone), lines `fix` left as they were are remembered there and
    not fixed again.

    >>> by_line(regex.compile("a"), lambda line, edits: line.upper(), "ab\\ncd\\nxa", None)
    'AB\\ncd\\nXA'
    """
    out: list[str] = []
    local: list[Edit] | None = None if edits is None else []
    done = 0
    find = _finder(candidate, text)
    at = find(0)
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        line = text[start:end]
        if known is None or not known.has(line, edits):
            new = fix(line, local)
            if new != line or local:
                out.append(text[done:start])
                out.append(new)
                done = end
                if edits is not None and local:
                    edits.extend((start + a, start + b, new) for a, b, new in local)
                    local.clear()
            elif known is not None:
                known.add(line, edits)
        at = find(end)
    if not out:
        return text
    out.append(text[done:])
    return "".join(out)


def by_line_outside(spans: list[tuple[int, int]], candidate: Pattern | Literals, fix: LineFixer,
                    text: str, edits: list[Edit] | None, known: Known | None = None) -> str:
    """`by_line` on the parts of `text` outside `spans` (sorted, not overlapping, each
    whole lines: the rows of a table), which stay as they are.

    >>> upper = lambda line, edits: line.upper()
    >>> by_line_outside([(3, 5)], regex.compile("a"), upper, "ab\\nac\\nxa", None)
    'AB\\nac\\nXA'
    """
    if not spans:
        return by_line(candidate, fix, text, edits, known)
    parts: list[str] = []
    done = 0
    for start, end in [*spans, (len(text), len(text))]:
        local: list[Edit] | None = None if edits is None else []
        parts.append(by_line(candidate, fix, text[done:start], local, known))
        if edits is not None and local:
            edits.extend((a + done, b + done, new) for a, b, new in local)
        parts.append(text[start:end])
        done = end
    return "".join(parts)


def sub(
    pattern: Pattern,
    repl: str | Replacer,
    text: str,
    edits: list[Edit] | None,
    first: Pattern | None = None,
    **kwargs: Any,
) -> str:
    """`pattern.sub(repl, text)` that records an `Edit` for each real change.

    `first`, a plain character class of the characters a match can start with,
    finds the places to try `pattern` far faster than an alternation of groups
    scans: `sub(re.compile("x+|y"), "", "axyb", None, first=re.compile("[xy]"))` is `'ab'`.
    """
    if edits is None and first is None:
        return pattern.sub(repl, text, **kwargs)
    parts: list[str] = []
    last = 0
    matches = pattern.finditer(text, **kwargs) if first is None else _at(first, pattern, text)
    for match in matches:
        new = repl(match) if callable(repl) else match.expand(repl)
        start, end = match.span()
        if new == match.group():
            continue
        parts.append(text[last:start])
        parts.append(new)
        if edits is not None:
            _record(edits, start, match.group(), new)
        last = end
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


def _record(edits: list[Edit], start: int, old: str, new: str) -> None:
    """Record `old` at `start` becoming `new`; a replacement of the same length character by
    character, so a later rule's change inside it traces to one character, not the run:

    >>> edits: list[Edit] = []
    >>> _record(edits, 5, "２０２５", "2025"); edits
    [(5, 6, '2'), (6, 7, '0'), (7, 8, '2'), (8, 9, '5')]
    """
    if len(old) == len(new) > 1:
        edits.extend(
            (start + i, start + i + 1, b) for i, (a, b) in enumerate(zip(old, new)) if a != b
        )
    else:
        edits.append((start, start + len(old), new))


def _at(first: Pattern, pattern: Pattern, text: str) -> Iterator[Any]:
    """The matches of `pattern` (never empty) in `text`, tried only where `first` matches."""
    candidate = first.search(text)
    while candidate:
        match = pattern.match(text, candidate.start())
        if match:
            yield match
            candidate = first.search(text, match.end())
        else:
            candidate = first.search(text, candidate.start() + 1)


def translate(table: Mapping[int, str], text: str, edits: list[Edit] | None) -> str:
    """`text.translate(table)` that records an `Edit` for each changed character."""
    new = text.translate(table)
    if edits is None or new == text:
        return new
    if len(new) == len(text):
        _record(edits, 0, text, new)
        return new
    pattern = regex.compile("[" + "".join(regex.escape(chr(c)) for c in table) + "]")
    return sub(pattern, lambda m: table[ord(m.group())] or "", text, edits)
