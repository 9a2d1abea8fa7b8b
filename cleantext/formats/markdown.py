"""Markdown: clean the prose of a CommonMark document, and nothing else.

The document is parsed with markdown-it-py (CommonMark, plus GFM tables,
strikethrough and footnotes, `$`/`$$` and `\\(`/`\\[` math and front matter).
The text of each paragraph, heading and table cell (list items, block quotes
and footnotes hold paragraphs) is handed to the rules as one piece of plain
text, its lines as they were, so a wrapped paragraph is unwrapped as plain
text is; a line break is joined only beside Chinese (Markdown shows it as a
space, which between Latin words belongs there), and a blank line the rules
would put in is not (it would split the paragraph). Inline markup is *held*:
code spans, link and image targets (`[` and `](…)` stay, the link's text is
prose), autolinks, raw HTML, entities, backslash escapes, math, hard breaks,
footnote references, task list boxes and emphasis markers (with the spaces
beside them, which decide whether `**` opens) each stand as one private-use
character the rules leave alone, and are put back byte for byte. Code blocks,
HTML blocks, math blocks, front matter, link reference definitions and
thematic breaks are not prose.

Each change is traced back to the document (a joined line's `\\n> ` in a
block quote is the span the change removed), so `--explain`, `--diff`,
`--safe` and the review app work as on plain text. Last, the cleaned document
is parsed again: a block whose cleaning changed the structure (`*\\u00a0a\\u00a0*`
is text, but `invisible` makes the NBSPs spaces and `* a *` is a list) is left
as it was.

>>> from cleantext.config import load_ruleset
>>> cleaner = MarkdownCleaner(load_ruleset())
>>> print(cleaner.run("# 标题\\n\\n正文 , 见[文档](https://a.cn/x?a=1,2)。\\n\\n"
...                   "```\\nx = \\"中文, 测试\\"\\n```\\n").text, end="")
# 标题
<BLANKLINE>
正文，见[文档](https://a.cn/x?a=1,2)。
<BLANKLINE>
```
x = "中文, 测试"
```
"""

from __future__ import annotations

import io
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.texmath import texmath_plugin

from ..chunks import DEFAULT_TARGET, Readable
from ..engine import MAX_PASSES, Change, Cleaner, Result, Rule, Stage
from ..text import is_cjk, lazy_re

TEXT, BREAK, HOLD = 0, 1, 2  # prose; a soft line break ("\n" to the rules); held markup
_SPANS = "cleantext_spans"  # env key under which the inline rules record what they matched
_FIRST_HOLD = 0xF0000  # placeholders: Supplementary Private Use Area-A and -B
_LAST_HOLD = 0x10FFFD
#: A task list item's box at the start of its text (`- [ ] todo`).
_TASK = lazy_re(r"\[[ xX]\][ \t]")
#: Tokens whose content is the document's own bytes (compared in full by `outline`).
_LITERAL = frozenset({"code_inline", "code_block", "fence", "html_block", "html_inline",
                      "front_matter", "math_inline", "math_inline_double", "math_block",
                      "math_block_label", "math_block_eqno"})
#: Rounds of the structure check that leave single blocks as they were, before all are.
_GUARD_ROUNDS = 8


def _configure(md: MarkdownIt) -> MarkdownIt:
    md.enable(["table", "strikethrough"])
    front_matter_plugin(md)
    dollarmath_plugin(md, double_inline=True)
    texmath_plugin(md, delimiters="brackets")  # \( \) and \[ \]
    footnote_plugin(md)
    return md


@lru_cache(maxsize=1)
def reader() -> MarkdownIt:
    """The parser whose tokens `outline` compares."""
    return _configure(MarkdownIt("commonmark"))


