"""Check a cleaning result before trusting it: no content lost, and cleaning it again changes nothing.

Content is every Han ideograph, Latin letter and decimal digit, compared after
folding compatibility forms (`２` is `2`, `⽇` is `日`), so the width and compat
rules keep content. Only de-duplication rules (fake bold, doubled marks) may
remove content — and only a copy of the content just before it — and only
mapping rules (compat, OpenCC, user charmaps, phrase maps, regexes) may change
it; the trace must name each such change. `--safe` refuses to write a file
for which `verify` returns a message.

>>> from cleantext import clean_result
>>> text = "青藏高原青藏高原 ２０２５ 年\\n"
>>> lost_content(text, clean_result(text))
[]
>>> broken = Result("在2025\\n", [Change("spacing", 1, 2, " ", ""), Change("spacing", 6, 8, " 年", "")])
>>> lost_content("在 2025 年\\n", broken)
["1:7: rule 'spacing' changed content: ' 年' → ''"]
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable
from functools import lru_cache

import regex

from .engine import Change, Cleaner, Result, Rule
from .kinds.compat import Compat

#: Kinds whose changes may remove a repeated copy of content.
DEDUP_KINDS = frozenset({"fake-bold", "doubled"})
#: Kinds whose changes may replace content by other content.
MAPPING_KINDS = frozenset({"compat", "opencc", "regex", "charmap", "phrasemap"})

_CONTENT = regex.compile(r"[\p{Han}\p{Latin}\p{Nd}]")
_COMPAT = Compat()


@lru_cache(maxsize=65536)
def _fold(char: str) -> str:
    """The content character `char` stands for: `２` → `2`, `⽇` → `日`, `⺠` → `民`."""
    folded = unicodedata.normalize("NFKC", char)
    if len(folded) != 1:
        folded = char
    return _COMPAT.apply(folded, None)


def content(text: str) -> str:
    """The content characters of `text`, folded.

    >>> content("在 ２０２５ 年，AI!")
    '在2025年AI'
    """
    return "".join(_fold(char) if char >= "\x80" else char for char in _CONTENT.findall(text))


def _rule_kinds(rules: Iterable[Rule]) -> tuple[frozenset[str], frozenset[str]]:
    """(ids of de-duplication rules, ids of mapping rules) of a rule list."""
    rules = list(rules)
    return (
        frozenset(rule.id for rule in rules if rule.kind in DEDUP_KINDS),
        frozenset(rule.id for rule in rules if rule.kind in MAPPING_KINDS),
    )


def _default_rules() -> list[Rule]:
    from . import _cleaner

    return _cleaner("default").rules


class _Where:
    """Turns offsets of a text into `line:column` (both 1-based)."""

    def __init__(self, text: str) -> None:
        self.newlines = [i for i, char in enumerate(text) if char == "\n"]

    def __call__(self, offset: int) -> str:
        line = bisect_left(self.newlines, offset)
        column = offset - (self.newlines[line - 1] + 1 if line else 0) + 1
        return f"{line + 1}:{column}"


def lost_content(original: str, result: Result, rules: Iterable[Rule] | None = None) -> list[str]:
    """Problems with `result` as a cleaning of `original`, one line each; [] when it is sound.

    `result` must come from a traced run (`Cleaner.run(text, trace=True)`).
    `rules` are the rules that ran (default: the default rule set), used to
    know which rule ids are de-duplication or mapping rules. Checked, in
    linear time plus sorting the changes:

    * the text outside every change's span is in the output verbatim and in
      order, and each span's output is as long as its changes say;
    * a change by any other rule keeps the content of what it replaced;
    * a de-duplication change removes only a copy of the content just before it;
    * where a span's content differs between input and output, some change in
      it says so.

    Each message starts with `line:column` of the input and names the rule.
    """
    dedup, mapping = _rule_kinds(_default_rules() if rules is None else rules)
    where = _Where(original)
    problems: list[str] = []
    problems.extend(_check_changes(original, result.changes, dedup, mapping, where))
    problems.extend(_check_alignment(original, result, dedup | mapping, where))
    return problems


def _check_changes(
    original: str,
    changes: list[Change],
    dedup: Collection[str],
    mapping: Collection[str],
    where: _Where,
) -> Iterable[str]:
    """Each change on its own: content kept, or removed/mapped by a rule allowed to."""
    positions: list[int] | None = None
    folded = ""
    for change in changes:
        if not 0 <= change.start <= change.end <= len(original):
            yield f"{where(min(max(change.start, 0), len(original)))}: rule {change.rule!r} " \
                  f"reports a span [{change.start}, {change.end}) outside the input"
            continue
        before, after = content(change.before), content(change.after)
        if before == after or change.rule in mapping:
            continue
        if change.rule in dedup and not after:
            if positions is None:
                positions = [m.start() for m in _CONTENT.finditer(original)]
                folded = content(original)
            # the copy that stays is just before the removed one; the span may be widened to a
            # whole earlier edit (`１１` → `11` by width), so its end is tried as well
            head = bisect_left(positions, change.start)
            tail = bisect_left(positions, change.end)
            if folded[max(head - len(before), 0) : head] == before or (
                folded[max(tail - 2 * len(before), 0) : tail] == before + before
            ):
                continue
            yield f"{where(change.start)}: rule {change.rule!r} removed {change.before!r}, " \
                  f"which is not a copy of the text before it"
            continue
        yield f"{where(change.start)}: rule {change.rule!r} changed content: " \
              f"{change.before!r} → {change.after!r}"


def _spans(changes: list[Change], limit: int) -> list[tuple[int, int, list[Change]]]:
    """The changes grouped into disjoint spans of the input (touching spans merge), in order."""
    spans: list[tuple[int, int, list[Change]]] = []
    for change in sorted(changes, key=lambda c: (c.start, c.end)):
        start, end = min(max(change.start, 0), limit), min(max(change.end, 0), limit)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end), spans[-1][2] + [change])
        else:
            spans.append((start, end, [change]))
    return spans


def _check_alignment(original: str, result: Result, allowed: Collection[str], where: _Where) -> Iterable[str]:
    """The output is the input with each span replaced, and content changes only where a change says so."""
    output = result.text
    done = 0  # how far the input has been matched
    at = 0  # how far the output has been matched
    for start, end, group in _spans(result.changes, len(original)):
        verbatim = original[done:start]
        if output[at : at + len(verbatim)] != verbatim:
            yield _mismatch(original, output, done, at, where)
            return
        at += len(verbatim)
        length = end - start + sum(len(c.after) - len(c.before) for c in group)
        rules = ", ".join(dict.fromkeys(c.rule for c in group))
        if length < 0 or at + length > len(output):
            yield f"{where(start)}: the trace does not account for the text between " \
                  f"{where(start)} and {where(end)} (rules: {rules})"
            return
        new = output[at : at + length]
        if content(original[start:end]) != content(new) and not any(
            c.rule in allowed or content(c.before) != content(c.after) for c in group
        ):
            yield f"{where(start)}: content changed without a change saying so (rules: {rules}): " \
                  f"{original[start:end]!r} → {new!r}"
        at += length
        done = end
    if output[at:] != original[done:]:
        yield _mismatch(original, output, done, at, where)


def _mismatch(original: str, output: str, done: int, at: int, where: _Where) -> str:
    """Where untraced text starts to differ."""
    index = 0
    while done + index < len(original) and at + index < len(output) and original[done + index] == output[at + index]:
        index += 1
    lost = original[done + index : done + index + 20]
    return f"{where(done + index)}: text changed with no rule naming it: {lost!r} → " \
           f"{output[at + index : at + index + 20]!r}"


def verify(original: str, result: Result, cleaner: Cleaner) -> str | None:
    """One line naming the rule that lost content or is not idempotent, or None when `result` is safe.

    `result` must be `cleaner.run(original, trace=True)`.

    >>> from cleantext.config import load_ruleset
    >>> cleaner = Cleaner(load_ruleset())
    >>> verify("在 2025 年,创新\\n", cleaner.run("在 2025 年,创新\\n"), cleaner) is None
    True
    """
    problems = lost_content(original, result, cleaner.rules)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return f"content check failed at {problems[0]}{more}"
    again = cleaner.run(result.text, trace=True)
    if again.changes or again.text != result.text:
        first = again.changes[0] if again.changes else None
        rules = ", ".join(dict.fromkeys(c.rule for c in again.changes)) or "the layout"
        detail = f": {first.before!r} → {first.after!r} at {_Where(result.text)(first.start)} of the output" \
            if first else ""
        return f"not idempotent: cleaning the result again changes it (rules: {rules}){detail}"
    return None
