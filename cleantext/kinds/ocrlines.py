"""ocrlines: before `unwrap`, undo blank lines OCR puts in paragraphs, mark indents it lost.

Before::

    10月28日，12345政务服务便

    民热线接听群众来电诉求1423件

    次，网民留言63件（西宁12345微

After::

    10月28日，12345政务服务便
    民热线接听群众来电诉求1423件
    次，网民留言63件（西宁12345微

What it does
------------
* In a run of at least `min_run` blocks of one line each, `min_width` to `max_width`
  wide (blank lines between every line, as some OCR engines lay out a column), a
  line as wide as the run's lines (within `tolerance` of their upper quartile) that
  does not end a sentence and whose break cuts a word (`便` / `民热线`: `便民` is a
  word of the word list `lookalike` uses) or a number from its unit (`1423` / `件`)
  loses the blank lines after it, so that `unwrap` sees a wrapped column.
* Any block whose last line (`min_width` to `max_width` wide, not ending a
  sentence) breaks a word whose halves are no words where they stand (`无集中反` /
  `映问题`: `反映`, while `中反` and `映问` are none) loses the blank lines after it
  too: tesseract leaves blank lines inside paragraphs (`研究扶贫` / `开发的路子`).

* A line of two or three Han characters alone between blank lines that is no word of
  the lists (`各静`, `表荣由`: specks of a headline in large type, a piece of a line OCR
  cut off) loses the blank lines before it when the line before goes on (ends no
  sentence): it is no paragraph of its own.
  A line of one to three Han characters alone between two lines of a column (neither
  indented, at least `min_width` wide) of which the first ends on a comma is a piece
  of the line after it too, word or not (`成功经验中，` / `合理` / `利用电视转播权`): the
  blank lines on both sides go, and it is joined to the line after it.

* In a block of at least three lines (a column) of which at most a third end on a
  mark (not verse, a list or code), a line narrower than the column (the upper
  quartile of its lines from `min_width` to `max_width`) by a paragraph's indent of
  two characters, between two full lines (within `tolerance`) of which the first ends
  a sentence, gets a blank line before it: it is the first line of a paragraph whose
  indent the OCR engine dropped (RapidOCR gives one box a line, with no blank lines
  and no indents), and `unwrap` would join it.

* In a line wider than `max_width` that OCR made of a whole column, a space at each
  wrap (at least three spaces, and at least half the pieces between them as wide as the
  column, within `tolerance`), a piece narrower than the column that follows a full one
  and ends a sentence (`。！？`, perhaps with closers) is the last line of a paragraph:
  the space after it becomes a paragraph break when a Han character follows
  (`…化为“发展实效”。 新兴产业…`), where `spacing` would only drop it.

* In a block of at least three lines where at most a third of the lines hold a gap of
  two or more spaces between Chinese, those gaps go: OCR leaves them where it lost or
  skipped a piece (`开发的路子。他   须坚持`), and `unwrap` would keep such a line
  apart as a table row.

Leaves alone
------------
A short line that is a word (a heading: `工具`, `原理`; also after a line that ends on
no mark, which may have lost its full stop) or holds a letter, digit or mark; a line
after a sentence end that fills the column, or is narrower by more or less than an
indent (the last line of a paragraph), or is followed by a short line; lines that
end a sentence, breaks between whole words (a list of headlines:
`石榴花开美西宁` / `齐心共育…`), lines narrower than the run (the last line of a
paragraph, a heading), lines narrower than `min_width` display columns or wider than
`max_width` (a paragraph in the clean form is one long line), runs shorter than
`min_run`, and Latin lines (`SS`, `es` between Chinese paragraphs may be specks, but
they may as well be a manual's options: `-t` read as `t`). In a long line, spaces
between words or phrases (fewer than half its pieces as wide as a column), a short piece
that ends no sentence or follows a short one, and a paragraph break after a full piece
(its last line filled the column: nothing tells).

Params
------
min_run (3)
    Fewest one-line blocks in a run.
tolerance (0.15)
    How much narrower than the run's upper quartile a line may be and still fill its
    column.
min_width (16)
    The narrowest (display columns) a column's line may be.
max_width (60)
    The widest a column's line may be: a paragraph in the clean form is wider.

Content safety
--------------
Keeps content: only blank lines and spaces are removed or blank lines added; no
letter, digit or Han character is touched. A table keeps its gaps: most of its lines have them.

Known limits
------------
A one-line block between paragraphs of another width (a short sidebar line) is left;
so is a column whose lines end on sentence ends (a list of short items). A paragraph
that starts where a sentence ends mid-line, or whose first line is its last, keeps no
indent to find; a line of many half-width digits or letters may miss the indent's
width either way. A fragment keeps its characters (joined to the paragraph before it):
which of them are specks no rule can tell.
"""