def _recording(name: str, rule: Any) -> Any:
    """`rule`, recording in the state's env the span of each match it makes (not the
    look-ahead ones), and for links and images where their text ends."""

    def record(state: StateInline, silent: bool) -> bool:
        start = state.pos
        matched = bool(rule(state, silent))
        spans = state.env.get(_SPANS)
        if matched and not silent and spans is not None:
            label = -1
            if name == "link":
                label = state.md.helpers.parseLinkLabel(state, start, True)
            elif name == "image":
                label = state.md.helpers.parseLinkLabel(state, start + 1, False)
            spans.append((name, start, state.pos, label))
        return matched

    return record


def _inline(state: StateCore) -> None:
    """The core rule that parses each inline token's content, keeping in its `meta` the
    spans the inline rules recorded."""
    for token in state.tokens:
        if token.type == "inline":
            spans: list[tuple[str, int, int, int]] = []
            if _TASK.match(token.content):  # a GFM task list item's box, and the space after
                spans.append(("task", 0, 4, -1))
            token.meta[_SPANS] = state.env[_SPANS] = spans
            token.children = []
            state.md.inline.parse(token.content, state.md, state.env, token.children)


@lru_cache(maxsize=1)
def _scanner() -> MarkdownIt:
    """The parser of `reader`, its inline rules recording what they matched."""
    md = _configure(MarkdownIt("commonmark"))
    md.core.ruler.at("inline", _inline)
    ruler = md.inline.ruler
    for rule in ruler.__rules__:
        if rule.name != "text":
            rule.fn = _recording(rule.name, rule.fn)
    ruler.__cache__ = None
    return md


class Piece(NamedTuple):
    """A run of a block's prose: TEXT (prose), BREAK (a soft line break) or HOLD (markup);
    [start, end) in the document."""

    kind: int
    start: int
    end: int


class _Lines:
    """Where each position of an inline token's content is in the document: its lines are
    the ends of the document's lines (container markers and indentation cut off)."""

    def __init__(self, starts: list[int], leads: list[int], bodies: list[int]) -> None:
        self.starts, self.leads, self.bodies = starts, leads, bodies

    def __call__(self, pos: int) -> int:
        line = bisect_right(self.starts, pos) - 1
        column = pos - self.starts[line]
        return self.bodies[line] + max(column - self.leads[line], 0)


def _paragraph_lines(doc: str, line_starts: list[int], first: int, content: str) -> _Lines | None:
    """`_Lines` of a paragraph's (or setext heading's) content from line `first` on."""
    starts: list[int] = []
    leads: list[int] = []
    bodies: list[int] = []
    at = 0
    lines = content.split("\n")
    if first + len(lines) >= len(line_starts):
        return None
    for index, line in enumerate(lines):
        body = line if index == 0 else line.lstrip(" \t")
        begin, end = line_starts[first + index], line_starts[first + index + 1] - 1
        source = doc[begin:end]
        if index == len(lines) - 1:
            source = source.rstrip()
        if not source.endswith(body):
            return None
        starts.append(at)
        leads.append(len(line) - len(body))
        bodies.append(begin + len(source) - len(body))
        at += len(line) + 1
    return _Lines(starts, leads, bodies)


def _line_starts(doc: str) -> list[int]:
    """Where each line starts, and one past the end (as if the text ended with a newline)."""
    starts = [0]
    at = doc.find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = doc.find("\n", at + 1)
    if starts[-1] <= len(doc):
        starts.append(len(doc) + 1)
    return starts


def scan(doc: str) -> tuple[list[list[Piece]], list[Token]]:
    """The prose of `doc` (a list of pieces per paragraph, heading or table cell) and its
    tokens (as `reader` makes them)."""
    md = _scanner()
    env: dict[str, Any] = {}
    tokens = md.parse(doc, env)
    line_starts = _line_starts(doc)
    blocks: list[list[Piece]] = []
    row, cursor = -1, 0  # the table row being read, and how far into its line
    for index, token in enumerate(tokens):
        if token.type == "tr_open" and token.map:
            row, cursor = token.map[0], line_starts[token.map[0]]
        if token.type != "inline" or _SPANS not in token.meta:
            continue
        spans, content, cell = token.meta.pop(_SPANS), token.content, tokens[index - 1].type
        if cell in ("th_open", "td_open") and "|" in content:  # as written: its pipes escaped
            content = content.replace("|", "\\|")
            spans = env[_SPANS] = []
            md.inline.parse(content, md, env, [])
        lines = _place(doc, line_starts, tokens[index - 1], content, row, cursor)
        if lines is not None:
            if cell in ("th_open", "td_open"):
                cursor = lines.bodies[0] + len(content)
            pieces = _pieces(doc, content, lines, spans)
            if pieces:
                blocks.append(pieces)
    blocks.sort(key=lambda pieces: pieces[0].start)  # footnotes come last among the tokens
    return blocks, tokens


