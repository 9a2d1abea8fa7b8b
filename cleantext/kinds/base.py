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

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

import regex

#: (start, end, replacement): `text[start:end]` of the rule's input became `replacement`.
Edit = tuple[int, int, str]


class ParamError(ValueError):
    """A rule's params are wrong; the message names the param."""


class Kind:
    """Base class of rule kinds. Subclasses set `name`, `params` and `apply`.

    `params` maps each param name to its default; the type of the default is
    the type the param must have (a list default means a list, and so on).
    """

    name: ClassVar[str] = ""
    #: Structural kinds see line breaks; inline kinds see one paragraph at a time.
    structural: ClassVar[bool] = False
    params: ClassVar[Mapping[str, Any]] = {}

    def __init__(self, **params: Any) -> None:
        self.options = check_params(self.params, params)

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        """Return the cleaned `text`; append an `Edit` for each change to `edits`."""
        raise NotImplementedError


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


Replacer = Callable[["regex.Match[str]"], str]
#: Cleans one line: (line, its offset in the text, edits) -> cleaned line.
LineFixer = Callable[[str, int, "list[Edit] | None"], str]


def by_line(candidate: regex.Pattern[str], fix: LineFixer, text: str,
            edits: list[Edit] | None) -> str:
    """Run `fix` on each line where `candidate` matches; copy the other lines as they are.

    For rules that never look across a line break: most lines hold nothing to fix,
    and one scan of the text finds those that do.

    >>> by_line(regex.compile("a"), lambda line, offset, edits: line.upper(), "ab\\ncd\\nxa", None)
    'AB\\ncd\\nXA'
    """
    out: list[str] = []
    done = 0
    match = candidate.search(text)
    while match:
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.start())
        end = len(text) if end < 0 else end
        out.append(text[done:start])
        out.append(fix(text[start:end], start, edits))
        done = end
        match = candidate.search(text, end)
    if not out:
        return text
    out.append(text[done:])
    return "".join(out)


def sub(
    pattern: regex.Pattern[str],
    repl: str | Replacer,
    text: str,
    edits: list[Edit] | None,
    **kwargs: Any,
) -> str:
    """`pattern.sub(repl, text)` that records an `Edit` for each real change."""
    if edits is None:
        return pattern.sub(repl, text, **kwargs)
    parts: list[str] = []
    last = 0
    for match in pattern.finditer(text, **kwargs):
        new = repl(match) if callable(repl) else match.expand(repl)
        start, end = match.span()
        if new == match.group():
            continue
        parts.append(text[last:start])
        parts.append(new)
        edits.append((start, end, new))
        last = end
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


def translate(table: Mapping[int, str], text: str, edits: list[Edit] | None) -> str:
    """`text.translate(table)` that records an `Edit` for each changed character."""
    new = text.translate(table)
    if edits is None or new == text:
        return new
    if len(new) == len(text):
        edits.extend((i, i + 1, b) for i, (a, b) in enumerate(zip(text, new)) if a != b)
        return new
    pattern = regex.compile("[" + "".join(regex.escape(chr(c)) for c in table) + "]")
    return sub(pattern, lambda m: table[ord(m.group())] or "", text, edits)