from __future__ import annotations

import regex

from ..data import lookalike_data
from ..text import (
    CJK_CONTEXT_CLASS,
    CLOSERS,
    TERMINAL,
    display_width,
    ends_sentence,
    is_han,
    lazy_regex,
)
from .base import Edit, Kind

_WS = " \t\u3000"
#: Two or more spaces between Chinese characters or marks, inside a line.
_GAP = lazy_regex(rf"(?<={CJK_CONTEXT_CLASS})[ \u3000]{{2,}}(?={CJK_CONTEXT_CLASS})")
#: A line that ends on a mark, not on a letter, digit or Han character (verse: `…难求。`).
_MARK_END = lazy_regex(r"(?m)[^\w\s][ \t\r\u3000]*$")
#: A line that ends a sentence (as `ends_sentence`, here to search a whole block at once).
_SENTENCE_END = lazy_regex(
    rf"(?m)[{regex.escape(TERMINAL)}][{regex.escape(CLOSERS)} \t\r\u3000]*$"
)
#: A paragraph's indent, two full-width characters, in display columns, and how far a
#: line's width may miss the column less the indent (half-width digits and marks).
_INDENT, _SLACK = 4, 1.5
#: How common (per 1e8 words) the two characters around a break must be as a word for the
#: break to cut it.
_WORD_COUNT = 10