def _place(doc: str, line_starts: list[int], parent: Token, content: str, row: int,
           cursor: int) -> _Lines | None:
    """Where the inline content of a paragraph, heading or table cell (`parent`; a cell's
    `row` line from `cursor` on) is in the document; None when it cannot be placed."""
    first = parent.map[0] if parent.map else -1
    found = -1
    if not content:
        return None
    if parent.type in ("th_open", "td_open") and row >= 0:
        found = doc.find(content, cursor, line_starts[row + 1])
    elif first < 0:
        return None
    elif parent.type == "paragraph_open" or (
            parent.type == "heading_open" and not parent.markup.startswith("#")):
        return _paragraph_lines(doc, line_starts, first, content)
    elif parent.type == "heading_open":  # ATX: after the opening #s
        begin, end = line_starts[first], line_starts[first + 1]
        marks = doc.find("#", begin, end)
        while 0 <= marks < end and doc.startswith("#", marks):
            marks += 1
        found = doc.find(content, marks, end) if marks >= 0 else -1
    return _Lines([0], [0], [found]) if found >= 0 else None


def _marks(content: str, spans: Iterable[tuple[str, int, int, int]]) -> list[Piece]:
    """The held and line-break spans of an inline content, in its own positions, merged
    where they overlap (markup inside held markup is held with it)."""
    marks: list[Piece] = []
    for name, start, end, label in spans:
        if name == "newline":  # the spaces before it (2+: a hard break) and after it
            first = len(content[:start].rstrip(" "))
            marks.append(Piece(HOLD if start - first >= 2 else BREAK, first, end))
        elif name in ("link", "image"):
            after = content[label + 1 : min(label + 3, end)]  # what follows the text, if taken
            if label >= 0 and (after[:1] == "(" or (after[:1] == "[" and after != "[]")):
                marks.append(Piece(HOLD, start, start + (1 if name == "link" else 2)))
                marks.append(Piece(HOLD, label, end))
            else:  # a reference by its own text: the text is the key, so it stays
                marks.append(Piece(HOLD, start, end))
        elif name in ("emphasis", "strikethrough"):
            # with the white space beside, which decides whether it opens or closes (NBSP
            # too: `*\u00a0a*` is no emphasis, and `invisible` would make it a space)
            first, last = start, end
            while first and content[first - 1].isspace() and content[first - 1] != "\n":
                first -= 1
            while last < len(content) and content[last].isspace() and content[last] != "\n":
                last += 1
            marks.append(Piece(HOLD, first, last))
        else:  # code, autolinks, HTML, entities, escapes (and `\` hard breaks), math
            marks.append(Piece(HOLD, start, end))
    marks.sort(key=lambda mark: (mark.start, -mark.end))
    merged: list[Piece] = []
    for mark in marks:
        if merged and mark.start < merged[-1].end:
            held = merged[-1]
            kind = held.kind if mark.end <= held.end else HOLD
            merged[-1] = Piece(kind, held.start, max(held.end, mark.end))
        else:
            merged.append(mark)
    return merged


