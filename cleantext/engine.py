"""Run a rule set over text and trace every change back to the rule that made it.

>>> from cleantext.config import load_ruleset
>>> result = Cleaner(load_ruleset()).run("在 2025 年,创新\\n")
>>> result.text
'在2025年，创新\\n'
>>> sorted(result.counts())
['punctuation', 'spacing']
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Collection, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from operator import itemgetter
from typing import Any, NamedTuple, Protocol, TypeVar

from . import native
from .chunks import DEFAULT_TARGET, Readable, TextReader, slices
from .kinds import Edit, Kind, RuleTimeout
from .switches import Part, regions

#: What `Cleaner._stream` gives out: `str`, or UTF-8 `bytes`.
Out = TypeVar("Out", str, bytes)


@dataclass(frozen=True)
class Example:
    """A rule's documented example: `before` becomes `after` (the same when unchanged)."""

    before: str
    after: str


@dataclass
class Rule:
    """A configured rule: an id, the kind that does it, and its settings."""

    id: str
    kind: str
    description: str
    impl: Kind
    enabled: bool = True
    params: dict[str, Any] = field(default_factory=dict)
    examples: list[Example] = field(default_factory=list)
    source: str = ""  # "file:line" where the rule was declared


class Change(NamedTuple):
    """Rule `rule` turned `before` into `after`; [start, end) is where in the original input.
    A named tuple: a run of many MB makes hundreds of thousands of them."""

    rule: str
    start: int
    end: int
    before: str
    after: str


#: A `Change` from a tuple of its fields (`Change._make` without its check, at C speed).
_change = partial(tuple.__new__, Change)


@dataclass
class Result:
    """The cleaned text and every change that made it: by rule in the order the rules ran
    (pass after pass), each rule's changes in the order of their place."""

    text: str
    changes: list[Change]

    def counts(self) -> Counter[str]:
        """Number of changes per rule id."""
        return Counter(change.rule for change in self.changes)


class Stage:
    """The edits one rule made, able to map positions of its output back to its input."""

    def __init__(self, edits: list[Edit]) -> None:
        self.out_starts: list[int] = []
        #: per edit: (where it ends in the output, start and end in the input)
        self.rows: list[tuple[int, int, int]] = []
        shift = 0
        for start, end, new in sorted(edits):
            self.out_starts.append(start + shift)
            self.rows.append((start + shift + len(new), start, end))
            shift += len(new) - (end - start)

    def to_inputs(self, positions: list[int], is_end: bool) -> list[int]:
        """Each output position of `positions` in the input: inside an edit, its start (or
        its end, for the end of a span). A span takes in no edit it only touches: its start
        is after what an edit deleted there, its end before an edit that starts there.
        `positions` ascend, and so do the results.

        >>> stage = Stage([(1, 2, ""), (3, 4, "X")])  # "a\\nbcd" -> "abXd"
        >>> stage.to_inputs([1, 2, 3], False), stage.to_inputs([1, 2, 3], True)
        ([2, 3, 4], [1, 3, 4])
        """
        if len(self.out_starts) * 8 < len(positions):
            return self._between_edits(positions, is_end)
        starts, rows = self.out_starts, self.rows
        mapped: list[int] = []
        index, last = -1, len(starts) - 1
        for pos in positions:  # one walk over the edits; `_in_edit` inlined
            while index < last and (starts[index + 1] < pos or (
                    starts[index + 1] == pos and not is_end)):
                index += 1
            if index < 0:
                mapped.append(pos)
                continue
            out_end, start, end = rows[index]
            if pos < out_end:
                mapped.append(end if is_end else start)
            else:
                mapped.append(end + pos - out_end)
        return mapped

    def _between_edits(self, positions: list[int], is_end: bool) -> list[int]:
        """`to_inputs` for a few edits among many positions: those between two edits move
        by one shift, in a comprehension; only those at an edit are looked at one by one."""
        mapped: list[int] = []
        done = shift = 0
        nexts = [*self.out_starts[1:], len(positions) and positions[-1] + 1]
        first = bisect_right if is_end else bisect_left  # an end at an edit's start is before it
        for out_start, row, next_start in zip(self.out_starts, self.rows, nexts):
            at = first(positions, out_start, done)
            mapped.extend([pos + shift for pos in positions[done:at]])
            done = min(bisect_right(positions, row[0], at), bisect_left(positions, next_start, at))
            mapped.extend([_in_edit(pos, is_end, *row) for pos in positions[at:done]])
            shift = row[2] - row[0]
        mapped.extend([pos + shift for pos in positions[done:]])
        return mapped


