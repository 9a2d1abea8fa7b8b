"""The diff view: a Line API widget that draws only the rows on screen.

Rows come from `rows.Layout`; changed characters come from `diff.intraline`
over each hunk's whole old and new blocks (so a paragraph joined from
wrapped lines shows just the removed line breaks, as ⏎). Line numbers of
both versions are in the gutter; the selected hunk is marked with a bar.
"""

from __future__ import annotations

import unicodedata

from rich.segment import Segment
from rich.style import Style
from textual.events import Click
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..diff import Span, intraline
from .rows import SPLIT, UNIFIED, Layout, Row, line_spans
from .state import ACCEPTED, REJECTED, FileReview

#: Characters that would not show (controls, format characters) drawn as one visible cell each.
VISIBLE = {code: "⇥" if code == 9 else "·" for code in [*range(32), *range(127, 160)]}
VISIBLE.update({code: "·" for code in (0x00AD, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F,
                                       0x2060, 0xFEFF)})

#: Per line of a block: changed character spans, and whether its line break is changed.
LineSpans = list[tuple[list[Span], bool]]

MARKS = {ACCEPTED: "✓ accepted", REJECTED: "✗ rejected"}


def _visible(text: str) -> str:
    """`text` with invisible characters replaced one for one (spans still line up)."""
    if text.isprintable():
        return text
    return "".join(VISIBLE.get(ord(c), "·" if unicodedata.category(c) == "Cf" else c)
                   for c in text)