def _pieces(doc: str, content: str, where: _Lines,
            spans: Iterable[tuple[str, int, int, int]]) -> list[Piece]:
    """An inline content's pieces in document positions; [] when they cannot be placed."""
    pieces: list[Piece] = []
    at = 0
    for mark in [*_marks(content, spans), Piece(TEXT, len(content), len(content))]:
        if mark.start > at:
            start, end = where(at), where(at) + mark.start - at
            if "\n" in content[at : mark.start] or doc[start:end] != content[at : mark.start]:
                return []
            pieces.append(Piece(TEXT, start, end))
        if mark.end > mark.start:
            pieces.append(Piece(mark.kind, where(mark.start), where(mark.end)))
        at = max(at, mark.end)
    return pieces


@dataclass
class _Edit:
    """A block's cleaning: document spans replaced by new text, and the traced changes;
    the block is [start, end) of the document."""

    start: int
    end: int
    replacements: list[tuple[int, int, str]]
    changes: list[Change]


class _Prose:
    """One block's prose as the rules see it, and the way back to the document."""

    def __init__(self, doc: str, pieces: list[Piece]) -> None:
        self.doc, self.pieces = doc, pieces
        used = set(doc[pieces[0].start : pieces[-1].end])
        holds = (chr(code) for code in range(_FIRST_HOLD, _LAST_HOLD + 1) if chr(code) not in used)
        parts: list[str] = []
        self.starts: list[int] = []  # where each piece starts in the prose
        self.held: dict[str, str] = {}  # placeholder → the markup it stands for
        self.breaks: list[int] = []  # where each line break is in the prose
        self.break_texts: list[str] = []  # and what it stands for
        at = 0
        for piece in pieces:
            self.starts.append(at)
            source = doc[piece.start : piece.end]
            if piece.kind == TEXT:
                parts.append(source)
            elif piece.kind == BREAK:
                parts.append("\n")
                self.breaks.append(at)
                self.break_texts.append(source)
            else:
                hold = next(holds)
                self.held[hold] = source
                parts.append(hold)
            at += len(parts[-1])
        self.text = "".join(parts)

    def start(self, pos: int) -> int:
        """Where a span starting at `pos` of the prose starts in the document."""
        if pos >= len(self.text):
            return self.pieces[-1].end
        index = bisect_right(self.starts, pos) - 1
        piece = self.pieces[index]
        return piece.start + pos - self.starts[index] if piece.kind == TEXT else piece.start

    def end(self, pos: int) -> int:
        """Where a span ending at `pos` (> 0) of the prose ends in the document."""
        index = bisect_right(self.starts, pos - 1) - 1
        piece = self.pieces[index]
        return piece.start + pos - self.starts[index] if piece.kind == TEXT else piece.end

    def expand(self, text: str, start: int, end: int) -> str | None:
        """`text` (prose the rules made of [start, end)) as document text: placeholders
        by their markup, line breaks by theirs; None when its breaks cannot be told."""
        for hold in self.held.keys() & set(text):
            text = text.replace(hold, self.held[hold])
        count = text.count("\n")
        if not count:
            return text
        breaks = self.break_texts[bisect_left(self.breaks, start) : bisect_left(self.breaks, end)]
        if len(set(breaks)) == 1:
            return text.replace("\n", breaks[0])
        if len(breaks) != count:
            return None
        lines = text.split("\n")
        return "".join(line + brk for line, brk in zip(lines, [*breaks, ""]))

    def holds(self, text: str) -> list[str]:
        """The placeholders in `text`, in order."""
        return [char for char in text if char in self.held]


def _groups(changes: Sequence[Change]) -> list[tuple[int, int, list[Change]]]:
    """Changes gathered into runs whose spans overlap or touch, in order of place."""
    groups: list[tuple[int, int, list[Change]]] = []
    for change in sorted(changes, key=lambda c: (c.start, c.end)):
        if groups and change.start <= groups[-1][1]:
            start, end, members = groups[-1]
            groups[-1] = (start, max(end, change.end), [*members, change])
        else:
            groups.append((change.start, change.end, [change]))
    return groups