def _in_edit(pos: int, is_end: bool, out_end: int, start: int, end: int) -> int:
    """Where in the input `pos` is, at or after an edit's start in the output: inside it, the
    edit's start (its end for the end of a span); past it, as far past the edit's end."""
    if pos < out_end:
        return end if is_end else start
    return end + pos - out_end


#: How many slices a `Cleaner` remembers as settled: those of the file it just cleaned, so
#: that `safety.verify` finds its output settled without running the rules over it again.
SETTLED = 8
#: Most passes of the rules over one slice: a slice not settled by then keeps what the
#: first pass made (and `--safe` refuses to write it).
MAX_PASSES = 4


class Cleaner:
    """The enabled rules of a rule set, in order, ready to run."""

    def __init__(self, rules: Iterable[Rule], target: int = DEFAULT_TARGET) -> None:
        self.rules = [rule for rule in rules if rule.enabled]
        self.target = target
        self.steps = _steps(self.rules)
        self.layout_rule = next((r.id for r in self.rules if r.impl.layout), "")
        self.paragraphs = bool(self.layout_rule)
        #: a new trace for each slice: the native core's when it runs
        core = native.core_class("Trace")
        self.new_trace: Callable[[], Trace] = partial(_NativeTrace, core) if core else _Trace
        #: the last slices found settled (a pass changed nothing), oldest first, by
        #: `_settled_key`: cleaning one again gives it back at once (checking that a cleaned
        #: text cleans to itself)
        self.settled_slices: dict[tuple[int, str, str], str] = {}

    def one_chain(self) -> native.NativeChain | None:
        """The native chain that runs the whole rule set, if one does: untraced, it makes the
        passes over a slice in one call (`Chain.settle`)."""
        return self.steps[0].chain if len(self.steps) == 1 else None

    def run(self, text: str, trace: bool = True) -> Result:
        """Clean a whole string."""
        changes: list[Change] | None = [] if trace else None
        parts = list(self.stream(TextReader(text), changes))
        return Result("".join(parts), changes or [])

    def stream(self, source: Readable, changes: list[Change] | None = None,
               blocks: bool = False) -> Iterator[str]:
        """Clean a stream slice by slice, yielding output text; appends to `changes` if given.

        Parts between `cleantext: off` and `cleantext: on` lines pass through as they are
        (`cleantext.switches`), and so does the white space that borders them. With
        `blocks`, a slice's changes may come as one native block in place of them
        (`cleantext_native.Changes`, made when the native core traces the whole rule set in
        one call: `expand` gives the `Change`s).
        """
        clean = partial(self._clean_piece, blocks=True) if blocks else self._clean_piece
        return self._stream(source, changes, clean, _same)

    def stream_utf8(self, source: Readable) -> Iterator[bytes]:
        """`stream` untraced, yielding UTF-8: a rule set the native core runs as one chain
        hands each slice's output over in UTF-8 (`Chain.settle_utf8`), not as a `str` that
        would only be encoded again.

        >>> from cleantext.config import load_ruleset
        >>> b"".join(Cleaner(load_ruleset()).stream_utf8(TextReader("在 2025 年\\n"))).decode()
        '在2025年\\n'
        """
        return self._stream(source, None, self._clean_utf8, str.encode)

    def _stream(self, source: Readable, changes: list[Change] | None,
                clean: Callable[[str, int, list[Change] | None], Out],
                out: Callable[[str], Out]) -> Iterator[Out]:
        """`stream`, each slice cleaned by `clean` (`_clean_piece` or `_clean_utf8`), the
        text around slices given out as `out` makes it."""
        offset = 0
        after_off = False
        for part in regions(source, self.target):
            if isinstance(part, str):
                yield out(part)
                offset += len(part)
                after_off = True
                continue
            offset = yield from self._stream_part(part, changes, offset, after_off, clean, out)

    def _stream_part(self, source: Part, changes: list[Change] | None, offset: int,
                     after_off: bool, clean: Callable[[str, int, list[Change] | None], Out],
                     out: Callable[[str], Out]) -> Generator[Out, None, int]:
        """Clean one part to clean; returns the offset where it ends in the input."""
        wrote = False  # whether any slice has cleaned to text yet (one of only noise cleans to "")
        for gap, piece in slices(source, self.target):
            if not piece:  # the trailing gap
                tail = "\n" if self.paragraphs and wrote else ("" if self.paragraphs else gap)
                if source.before_off:
                    tail = gap  # a part left alone follows: the white space before it stays
                self._gap_change(changes, offset, gap, tail)
                yield out(tail)
                return offset + len(gap)
            local: list[Change] | None = None if changes is None else []
            cleaned = clean(piece, offset + len(gap), local)
            if after_off and not wrote:
                joint = gap  # the white space after a part left alone stays
            else:
                joint = self._joint(gap, not wrote) if cleaned or not self.paragraphs else ""
            self._gap_change(changes, offset, gap, joint)
            if changes is not None and local:
                changes.extend(local)
            yield out(joint) + cleaned
            offset += len(gap) + len(piece)
            wrote = wrote or bool(cleaned)
        return offset

    def _joint(self, gap: str, first: bool) -> str:
        """What the white space between two slices becomes."""
        if not self.paragraphs:
            return gap
        if first:
            return ""
        return "\n\n" if gap.count("\n") >= 2 else ""

    def _gap_change(self, changes: list[Change] | None, offset: int, gap: str, new: str) -> None:
        if changes is not None and gap != new:
            changes.append(Change(self.layout_rule, offset, offset + len(gap), gap, new))

    def _clean_piece(self, text: str, offset: int, changes: list[Change] | None,
                     blocks: bool = False) -> str:
        """Run the rules over one slice again and again until a pass changes nothing.

        One rule may leave work for an earlier one (`spacing` removes the space in
        `一 00一00`, which is then fake bold), so a single pass is not always final.
        Text that needs no change costs one pass (none if it is one of the last
        `SETTLED` slices found settled); most text settles in two. Rules that
        never settle (a user's `新` → `新！`) keep what their first pass made.

        A later pass does only what may come out otherwise: a rule's output depends on
        its input alone, so a rule that changed nothing is not run on the same text
        again (`settled`), and a `Scope.LINE` kind skips the lines it left alone before
        (`kinds.base.Known`). Untraced, a rule set the native core runs as one chain
        settles there in one call (`Chain.settle`, the same passes); traced with `blocks`,
        too (`Chain.checked`: its changes are one native block).
        """
        if self._settled(text):  # found settled before: a pass changes nothing
            return text
        chain = self.one_chain() if changes is None or blocks else None
        if chain is not None:
            try:  # the passes in one call of the native core
                if changes is None:
                    return chain.settle(text, MAX_PASSES)
                text, settles, block = chain.checked(text, MAX_PASSES, offset,
                                                     self.steps[0].ids, Change)
            except native.FALLBACK:
                pass  # a rule declined the text: the passes one by one, Python where it must
            else:
                if block:
                    changes.append(block)
                if settles:
                    self._remember_settled(text)
                return text
        return self._passes(text, offset, changes)

    def _clean_utf8(self, text: str, offset: int, changes: list[Change] | None) -> bytes:
        """`_clean_piece`, the text given back in UTF-8: untraced, natively in one call
        when it can (`changes` is None)."""
        chain = self.one_chain() if changes is None else None
        if chain is not None and not self._settled(text):
            try:
                return chain.settle_utf8(text, MAX_PASSES)
            except native.FALLBACK:
                return self._passes(text, offset, changes).encode()
        return self._clean_piece(text, offset, changes).encode()

    def _passes(self, text: str, offset: int, changes: list[Change] | None) -> str:
        """`_clean_piece`'s passes one by one (each step natively or in Python)."""
        trace = None if changes is None else self.new_trace()
        #: per step: the text it last ran on if it changed nothing there
        settled: list[str | None] = [None] * len(self.steps)
        first, traced = text, 0
        for done in range(MAX_PASSES):
            before = text
            text = self._pass(text, offset, changes, trace, settled)
            if text == before:
                self._remember_settled(text)
                return text
            if not done:
                first, traced = text, len(changes or ())
        if changes is not None:
            del changes[traced:]
        return first

    def _settled(self, text: str) -> bool:
        """Whether slice `text` is one of the last `SETTLED` found settled."""
        return self.settled_slices.get(_settled_key(text)) == text

    def _remember_settled(self, text: str) -> None:
        """Remember that a pass over slice `text` changes nothing (the last `SETTLED` such)."""
        key = _settled_key(text)
        self.settled_slices.pop(key, None)
        self.settled_slices[key] = text
        if len(self.settled_slices) > SETTLED:
            del self.settled_slices[next(iter(self.settled_slices))]

    def _pass(self, text: str, offset: int, changes: list[Change] | None,
              trace: Trace | None, settled: list[str | None]) -> str:
        """Every step once, in order, but where it is `settled`; with a `trace`, each rule's
        changes are traced back to places in the slice and added to `changes`."""
        for index, step in enumerate(self.steps):
            if text == settled[index]:
                continue
            before = text
            if changes is None or trace is None:
                text = step.run(text)
            else:
                text = step.traced(text, offset, trace, changes)
            settled[index] = before if text == before else None
        return text