class OcrLines(Kind):
    name = "ocrlines"
    native = "OcrLines"
    params = {"min_run": 3, "tolerance": 0.15, "min_width": 16, "max_width": 60}

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        cuts = self._spaced_ends(text) if " " in text else []  # (start, end, new) in `text`
        if "\n" in text:
            blocks = _blocks(text)
            cuts.extend(self._column_gaps(text, blocks))
            cuts.extend(self._cut_words(text, blocks))
            cuts.extend(self._indented_starts(text, blocks))
            cuts.extend(self._fragments(text, blocks))
            if "  " in text or "\u3000\u3000" in text:
                cuts.extend(self._stray_gaps(text, blocks))
        if not cuts:
            return text
        out: list[str] = []
        done = 0
        for start, end, new in sorted(cuts):
            if start < done:
                continue
            out.append(text[done:start])
            out.append(new)
            done = end
            if edits is not None:
                edits.append((start, end, new))
        out.append(text[done:])
        return "".join(out)

    def _column_gaps(self, text: str, blocks: list[tuple[int, int, int]]) -> list[Edit]:
        """The blank lines after a full line in a run of one-line blocks."""
        cuts: list[Edit] = []
        run: list[tuple[int, int, int]] = []
        least, most = self.options["min_width"], self.options["max_width"]
        for block in [*blocks, (len(text), len(text), 0)]:
            width = display_width(text[block[0] : block[1]].strip(_WS))
            if block[2] == 1 and least <= width <= most:
                run.append(block)
                continue
            if len(run) >= self.options["min_run"]:
                cuts.extend(self._join_run(text, run))
            run = []
        return cuts

    def _cut_words(self, text: str, blocks: list[tuple[int, int, int]]) -> list[Edit]:
        """The blank lines after a block whose last line's break cuts a word whose halves
        are no words where they stand (`无集中反` / `映问题`: `反映`; `中反`, `映问` are none)."""
        cuts: list[Edit] = []
        for (_, end, _), after in zip(blocks, blocks[1:]):
            line = text[text.rfind("\n", 0, end) + 1 : end].strip(_WS)
            if (
                self.options["min_width"] <= display_width(line) <= self.options["max_width"]
                and not ends_sentence(line)
                and _cut_mid_word(line, text[after[0] : after[1]].lstrip(_WS), strict=True)
            ):
                cuts.append((end, after[0], "\n"))
        return cuts

    def _indented_starts(self, text: str, blocks: list[tuple[int, int, int]]) -> list[Edit]:
        """A blank line before a line of a column (a block of at least three lines) that
        is as much narrower than the column as a paragraph's indent of two characters,
        between two full lines of which the first ends a sentence: the first line of a
        paragraph whose indent the OCR engine dropped (RapidOCR: one box a line, no
        blank lines, no indents), where `unwrap` sees no break."""
        cuts: list[Edit] = []
        for start, end, count in blocks:
            if (
                count < 3
                or not _SENTENCE_END.search(text, start, end)
                or len(_MARK_END.findall(text, start, end)) * 3 > count
            ):
                continue  # no sentence ends a line; verse, a list, code: most lines end on a mark
            lines = text[start:end].split("\n")
            widths = [display_width(line.strip(_WS)) for line in lines]
            column = _column(widths, self.options["min_width"], self.options["max_width"])
            if not column:
                continue
            full = column * (1 - self.options["tolerance"])
            offset = start + len(lines[0]) + 1
            for before, line, width, after_width, prior in zip(
                lines, lines[1:], widths[1:], widths[2:], widths
            ):
                if (
                    prior >= full
                    and after_width >= full
                    and column - _INDENT - _SLACK <= width <= column - _INDENT + _SLACK
                    and ends_sentence(before)
                ):
                    cuts.append((offset - 1, offset, "\n\n"))
                offset += len(line) + 1
        return cuts

    def _fragments(self, text: str, blocks: list[tuple[int, int, int]]) -> list[Edit]:
        """The blank lines before a line of two or three Han characters alone between
        blank lines that is no word of the lists (`各静`, `表荣由`): specks of a headline
        in large type, or a piece of a line that OCR cut off, not a paragraph. A line of
        one to three Han characters, word or not, between two lines of a column (neither
        indented, at least `min_width` wide) of which the first ends on a comma
        (`成功经验中，` / `合理` / `利用电视转播权`) is such a piece too, of the line after
        it: it is joined to both."""
        words, longer, _ = lookalike_data()
        least = self.options["min_width"]
        cuts: list[Edit] = []
        for (_, end, _), (start, stop, count), after in zip(
            blocks, blocks[1:], [*blocks[2:], (len(text), len(text), 0)]
        ):
            piece = text[start:stop].strip(_WS)
            if count != 1 or not 1 <= len(piece) <= 3 or not all(map(is_han, piece)):
                continue
            line = text[text.rfind("\n", 0, end) + 1 : end]
            if ends_sentence(line):
                continue  # after a sentence end, `unwrap` would put the break back
            nxt = text[after[0] : after[1]].split("\n", 1)[0]  # the first line after
            inside = (
                after[2] > 0
                and _column_line(line, least) and _column_line(nxt, least)
                and line.rstrip(_WS)[-1] in "，、"
                and is_han(nxt[0])
            )
            if inside:
                cuts.extend([(end, start, "\n"), (stop, after[0], "")])
            elif len(piece) >= 2 and piece not in words and piece not in longer:
                cuts.append((end, start, "\n"))
        return cuts

    def _stray_gaps(self, text: str, blocks: list[tuple[int, int, int]]) -> list[Edit]:
        """Gaps of two or more spaces between Chinese in a few lines of a block of prose
        (at least three lines, most without a gap): OCR's, not a table's columns, which
        `unwrap` would keep as rows (`开发的路子。他   须坚持`)."""
        cuts: list[Edit] = []
        for start, end, count in blocks:
            if count < 3:
                continue
            found = [m.span() for m in _GAP.finditer(text, start, end)]
            lines = {text.count("\n", start, a) for a, _ in found}
            if found and len(lines) * 3 <= count:
                cuts.extend((a, b, "") for a, b in found)
        return cuts

    def _spaced_ends(self, text: str) -> list[Edit]:
        """A paragraph break for the space after a short line that ends a sentence, in a
        line OCR made of a whole column with a space at each wrap (`…发展实效”。 新兴产业…`):
        most of its pieces between single spaces are as wide as the column, and a piece
        narrower than it after a full one is the last line of a paragraph."""
        cuts: list[Edit] = []
        least, most = self.options["min_width"], self.options["max_width"]
        tolerance = self.options["tolerance"]
        offset = 0
        for line in text.split("\n"):
            start, offset = offset, offset + len(line) + 1
            if line.count(" ") < 3 or display_width(line) <= most:
                continue
            parts = line.split(" ")
            widths = [display_width(part) for part in parts]
            column = _column(widths, least, most)
            full = column * (1 - tolerance)
            if not column or 2 * sum(full <= w <= column * (1 + tolerance) for w in widths) < len(
                parts
            ):
                continue  # spaces between words or phrases, not at a column's wraps
            at = start + len(parts[0])
            for prior, part, width, after in zip(widths, parts[1:], widths[1:], parts[2:]):
                at += 1 + len(part)  # the space after `part`
                if (
                    prior >= full
                    and least <= width < full
                    and part.rstrip(CLOSERS).endswith(("。", "！", "？"))
                    and is_han(after[:1])
                ):
                    cuts.append((at, at + 1, "\n\n"))
        return cuts

    def _join_run(self, text: str, run: list[tuple[int, int, int]]) -> list[Edit]:
        lines = [text[start:end].strip(_WS) for start, end, _ in run]
        widths = [display_width(line) for line in lines]
        quartile = sorted(widths)[(3 * len(widths)) // 4]
        least = quartile * (1 - self.options["tolerance"])
        cuts: list[Edit] = []
        for (_, end, _), (start, _, _), line, after, width in zip(
            run, run[1:], lines, lines[1:], widths
        ):
            if least <= width and not ends_sentence(line) and _cut_mid_word(line, after):
                cuts.append((end, start, "\n"))
        return cuts


def _cut_mid_word(line: str, after: str, strict: bool = False) -> bool:
    """The break between `line` and `after` cuts a word (`便` / `民热线`: `便民`) or a number
    from its unit (`1423` / `件`), so a paragraph cannot end there. `strict`: a word only,
    and one whose halves make no word with their other neighbours (`提高` / `中国` is two
    words, though `高中` is one).

    >>> _cut_mid_word("12345政务服务便", "民热线"), _cut_mid_word("石榴花开美西宁", "齐心共育")
    (True, False)
    >>> _cut_mid_word("无集中反", "映问题", strict=True)
    True
    >>> _cut_mid_word("要提高", "中国", strict=True)
    False
    """
    last, first = line[-1], after[0]
    if last.isdigit() and is_han(first) and not strict:
        return True
    words = lookalike_data()[0]
    if words.get(last + first, 0) < _WORD_COUNT:
        return False
    return not strict or not (line[-2:] in words or after[:2] in words)


def _column_line(line: str, least: int) -> bool:
    """`line` may be a line of a column: not indented, at least `least` wide.

    >>> _column_line("成功经验中，合理利用电视转播权", 16), _column_line("  选项", 16)
    (True, False)
    """
    return bool(line) and line[0] not in _WS and display_width(line.rstrip(_WS)) >= least


def _column(widths: list[int], least: int, most: int) -> int:
    """The width of a column: the upper quartile of its lines' widths from `least` to
    `most` (0 with fewer than three such lines).

    >>> _column([36, 36, 32, 35, 36, 12], 16, 60)
    36
    """
    fit = sorted(width for width in widths if least <= width <= most)
    return fit[(3 * len(fit)) // 4] if len(fit) >= 3 else 0


def _blocks(text: str) -> list[tuple[int, int, int]]:
    """(start, end, lines) of each run of non-blank lines; `end` is where its last line ends.

    >>> _blocks("a\\nb\\n\\n\\nc")
    [(0, 3, 2), (6, 7, 1)]
    """
    blocks: list[tuple[int, int, int]] = []
    start = end = count = 0
    offset = 0
    for line in text.split("\n"):
        if line.strip(_WS):
            if not count:
                start = offset
            count += 1
            end = offset + len(line)
        elif count:
            blocks.append((start, end, count))
            count = 0
        offset += len(line) + 1
    if count:
        blocks.append((start, end, count))
    return blocks