def _joins_cjk(made: str, left: str, right: str) -> bool:
    """Whether the rules made a line break into nothing, with `left` and `right` beside it.

    Markdown shows a soft break as a space, so a break made a space is no change, a blank
    line would split the paragraph, and a break between two Latin words or marks is a
    space that belongs there (`foo\n# bar`); only beside Chinese is the space noise.
    """
    return made == "" and (is_cjk(left or " ") or is_cjk(right or " "))


#: A run of changes taken together: its span in the prose, its changes, the text they
#: made, and where that text starts in the group's output.
_Part = tuple[int, int, list[Change], str, int]


def _split(text: str, start: int, end: int, members: list[Change], made: str) -> list[_Part]:
    """A group of changes as runs that can be taken one by one: each change alone when
    their spans do not overlap (the output is then theirs in turn), else the whole group."""
    whole: list[_Part] = [(start, end, members, made, 0)]
    if len(members) == 1:
        return whole
    parts: list[_Part] = []
    pos, size, out = start, 0, []
    for change in members:  # sorted by place
        if change.start < pos or (change.start == pos and parts and (
                change.start == change.end or parts[-1][0] == parts[-1][1])):
            return whole
        size += change.start - pos
        parts.append((change.start, change.end, [change], change.after, size))
        out += [text[pos : change.start], change.after]
        size += len(change.after)
        pos = change.end
    return parts if "".join(out) + text[pos:end] == made else whole


#: Runs of changes taken: span in the prose, the changes, the text they made there.
_Taken = list[tuple[int, int, list[Change], str]]


def _select(text: str, result: Result) -> tuple[_Taken, bool] | None:
    """The runs of changes of `result` (a cleaning of `text` + "\\n") to take, and whether
    some line break was left as it was; None when the result cannot be taken apart.

    A line break the rules removed beside no Chinese, or made a space or a blank line, is
    left as it was (see `_joins_cjk`).
    """
    new = result.text
    if not new.endswith("\n") or any(change.end > len(text) for change in result.changes):
        return None
    taken: _Taken = []
    skipped = False
    shift = 0
    for start, end, group in _groups(result.changes):
        delta = sum(len(c.after) - len(c.before) for c in group)
        made = new[start + shift : end + shift + delta]
        shift += delta
        splits = [c for c in group if c.before == "\n" and c.after == "\n\n"]
        if splits and len(group) > 1:  # a paragraph break amid other changes: left a line break
            made = made.replace("\n\n", "\n")
            if len(made) != end - start + delta - len(splits):
                return None
            group = [c for c in group if c not in splits]
            skipped = True
        parts = _split(text, start, end, group, made)
        if len(parts[0][2]) > 1 and made.count("\n") < text.count("\n", start, end) and not all(
                _joins_cjk("", text[at - 1], text[at + 1])
                for at in range(start, end) if text[at] == "\n"):
            return None  # a join amid other changes, not beside Chinese before they were made
        for first, last, members, part, offset in parts:
            left = made[offset - 1 : offset] if offset else text[first - 1 : first]
            right = made[offset + len(part) : offset + len(part) + 1] or text[last : last + 1]
            if text[first:last] == "\n" and not _joins_cjk(part, left, right):
                skipped = True
            else:
                taken.append((first, last, members, part))
    if len(new) != len(text) + 1 + shift:
        return None
    return taken, skipped


def _made(text: str, taken: _Taken) -> str:
    """`text` with the taken runs made."""
    out, at = [], 0
    for first, last, _, part in taken:
        out += [text[at:first], part]
        at = last
    return "".join(out) + text[at:]