#: How many characters of each end of a slice `_settled_key` takes.
_ENDS = 32


def _settled_key(text: str) -> tuple[int, str, str]:
    """What `Cleaner.settled_slices` keeps slice `text` under: its length and its ends (a
    slice found under them is then compared whole). A slice is a new string each time it is
    looked up (the input's, the output's, the output's again in `safety.verify`), and
    hashing it whole (5 us for 10,000 characters) costs ten times taking its key.

    >>> key = _settled_key("一。" * 40)
    >>> key[0], len(key[1]), key[1] == key[2]
    (80, 32, True)
    """
    return len(text), text[:_ENDS], text[-_ENDS:]


def _same(text: str) -> str:
    """`text` itself: what `Cleaner.stream` gives out."""
    return text


class Trace(Protocol):
    """The trace of one slice's run: `_Trace`, or `_NativeTrace`."""

    def record(self, rule: str, before: str, edits: list[Edit], offset: int, /
               ) -> Iterable[Change]:
        ...


class _Trace:
    """The edits each rule made of a slice so far (`Stage`s), able to say where a rule's
    edits of its input are in the slice.

    >>> trace = _Trace()
    >>> list(trace.record("a", "x  y", [(1, 3, " ")], 10))
    [Change(rule='a', start=11, end=13, before='  ', after=' ')]
    >>> list(trace.record("b", "x y", [(1, 2, "")], 10))
    [Change(rule='b', start=11, end=13, before=' ', after='')]
    """

    def __init__(self) -> None:
        self.stages: list[Stage] = []

    def record(self, rule: str, before: str, edits: list[Edit], offset: int
               ) -> Iterable[Change]:
        """The changes of the slice (starting at `offset` of the input) that `rule`'s
        `edits` of `before` are: through every earlier stage."""
        edits.sort()
        starts = [start for start, _, _ in edits]
        ends = [end for _, end, _ in edits]
        for stage in reversed(self.stages):
            starts, ends = stage.to_inputs(starts, False), stage.to_inputs(ends, True)
        self.stages.append(Stage(edits))
        # an insertion where an earlier rule deleted goes before what it deleted
        return map(_change, [(rule, offset + min(a, b), offset + b, before[start:end], new)
                             for (start, end, new), a, b in zip(edits, starts, ends)])