class DiffView(ScrollView, can_focus=True):
    """A file's hunks with context, unified or side by side; click a hunk to select it."""

    COMPONENT_CLASSES = {
        "diff-view--gutter",
        "diff-view--header",
        "diff-view--removed",
        "diff-view--added",
        "diff-view--removed-text",
        "diff-view--added-text",
        "diff-view--selected",
        "diff-view--accepted",
        "diff-view--rejected",
    }

    DEFAULT_CSS = """
    DiffView {
        background: $surface;
        color: $foreground;
        & > .diff-view--gutter { color: $text-muted; }
        & > .diff-view--header { color: $text-secondary; text-style: bold; }
        & > .diff-view--removed { background: $error 12%; }
        & > .diff-view--added { background: $success 12%; }
        & > .diff-view--removed-text { background: $error 55%; text-style: bold; }
        & > .diff-view--added-text { background: $success 55%; text-style: bold; }
        & > .diff-view--selected { color: $accent; background: $accent 15%; }
        & > .diff-view--accepted { color: $text-success; text-style: bold; }
        & > .diff-view--rejected { color: $text-error; text-style: bold; }
    }
    """

    class HunkClicked(Message):
        """A row of hunk `index` was clicked."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.review: FileReview | None = None
        self.mode = UNIFIED
        self.selected = 0
        self.layout_rows: Layout | None = None
        self._spans: dict[int, tuple[LineSpans, LineSpans]] = {}
        self._digits = 1
        self._text_width = 0

    def show(self, review: FileReview | None, mode: str, selected: int) -> None:
        """Show a file (None: nothing) in a mode, with hunk `selected` marked."""
        if review is not self.review or mode != self.mode or self.layout_rows is None:
            self.review, self.mode = review, mode
            self._spans.clear()
            if review is None:
                self.layout_rows = None
                self.virtual_size = Size(0, 0)
            else:
                self.layout_rows = Layout(review.hunks, len(review.old_lines), mode)
                self._digits = len(str(max(len(review.old_lines), len(review.new_lines), 1)))
                longest = max(map(len, [*review.old_lines, *review.new_lines]), default=0)
                self._text_width = 2 * longest + 1  # at most two cells a character, and ⏎
                self._resize()
        self.selected = selected
        self.refresh()

    def _resize(self) -> None:
        if self.layout_rows is None:
            return
        gutter = 2 * self._digits + 5 if self.mode == UNIFIED else 2 * (self._digits + 3) + 1
        width = gutter + self._text_width * (2 if self.mode == SPLIT else 1)
        self.virtual_size = Size(width, len(self.layout_rows))

    def scroll_to_hunk(self, index: int) -> None:
        """Bring a hunk's block into view, near the top."""
        if self.layout_rows is not None and self.layout_rows.hunks:
            top = self.layout_rows.first_row(index)
            end = self.layout_rows.block_end(index)
            if top < self.scroll_y or end > self.scroll_y + self.size.height:
                self.scroll_to(y=max(top - 1, 0), animate=False)

    def on_click(self, event: Click) -> None:
        if self.layout_rows is None or not len(self.layout_rows):
            return
        y = event.y + int(self.scroll_y)
        if 0 <= y < len(self.layout_rows):
            self.post_message(self.HunkClicked(self.layout_rows.row(y).hunk))

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        base = self.rich_style
        layout = self.layout_rows
        if layout is None or self.review is None:
            return Strip.blank(width, base)
        if not len(layout):
            note = Strip([Segment(" No changes in this file.", base)])
            return note.extend_cell_length(width, base) if y == 0 else Strip.blank(width, base)
        if scroll_y + y >= len(layout):
            return Strip.blank(width, base)
        row = layout.row(scroll_y + y)
        if row.kind == "header":
            return self._header(row.hunk, width)
        if self.mode == SPLIT:
            half = (width - 1) // 2
            left = self._cell(row, "old", scroll_x, half)
            right = self._cell(row, "new", scroll_x, width - half - 1)
            bar = Strip([Segment("│", self.get_component_rich_style("diff-view--gutter"))])
            return Strip.join([left, bar, right])
        return self._unified(row, scroll_x, width)

    def _header(self, index: int, width: int) -> Strip:
        assert self.review is not None
        hunk = self.review.hunks[index]
        style = self.get_component_rich_style("diff-view--header")
        selected = index == self.selected
        if selected:
            style += self.get_component_rich_style("diff-view--selected")
        decision = self.review.decisions[index]
        segments = [
            Segment("▌" if selected else " ", style),
            Segment(f"@@ -{hunk.old_start + 1},{hunk.old_end - hunk.old_start} "
                    f"+{hunk.new_start + 1},{hunk.new_end - hunk.new_start} @@ ", style),
        ]
        if decision in MARKS:
            mark = self.get_component_rich_style(f"diff-view--{decision}")
            segments.append(Segment(MARKS[decision] + " ", style + mark))
        segments.append(Segment(", ".join(self.review.rules_of(index)), style))
        return Strip(segments).crop_extend(0, width, style)

    def _gutter(self, row: Row, numbers: list[int | None], marker: str) -> list[Segment]:
        style = self.get_component_rich_style("diff-view--gutter")
        bar = self.get_component_rich_style("diff-view--selected")
        cells = " ".join("".rjust(self._digits) if n is None else str(n + 1).rjust(self._digits)
                         for n in numbers)
        selected = row.hunk == self.selected
        return [Segment("▌" if selected else " ", bar if selected else style),
                Segment(f"{cells} {marker}", style)]

    def _unified(self, row: Row, scroll_x: int, width: int) -> Strip:
        side = "old" if row.kind == "old" else "new"
        marker = {"old": "-", "new": "+"}.get(row.kind, " ")
        gutter = Strip(self._gutter(row, [row.old, row.new], marker + " "))
        text = self._text(row, side, scroll_x, width - gutter.cell_length)
        return Strip.join([gutter, text])

    def _cell(self, row: Row, side: str, scroll_x: int, width: int) -> Strip:
        number = row.old if side == "old" else row.new
        kind = row.kind if row.kind == "context" or number is None else side
        marker = " " if kind == "context" or number is None else "-" if side == "old" else "+"
        gutter = Strip(self._gutter(row, [number], marker + " "))
        shown = Row(kind if number is not None else "blank", row.hunk, row.old, row.new)
        return Strip.join([gutter, self._text(shown, side, scroll_x, width - gutter.cell_length)])

    def _text(self, row: Row, side: str, scroll_x: int, width: int) -> Strip:
        """The text of one side of a row, highlighted, cropped to [scroll_x, scroll_x + width)."""
        assert self.review is not None
        base = self.rich_style
        if row.kind == "blank" or width <= 0:
            return Strip.blank(max(width, 0), base)
        if row.kind == "context":
            line = self.review.old_lines[row.old] if row.old is not None else ""
            segments = [Segment(_visible(line.rstrip("\r\n")), base)]
            return Strip(segments).crop_extend(scroll_x, scroll_x + width, base)
        changed = row.kind == "old"
        number = row.old if changed else row.new
        assert number is not None
        hunk = self.review.hunks[row.hunk]
        lines = self.review.old_lines if changed else self.review.new_lines
        line = lines[number]
        spans, broken = self._line_spans(row.hunk)[0 if changed else 1][
            number - (hunk.old_start if changed else hunk.new_start)]
        name = "removed" if changed else "added"
        plain = base + self.get_component_rich_style(f"diff-view--{name}")
        strong = plain + self.get_component_rich_style(f"diff-view--{name}-text")
        text = _visible(line.rstrip("\r\n"))
        segments: list[Segment] = []
        at = 0
        for start, end in spans:
            segments.append(Segment(text[at:start], plain))
            segments.append(Segment(text[start:end], strong))
            at = end
        segments.append(Segment(text[at:], plain))
        if broken:
            segments.append(Segment("⏎", strong))
        return Strip(segments).crop_extend(scroll_x, scroll_x + width, plain)

    def _line_spans(self, index: int) -> tuple[LineSpans, LineSpans]:
        """Per-line changed characters of a hunk's old and new lines (computed once per hunk)."""
        if index not in self._spans:
            assert self.review is not None
            hunk = self.review.hunks[index]
            old = self.review.old_lines[hunk.old_start : hunk.old_end]
            new = self.review.new_lines[hunk.new_start : hunk.new_end]
            deleted, inserted = intraline("".join(old), "".join(new))
            self._spans[index] = (line_spans(old, deleted), line_spans(new, inserted))
        return self._spans[index]

    def on_resize(self) -> None:
        self._resize()