def _to_document(prose: _Prose, final: str, changes: list[Change]) -> _Edit | None:
    """A block's cleaning (`final`, made by `changes` in positions of the prose) in
    document terms; None when it cannot be traced exactly."""
    replacements: list[tuple[int, int, str]] = []
    mapped: list[Change] = []
    shift = 0
    for start, end, group in _groups(changes):
        delta = sum(len(c.after) - len(c.before) for c in group)
        made = final[start + shift : end + shift + delta]
        replaced = _replacement(prose, start, end, group, made)
        if replaced is None:
            return None
        shift += delta
        replacements.append(replaced[0])
        mapped.extend(replaced[1])
    if len(final) != len(prose.text) + shift:
        return None
    mapped.sort(key=lambda change: (change.start, change.end))
    return _Edit(prose.pieces[0].start, prose.pieces[-1].end, replacements, mapped)


def _replacement(prose: _Prose, start: int, end: int, members: list[Change],
                 made: str) -> tuple[tuple[int, int, str], list[Change]] | None:
    """A run of changes in document terms: the span it replaces, by what, and its changes
    with their spans and texts in the document's terms; None when they do not add up."""
    out = prose.expand(made, start, end)
    first = prose.start(start)
    last = prose.end(end) if end > start else first
    growth = 0
    changes: list[Change] = []
    for change in members:
        before = prose.expand(change.before, change.start, change.end)
        after = prose.expand(change.after, change.start, change.end)
        if before is None or after is None:
            return None
        growth += len(after) - len(before)
        at = prose.start(change.start)
        changes.append(change._replace(
            start=at, end=prose.end(change.end) if change.end > change.start else at,
            before=before, after=after))
    if out is None or last - first + growth != len(out):
        return None
    return (first, last, out), changes


def _entries(tokens: Iterable[Token], line: int = 0) -> Iterator[tuple[tuple[Any, ...], int]]:
    """`outline` entries, each with the line it is on."""
    for token in tokens:
        if token.map:
            line = token.map[0]
        if token.type == "inline":
            yield from _entries(token.children or (), line)
        elif token.type in ("text", "text_special"):
            yield ("text",), line
        elif token.type != "softbreak":
            literal = token.content if token.type in _LITERAL else ""
            attrs = tuple(sorted((k, str(v)) for k, v in token.attrs.items() if k != "alt"))
            yield (token.type, token.tag, token.nesting, token.markup, token.info, token.hidden,
                   attrs, literal), line


def _outline_lines(tokens: list[Token]) -> list[tuple[tuple[Any, ...], int]]:
    """`outline` of parsed tokens, each entry with its line."""
    entries: list[tuple[tuple[Any, ...], int]] = []
    for entry, line in _entries(tokens):
        if entry[0] == "text" and entries and entries[-1][0][0] == "text":
            continue  # text runs that a joined line made one
        entries.append((entry, line))
    return entries


def outline(text: str) -> list[tuple[Any, ...]]:
    """The structure of a Markdown text: its tokens' types, tags, nesting, markup, attributes
    (link targets) and literal content (code, HTML, math), but not the text of prose
    nor soft line breaks (a joined line is the same structure).

    >>> outline("中文\\n中文 `x`") == outline("中文中文 `x`") != outline("中文中文 `y`")
    True
    """
    return [entry for entry, _ in _outline_lines(reader().parse(text))]


