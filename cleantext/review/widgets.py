"""The diff view: a Line API widget that draws only the rows on screen.

Rows come from `rows.Layout`, each wrapped to the view's width (`wrap.cuts`;
side by side, each half to its own width) and counted lazily by
`rows.Screen`. Changed characters come from `diff.intraline` over each
hunk's whole old and new blocks (so a paragraph joined from wrapped lines
shows just the removed line breaks, as ⏎). Line numbers of both versions
are in the gutter, on a line's first row only; the selected hunk is marked
with a bar.
"""

from __future__ import annotations

import unicodedata
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from textual.events import Click
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..diff import Span, intraline
from ..text import display_width
from .rows import SPLIT, UNIFIED, Layout, Row, Screen, line_spans
from .state import ACCEPTED, REJECTED, FileReview
from .wrap import cuts, guesses

#: Characters that would not show (controls, format characters) drawn as one visible cell each.
VISIBLE = {code: "⇥" if code == 9 else "·" for code in [*range(32), *range(127, 160)]}
VISIBLE.update({code: "·" for code in (0x00AD, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F,
                                       0x2060, 0xFEFF)})

#: Per line of a block: changed character spans, and whether its line break is changed.
LineSpans = list[tuple[list[Span], bool]]

MARKS = {ACCEPTED: "✓ accepted", REJECTED: "✗ rejected"}


def tail(text: str, cells: int) -> str:
    """`text` if it fits in `cells`, else its end after "…" (a path's file name stays).

    >>> tail("seeds/002_8c33296dff2e55cc.txt", 16), tail("a.txt", 16)
    ('…96dff2e55cc.txt', 'a.txt')
    """
    if cell_len(text) <= cells:
        return text
    kept = ""
    for char in reversed(text):
        if cell_len(char + kept) > cells - 1:
            break
        kept = char + kept
    return "…" + kept


def _visible(text: str) -> str:
    """`text` with invisible characters replaced one for one (spans still line up)."""
    if text.isprintable():
        return text
    return "".join(VISIBLE.get(ord(c), "·" if unicodedata.category(c) == "Cf" else c)
                   for c in text)


