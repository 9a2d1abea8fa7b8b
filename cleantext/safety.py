"""Check a cleaning result before trusting it: no content lost, and cleaning it again changes none.

Content is every Han ideograph, Latin letter and decimal digit, compared after
folding compatibility forms (`２` is `2`, `⽇` is `日`), so the width and compat
rules keep content. Only de-duplication rules (fake bold, doubled marks) may
remove content — and only a copy of the content just before it — and only
mapping rules (compat, OpenCC, user charmaps, phrase maps, regexes) may change
it; the trace must name each such change. `--safe` refuses to write a file
for which `verify` returns a message.

`verify` takes time linear in the text and, beyond the text and its trace,
memory bounded by the size of a slice (`cleantext.chunks`): it keeps nothing
per character or per change, and checks idempotence slice by slice.

>>> from cleantext import clean_result
>>> text = "青藏高原青藏高原 ２０２５ 年\\n"
>>> lost_content(text, clean_result(text))
[]
>>> broken = Result("在2025\\n", [Change("spacing", 1, 2, " ", ""),
...                                Change("spacing", 6, 8, " 年", "")])
>>> lost_content("在 2025 年\\n", broken)
["1:7: rule 'spacing' changed content: ' 年' → ''"]
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Collection, Iterable, Iterator
from functools import lru_cache
from itertools import groupby, pairwise

import regex

from .chunks import slices
from .engine import Change, Cleaner, Result, Rule
from .kinds.compat import Compat

#: Kinds whose changes may remove a repeated copy of content.
DEDUP_KINDS = frozenset({"fake-bold", "doubled"})
#: Kinds whose changes may replace content by other content.
MAPPING_KINDS = frozenset({"compat", "opencc", "regex", "charmap", "phrasemap"})

_NOT_CONTENT = regex.compile(r"[^\p{Han}\p{Latin}\p{Nd}]+")
_COMPAT = Compat()
_BLOCK = 1 << 16  # characters compared at a time, so no comparison copies a whole text


def _fold(char: str) -> str:
    """The content character `char` stands for: `２` → `2`, `⽇` → `日`, `⺠` → `民`."""
    folded = unicodedata.normalize("NFKC", char)
    if len(folded) != 1:
        folded = char
    return _COMPAT.apply(folded, None)


class _Folds(dict[int, str]):
    """A `str.translate` table that folds each character the first time it is met."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = _fold(chr(code))
        return folded


_FOLDS = _Folds()


def content(text: str) -> str:
    """The content characters of `text`, folded.

    >>> content("在 ２０２５ 年，AI!")
    '在2025年AI'
    """
    kept = _NOT_CONTENT.sub("", text)
    return kept if kept.isascii() else kept.translate(_FOLDS)


@lru_cache(maxsize=4096)
def _short_content(text: str) -> str:
    """`content` of a change's short before or after text, which repeat a lot."""
    return content(text)


def _content_of(text: str) -> str:
    """`content`, remembered for short texts."""
    return _short_content(text) if len(text) <= 16 else content(text)


def _content_before(text: str, pos: int, count: int) -> str:
    """The last `count` content characters of `text[:pos]`, folded (all of them if fewer)."""
    width = 2 * count + 64
    while True:
        start = max(pos - width, 0)
        found = content(text[start:pos])
        if len(found) >= count or start == 0:
            return found[len(found) - count :] if count else ""
        width *= 4


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
    """Turns offsets of a text into `line:column` (both 1-based), counting from the last asked."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.offset = 0
        self.line = 1
        self.line_start = 0

    def __call__(self, offset: int) -> str:
        text, last = self.text, self.offset
        if offset >= last:
            newlines = text.count("\n", last, offset)
            self.line += newlines
        else:
            newlines = text.count("\n", offset, last)
            self.line -= newlines
        if newlines:
            self.line_start = text.rfind("\n", 0, offset) + 1
        self.offset = offset
        return f"{self.line}:{offset - self.line_start + 1}"


def lost_content(
    original: str, result: Result, rules: Iterable[Rule] | None = None, target: int | None = None
) -> list[str]:
    """Problems with `result` as a cleaning of `original`, one line each; [] when it is sound.

    `result` must come from a traced run (`Cleaner.run(text, trace=True)`).
    `rules` are the rules that ran (default: the default rule set), used to
    know which rule ids are de-duplication or mapping rules; `target`, the
    slice size the cleaner ran with, lets the changes be sorted slice by slice
    instead of all at once. Checked, in linear time plus sorting the changes:

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
    changes = _in_order(result.changes, original, target)
    problems.extend(_check_alignment(original, result.text, changes, dedup | mapping, where))
    return problems


def _check_changes(
    original: str,
    changes: list[Change],
    dedup: Collection[str],
    mapping: Collection[str],
    where: _Where,
) -> Iterable[str]:
    """Each change on its own: content kept, or removed/mapped by a rule allowed to."""
    for change in changes:
        if not 0 <= change.start <= change.end <= len(original):
            yield f"{where(min(max(change.start, 0), len(original)))}: rule {change.rule!r} " \
                  f"reports a span [{change.start}, {change.end}) outside the input"
            continue
        before, after = _content_of(change.before), _content_of(change.after)
        if before == after or change.rule in mapping:
            continue
        if change.rule in dedup and not after:
            # the copy that stays is just before the removed one; the span may be widened to a
            # whole earlier edit (`１１` → `11` by width), so its end is tried as well
            size = len(before)
            if _content_before(original, change.start, size) == before or (
                _content_before(original, change.end, 2 * size) == before + before
            ):
                continue
            yield f"{where(change.start)}: rule {change.rule!r} removed {change.before!r}, " \
                  f"which is not a copy of the text before it"
            continue
        yield f"{where(change.start)}: rule {change.rule!r} changed content: " \
              f"{change.before!r} → {change.after!r}"