class MarkdownCleaner(Cleaner):
    """A `Cleaner` for Markdown: the rules clean the prose; the rest stays byte for byte.
    It reads the whole text before it writes (a document is parsed as a whole).

    Like the engine on a slice, it cleans the document again until a pass changes nothing
    (a line break kept inside a paragraph may join on the next pass, once the lines around
    it are joined), each pass's changes traced back to the input.
    """

    def __init__(self, rules: Iterable[Rule], target: int = DEFAULT_TARGET) -> None:
        super().__init__(rules, target)
        self.prose = Cleaner(self.rules, target)

    def stream(self, source: Readable, changes: list[Change] | None = None,
               blocks: bool = False) -> Iterator[str]:
        """`Cleaner.stream`; the changes come as `Change`s (never a native block)."""
        parts: list[str] = []
        while piece := source.read(self.target):
            parts.append(piece)
        result = self.clean("".join(parts))
        if changes is not None:
            changes.extend(result.changes)
        yield result.text

    def stream_utf8(self, source: Readable) -> Iterator[bytes]:
        for piece in self.stream(source):
            yield piece.encode()

    def clean(self, doc: str) -> Result:
        """Clean a whole Markdown document, traced."""
        blocks, tokens = scan(doc)
        edits: list[_Edit] = []
        for pieces in blocks:
            try:
                prose = _Prose(doc, pieces)
            except StopIteration:  # more markup in one block than private-use characters
                continue
            settled = self._settle(prose)
            if settled and settled[1]:
                edit = _to_document(prose, *settled)
                if edit is not None:
                    edits.append(edit)
        if not edits:
            return Result(doc, [])
        return _guarded(doc, edits, [entry for entry, _ in _outline_lines(tokens)])

    def _settle(self, prose: _Prose) -> tuple[str, list[Change]] | None:
        """A block's prose cleaned until a pass changes nothing but line breaks left as they
        were, and the changes, in positions of the prose; None when it does not settle."""
        text: str = prose.text
        changes: list[Change] = []
        stages: list[Stage] = []
        for _ in range(MAX_PASSES):
            result = self.prose.run(text + "\n")
            selected = _select(text, result) if result.changes else ([], False)
            if selected is None or prose.holds(result.text) != prose.holds(text):
                return None
            taken, skipped = selected
            if taken:
                changes.extend(_through(stages, [c for *_, members, _ in taken for c in members]))
                stages.append(Stage([(first, last, part) for first, last, _, part in taken]))
                text = _made(text, taken)
            if not (taken and skipped):
                return text, changes
        return None


def _through(stages: list[Stage], changes: list[Change]) -> list[Change]:
    """`changes` of the text the `stages` made, in positions of the text before them."""
    if not stages:
        return changes
    starts = sorted({change.start for change in changes})
    ends = sorted({change.end for change in changes})
    mapped_starts, mapped_ends = starts, ends
    for stage in reversed(stages):
        mapped_starts = stage.to_inputs(mapped_starts, False)
        mapped_ends = stage.to_inputs(mapped_ends, True)
    at_start, at_end = dict(zip(starts, mapped_starts)), dict(zip(ends, mapped_ends))
    return [change._replace(start=min(at_start[change.start], at_end[change.end]),
                            end=at_end[change.end])
            for change in changes]  # an insertion where a stage deleted goes before it


def _guarded(doc: str, edits: list[_Edit], expected: list[tuple[Any, ...]]) -> Result:
    """The document with `edits` made, but for those that changed its `expected` outline."""
    for _ in range(_GUARD_ROUNDS):
        text, spans = _apply(doc, edits)
        found = _outline_lines(reader().parse(text))
        if [entry for entry, _ in found] == expected:
            return Result(text, [change for edit in edits for change in edit.changes])
        differs = next((i for i, (got, want) in enumerate(zip(found, expected))
                        if got[0] != want), min(len(found), len(expected)))
        line = found[min(differs, len(found) - 1)][1] if found else 0
        bad = {i for i, (first, last) in enumerate(spans) if first <= line <= last}
        if not bad:
            bad = {max((i for i, (first, _) in enumerate(spans) if first <= line), default=0)}
        edits = [edit for i, edit in enumerate(edits) if i not in bad]
        if not edits:
            break
    return Result(doc, [])


def _apply(doc: str, edits: list[_Edit]) -> tuple[str, list[tuple[int, int]]]:
    """The document with the edits made, and the lines each edited block spans in it."""
    out = io.StringIO()
    spans: list[tuple[int, int]] = []
    at = line = 0

    def keep(end: int) -> None:
        nonlocal at, line
        out.write(doc[at:end])
        line += doc.count("\n", at, end)
        at = end

    for edit in edits:
        keep(edit.start)
        first = line
        for start, end, new in edit.replacements:
            keep(start)
            out.write(new)
            line += new.count("\n")
            at = end
        keep(edit.end)
        spans.append((first, line))
    keep(len(doc))
    return out.getvalue(), spans