class _NativeTrace:
    """`_Trace` in the native core (`cleantext_native.Trace`); `Chain.trace` records in it."""

    def __init__(self, core_class: Callable[[], Any]) -> None:
        self.core = core_class()

    def record(self, rule: str, before: str, edits: list[Edit], offset: int
               ) -> Iterable[Change]:
        """`_Trace.record`."""
        return _changes(self.core.record(rule, before, edits, offset))


def expand(changes: list[Change]) -> list[Change]:
    """`changes` with each native block of them (`Cleaner.stream(blocks=True)`) replaced by
    its `Change`s."""
    if _all_changes(changes):
        return changes
    return [one for change in changes
            for one in ((change,) if isinstance(change, tuple) else change.items())]


def count_rules(tally: Counter[str], changes: list[Change]) -> None:
    """Add the number of `changes` (native blocks too) per rule to `tally`."""
    if _all_changes(changes):
        tally.update(map(_RULE, changes))
        return
    for change in changes:
        if isinstance(change, tuple):
            tally[change.rule] += 1
        else:  # (rule id, count) pairs
            for rule, count in change.counts():
                tally[rule] += count


def of_rules(changes: list[Change], rules: Collection[str]) -> list[Change]:
    """The `changes` (native blocks too) by rules of `rules`, in order."""
    if _all_changes(changes):
        return [change for change in changes if change.rule in rules]
    found: list[Change] = []
    for change in changes:
        if not isinstance(change, tuple):
            found.extend(change.of_rules(rules))
        elif change.rule in rules:
            found.append(change)
    return found