class _Reader:
    """A `Readable` over a string that hands out pieces of it without copying the whole."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def read(self, size: int = -1, /) -> str:
        end = len(self.text) if size < 0 else self.pos + size
        piece = self.text[self.pos : end]
        self.pos += len(piece)
        return piece


def _key(change: Change) -> tuple[int, int]:
    return change.start, change.end


def _in_order(changes: list[Change], original: str, target: int | None) -> Iterable[Change]:
    """`changes` sorted by span; slice by slice when they come slice by slice, as a run's do."""
    if target is None:
        return sorted(changes, key=_key)
    starts = []  # where each slice's text starts: its changes start there or later
    offset = 0
    for gap, piece in slices(_Reader(original), target):
        starts.append(offset + len(gap))
        offset += len(gap) + len(piece)

    def slice_of(change: Change) -> int:
        return bisect_right(starts, change.start)

    if any(a > b for a, b in pairwise(map(slice_of, changes))):
        return sorted(changes, key=_key)
    return (change for _, run in groupby(changes, slice_of) for change in sorted(run, key=_key))


def _spans(changes: Iterable[Change], limit: int) -> Iterator[tuple[int, int, list[Change]]]:
    """The changes, in order, grouped into disjoint spans of the input (touching spans merge)."""
    start, end, group = 0, 0, []
    for change in changes:
        first, last = min(max(change.start, 0), limit), min(max(change.end, 0), limit)
        if group and first <= end:
            end = max(end, last)
            group.append(change)
            continue
        if group:
            yield start, end, group
        start, end, group = first, last, [change]
    if group:
        yield start, end, group


def _same(a: str, at_a: int, b: str, at_b: int, length: int) -> bool:
    """Whether `a[at_a:at_a + length] == b[at_b:at_b + length]`, both that long."""
    if at_a + length > len(a) or at_b + length > len(b):
        return False
    if length <= _BLOCK:
        return b.startswith(a[at_a : at_a + length], at_b)
    return all(b.startswith(a[at_a + i : at_a + min(i + _BLOCK, length)], at_b + i)
               for i in range(0, length, _BLOCK))


def _check_alignment(
    original: str,
    output: str,
    changes: Iterable[Change],
    allowed: Collection[str],
    where: _Where,
) -> Iterable[str]:
    """The output is the input with each span replaced; content changes only where a change says."""
    done = 0  # how far the input has been matched
    at = 0  # how far the output has been matched
    for start, end, group in _spans(changes, len(original)):
        if not _same(original, done, output, at, start - done):
            yield _mismatch(original, output, done, at, where)
            return
        at += start - done
        length = end - start + sum(len(c.after) - len(c.before) for c in group)
        if length < 0 or at + length > len(output):
            yield f"{where(start)}: the trace does not account for the text between " \
                  f"{where(start)} and {where(end)} (rules: {_rules(group)})"
            return
        old, new = original[start:end], output[at : at + length]
        if old != new and _content_of(old) != _content_of(new) and not any(
            c.rule in allowed or _content_of(c.before) != _content_of(c.after) for c in group
        ):
            yield f"{where(start)}: content changed without a change saying so " \
                  f"(rules: {_rules(group)}): {old!r} → {new!r}"
        at += length
        done = end
    if len(output) - at != len(original) - done or not _same(
        original, done, output, at, len(original) - done
    ):
        yield _mismatch(original, output, done, at, where)


def _rules(changes: Iterable[Change]) -> str:
    """The rule ids of `changes`, each once, in order."""
    return ", ".join(dict.fromkeys(change.rule for change in changes))


def _mismatch(original: str, output: str, done: int, at: int, where: _Where) -> str:
    """Where untraced text starts to differ."""
    index = 0
    while _same(original, done + index, output, at + index, _BLOCK):
        index += _BLOCK
    end = min(len(original) - done, len(output) - at)
    while index < end and original[done + index] == output[at + index]:
        index += 1
    lost = original[done + index : done + index + 20]
    return f"{where(done + index)}: text changed with no rule naming it: {lost!r} → " \
           f"{output[at + index : at + index + 20]!r}"


def _not_idempotent(text: str, cleaner: Cleaner) -> str | None:
    """What cleaning `text` again changes, or None; slice by slice, keeping no trace."""
    changes: list[Change] = []
    rules: dict[str, None] = {}
    first: Change | None = None
    same = True
    at = 0
    for piece in cleaner.stream(_Reader(text), changes):
        same = same and text.startswith(piece, at)
        at += len(piece)
        if changes:
            first = first or changes[0]
            rules.update(dict.fromkeys(c.rule for c in changes))
            changes.clear()
    if same and at == len(text) and first is None:
        return None
    detail = ""
    if first:
        where = _Where(text)(first.start)
        detail = f": {first.before!r} → {first.after!r} at {where} of the output"
    return f"not idempotent: cleaning the result again changes it " \
           f"(rules: {', '.join(rules) or 'the layout'}){detail}"


def verify(original: str, result: Result, cleaner: Cleaner) -> str | None:
    """One line naming the rule that lost content or is not idempotent; None when `result` is safe.

    `result` must be `cleaner.run(original, trace=True)`.

    >>> from cleantext.config import load_ruleset
    >>> cleaner = Cleaner(load_ruleset())
    >>> verify("在 2025 年,创新\\n", cleaner.run("在 2025 年,创新\\n"), cleaner) is None
    True
    """
    problems = lost_content(original, result, cleaner.rules, cleaner.target)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return f"content check failed at {problems[0]}{more}"
    return _not_idempotent(result.text, cleaner)