class DiffView(ScrollView, can_focus=True):
    """A file's hunks with context, unified or side by side; click a hunk to select it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
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
        scrollbar-gutter: stable;
        overflow-x: hidden;
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
        self.note = ""  # shown when there is no file to show: why not
        self.title = ""  # the file's name, in the top border as far as it fits
        self.layout_rows: Layout | None = None
        self.screen_rows: Screen | None = None
        self._spans: dict[int, tuple[LineSpans, LineSpans]] = {}
        self._digits = 1
        self._widths = (0, 0)  # text cells of the old and the new side
        self._cells: tuple[list[int], list[int]] = ([], [])  # display width of each line

    def show(self, review: FileReview | None, mode: str, selected: int, note: str = "",
             title: str = "") -> None:
        """Show a file (None: nothing, and `note` says why) in a mode, with hunk `selected` marked
        and `title` (its name) in the border.

        Shown again after more of the file is cleaned, it takes the new hunks;
        the rows on screen stay where they are.
        """
        same = review is self.review
        if not same:
            self._spans.clear()
            self._cells = ([], [])
            if review is not None:
                self._cells[0].extend(map(display_width, review.old_lines))
        hunks = digits = 0
        if review is not None:
            new_cells = self._cells[1]
            new_cells.extend(map(display_width, review.new_lines[len(new_cells) :]))
            hunks = len(review.hunks)
            digits = len(str(max(len(review.old_lines), len(review.new_lines), 1)))
        if not same or mode != self.mode or self.layout_rows is None or digits != self._digits:
            keep = same and mode == self.mode
            self.review, self.mode, self._digits = review, mode, digits
            self.layout_rows = None
            if review is not None:
                self.layout_rows = Layout(review.hunks, len(review.old_lines), mode)
            self._wrap(keep=keep)
        elif hunks > len(self.layout_rows.hunks):
            self._grow()
        self.selected, self.note, self.title = selected, note, title
        self._title()
        self.refresh()

    def _title(self) -> None:
        """The file's name in the top border, its start cut if the border is too short."""
        self.border_title = tail(self.title, self.size.width - 6) if self.size.width else self.title

    def _grow(self) -> None:
        """Take the hunks the file gained since it was laid out; the rows shown stay put."""
        assert self.review is not None and self.layout_rows is not None
        self.layout_rows.extend(self.review.hunks[len(self.layout_rows.hunks) :])
        if self.screen_rows is not None:
            shown = self.screen_rows.new_lines
            self.screen_rows.extend(guesses(self._cells[1][shown:], self._widths[1]))
            self.virtual_size = Size(0, len(self.screen_rows))

    @property
    def _width(self) -> int:
        """Cells a row is drawn in: the view's width less the scrollbar's gutter."""
        return self.scrollable_content_region.width

    def _text_widths(self) -> tuple[int, int]:
        """Cells for the text of the old and the new side: the rows' width less the gutters."""
        width = self._width
        if self.mode == UNIFIED:
            text = width - (2 * self._digits + 5)
            return text, text
        half = (width - 1) // 2
        return half - (self._digits + 4), width - half - 1 - (self._digits + 4)

    def _wrap(self, keep: bool = True) -> None:
        """Cut the rows to the view's width; with `keep`, the row at the top stays at the top."""
        layout, review = self.layout_rows, self.review
        if layout is None or review is None or not self._width:
            self.screen_rows = None
            self.virtual_size = Size(0, 0)
            return
        top = None
        if keep and self.screen_rows is not None and len(self.screen_rows):
            top = self.screen_rows.locate(min(int(self.scroll_y), len(self.screen_rows) - 1))[0]
        self._widths = old_width, new_width = self._text_widths()
        old_cells, new_cells = self._cells
        self.screen_rows = Screen(layout, self._height,
                                  (guesses(old_cells, old_width), guesses(new_cells, new_width)))
        self.virtual_size = Size(0, len(self.screen_rows))
        if top is not None:
            self.scroll_to(y=self.screen_rows.row_of(top), animate=False, immediate=True)

    def scroll_to_hunk(self, index: int) -> None:
        """Bring a hunk's block into view, its header at the top."""
        if self.screen_rows is not None and self.review is not None and self.review.hunks:
            top = self.screen_rows.first_row(index)
            end = self.screen_rows.block_end(index)
            if top < self.scroll_y or end > self.scroll_y + self.size.height:
                self.scroll_to(y=top, animate=False)

    def on_click(self, event: Click) -> None:
        if self.screen_rows is None or not len(self.screen_rows):
            return
        y = event.y + int(self.scroll_y)
        if 0 <= y < len(self.screen_rows):
            self.post_message(self.HunkClicked(self.screen_rows.at(y)[0].hunk))

    def render_lines(self, crop: Region) -> list[Strip]:
        """Measure the rows about to be drawn first, which may change the height and the top."""
        screen = self.screen_rows
        if screen is not None:
            top = int(self.scroll_y)
            settled = screen.settle(top, self.size.height)
            if len(screen) != self.virtual_size.height:
                self.virtual_size = Size(0, len(screen))
            if settled != top:
                self.set_scroll(None, settled)
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self._width
        base = self.rich_style
        screen = self.screen_rows
        if screen is None or not len(screen):
            if y or (self.review is None and not self.note):
                return Strip.blank(width, base)
            if self.review is None:
                message = self.note
            elif self.review.done:
                message = "No changes in this file."
            else:
                message = f"Cleaning… {self.review.percent}%"
            return Strip([Segment(f" {message}", base)]).crop_extend(0, width, base)
        if int(self.scroll_y) + y >= len(screen):
            return Strip.blank(width, base)
        row, part = screen.at(int(self.scroll_y) + y)
        if row.kind == "header":
            return self._header(row.hunk, width)
        if self.mode == SPLIT:
            half = (width - 1) // 2
            left = self._cell(row, "old", part, half)
            right = self._cell(row, "new", part, width - half - 1)
            bar = Strip([Segment("│", self.get_component_rich_style("diff-view--gutter"))])
            return Strip.join([left, bar, right])
        return self._unified(row, part, width)

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

    def _unified(self, row: Row, part: int, width: int) -> Strip:
        side = "old" if row.kind == "old" else "new"
        marker = {"old": "-", "new": "+"}.get(row.kind, " ") if not part else " "
        numbers: list[int | None] = [row.old, row.new] if not part else [None, None]
        gutter = Strip(self._gutter(row, numbers, marker + " "))
        text = self._text(row, side, part, width - gutter.cell_length)
        return Strip.join([gutter, text])

    def _cell(self, row: Row, side: str, part: int, width: int) -> Strip:
        shown = self._side(row, side)
        number = row.old if side == "old" else row.new
        marker = "-" if shown.kind == "old" else "+" if shown.kind == "new" else " "
        if part:
            number, marker = None, " "
        gutter = Strip(self._gutter(row, [number], marker + " "))
        return Strip.join([gutter, self._text(shown, side, part, width - gutter.cell_length)])

    @staticmethod
    def _side(row: Row, side: str) -> Row:
        """One side of a side-by-side row as a row of its own: blank if it has no line there."""
        number = row.old if side == "old" else row.new
        kind = "blank" if number is None else row.kind if row.kind == "context" else side
        return Row(kind, row.hunk, row.old, row.new)

    def _content(self, row: Row, side: str) -> tuple[str, list[Span]]:
        """One side of a row as shown: its text (⏎ for a removed line break), changed spans."""
        assert self.review is not None
        if row.kind == "blank":
            return "", []
        if row.kind == "context":
            line = self.review.old_lines[row.old] if row.old is not None else ""
            return _visible(line.rstrip("\r\n")), []
        changed = row.kind == "old"
        number = row.old if changed else row.new
        assert number is not None
        hunk = self.review.hunks[row.hunk]
        line = (self.review.old_lines if changed else self.review.new_lines)[number]
        spans, broken = self._line_spans(row.hunk)[0 if changed else 1][
            number - (hunk.old_start if changed else hunk.new_start)]
        text = _visible(line.rstrip("\r\n"))
        return (text + "⏎", [*spans, (len(text), len(text) + 1)]) if broken else (text, spans)

    def _height(self, row: Row) -> int:
        """How many screen rows a row takes at the current width."""
        if row.kind == "header":
            return 1
        old_width, new_width = self._widths
        if self.mode == UNIFIED:
            side = "new" if row.kind == "new" else "old"
            return len(cuts(self._content(row, side)[0], old_width))
        return max(len(cuts(self._content(self._side(row, "old"), "old")[0], old_width)),
                   len(cuts(self._content(self._side(row, "new"), "new")[0], new_width)))

    def _text(self, row: Row, side: str, part: int, width: int) -> Strip:
        """Screen row `part` of one side of a row, highlighted, in `width` cells."""
        base = self.rich_style
        if row.kind == "blank" or width <= 0:
            return Strip.blank(max(width, 0), base)
        text, spans = self._content(row, side)
        plain = strong = base
        if row.kind != "context":
            name = "removed" if row.kind == "old" else "added"
            plain = base + self.get_component_rich_style(f"diff-view--{name}")
            strong = plain + self.get_component_rich_style(f"diff-view--{name}-text")
        starts = cuts(text, self._widths[0 if side == "old" else 1])
        if part >= len(starts):  # the other side of a pair wraps onto more rows
            return Strip.blank(width, plain)
        first = starts[part]
        last = starts[part + 1] if part + 1 < len(starts) else len(text)
        segments: list[Segment] = []
        at = first
        for start, end in spans:
            start, end = max(start, first), min(end, last)
            if start < end:
                segments.append(Segment(text[at:start], plain))
                segments.append(Segment(text[start:end], strong))
                at = end
        segments.append(Segment(text[at:last], plain))
        return Strip(segments).crop_extend(0, width, plain)

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
        """Wrap the rows to the new width; the selected hunk stays on screen."""
        if self._text_widths() != self._widths or self.screen_rows is None:
            self._wrap()
        self.scroll_to_hunk(self.selected)
        self._title()