def _all_changes(changes: list[Change]) -> bool:
    """Whether `changes` holds no native block (scanned at C speed: lists can be long)."""
    return all(issubclass(kind, tuple) for kind in set(map(type, changes)))


_RULE = itemgetter(0)


def _changes(columns: tuple[list[Any], ...]) -> Iterator[Change]:
    """Changes from the native core's columns of their fields (rule ids, starts, ends,
    befores, afters)."""
    return map(_change, zip(*columns))


class _Step:
    """One rule, or consecutive rules the native core runs in one call (`native.chain`):
    the text crosses into the core and back once for all of them."""

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = rules
        self.chain = native.chain([rule.impl.core for rule in rules]) if len(rules) > 1 else None
        self.ids = [rule.id for rule in rules]

    def run(self, text: str) -> str:
        """The text after the step's rules, untraced."""
        if self.chain is not None:
            try:
                return self.chain.apply(text, False)[0]
            except native.FALLBACK:  # each rule on its own, in Python where it must
                pass
        for rule in self.rules:
            text = _apply(rule, text, None)
        return text

    def traced(self, text: str, offset: int, trace: Trace, changes: list[Change]) -> str:
        """The text after the step's rules; their changes, traced, added to `changes`."""
        if self.chain is not None and isinstance(trace, _NativeTrace):
            try:
                text, found = self.chain.trace(text, trace.core, offset, self.ids, Change)
            except native.FALLBACK:
                pass  # nothing recorded: each rule on its own, in Python where it must
            else:
                changes.extend(found)
                return text
        for rule in self.rules:
            made: list[Edit] = []
            after = _apply(rule, text, made)
            if made:
                changes.extend(trace.record(rule.id, text, made, offset))
            text = after
        return text


def _steps(rules: list[Rule]) -> list[_Step]:
    """`rules` as steps: each run of consecutive rules the native core has is one step."""
    steps: list[_Step] = []
    run: list[Rule] = []
    for rule in rules:
        if rule.impl.core is not None:
            run.append(rule)
            continue
        if run:
            steps.append(_Step(run))
            run = []
        steps.append(_Step([rule]))
    if run:
        steps.append(_Step(run))
    return steps


def _apply(rule: Rule, text: str, edits: list[Edit] | None) -> str:
    """Run one rule; a timeout names the rule it happened in."""
    try:
        return rule.impl.run(text, edits)
    except RuleTimeout as error:
        raise RuleTimeout(f"rule {rule.id}: {error}") from None
