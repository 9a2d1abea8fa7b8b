"""unwrap: join column-wrapped lines into paragraphs, one paragraph per line.

Before::

    在西宁国家级经济技术开发区拔节
    生长的过程中，科技创新的动能始终澎
    湃——

After: ``在西宁国家级经济技术开发区拔节生长的过程中，科技创新的动能始终澎湃——``

What it does
------------
First it reads what each block (a run of non-blank lines) is, from `cleantext.profile`:
column-wrapped prose, or lines that are not wrapped (verse, dialogue, one paragraph a line,
code, configuration, CSV rows, subtitles); only prose is joined. Each prose block of `min_block`
or more lines gives a column width: the upper quartile of its lines' display widths; a smaller
block borrows the width of the next or previous block, and a line alone between blank
lines with neither in a text that is all prose the column most of its blocks have (when two
or more share it and the next block's first line is no wider). A block is justified when
three or more of its lines (a third) are as wide as the column and hardly any is wider; the
text's indent habit is how much narrower than the column a paragraph's first line is when
the extractor dropped the indent's spaces (two characters where the text shows no habit of
its own).

A line break inside a block is joined when the line fills its column and does not end a
sentence, or ends on a comma, `；` or an opening bracket or quote (no paragraph ends on one);
when it stops on a letter
before a line that no sentence starts with (a mark that goes on, or one character and `、`,
`，` or `。`: `在5G通` / `讯、智能`,
`自动配置网` / `络。如果`; not `这，`, `是。`, nor a word and its stop indented under the
line, `ERRORS` / `略。`); when the line stops short before a Latin word too long for
the rest of it (and the mark after it no line starts with, `(MPMs)，`; a paragraph's first
line that fills its column but for a dropped indent has the indent less room:
`每个发行版的元数据文件都保存在` / `Debian镜像站…`), or before a Chinese character a path or
option follows with no space, no line breaking before its `/` or `-` (`每一个额外的虚拟主机都`
/ `由/etc/apache2/sites-available/中`; not where the lines of a heading come twice in turn), or
a quoted path (`…状态信息保存` / `在“/var/lib/aptitude/pkgstates”中`: nor around a quote),
or before a full-width opening bracket and the Latin word it opens (`许多PV可以在VG` /
`（Volume Group，卷组）`); when it ends inside an
address, a path or a hyphenated name (joined with no space,
the hyphen kept: `https://www.debian.or` + `g/Bugs/`, `/etc/apache2/sites-` + `enabled/`, and
`debian-` alone on its line + `user@lists…` with Chinese on the line after); when it is part of
a run of lines of one character or Latin word, a CJK character among them (a justified line an
extractor spread one character or word a line, `文⏎⏎件⏎⏎(⏎⏎以`, `merge⏎requests⏎（⏎或⏎pull`;
or two different Han characters alone on their lines inside a block after a line cut
mid-word, `RUNDIR⏎必⏎须⏎在/etc/default/…`, not before a line that opens a paragraph; or one
Chinese character alone, not after a paragraph break, before a Latin word, path or quoted name
with no Chinese glued to it: `即⏎“Internet site”`, `忽⏎略⏎/etc/network/interfaces`);
when it is a Latin word alone after prose that ends no sentence, at one indent with the lines
around it, and the next starts with a Latin word, Chinese on it or the line after (one justified
line the extractor cut at its wide spaces: `（Mail` / `Exchange` / `Resource` / `Records）列出`,
joined with a space; an opening quote may stand before the word and a bracket start the next
line: `“New` / `Maintainer's` / `Guide”（…）`, `Modules` / `(MPMs)，它`);
when the next line is an arrow and the web address it points to, on its line or the next
(`…就会显示该信息。` / `→` / `https://tracker.debian.org/`: the link of the sentence before it);
when the next line starts with a copy of it and goes on with what starts the line after (copies
of a fake-bold heading interleaved line by line, for `fake-bold` to undo: a line and its copy
only where fake-bold undoes them, see below); when lines of a block together are one fake-bold
heading drawn over several lines, each copy within a line (`标题前半⏎标题前半⏎后半⏎后半`,
`外交部发言人⏎外交部发言人谈明年⏎谈明年`), with its byline or body after it in the block: they
join into one heading; and when short heading-like lines at a block's start each begin with a
copy of the previous one's end, or with the mark it ends on (copies interleaved across the
wraps, some lost: `人民没有忘记——访孔繁森⏎访孔繁森、李润五`, `访长三甲、⏎、长三乙运`). Across a
blank line, the halves of a paragraph cut by a page or column break are joined again when the
first half fills its line and does not end a sentence, or ends on a comma, or stops on a letter
before a line that no sentence starts with (`件` / `次，网民留言`; `这，` opens one; after Han,
a line's start is read with its marks as `punctuation` and `ellipsis` will set them, so the
first pass joins `次,网民留言` and `...青藏高原` as a later one would).
Paragraphs come out one per line with a blank line between them; Latin and
Korean words joined across a break get a space (an address's scheme cut at the
wrap, `http` / `s://`, none), and in English prose a hyphen at a line end
before a lower-case letter is removed. Widths leave out the spaces of
letter-spaced Chinese; a line spaced out all along in a block where most lines
are not was stretched to fill its justified column (before a Latin word too
long for it) and counts as full, as does one spaced out at every gap with
half-width marks or Latin among its Chinese (`表 新 的 執 行 階 層 ) 。`) unless it is
short by a first-line indent (a paragraph's first line), and one whose Chinese
alone is spaced out before a line that starts with a Latin word (`slapd 软 件 包
包 含` / `OpenLDAP服务器`).

Leaves alone
------------
Blocks that are not prose keep their line breaks exactly as they are (so does a block whose
lines are wider than any page wraps, its upper quartile over `WIDEST_COLUMN`: text one
paragraph a line with no blank lines; and one whose lines after the first all open a list
item: `一、总则` / `二、细则`) (several blank lines become
one, as between slices), and so do breaks next to a code-like line, and their indents (a slice's
first line too); a text with subtitle cues (`-->`) is left as it is, and a block with no CJK
character is joined only when it is clearly wrapped Latin prose (so `requirements.txt`,
`CMakeLists.txt`, `robots.txt` stay). A paragraph break is kept: before a line indented more
than the line before it, or back at the margin from a hanging indent (a man page's next option);
around a line much wider than the column (a headline: not one wide only by its Latin letters or
holding a sentence's end, nor two lines of prose the extractor ran together, cut mid-sentence on
both sides with a mark inside a sentence in it) or a fake-bold heading; before a list item,
dateline or `作者：` line (`1.`, `（一）`, `■`, `本报讯`, `新华社北京1月1日电`) and around a byline
alone on its line (`本报驻美国记者 张亮`, `新华社记者…`, `本报评论员`; a name on the line under its
head, `本报记者` / `许立群`, joins it); around a table row (cells apart by two or more spaces or a
tab; two spaces after an English sentence are no gap, nor two in a line spaced out all along to
fill its column: `程 序 , 根`, nor gaps of two spaces in a line holding Chinese, each after a
Latin letter, digit or colon and before a Latin word, path, quote or option, stretched by
justification: `Account  Manager——Debian账户管理者`, `SELECTOR  -d  DOMAIN 来`);
around and between three or more lines of one shape, letters and digits abstracted
(`Jul 3 total 1.17` / `Jul 4 total 2.10`: a program's output, a table of
values); between lines of options or paths one under another (`-v, --verbose` / `-z, --gzip`);
after a line that ends a sentence short of a justified column, however wide its digits and
Latin letters were set (a paragraph's first line short only by its indent aside, when a full
line follows; and, in a text that indents its paragraphs, a line short only because the Latin
word starting the next line did not fit, when that line fills its column: `及其现况。` /
`systemctl status则以…`; in a text that does not, such a line not short of its column before
one that fills it with its Latin letters counted as set, `显示他们…已经做了什么。` / `Debian是务实的
项目，…`); after a line ending on a web address well
short of its column before a line of Chinese or of a Latin word Chinese follows, as after a
sentence's end (`→ http://dkim.org/` / `第一个私钥…`, `→ https://dsa.debian.org` /
`listmaster管理…`: no stop is set after an address, and the next word would have fit; an
arrow's link, `→ https://…`, short with its Latin letters counted as narrow as proportional type
sets them, 0.6 of a column); after an address's tail ending on `/` before a Latin word
Chinese follows (`ew/` / `Yahoo具有…`: no address holds Chinese) when the word would have
fit; before a
line short by the indent habit after a sentence's end (a paragraph's last line may fill its
line; not a line of prose, a mark in it, short only because the Latin word starting the
line after it did not fit, `第一个工具是systemctl。` / `未使用参数运行时，它列出` /
`systemd已知的…`); after a short
line that ends a sentence; after a sentence's end, before a short line with no mark or a line
that comes twice
(a sub-heading, fake bold or not), and after a short line followed by a paragraph's first line;
after a paragraph's first line that is short with no mark in it, even counting its digits as
wide as Chinese (they may have been set full width) and its Latin letters 0.7 of that, and not
short by the indent alone (a sub-heading set in body size: `通过$TMPDIR指定临时存储目录` /
`应用程序一般…`); before a short line with no mark alone between blank lines after a sentence's
end or a Latin line end (`版权` in a man page); after a line ending on a colon, before a short
line with no mark (what it introduces: verse, a list), and between two or more items with no
mark to its block's end, each at most 15 Chinese characters and each different (`购物清单：` /
`新鲜鸡蛋` / `全麦面包`); around a title in book-title marks alone on its line (`《赤壁》`,
`题目:《塞上》`); after a sentence's end, before a short line with no mark inside a sentence
(quotes and titles may be there: `“国际一流”与“几十分之一”`), not a credit in brackets; around
a paragraph given a line far wider than any column (over twice the headline width) after
a sentence's end or a line with no mark, or that ends a sentence itself, and after a sentence's
end before a line with no mark that such a line follows (text one paragraph a line);
between a line written twice that no
heading looks like (an address, an option: `headings.chinese_heading_text`) and its copy; around
a line said again on the next line (or after a blank line) that `fake-bold` would keep both
copies of once joined (a refrain, a reply, a list item, a line ending on a comma, what a colon
introduces: `春天在哪里` / `春天在哪里`): a heading shorter than `headings.HEADING_LENGTH`, with
no other sign of fake bold in the text (a line wholly doubled, a doubled mark, a long heading or
two different short ones drawn twice) and not where a heading stands
(`headings.placed_as_heading`), and a block that is only such a line said again keeps its breaks
as they are; in a block of short lines said again as a group (a refrain: `好好学习` / `天天向上`
twice), when nothing else in the text shows fake bold (a line wholly doubled, a doubled mark).
Two lines each wholly doubled stay apart when they are shorter than two
`headings.HEADING_LENGTH` together (`研究研究` / `讨论讨论`, `热热闹闹` / `干干净净`:
words said twice).
Blocks that are not prose lend no column to their neighbours. With no column to judge by, two
lines join only when the first is cut after a mark inside its sentence or the second ends one
(`在2025年,创新` / `之城`), and not after a short line (8 Han) with no mark two characters
narrower than the next, so a title over its author line stays two, and so does a heading
over its paragraph (`概述` / `本章介绍…。`). Text with no wrapped
blocks at all (one paragraph per line) is joined only on commas, mid-word cuts and one-character
runs, so cleaning clean output changes nothing.

Params
------
tolerance (0.2)
    How far below the column width, as a share of it (at least 4 columns), a
    line may end and still count as filling a column that is not justified.
wide (1.25)
    A line wider than this many column widths (plus 2) is a headline or deck and
    keeps its breaks.
min_block (3)
    The fewest lines a block needs to give its own column width; smaller blocks
    borrow a neighbour's. Below 2, text one paragraph a line is not recognised.

Content safety
--------------
Keeps content: it changes only line breaks and the white space at them (and
removes a hyphen at a line end only in English prose, when the word goes on in
lower case on the next line).

Known limits
------------
The cues are layout statistics, not meaning: a sub-heading set in body size
with no mark that (nearly) fills its line is glued to its paragraph; a
paragraph break that falls exactly at a justified line's end with no indent
and no blank line after it is missed; two short lines with no column and no
mark to judge by (a page cut inside a word: `创新之城` / `发展`) stay apart. A
Latin word split mid-word at a wrap (`pa` / `rtition`) is joined with a space
when it is not an address, path or hyphenated name. Verse is recognised by its
lines all ending on marks (or two alike in a row); free verse with no marks
and even widths can still be joined. The indent habit is found per slice.
A song whose every line is sung twice, set in a prose block with prose after it
and no marks, reads as a fake-bold heading drawn over lines.
"""

from __future__ import annotations

import string
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from itertools import compress, pairwise
from operator import eq, itemgetter
from typing import NamedTuple

from ..headings import (
    HEADING_LENGTH,
    chinese_heading_text,
    doubled_heading,
    doubled_marks,
    placed_as_heading,
    undouble,
)
from ..profile import (
    END_MARKS,
    Block,
    classify,
    code_like,
    holds_cjk,
    subtitles,
    sung_again,
    wrapped_latin,
)
from ..text import CLOSERS, CONTINUING, TERMINAL, ends_sentence, is_han, lazy_re, lazy_regex
from .base import Edit, Kind
from .ellipsis import chinese_ellipses
from .punctuation import full_width_line

#: Lines that always open a new paragraph: list items, bullets, bylines, datelines.
_STARTER = lazy_regex(
    r"(?:[■●◆▲★☆•]|（记者|\(记者|本报讯|作者[:：]|（上接|\(上接|（下转|\(下转"
    r"|\d{1,2}[.．、](?![\d.．])|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[)）])"
)
#: The characters a `_STARTER` match can begin with: a cheap test before the regex.
_STARTER_FIRST = frozenset("■●◆▲★☆•（(本作0123456789一二三四五六七八九十")
#: Words that open a sentence with a comma (`这，`, `但，`), numerals aside.
_OPENERS = "这那但而对是好嗯哦噢啊唉哎喂嘿呃可"
#: The start of a line that no sentence starts with: a mark that closes or goes on, or
#: one character and an enumeration comma, comma or full stop (`讯、智能工业`, `次，网民`,
#: `络。如果`), not a numeral's (`一、`), nor a word that opens a sentence with a comma
#: (`这，`, `但，`) or is one (`是。`, `无。`: an answer, a man page's `ERRORS` / `无。`).
_CONTINUES = (r"[，。、；：？！）》」』】…,;:?!)]|[^\d一二三四五六七八九十甲乙丙丁\n]、"
              rf"|[^\d一二三四五六七八九十甲乙丙丁{_OPENERS}\n]，"
              rf"|[^\d一二三四五六七八九十甲乙丙丁{_OPENERS}无不有没行\n]。")
_CONTINUATION = lazy_regex(_CONTINUES)
#: What a `_CONTINUATION` match starts with, or has second: a cheap test before the regex.
_CONTINUES_FIRST = frozenset("，。、；：？！）》」』】…,;:?!)")
#: What a line's second character is when it may go on (`_CONTINUATION`, or a comma that
#: `_continues_once_set` reads).
_SECOND_MARKS = frozenset("、，,。.")
#: Three or more lines of one character in text one paragraph a line (see `_spread`).
_SPREAD_RUN = lazy_re(r"(?:^|\n\n)([^\n](?:\n\n[^\n]){2,})(?=\n\n|$)")
#: What the middle line of every `_SPREAD_RUN` is: found far faster (it starts with a
#: literal), it rules out nearly every text.
_SPREAD_MIDDLE = lazy_re(r"\n\n[^\n]\n\n")
#: A blank line before such a line (in text one paragraph a line), or before one that may
#: be such once its marks are set (the group: see `_continues_once_set`).
_NEXT_CONTINUES = lazy_re(rf"\n\n(?:(?={_CONTINUES})|(?=([^\n][,.]|\.\.\.)))")
#: A line that is a byline and nothing else: `本报驻美国记者 张亮`, `新华社记者王永治牛爱民`,
#: `本报评论员`; the paragraphs around it are its own.
_BYLINE_HEAD = r"(?:(?:本报|新华社|中新社)(?:驻\p{Han}{1,8})?(?:特约)?(?:记者|通讯员)|特约记者)"
_BYLINE = lazy_regex(
    _BYLINE_HEAD
    + r"(?:[ \u3000]*\p{Han}{2,4}(?:[、，,·][ \u3000]*)?)+|本报评论员|本报特约评论员"
)
#: A byline's name on the line after its head (`本报记者` / `许立群`): the name's line.
_BYLINE_SPLIT = lazy_regex(
    r"(?m)^[ \t\u3000]*" + _BYLINE_HEAD + r"[ \t\u3000]*\n[ \t\u3000]*(\p{Han}{2,4})[ \t\u3000]*$"
)
#: Where every `_BYLINE_SPLIT` match's head ends, found by a scan for two literals.
_BYLINE_HEAD_END = lazy_re("(?:记者|通讯员)[ \t\u3000]*\n")
#: How bylines and datelines start (a cheap test before the regexes).
_BYLINE_START = frozenset(["本报", "新华", "中新", "特约"])
_BYLINE_FIRST = frozenset("本新中特")
#: The last characters of a line that ends a sentence (a cheap test before `ends_sentence`).
_ENDERS = frozenset(TERMINAL + CLOSERS + " \t\u3000")
#: A dateline opening a paragraph: `新华社北京1月1日电`, `本报北京1月12日讯`.
_DATELINE = lazy_regex(
    r"(?:新华社|本报|中新社)\p{Han}{0,12}?[\d一二三四五六七八九十〇]{1,4}月"
    r"[\d一二三四五六七八九十〇]{1,3}日(?:电|讯)"
)
#: Lines that open a new paragraph when the line before is short: decks, wire credits.
_WEAK_STARTER = lazy_re(r"(?:——|【|新华社|中新社)")
#: A gap of two or more spaces, or a tab, between words: a table row, kept as a line.
#: Two spaces after a sentence's end (`works.  By`) are how some type English, no gap.
_COLUMN_GAP = lazy_regex(
    r"(?:[^\s.?!]|[.?!](?!  \S))(?:[ \u3000]{2,}|[ \u3000]*\t)[ \t\u3000]*\S"
)
_ASCII_END_CHARS = frozenset(string.ascii_letters + string.digits + ".,;:!?%)]>'\"")
_ASCII_START = lazy_re(r"^[A-Za-z0-9(\"']")
_ASCII_ALNUM = frozenset(string.ascii_letters + string.digits)
_HAN = lazy_regex(r"\p{Han}")
_ALNUM = lazy_re(r"[^\W_]")
_DIGIT = lazy_re("[0-9]")
_LATIN_LETTER = lazy_re("[A-Za-z]")
#: A space between two characters beyond ASCII: justification in letter-spaced Chinese.
#: (the space first: `re` then finds the places to try by the space alone, a far faster scan)
_SPREAD_SPACE = lazy_re(r" (?<=[^\x00-\x7f] )(?=[^\x00-\x7f])")
#: A mark of prose: a short line alone between blank lines with none is a heading.
_PROSE_MARK = lazy_re(r"[，。、；：？！…,.;:?!]")
#: A line that is a title in book-title marks and nothing else, a label before it
#: (`题目:`) or a count or note after it (`二首`, `（选一）`) aside.
_TITLE_LINE = lazy_regex(
    r"(?:\p{Han}{1,4}[:：] ?)?《[^《》\n]{1,30}》(?:\p{Han}{0,4}|[（(][^（）()\n]{1,8}[）)])"
)
#: A mark inside a sentence: a title or heading has none.
_CLAUSE_MARK = lazy_re(r"[，、；：,;:]")
#: A mark inside a sentence, not at its end: `在2025年,创新` is cut mid-sentence.
_INNER_MARK = lazy_re(r"[，、；：,;:][^，、；：,;:。！？!?]+$")
_HYPHENATED = lazy_re(r"[a-z]-$")
#: A mark that stands inside a sentence (a wide line holding one is prose run together).
_INSIDE_MARK = lazy_re(r"[，、；（）(),;]")
#: The Latin word a line starts with (up to a space or a CJK character).
_FIRST_WORD = lazy_re(r"[!-~]+")
#: A Latin word alone on its line (not an address's or a path's tail: `wiki/DMARC`).
_LONE_WORD = lazy_re(r"[“\"]?[A-Za-z][A-Za-z0-9'-]*")
#: Full-width marks no line starts with: they go with the word before them.
_CLOSING_MARKS = frozenset("，。、；：？！）》」』】")
#: What closes an address written in full.
_CLOSING = frozenset(">)]}\"'")
#: The Latin word a line ends with.
_LAST_WORD = lazy_re(r"[!-~]+$")
#: The rest of an address's scheme at a line's start: `s://`, `://`, `tps://`.
_SCHEME_REST = lazy_re(r"[a-z]{0,4}://")
#: How a web address starts.
_ADDRESS_START = lazy_re(r"(?:https?|ftp)://|www\.")
#: What a line cut inside an address, path or name goes on with.
_GOES_ON = lazy_re(r"[A-Za-z0-9/~%+.@_-]")
_WS = " \t\u3000"
#: The usual first-line indent (two characters) where a text shows no habit of its own.
INDENT = 4
#: Widest column (in display columns) a page wraps at: a block whose lines are wider is
#: text one paragraph a line, and gives no column (100 Han).
WIDEST_COLUMN = 200
#: Widest heading (in display columns) that a line ending on a comma does not join: 24 Han.
HEADING_WIDTH = 48
#: Widest line (in display columns, 8 Han) read as a heading over a paragraph with no
#: column to judge by.
_SHORT_HEADING = 16
#: Longest Latin word that a line spread one word a line holds alone.
_SPREAD_WORD = 24
#: Longest line (in characters) and most lines of a fake-bold heading drawn over lines.
_RUN_LINE = 40
_RUN_LINES = 16
#: White space at a line's edge: text in the form unwrap makes has none. One character
#: of a class first, then the other side chosen by it: scanned in C for the class.
_EDGE = lazy_re(r"[ \t\u3000\n](?:(?<=\n)[ \t\u3000]|(?<=[ \t\u3000])\n)")
#: The ends of lines that end on a comma, before a blank line: where such text may join.
_COMMA_ENDS = [comma + "\n\n" for comma in CONTINUING]


#: One non-blank line, a plain tuple (made for every line, so made cheaply):
#: (start, end, text, block, first, indent, width, doubled, row) — `text` lies at
#: [start, end) of the input, white space stripped; `block` numbers runs of non-blank
#: lines; `first` is true for a block's first line; `row` means it has a column gap
#: (part of a table); `doubled` means it is a fake-bold heading.
Line = tuple[int, int, str, int, bool, int, int, bool, bool]


class Unwrap(Kind):
    name = "unwrap"
    native = "Unwrap"
    layout = True
    params = {"tolerance": 0.2, "wide": 1.25, "min_block": 3}

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        if _SEPARATOR in text:
            return _kept_separators(text, edits, self._unwrap)
        return self._unwrap(text, edits)

    def _unwrap(self, text: str, edits: list[Edit] | None) -> str:
        if self.options["min_block"] > 1 and _one_paragraph_a_line(text):
            return _join_in_own_form(text, edits)
        if subtitles(text):
            return _as_it_is(text, edits)
        return self._by_lines(text, edits)

    def _by_lines(self, text: str, edits: list[Edit] | None) -> str:
        """Decide every line break from the lines around it and their blocks' columns;
        the breaks in and beside blocks that are not prose stay as they are."""
        stretched: list[int] = []
        spaced: list[int] = []
        starts: list[int] = []
        loose: list[int] = []
        lines = _lines(text, stretched, starts, spaced, loose)
        blocks = _blocks(lines)
        kinds = {block: _kind(texts, widths) for block, (texts, widths, _) in blocks.items()}
        for block, (texts, widths, _) in blocks.items():
            if len(widths) >= 2 and sorted(widths)[(3 * len(widths)) // 4] > WIDEST_COLUMN:
                kinds[block] = Block.LINES  # its lines are paragraphs: no page wraps so wide
            elif len(texts) >= 2 and all(
                line[0] in _STARTER_FIRST and _STARTER.match(line) for line in texts[1:]
            ):
                kinds[block] = Block.LINES  # list items, one a line (under a title or not)
        lines, glued = _doubled_runs(_margined(lines, blocks), starts, text)
        parted = _parted(lines, text)
        _refrains(kinds, blocks, lines, text, parted)
        named = _named_bylines(lines, text)
        glued.update(named)
        if not lines:
            if edits is not None and text:
                edits.append((0, len(text), ""))
            return ""
        others = {block for block, kind in kinds.items() if kind is not Block.PROSE}
        columns = self._columns(lines, blocks, others)
        stretched += _before_latin(lines, spaced) + _unindented(lines, loose, columns)
        _fill_stretched(lines, stretched, blocks, columns)
        previous = lines[0]
        spread = _spread(lines)
        split = _split_off(lines)
        fixed = {  # lines whose breaks stay: in blocks that are not prose, code, listings
            at for at, line in enumerate(lines)
            if line[3] in others or (line[2][0] < "\u2e80" and code_like(line[2]))
        } | _listing(lines) | _items_after_colon(lines)
        # a first line kept as it is keeps its indent too, wherever a slice starts
        lead = text.rfind("\n", 0, previous[0]) + 1 if 0 in fixed else previous[0]
        out: list[str] = [text[lead : previous[0]] + previous[2]]
        if edits is not None:
            _record(edits, 0, lead, "", text)
        opening = True  # `previous` opens a paragraph
        # a break with none of these lines on either side goes to `_joiner`: tested at once
        marked = glued | named | fixed | parted | spread | {at + 1 for at in split}
        for at, (line, following) in enumerate(zip(lines[1:], [*lines[2:], None]), 1):
            if at not in marked and at - 1 not in marked:
                gap = _joiner(previous, line, columns.get(previous[3]), following, opening)
            elif at in glued:
                gap = ""  # inside a fake-bold heading drawn over several lines, or a byline
            elif at in named or at - 1 in named:
                gap = "\n\n"  # around a byline whose name is on a line of its own
            elif at not in fixed and at - 1 not in fixed:
                if at in parted or at - 1 in parted:
                    gap = "\n\n"  # around a line said again (a refrain, a reply): its own line
                elif spread and (at in spread or at - 1 in spread) and not (
                    ends_sentence(previous[2])
                    and (previous[3] != line[3] or not (at in spread and at - 1 in spread))
                ):  # (the end of a sentence before a blank line ends a slice: see `chunks`)
                    # a line the extractor spread one character or word a line
                    gap = " " if (previous[2][-1].isascii() and previous[2][-1].isalpha()
                                  and line[2][0].isascii() and line[2][0].isalpha()
                                  and len(previous[2]) + len(line[2]) > 2) else ""
                elif at - 1 in split:  # a Latin word split off a justified line, the next
                    gap = " "  # word with it: the extractor cut their line at the space between
                else:
                    gap = _joiner(previous, line, columns.get(previous[3]), following, opening)
            else:  # a break in or beside a block that is not prose stays as it is
                gap = text[previous[1]:line[0]]
                if gap.count("\n") >= 2:  # blank lines are one, as between slices
                    gap = "\n\n" + gap[gap.rfind("\n") + 1 :]
            opening = gap[:1] == "\n"
            if gap == "-":  # a hyphenated Latin word: drop the hyphen
                out[-1] = out[-1][:-1]
                if edits is not None:
                    _record(edits, previous[1] - 1, line[0], "", text)
            else:
                out.append(gap)
                if edits is not None:
                    _record(edits, previous[1], line[0], gap, text)
            out.append(line[2])
            previous = line
        if edits is not None:
            _record(edits, previous[1], len(text), "", text)
        return "".join(out)

    def _columns(self, lines: list[Line], blocks: Blocks, others: set[int]
                 ) -> dict[int, Column]:
        """Column of each block: its own upper quartile width, else the next or previous block's.
        Fake-bold lines (`doubled`) do not count: `blocks` gives the widths of the others.
        Blocks in `others` (dialogue, verse, lists …: not prose) have none to lend."""
        doubled = {line[3] for line in lines if line[7]}
        by_block = {block: widths for block, (_, widths, _) in blocks.items()
                    if block not in doubled and block not in others}
        for _, _, _, block, _, _, width, is_doubled, _ in (
            [line for line in lines if line[3] in doubled] if doubled else ()
        ):
            if not is_doubled and block not in others:
                by_block.setdefault(block, []).append(width)
        wide, tolerance = self.options["wide"], self.options["tolerance"]
        own = {
            block: Column.of(top, wide, tolerance, _tight(ordered, top, wide))
            for block, widths in by_block.items()
            if len(widths) >= self.options["min_block"]
            for ordered in (sorted(widths),)
            for top in (ordered[(3 * len(ordered)) // 4],)  # the upper quartile
        }
        indent = _indent_habit(lines, own)
        if indent:
            own = {block: column.with_indent(indent) for block, column in own.items()}
        columns: dict[int, Column] = {}
        common = _common_column(own) if not others else None
        for block in range(lines[-1][3] + 1):
            for source in (block, block + 1, block - 1):  # itself, else a neighbour
                if source in own:
                    columns[block] = own[source]
                    break
            else:  # a line alone between blank lines in prose (a paragraph's half cut by
                # a page break, its neighbours too): the column most blocks of the text have,
                # unless the next block starts wider (a headline over its deck is no half)
                if common is not None and len(blocks[block][0]) == 1 and (
                    block + 1 not in blocks or blocks[block + 1][1][0] <= common.width + 1
                ):
                    columns[block] = common
        return columns


def _common_column(own: dict[int, Column]) -> Column | None:
    """The column most blocks in `own` have (of those most, the first block's), when 2 or
    more blocks have it: one block's column says nothing of the text's."""
    if not own:
        return None
    counts = Counter(own.values())
    column = max((own[block] for block in sorted(own)), key=counts.__getitem__)
    return column if counts[column] >= 2 else None


class Column(NamedTuple):
    """A block's column width and the widths derived from it (a named tuple: one is made
    for every block)."""

    width: int
    wide: float  # a line wider than this is a headline
    short: float  # a line narrower than this does not fill its column
    #: A line narrower than this that ends a sentence ends its paragraph: in a justified
    #: (tight) column, one character short is enough.
    full: float
    indent: int = 0  # how much narrower a paragraph's first line is (a dropped indent)

    @classmethod
    def of(cls, width: int, wide: float, tolerance: float, tight: bool) -> Column:
        short = width - max(4.0, width * tolerance)
        return cls(width, width * wide + 2, short, width - 1.5 if tight else short)

    def with_indent(self, indent: int) -> Column:
        return Column(self.width, self.wide, self.short, self.full, indent) if indent else self

    def dropped(self) -> int:
        """How much narrower a paragraph's first line is when its indent's spaces were dropped:
        the text's habit, or two characters in a justified column (none in a ragged one)."""
        return self.indent or (INDENT if self.full != self.short else 0)

    def opens(self, width: int) -> bool:
        """A line this wide is a paragraph's first line that lost its indent's spaces: short
        by the text's habit, or by two characters in a justified column."""
        indent = self.dropped()
        return indent > 0 and abs(self.width - width - indent) <= 1


def _joiner(line: Line, after: Line, column: Column | None, following: Line | None,
            opening: bool = False) -> str:
    """What goes between two lines: "" or " " (joined), "-" (dehyphenated) or "\n\n".
    `following` is the line after `after`, if any; `opening`: `line` opens a paragraph."""
    if not _joined(line, after, column, following, opening):
        return "\n\n"
    text, next_text = line[2], after[2]
    last = text[-1]
    if next_text[0] < "\x80":  # the rest of an address goes on in ASCII
        if _GOES_ON.match(next_text) and _cut_word(text, next_text, following):
            return ""  # an address, path or hyphenated name cut at the wrap goes on as it was
        if last.isalpha() and _SCHEME_REST.match(next_text):
            return ""  # `http` + `s://…`: an address's scheme cut at the wrap
    if "\uac00" <= last <= "\ud7a3" or "\uac00" <= next_text[0] <= "\ud7a3":
        return " "  # Korean wraps at the spaces between its words
    if last == "-" and _HYPHENATED.search(text) and next_text[:1].islower():
        return "-"
    if last in _ASCII_END_CHARS and _ASCII_START.match(next_text):
        words = last.isalpha() and next_text[0].isalpha()
        chinese = _HAN.search(text) or _HAN.search(next_text)
        return " " if words or not chinese else ""
    return ""


def _cut_word(text: str, next_text: str, following: Line | None = None) -> bool:
    """`text` ends inside an address, a path or a hyphenated name: its last word holds
    `://`, `@` or starts with `/`; or, with Chinese around it (on its line, the next or the
    one after that, `following`: a name alone on its line in Chinese text), ends on `-`,
    `/`, `_` or `.` (`https://www.debian.or`, `/etc/apache2/sites-`, `debian-`; an English
    word hyphenated at the wrap is the caller's).

    >>> _cut_word("参见https://www.debian.or", "g/Bugs/"), _cut_word("的debian-", "user@lists")
    (True, True)
    >>> _cut_word("in the well-", "known way"), _cut_word("是ldap.falcot.com", "full")
    (False, False)
    >>> _cut_word("debian-", "user@lists", _lines("的邮件列表")[0])
    True
    >>> _cut_word("export [-fn] [name[=word]] ...", "export -p", _lines("给出的名称")[0])
    False
    """
    match = _LAST_WORD.search(text)
    if not match:
        return False
    word = match.group()
    if word[-1] in _CLOSING:
        return False  # `<https://fsf.org/>`: the address is whole
    if "://" in word or "@" in word or word[0] == "/":
        return True
    return word[-1] in "-/_." and len(word) > 1 and (
        holds_cjk(text) or holds_cjk(next_text) or (
            following is not None and holds_cjk(following[2])
            and _ALNUM.search(word) is not None  # a word, not `...`
        ))


def _address_ends(text: str) -> bool:
    """`text` ends on a whole web address (a scheme, not cut after `-`, `.` or `_`): where
    the line stops well short of its column and Chinese follows on the next line (which
    would have fit after it), the address ends its sentence, as an address set after a
    paragraph (`→ https://nm.debian.org/` / `先决条件`) does with no stop after it.

    >>> _address_ends("消息本体和标头字段。→ http://dkim.org/"), _address_ends("见https://a.org/b-")
    (True, False)
    >>> _address_ends("运行./easyrsa build-server-full")
    False
    """
    match = _LAST_WORD.search(text)
    return match is not None and "://" in match.group() and text[-1] not in "-._"


def _reference(text: str, following: Line | None, block: int) -> bool:
    """`text` is an arrow and the web address it points to (on its line, or alone with the
    address on the next line of its block, `following`): a link the text sets after the
    sentence it belongs to, in its paragraph (`…会显示该信息。→ https://tracker.debian.org/`).

    >>> _reference("→ https://tracker.debian.org/", None, 0), _reference("→ 下一步", None, 0)
    (True, False)
    >>> _reference("→", _lines("https://tracker.debian.or")[0], 0)
    True
    """
    rest = text[1:].lstrip(_WS)
    if not rest:
        return following is not None and following[3] == block and (
            _ADDRESS_START.match(following[2]) is not None)
    return _ADDRESS_START.match(rest) is not None


def _latin_lead(text: str) -> bool:
    """`text` starts with a Latin word, a path or an option, after a quote or not, with no
    Chinese glued to that first word (`Falcot公司的` starts Chinese prose).

    >>> _latin_lead("“Internet"), _latin_lead("/etc/aide/aide.conf"), _latin_lead("Falcot公司的")
    (True, True, False)
    >>> _latin_lead("“这个”"), _latin_lead("“")
    (False, False)
    """
    rest = text[1:] if text[0] in "“\"" else text
    return rest[:1] < "\x80" and (rest[:1].isalnum() or rest[:1] in ("/", "~", ".", "-")) and (
        not _chinese_lead(rest))


def _chinese_lead(text: str) -> bool:
    """`text` starts with Chinese, or with a Latin word that Chinese follows with no space
    (`listmaster管理邮件列表`, `library的类型`): nothing an address goes on with.

    >>> _chinese_lead("先决条件"), _chinese_lead("listmaster管理"), _chinese_lead("g/Bugs/")
    (True, True, False)
    >>> _chinese_lead("Yahoo 具有"), _chinese_lead("index.html中")
    (False, False)
    """
    if text[0] >= "\u2e80":
        return True
    word = _FIRST_WORD.match(text)
    return (word is not None and word.group().isalnum() and word.end() < len(text)
            and text[word.end()] >= "\u2e80")


def _byline(text: str) -> bool:
    """`text` is a byline and nothing else.

    >>> _byline("本报驻美国记者 张亮"), _byline("新华社记者王永治牛爱民"), _byline("记者招待会上")
    (True, True, False)
    """
    return _BYLINE.fullmatch(text) is not None


def _headline(text: str, width: int, column: Column) -> bool:
    """A line wider than its column is a headline or deck, unless it holds a sentence's
    end (prose an extractor ran together) or is wide only by its Latin letters and
    spaces, which proportional type sets narrower than a display column each.

    >>> column = Column.of(32, 1.25, 0.2, True)
    >>> _headline("机 在 /etc/apache2/sitesenabled/000-default.conf 文 件 中", 57, column)
    False
    >>> _headline("全方位推行独立自主和平外交政策全方位推行独", 44, column)
    True
    """
    return "。" not in text and _narrowest(text, width) > column.wide


def _narrowest(text: str, width: int) -> float:
    """The narrowest `text` (`width` display columns) may have been set: its Latin letters,
    marks and spaces 0.6 of a display column (proportional type).

    >>> _narrowest("→ https://lists.debian.org/users.html", 38)
    23.6
    """
    return width - 0.4 * sum(1 for char in text if char < "\x80")


def _run_together(wide: str) -> bool:
    """A line wider than its column, cut mid-sentence on either side (the caller's), is two
    lines of prose the extractor ran together (it joined a word hyphenated at the wrap:
    `…HTTP keepalive特性保持打开的那些）交回给`), not a headline, when a mark that stands inside
    a sentence stands within it and it ends on a letter or a Chinese character.

    >>> _run_together("非活动连接（显著地由HTTP keepalive特性保持打开的那些）交回给")
    True
    >>> _run_together("非活动连接显著地由HTTP keepalive特性保持打开的那些交回给")
    False
    """
    return wide[-1].isalnum() and _INSIDE_MARK.search(wide, 0, len(wide) - 1) is not None


def _copied_on(rest: str, following: Line | None) -> bool:
    """The copies of a fake-bold heading go on: `rest` (what a line holds after a copy
    of the line before) starts the line after it too, as when an extractor interleaves
    the copies line by line (`王兆国就第九` / `王兆国就第九届全国政协` / `届全国政协委员`).

    >>> _copied_on("届全国政协", _lines("届全国政协委员")[0]), _copied_on("是名篇。", None)
    (True, False)
    """
    return following is not None and following[2].startswith(rest[:4])


def _overlapped(text: str, next_text: str, following: Line | None = None) -> bool:
    """Two short lines of a fake-bold heading whose copies an extractor interleaved across
    the wrap: the second starts with a copy of the first one's end, three characters or
    more (`人民没有忘记——访孔繁森` / `访孔繁森、李润五`), or with a copy of all of it when the
    line after it overlaps it so in turn (`人民没有忘记` / `人民没有忘记——访孔繁森` / `访孔…`;
    a title and its first paragraph starting with its words, `虚拟专用网络` / `虚拟专用网络
    (VPN)是…`, are not fake bold).

    >>> _overlapped("人民没有忘记——访孔繁森", "访孔繁森、李润五"), _overlapped("我们要学习", "学习")
    (True, False)
    >>> _overlapped("虚拟专用网络", "虚拟专用网络(VPN)是以信道方式", _lines("互联网链接两个")[0])
    False
    """
    if len(text) > _RUN_LINE or len(next_text) > _RUN_LINE or len(next_text) < 3:
        return False
    if text[-1] == next_text[0] and text[-1] in _COPIED_MARKS:
        return True  # a mark and its copy, the wrap between them (`人民没有忘记—` / `——访`)
    cut = text.find(next_text[:3])
    while cut >= 0:
        if next_text.startswith(text[cut:]):
            return cut > 0 or (following is not None and following[2] != next_text and (
                _overlapped(next_text, following[2])
            ))
        cut = text.find(next_text[:3], cut + 1)
    return False


def _pushed(width: int, next_text: str, column: Column) -> bool:
    """A line `width` wide is short because the Latin word that starts `next_text` (an
    address, a path, a long name) would not have fit after it, with the full-width mark
    after it that no line starts with: Latin wraps at spaces, a line stops short before a
    word too long for the rest of it.

    >>> _pushed(12, "/etc/apache2/sites-enabled/000-default.conf", Column.of(36, 1.25, 0.2, True))
    True
    >>> _pushed(4, "中文", Column.of(36, 1.25, 0.2, True))
    False
    >>> column = Column.of(31, 1.25, 0.2, True)  # a mark no line starts with goes along
    >>> _pushed(24, "(MPMs)，它影响", column), _pushed(24, "(MPMs)它影响", column)
    (True, False)
    >>> column = Column.of(48, 1.25, 0.2, True)  # a character glued to a quoted path goes along
    >>> _pushed(36, "在“/var/lib/aptitude/pkgstates”中", column), _pushed(36, "在“这些”中", column)
    (True, False)
    """
    word = _FIRST_WORD.match(next_text, _glued_lead(next_text))
    if not word:
        return False
    cut = word.end() == len(next_text) and next_text[-1] in "-/._"  # it goes on past its line
    # (a mark that no line starts with goes with the word: `(MPMs)，`)
    mark = 2 if next_text[word.end() : word.end() + 1] in _CLOSING_MARKS else 0
    return cut or width + word.end() + mark + 1 > column.width


def _joined(line: Line, after: Line, column: Column | None, following: Line | None,
            opening: bool = False) -> bool:
    """Whether the break between two lines is a wrap, not a paragraph end.
    `opening`: `line` follows a paragraph break (a first-line indent may end on it)."""
    _, _, text, block, first, indented, width, doubled, row = line
    _, _, next_text, next_block, _, next_indented, next_width, next_doubled, next_row = after
    same_block = block == next_block
    if text == next_text and len(text) > 3 and not chinese_heading_text(text):
        return False  # a line written twice that no heading looks like: the author's
    if doubled or next_doubled:  # the lines of a fake-bold heading, not words said twice
        return same_block and doubled and next_doubled and (  # (`研究研究` / `讨论讨论`)
            _bare_length(text) + _bare_length(next_text) >= 2 * HEADING_LENGTH)
    if ("《" in next_text and _TITLE_LINE.fullmatch(next_text)) or (
        "《" in text and _TITLE_LINE.fullmatch(text)
    ):
        return False  # a title alone on its line (`《赤壁》`, `题目:《塞上》`): a heading
    if row or next_row or (next_text[0] in _STARTER_FIRST and _STARTER.match(next_text)):
        return False
    if (text[0] in _BYLINE_FIRST and text[:2] in _BYLINE_START and _byline(text)) or (
        next_text[0] in _BYLINE_FIRST and next_text[:2] in _BYLINE_START
        and (_byline(next_text) or _DATELINE.match(next_text))
    ):
        return False
    if next_text[0] == "→" and same_block and _reference(next_text, following, block):
        return True  # a link set after its paragraph's sentence (`…该信息。` / `→ https://…`)
    ascii_next = next_text[0] < "\x80"
    if ascii_next and text[0] in "-/" and next_text[0] in "-/" and not (
        holds_cjk(text) or holds_cjk(next_text)
    ):
        return False  # a listing of options or paths (`-v, --verbose` / `-z, --gzip`)
    # an address short of its line before Chinese or a Latin word glued to it: it ended (an
    # arrow's link short with its Latin letters as narrow as proportional type sets them:
    # `→ https://lists.debian.org/users.html` / `一旦你遇到的问题…`)
    whole = (text[-1] < "\x80" and column is not None and (width < column.short or (
        text[0] == "→" and _narrowest(text, width) + 2 * INDENT <= column.width
    )) and _chinese_lead(next_text) and _address_ends(text))
    if same_block and ascii_next and not whole and _GOES_ON.match(next_text) and not (
        text[-1] == "/" and _chinese_lead(next_text)
    ) and _cut_word(
        text, next_text, following if following is not None and following[3] == block else None
    ):  # (not a path ended on `/` before a Latin word Chinese follows: `ew/` / `Yahoo具有`)
        return True  # an address, a path or a hyphenated name goes on on the next line
    if same_block and not opening and len(text) == 1 and is_han(text) and _latin_lead(next_text):
        return True  # one character, then a Latin word or a path: a justified line the extractor
        # cut at its wide space (`即` / `“Internet`, `在` / `/etc/aide/aide.conf`)
    if text[-1] in CONTINUING:
        # a comma never ends a paragraph, in a block or across a blank line, but a heading
        # that follows it is not the rest of its sentence
        return same_block or not _heading(after, following, column)
    if text[-1].isalnum() and (
        next_text[0] in _CONTINUES_FIRST or next_text[1:2] in _SECOND_MARKS or next_text[0] == "."
    ) and (_CONTINUATION.match(next_text) or (
        is_han(text[-1]) and _continues_once_set(next_text)  # (after Han: not a listing's
    )) and (  # `done <DPL` / `... 第一个 AWK 例子的一些输出`)
        next_text[1:2] not in ("。", ".") or next_indented <= indented
        or next_text[0] in _CONTINUES_FIRST
    ):  # (a word and its full stop indented under the line: a man page's `ERRORS` / `略。`)
        return True  # a sentence cut mid-word and the rest of it: `…在5G通` + `讯、智能工业…`
    if next_indented > indented:
        return False
    if next_indented < indented and indented > 2 and (next_indented or indented > 4 or not opening):
        return False  # back to the margin of a hanging indent (a man page's next option)
    if same_block and text[-1] in "；（《“「『【":
        return True  # a semicolon ends a clause, not a paragraph (`…要启动；` / `以“K”开头的…`),
        # and an opening bracket or quote opens what the next line goes on with (`（` / `例`)
    if same_block and len(text) <= 40 and next_text.startswith(text) and (
        text == next_text or _copied_on(next_text[len(text):], following)
    ):
        return True  # a short line and its copy starting the next: fake bold of another shape
    if same_block and (first or not opening) and (
        text[-1] == next_text[0] or next_text[:3] in text  # `_overlapped`'s first tests
    ) and _overlapped(text, next_text, following) and (
        chinese_heading_text(text) and chinese_heading_text(next_text)
    ):  # (at a block's start or joined to the line before: the last word of a sub-heading
        # after a paragraph may open the next one, `轮转日志文件` / `日志文件的增长…`)
        return True  # the next line starts with a copy of this one's end: fake bold's copies
    if whole:
        return False  # an address ended its line short, before Chinese that would have fit
    ends = text[-1] in _ENDERS and ends_sentence(text)
    # (an address short of its line before Chinese that would have fit: its paragraph's end)
    if ends and following is not None and following[2] == next_text and len(next_text) <= 40:
        return False  # after a sentence, the next line comes twice: a fake-bold heading
    if column is None:  # no column to judge by: joined only a sentence cut after a mark in it,
        # or before the end of its sentence (not a title over its author line); a short line
        # (8 Han) with no mark, two characters narrower than the next, is a heading (`概述`)
        return same_block and not (ends or _WEAK_STARTER.match(next_text)) and (
            _INNER_MARK.search(text) is not None or next_text[-1] in END_MARKS
        ) and (width > _SHORT_HEADING or width + INDENT > next_width
               or _PROSE_MARK.search(text) is not None)
    if (width > column.wide and _headline(text, width, column)
            and not (same_block and not opening and _run_together(text))) or (
        next_width > column.wide and _headline(next_text, next_width, column)
        and not (same_block and text[-1] > "\u2e80" and text[-1].isalnum()
                 and width >= column.short and _run_together(next_text))
    ):  # (a wide line joined to the line before, or after a full one cut mid-word: prose)
        return False  # a headline or deck
    if next_width > 2 * column.wide and (ends or not _PROSE_MARK.search(text)) or (
        width > 2 * column.wide and text[-1] in _ENDERS and ends_sentence(text)
    ) or (ends and following is not None and following[6] > 2 * column.wide
          and not _PROSE_MARK.search(next_text)):
        # a paragraph given a line of its own, far wider than any column, starts after a
        # sentence's end or a heading with no mark, and ends at its own sentence's end
        return False
    if (ascii_next or _glued_lead(next_text)) and not ends:  # (the room only then)
        room = width + _indented_by(width, column, opening)
        if (ascii_next or (_glued_lead(next_text) and (
            following is None or following[2] != text
        ) and not (opening and 2 * room < column.width and not _PROSE_MARK.search(text)))
                ) and _pushed(room, next_text, column):
            # (a character glued to a path, not after a line half as wide as its column with
            # no mark that opens a paragraph, a heading, nor where a heading's lines come twice)
            return True  # the next line's first word would not fit after this one: a wrap
    short = width < column.short
    if text[-1] in "：:" and next_width <= column.short and not _PROSE_MARK.search(next_text):
        return False  # what a colon introduces on short lines with no mark: verse, a list
    if same_block and next_width < column.short and (
        (next_text[-1] not in END_MARKS and (
            ends or (opening and short and text[-1] not in END_MARKS)))
        or (ends and next_text[0] not in "（(" and not ends_sentence(next_text)
            and not _CLAUSE_MARK.search(next_text))
    ):  # (or with no mark but quotes and titles: `《赤壁》`, `“国际一流”与“几十分之一”`; a
        # credit in brackets is its paragraph's: `（本报突尼斯1月6日电）`)
        return False  # a short line with no mark after a paragraph's end: a sub-heading
    if same_block and short and column.opens(next_width) and following is not None and (
        following[6] >= column.full
    ):
        return False  # a short line, then a paragraph's first line: a heading ends here
    if same_block and opening and _widest(text, width) < column.short and not (
        ends or column.opens(width) or _PROSE_MARK.search(text)
    ):
        return False  # a paragraph of one short line with no mark: a sub-heading
    if same_block and ends:
        if column.opens(next_width) and not (
            following is not None and following[3] == block and following[2][0] < "\x80"
            and _PROSE_MARK.search(next_text) and _pushed(next_width, following[2], column)
        ):  # (not when a Latin word too long for it pushed the next line, prose with a
            # mark in it, short: a line with none may be a heading)
            return False  # the next line starts a paragraph whose indent was dropped
        if _widest(text, width) < column.full and not (
            opening and next_width >= column.full
            and column.width - width <= (column.indent or INDENT) + 1
        ) and not (
            ascii_next and _pushed(width, next_text, column) and (
                next_width >= column.full if column.indent else
                width >= column.short and _widest(next_text, next_width) >= column.full)
        ):  # a paragraph's first line may be short by its indent and end a sentence; a
            # line short only because the next one's first word did not fit goes on when
            # that line is full: when the text indents its paragraphs; when it does not, if
            # this line is not short and the next is full at its widest (proportional Latin)
            return False
    if same_block:
        if not short:
            return True
        return not (ends or width < column.width * 0.6 or _WEAK_STARTER.match(next_text))
    if indented and first:
        return False  # an indented line alone between blank lines is a paragraph (a headline)
    if (ends or text[-1] < "\u2e80") and next_width < column.short and (
        not _PROSE_MARK.search(next_text) and (following is None or following[3] != next_block)
    ):  # (a Chinese sentence cut at a page break goes on, a doubled heading's half too)
        return False  # a short line alone between blank lines with no mark: a heading (`版权`)
    return not (short or ends or _WEAK_STARTER.match(next_text))


def _indented_by(width: int, column: Column, opening: bool) -> int:
    """How much room a line `width` wide lost to a first-line indent whose spaces the
    extractor dropped: the indent (`column.dropped`) when the line opens a paragraph and
    fills the column but for it; none for a line short anyway (a heading, a last line).

    >>> column = Column.of(40, 1.25, 0.2, True)
    >>> _indented_by(30, column, True), _indented_by(20, column, True)
    (4, 0)
    >>> _indented_by(30, column, False)
    0
    """
    indent = column.dropped() if opening else 0
    return indent if width + indent >= column.short else 0


#: What may follow the Chinese character before a glued Latin word (`_glued_lead`).
_GLUES = frozenset('/-“"')


def _glued_lead(text: str) -> int:
    """Where the Latin word that `text` starts with, glued to what comes before it, begins
    (0 where there is none): a Chinese character that a path or an option follows with no
    space (`由/etc/apache2/`, `是-f`), or a quote and then a path or name (`在“/var/lib/apt”`,
    `在"~/.aptitude"`: no line breaks around a quote either), or a full-width opening
    bracket before a Latin word (`（Volume Group`): no line may break before the `/` or
    `-`, nor after the bracket, so they go together and make the first word of the line.

    >>> _glued_lead("由/etc/apache2/sites-available/中"), _glued_lead("是-f，用于")
    (1, 1)
    >>> _glued_lead("（Volume Group，卷组"), _glued_lead("（见下文）")
    (1, 0)
    >>> _glued_lead("在“/var/lib/apt/extended_states”中"), _glued_lead('在"~/.aptitude"中')
    (2, 1)
    >>> _glued_lead("由此/etc"), _glued_lead("/etc/fstab"), _glued_lead("——访问")
    (0, 0, 0)
    >>> _glued_lead("他说“好”"), _glued_lead("在“ 中")
    (0, 0)
    """
    if text[:1] == "（":  # no line breaks after an opening bracket: `（Volume`
        return int(len(text) > 1 and text[1].isascii() and text[1].isalnum())
    if len(text) < 3 or text[1] not in _GLUES or not is_han(text[0]):
        return 0  # (the second character first: it rules out nearly every line)
    if text[1] in "/-":
        return int("!" <= text[2] <= "~")
    if text[1] == "“":
        return 2 if "!" <= text[2] <= "~" else 0
    return int(text[1] == '"' and "!" <= text[2] <= "~")


def _widest(text: str, width: int) -> float:
    """The widest `text` (`width` display columns) may have been set: its digits as wide as
    Chinese (they may have been full width), its Latin letters 0.7 of it (proportional type).

    >>> _widest("宁夏520万各族群众喜", 19), _widest("通过$TMPDIR指定临时存储目录", 27)
    (22.0, 29.4)
    """
    return width + len(_DIGIT.findall(text)) + 0.4 * len(_LATIN_LETTER.findall(text))


def _continues_once_set(line: str) -> bool:
    """`line` starts as no sentence does (`_CONTINUES`) once `punctuation` and `ellipsis` have
    set its half-width marks, as they will: a character and a comma or stop they make
    full-width (`次,网民留言` is `次，网民留言`, `才.人才` is `才。人才`), Chinese dots
    (`...青藏高原` is `……青藏高原`). The first pass joins it after Han, as a later one would
    once the marks are set.

    >>> _continues_once_set("次,网民留言"), _continues_once_set("...青藏高原")
    (True, True)
    >>> _continues_once_set("才.人才，是创新的灵魂"), _continues_once_set("是.")
    (True, False)
    >>> _continues_once_set("这,是我的"), _continues_once_set("a,b"), _continues_once_set("...so")
    (False, False, False)
    """
    if line.startswith("..."):
        return chinese_ellipses(line).startswith("…")
    return line[1:2] in (",", ".") and _CONTINUATION.match(full_width_line(line)) is not None


def _line_at(text: str, start: int) -> str:
    """The line of `text` that starts at `start`."""
    end = text.find("\n", start)
    return text[start : len(text) if end < 0 else end]


def _one_paragraph_a_line(text: str) -> bool:
    """`text` is in the form unwrap makes: one paragraph a line, one blank line between.
    Substring counts only: they run at memory speed, a regex does not.

    >>> _one_paragraph_a_line("标题\\n\\n正文一行。"), _one_paragraph_a_line("正文\\n续")
    (True, False)
    >>> _one_paragraph_a_line("\\n\\n正文"), _one_paragraph_a_line("正文 \\n\\n续")
    (False, False)
    """
    return (
        bool(text) and text[0] not in _WS + "\n" and text[-1] not in _WS + "\n"
        and text.count("\n") == 2 * text.count("\n\n") and "\n\n\n" not in text
        and not _EDGE.search(text)
    )


def _join_in_own_form(text: str, edits: list[Edit] | None) -> str:
    """`Unwrap.apply` for text in the form unwrap makes: every block is one line, so no
    block has a column, and only a line that ends on a comma, or one cut mid-word before
    the rest of its sentence, may join the next.

    >>> _join_in_own_form("正文，\\n\\n续完。\\n\\n标题\\n\\n在5G通\\n\\n讯、智能", None)
    '正文，续完。\\n\\n标题\\n\\n在5G通讯、智能'
    """
    out: list[str] = []
    done = 0
    cut = [m.start() - 1 for m in _NEXT_CONTINUES.finditer(text) if text[m.start() - 1].isalnum()
           and (m.group(1) is None or (
               is_han(text[m.start() - 1]) and _continues_once_set(_line_at(text, m.end()))))]
    spread: set[int] = set()  # as `_spread` finds them: the ends of lines around and in a run
    parted: set[int] | None = None  # as `_parted` finds them, when first needed
    offsets: list[int] = []
    for run in _SPREAD_RUN.finditer(text) if _SPREAD_MIDDLE.search(text) else ():
        if run.group(1).isascii():
            continue  # `_spread` wants a character beyond ASCII among them (`或`, `（`)
        spread.update(range(max(0, run.start(1) - 3), min(run.end(1), len(text) - 1), 3))
    for at in sorted({*_find_all(text, _COMMA_ENDS), *cut, *spread}):  # where a line ends
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at + 3)
        line, after = _lines(text[start : len(text) if end < 0 else end])
        if _kind([line[2]]) is not Block.PROSE or _kind([after[2]]) is not Block.PROSE:
            continue  # as `_by_lines` sees them: not prose that wraps
        said = text[max(0, start - 2 - len(line[2])) : max(0, start - 2)]  # the line before
        if _ALNUM.search(line[2]) and (line[2] == after[2] or said == line[2]):
            if parted is None:  # as `_by_lines` finds them: once, where a line is said again
                lines = _lines(text)
                parted, offsets = _parted(lines, text), [each[0] for each in lines]
            here = bisect_left(offsets, start)
            if here in parted or here + 1 in parted:
                continue  # a line said again keeps the breaks around it
        if at in spread and not ends_sentence(line[2]):
            gap = ""
        else:
            gap = _joiner(line, after, None, None)
        if gap != "\n\n":
            out.append(text[done : at + 1])
            out.append(gap)
            done = at + 3
            if edits is not None:
                edits.append((at + 1, done, gap))
    if not out:
        return text
    out.append(text[done:])
    return "".join(out)


def _find_all(text: str, needles: list[str]) -> Iterator[int]:
    """Where each of `needles` starts in `text`, needle by needle."""
    for needle in needles:
        at = text.find(needle)
        while at >= 0:
            yield at
            at = text.find(needle, at + 1)


def _heading(line: Line, following: Line | None, column: Column | None) -> bool:
    """`line` is a heading: alone between blank lines, short (it does not fill its column
    and is at most `HEADING_WIDTH` wide), and it ends no sentence. Cleaning keeps such a
    line as it is, so cleaning it again sees the same (`名师开讲：一场场思维风暴`)."""
    _, _, text, block, _, _, width, _, _ = line
    return (
        (following is None or following[3] != block)
        and width <= HEADING_WIDTH
        and (column is None or width < column.short)
        and text[-1] not in CONTINUING
        and not ends_sentence(text)
    )


def _tight(ordered: list[int], top: int, wide: float) -> bool:
    """The block is justified: three or more of its lines (and a third of them) are as
    wide as its column, give or take one, and hardly any is wider (a headline aside).
    `ordered`: the block's widths in ascending order (counted by bisection).

    >>> _tight([20, 30, 35, 36, 36, 36], 36, 1.25), _tight([20, 25, 30, 33, 36, 36, 38], 36, 1.25)
    (True, False)
    """
    full = bisect_right(ordered, top + 1) - bisect_left(ordered, top - 1)
    over = bisect_right(ordered, top * wide + 2) - bisect_right(ordered, top + 1)
    return full >= 3 and 3 * full >= len(ordered) and 10 * over <= len(ordered)


def _indent_habit(lines: list[Line], columns: dict[int, Column]) -> int:
    """How much narrower than its column a paragraph's first line is when the extractor
    dropped the indent's spaces: the usual shortfall of a line after a sentence that ends
    short of a justified column, when one shortfall (2 to 8 columns) is most of them;
    else 0.
    """
    shortfalls: dict[int, int] = {}
    seen = 0
    for line, after in pairwise(lines):
        if line[2][-1] not in _ENDERS:  # the cheap test first: most lines end no sentence
            continue
        column = columns.get(line[3])
        if (column is None or after[3] != line[3] or column.full == column.short
                or line[6] >= column.full or not ends_sentence(line[2])):
            continue
        seen += 1
        shortfall = column.width - after[6]
        shortfalls[shortfall] = shortfalls.get(shortfall, 0) + 1
    if not shortfalls:
        return 0
    best = max(shortfalls, key=lambda s: shortfalls[s] + shortfalls.get(s - 1, 0) / 2
               + shortfalls.get(s + 1, 0) / 2)
    around = shortfalls[best] + shortfalls.get(best - 1, 0) + shortfalls.get(best + 1, 0)
    return best if 2 <= best <= 8 and seen >= 3 and 2 * around > seen else 0


def _as_it_is(text: str, edits: list[Edit] | None) -> str:
    """`text` with its lines as they are; only blank lines before it and white space after
    it go (a slice has none).

    >>> _as_it_is("\\n  a\\nb \\n\\n", None)
    '  a\\nb'
    """
    body = text.rstrip(_WS + "\n")
    start = len(body) - len(body.lstrip(_WS + "\n"))
    start = body.rfind("\n", 0, start) + 1
    if edits is not None:
        _record(edits, 0, start, "", text)
        _record(edits, len(body), len(text), "", text)
    return body[start:]


def _kind(lines: list[str], widths: list[int] | None = None) -> Block:
    """What a block is: a block with no CJK is prose only when clearly wrapped Latin prose
    (or when it holds no letters at all: marks an extractor put on lines of their own)."""
    if len(lines) == 1 and "\u4e00" <= lines[0][0] <= "\u9fff":
        return Block.PROSE  # a line of Chinese alone (as `classify` finds it, sooner)
    if holds_cjk(lines[0]) or any(map(holds_cjk, lines)) or not any(map(_ALNUM.search, lines)):
        return classify(lines, widths)
    return Block.PROSE if wrapped_latin(lines) else Block.LINES


def _fill_stretched(lines: list[Line], stretched: list[int], blocks: Blocks,
                    columns: dict[int, Column]) -> None:
    """Give the lines spaced out all along the width of their column, in blocks where most
    lines are not: a justified line stretched to fill its column (it stopped short of a
    Latin word too long for it) is full, whatever its letters. Where most lines are spaced
    out, the text is letter-spaced as a whole and its spaces say nothing about fullness."""
    per_block = Counter(lines[at][3] for at in stretched)
    for at in stretched:
        block = lines[at][3]
        column = columns.get(block)
        if (column is not None and lines[at][6] < column.width
                and 2 * per_block[block] < len(blocks[block][0])):
            lines[at] = (*lines[at][:6], column.width, *lines[at][7:])


def _before_latin(lines: list[Line], spaced: list[int]) -> list[int]:
    """The lines of `spaced` (their Chinese spaced out all along) that the next line of
    their block goes on from with a Latin word: stretched to fill their column, the
    word being too long for the rest of it (`slapd 软 件 包 包 含` / `OpenLDAP服务器`)."""
    return [at for at in spaced if at + 1 < len(lines) and lines[at + 1][3] == lines[at][3]
            and lines[at + 1][2][0].isascii() and lines[at + 1][2][0].isalnum()]


def _unindented(lines: list[Line], loose: list[int], columns: dict[int, Column]) -> list[int]:
    """The lines of `loose` (spaced out at every gap, half-width marks or Latin between)
    not short by a first-line indent: stretched to fill their column. One short by an
    indent may be a paragraph's first line whose half-width marks were spaced out too
    (`钱 其 琛 表 示 , 中 国 完 全 尊` after a sentence's end)."""
    return [at for at in loose
            if (column := columns.get(lines[at][3])) is None or not column.opens(lines[at][6])]


def _named_bylines(lines: list[Line], text: str) -> set[int]:
    """The lines of `text` that are a byline's name under its head (`本报记者` / `许立群`),
    found in one scan: the name joins its head, and the byline is a paragraph of its own.

    >>> text = "波波夫雄风不减\\n本报记者\\n许立群\\n昨晚，当俄罗斯名将"
    >>> sorted(_named_bylines(_lines(text), text))
    [2]
    """
    if ("记者" not in text and "通讯员" not in text) or not _BYLINE_HEAD_END.search(text):
        return set()  # the cheap tests first: most texts have none
    offsets = [line[0] for line in lines]
    return {bisect_right(offsets, match.start(1)) - 1
            for match in _BYLINE_SPLIT.finditer(text)}


def _doubled_runs(lines: list[Line], starts: list[int], text: str
                  ) -> tuple[list[Line], set[int]]:
    """`lines` (of `text`) with the lines of each fake-bold heading drawn over several
    lines marked doubled, and the lines whose break before them is inside one. Such a
    heading is lines of one block that together are wholly doubled: `标题前半⏎标题前半⏎后半⏎后半`,
    or its copies interleaved across the wraps (`外交部发言人` / `外交部发言人谈明年` / `谈明年`).
    One shorter than `HEADING_LENGTH` is one only where `fake-bold` will undo it: the text
    shows fake bold elsewhere, or it stands where a heading does (`placed_as_heading`).
    `starts`: where `_lines` found that one may start.

    >>> starts: list[int] = []
    >>> text = "金融危\\n金融危\\n机后痛定\\n机后痛定\\n据新华社电。"
    >>> _, glued = _doubled_runs(_lines(text, None, starts), starts, text)
    >>> sorted(glued)
    [1, 2, 3]
    >>> starts = []
    >>> text = "好好学习\\n天天向上\\n好好学习\\n天天向上\\n正文"
    >>> _doubled_runs(_lines(text, None, starts), starts, text)[1]
    set()
    >>> starts = []
    >>> text = "第一章\\n第一章\\n正文第一行很长很长很长，\\n第二行。"
    >>> _doubled_runs(_lines(text, None, starts), starts, text)[1]
    set()
    """
    glued: set[int] = set()
    count = len(lines)
    done = 0  # lines before this are in a run already
    # where `_lines` found a run may start, tested again here: the next line starts with
    # this one, or this one opens with a run and its copy (`金融危金融危机后…`)
    for at in sorted(set(starts)):
        first = lines[at][2]
        copy = first.find(first[:2], 1, len(first) // 2 + 1)
        if at < done or at + 1 == count or len(first) > _RUN_LINE or not (
            lines[at + 1][2].startswith(first) or first[1:2] == first[:1]
            or copy > 0 and first.startswith(first[:copy], copy)
        ):
            continue
        end, joined, breaks, once = at, first, [], ""
        odd: set[str] = set()  # characters seen an odd number of times: a doubled text has none
        for char in first:
            odd ^= {char}
        for later in range(at + 1, min(count, at + _RUN_LINES)):
            if lines[later][3] != lines[at][3] or len(lines[later][2]) > _RUN_LINE:
                break
            breaks.append(len(joined))
            joined += lines[later][2]
            for char in lines[later][2]:
                odd ^= {char}
            if not odd and (heading := doubled_heading(joined, breaks)) is not None:
                end, once = later, heading
        if end == at or end + 1 == count or lines[end + 1][3] != lines[at][3]:
            continue  # a heading runs into its byline or body; a stanza sung twice ends its block
        if not _undone(once, lines, at, end, text):
            continue  # a short line said again (`第一章` / `第一章`), not one fake-bold undoes
        glued.update(range(at + 1, end + 1))
        for index in range(at, end + 1):
            lines[index] = (*lines[index][:7], True, lines[index][8])
        done = end + 1
    return lines, glued


def _refrains(kinds: dict[int, Block], blocks: Blocks, lines: list[Line], text: str,
              parted: set[int]) -> None:
    """Mark in `kinds` each prose block that is a refrain as lines: a block of short lines
    said again as a group (`sung_again`), unless the text shows fake bold elsewhere (a line
    wholly doubled, a doubled mark: `：：`), or one line said again whose copies stay apart
    (in `parted`: `春天在哪里` / `春天在哪里`).

    >>> text = "好好学习\\n天天向上\\n好好学习\\n天天向上"
    >>> lines = _lines(text)
    >>> blocks = _blocks(lines)
    >>> kinds = {0: Block.PROSE}
    >>> _refrains(kinds, blocks, lines, text, set())
    >>> kinds
    {0: <Block.LINES: 'lines'>}
    """
    sung = [block for block, kind in kinds.items()
            if kind is Block.PROSE and len(blocks[block][0]) >= 4 and sung_again(blocks[block][0])]
    if sung and _shows_fake_bold(lines, text):
        sung = []
    said_again = [block for block, kind in kinds.items()
                  if kind is Block.PROSE and len(blocks[block][0]) > 1
                  and len(set(blocks[block][0])) == 1] if parted else []
    if said_again:
        first = {line[3]: at for at, line in reversed(list(enumerate(lines)))}
        sung += [block for block in said_again
                 if all(at in parted for at in range(first[block] + 1,
                                                      first[block] + len(blocks[block][0])))]
    kinds.update(dict.fromkeys(sung, Block.LINES))


def _shows_fake_bold(lines: list[Line], text: str) -> bool:
    """`text` (split into `lines`) shows fake bold: a line wholly doubled, or a doubled
    mark (`：：`, `““…””`)."""
    return any(line[7] for line in lines) or doubled_marks(text)


#: How many lines after a heading drawn twice are read as the paragraphs after it.
_AFTER_LINES = 6


def _bare_length(text: str) -> int:
    """How long `text` is without its white space, as `fake-bold` counts a heading."""
    return len("".join(text.split()))


def _vouched(lines: list[Line], text: str, onces: list[str]) -> bool:
    """The text shows fake bold as `fake-bold` reads it, beyond a short heading drawn twice:
    a doubled mark (`：：`), or among the headings written twice — its lines wholly doubled
    (not what a colon introduces: `他唱道：` / `我爱你中国我爱你中国`) and `onces` — one
    `HEADING_LENGTH` long or more, or two different short ones.

    >>> _vouched(_lines("标题：：正文"), "标题：：正文", [])
    True
    >>> _vouched(_lines("实时实时"), "", ["链接"])
    True
    >>> text = "他唱道：\\n我爱你中国我爱你中国"
    >>> _vouched(_lines(text), text, ["春天在哪里"])
    False
    """
    found = set(onces)
    for at, line in enumerate(lines):
        if line[7] and not (at and lines[at - 1][2][-1] in "：:"):
            once = doubled_heading(line[2])
            if once is not None:
                found.add(once)
    return (len(found) > 1 or any(_bare_length(once) >= HEADING_LENGTH for once in found)
            or doubled_marks(text))


def _undone(once: str, lines: list[Line], at: int, end: int, text: str,
            vouched: bool | None = None) -> bool:
    """Whether `fake-bold` undoes the heading `once` drawn twice over lines `at` to `end` of
    `lines` (of `text`) once they are joined: it is `HEADING_LENGTH` long or more, or the
    text shows fake bold elsewhere (`vouched`, else `_vouched` asked), or it stands where a
    heading does (`headings.placed_as_heading`; the paragraphs after it are read as the
    rest of its block and the next block, a few lines of each)."""
    if _bare_length(once) >= HEADING_LENGTH:
        return True
    if at and lines[at - 1][2][-1] in "：:" and not lines[at - 1][7]:
        return False  # what a colon introduces is said or sung (`他唱道：`), as fake-bold reads it
    if _vouched(lines, text, [once]) if vouched is None else vouched:
        return True
    after: dict[int, str] = {}
    for line in lines[end + 1 : end + 1 + _AFTER_LINES]:
        if len(after) == 2 and line[3] not in after:
            break
        after[line[3]] = after.get(line[3], "") + line[2]
    return placed_as_heading(lines[at - 1][2] if at else "", list(after.values()), once)


def _parted(lines: list[Line], text: str) -> set[int]:
    """The lines of `text` that are a copy of the line before them (in their block or across
    a blank line) and stay apart from it and from what comes after: joined, `fake-bold`
    would keep both copies (a refrain, a reply said again, a list item, a line ending on a
    comma). A copy fake-bold undoes joins it, so the heading drawn twice loses its copy.

    >>> sorted(_parted(_lines("春天在哪里\\n春天在哪里"), ""))
    [1]
    >>> _parted(_lines("链接\\n链接"), "：："), _parted(_lines("数据存储技巧\\n数据存储技巧"), "")
    (set(), set())
    >>> sorted(_parted(_lines("好。\\n好。"), ""))
    [1]
    """
    texts = list(map(_TEXT, lines))
    pairs = {at: doubled_heading(texts[at] + texts[at], [len(texts[at])])
             for at in compress(range(1, len(texts)), map(eq, texts[1:], texts))
             if _ALNUM.search(texts[at])}  # (the lines equal to the one before found in C)
    if not pairs:
        return set()
    vouched = _vouched(lines, text, [once for once in pairs.values() if once])
    return {at for at, once in pairs.items()
            if once is None or not _undone(once, lines, at - 1, at, text, vouched)}


#: A run of digits, of Latin letters: what a line's shape abstracts over.
_DIGITS = lazy_re(r"[0-9]+")
_LETTERS = lazy_re(r"[A-Za-z]+")
#: Longest line (in characters) of a listing: a program's output, a table of values.
_LISTING_LINE = 80


def _shape(text: str) -> str | None:
    """The shape of a line of a listing (`Jul 3 total 1.17` → `a 9 a 9.9`): its letters and
    digits abstracted, its spaces and marks kept; None for a line that cannot be one (CJK,
    long, one word, or no digit: wrapped English prose is words alone)."""
    if len(text) > _LISTING_LINE or " " not in text or holds_cjk(text):
        return None
    shape = _LETTERS.sub("a", _DIGITS.sub("9", text))
    return shape if "9" in shape else None


def _listing(lines: list[Line]) -> set[int]:
    """The lines of each run of three or more lines of one block sharing one shape
    (`_shape`): a program's output or a table of values, whose breaks stay.

    >>> sorted(_listing(_lines("输出可能象下面这样：\\nJul 3 total 1.17\\nJul 4 total 2.10\\n"
    ...                        "Jul 5 total 8.23\\n")))
    [1, 2, 3]
    >>> sorted(_listing(_lines("bob 8.06\\ngoff 0.60\\nmaley the user of 7.37")))
    []
    """
    found: set[int] = set()
    run: list[int] = []
    shape: str | None = None
    # a line starting with CJK has no shape and ends a run: only the others are looked at
    for at in [at for at, line in enumerate(lines) if line[2][0] < "\u2e80"]:
        this = _shape(lines[at][2])
        if this is not None and this == shape and run[-1] == at - 1 and (
            lines[at][3] == lines[run[-1]][3]
        ):
            run.append(at)
            continue
        if len(run) >= 3:
            found.update(run)
        run, shape = [at], this
    if len(run) >= 3:
        found.update(run)
    return found


#: Widest item (in display columns) of a list under a line ending on a colon.
_ITEM_WIDTH = 30


def _items_after_colon(lines: list[Line]) -> set[int]:
    """The lines of a list under a line ending on a colon: two or more lines to the end of
    its block, each different, no wider than `_ITEM_WIDTH` and with no mark of prose in
    it (`购物清单：` / `新鲜鸡蛋` / `全麦面包`); a wrapped sentence goes on to its end mark.

    >>> sorted(_items_after_colon(_lines("购物清单：\\n新鲜鸡蛋\\n全麦面包\\n低脂牛奶")))
    [1, 2, 3]
    >>> _items_after_colon(_lines("记者获悉：\\n今年我市将新建三所\\n学校和一所大学。"))
    set()
    """
    found: set[int] = set()
    for at, line in enumerate(lines):
        if line[2][-1] not in "：:":
            continue
        end = at + 1
        while end < len(lines) and lines[end][3] == line[3]:
            end += 1
        items = [each[2] for each in lines[at + 1 : end]]
        if len(items) >= 2 and len(set(items)) == len(items) and all(
            lines[index][6] <= _ITEM_WIDTH and not _PROSE_MARK.search(lines[index][2])
            for index in range(at + 1, end)
        ):
            found.update(range(at + 1, end))
    return found


def _spread(lines: list[Line]) -> set[int]:
    """Where lines of one character or one Latin word come three or more in a row (blank
    lines between or not), a CJK character or mark among them: a justified line that an
    extractor emitted one character or word a line. A list of words stays.

    >>> sorted(_spread(_lines("在命令行中\\n进\\n\\n行\\n更\\n新\\n正文")))
    [1, 2, 3, 4]
    >>> sorted(_spread(_lines("正在逐渐被merge\\nrequests\\n（\\n或\\npull\\nrequests，只要")))
    [1, 2, 3, 4]
    >>> sorted(_spread(_lines("vim\\nemacs\\nnano")))
    []
    """
    spread: set[int] = set()
    run: list[int] = []
    single = False  # the run holds a line of one character beyond ASCII (`或`, `（`)
    for at in [at for at, line in enumerate(lines) if len(line[2]) == 1 or (
            line[2].isascii() and len(line[2]) <= _SPREAD_WORD and line[2].isalpha())]:
        if run and at != run[-1] + 1:
            if (len(run) >= 3 and single) or _spread_pair(lines, run):
                spread.update(run)
            run, single = [], False
        run.append(at)
        single = single or (len(lines[at][2]) == 1 and not lines[at][2].isascii())
    if (len(run) >= 3 and single) or _spread_pair(lines, run):
        spread.update(run)
    return spread


def _spread_pair(lines: list[Line], run: list[int]) -> bool:
    """The two lines of `run` are two different Chinese characters, each alone on its line,
    with a line of its block before and after them: a justified line spread one character a
    line (`RUNDIR` / `必` / `须` / `在/etc/default/…`), the line before cut mid-word (not after
    a mark: `选择一项：` / `是` / `否` are choices) and the line after opening no paragraph
    (`本报讯`, `1.`). The same character twice is fake bold (`的` / `的`), a mark alone is not
    a word.

    >>> sorted(_spread(_lines("与opendkim相似，SOCKET和RUNDIR\\n必\\n须\\n在/etc/default/中")))
    [1, 2]
    >>> sorted(_spread(_lines("国际市场发展自己\\n的\\n的\\n本报记者")))
    []
    >>> sorted(_spread(_lines("请在下面两项中选择一项：\\n是\\n否\\n选好以后按回车键继续。")))
    []
    """
    if len(run) != 2 or run[0] == 0 or run[1] + 1 >= len(lines):
        return False
    first, second, after = lines[run[0]][2], lines[run[1]][2], lines[run[1] + 1][2]
    block = lines[run[0]][3]
    return (len(first) == len(second) == 1 and first != second
            and is_han(first) and is_han(second)
            and lines[run[0] - 1][3] == block == lines[run[1]][3] == lines[run[1] + 1][3]
            and lines[run[0] - 1][2][-1].isalnum()
            and not (after[0] in _STARTER_FIRST and _STARTER.match(after)))


def _split_off(lines: list[Line]) -> set[int]:
    """The lines that are one Latin word alone after a line of Chinese prose that does not
    end a sentence (an opening quote before it or not), with a line starting with a Latin
    word after them in their block (or a bracket and one) and Chinese on it or the line
    after: the two words stood on one justified line that the extractor split at the wide
    space between them (`邮件交换资源记录（Mail` / `Exchange` / `Resource` / `Records）列出`,
    `读` / `“New` / `Maintainer's` / `Guide”（新维护者指南）`, `Modules` / `(MPMs)，它`). A
    line that wrapped there would have taken the next word too; a list of words (`watch` /
    `xterm`) has a word, not prose, before its items.

    >>> sorted(_split_off(_lines("记录（Mail\\nExchange\\nResource\\nRecords）列出")))
    [1, 2]
    >>> sorted(_split_off(_lines("包括\\nMulti-Processing\\nModules\\n(MPMs)，它影响")))
    [1, 2]
    >>> sorted(_split_off(_lines("光标有：\\nwatch\\nxterm\\n还可获得下列补充的光标")))
    []
    """
    split: set[int] = set()
    # `_LONE_WORD`'s first test: the line starts with ASCII or an opening quote
    for at in [at for at, line in enumerate(lines[1:-1], 1)
               if line[2][0] < "\x80" or line[2][0] == "“"]:
        text, before, after = lines[at][2], lines[at - 1], lines[at + 1]
        block = lines[at][3]
        if (len(text) > _SPREAD_WORD or before[3] != block or after[3] != block
                or not _LONE_WORD.fullmatch(text) or not _word_lead(after[2])
                or not before[5] == lines[at][5] == after[5]):
            continue  # (one indent: not a term over its indented description)
        if at - 1 not in split and (  # (or a word after such a word: `Resource`)
            not holds_cjk(before[2]) or before[2][-1] in END_MARKS
            or _PROSE_MARK.fullmatch(before[2][-1])
        ):
            continue
        beyond = lines[at + 2] if at + 2 < len(lines) and lines[at + 2][3] == block else None
        if holds_cjk(after[2]) or (beyond is not None and holds_cjk(beyond[2])):
            split.add(at)
    return split


def _word_lead(text: str) -> bool:
    """`text` starts with a Latin letter, or a bracket and one (`(MPMs)`, `（Volume`).

    >>> _word_lead("Exchange"), _word_lead("(MPMs)，"), _word_lead("（这"), _word_lead("(")
    (True, True, False, False)
    """
    lead = text[1:2] if text[0] in "(（" else text[0]
    return lead.isascii() and lead.isalpha()


Blocks = dict[int, tuple[list[str], list[int], int]]
#: A `Line`'s text.
_TEXT = itemgetter(2)


def _margined(lines: list[Line], blocks: Blocks) -> list[Line]:
    """`lines` with the indent of each block of two or more lines taken from its margin
    (its least indented line): a man page's body, indented as a whole, is not indented."""
    margins = {block: margin for block, (texts, _, margin) in blocks.items()
               if margin and len(texts) > 1}
    if not margins:
        return lines
    return [
        (*line[:5], line[5] - margins[line[3]], *line[6:]) if line[3] in margins else line
        for line in lines
    ]


def _blocks(lines: list[Line]) -> Blocks:
    """The lines of each block, their widths and the block's least indent."""
    blocks: Blocks = {}
    texts: list[str] = []
    widths: list[int] = []
    margin = current = -1
    for line in lines:
        if line[3] != current:
            if current >= 0:
                blocks[current] = (texts, widths, margin)
            texts, widths, margin, current = [], [], line[5], line[3]
        texts.append(line[2])
        widths.append(line[6])
        if line[5] < margin:
            margin = line[5]
    if current >= 0:
        blocks[current] = (texts, widths, margin)
    return blocks


def _lines(text: str, stretched: list[int] | None = None,
           starts: list[int] | None = None, spaced: list[int] | None = None,
           loose: list[int] | None = None) -> list[Line]:
    """The non-blank lines of `text`, numbered by block; the indexes of the lines spaced
    out all along (`来 验 证 。 所 有`: a line stretched to fill a justified column) are
    added to `stretched`, and those where a fake-bold heading drawn over lines may start
    (the next line starts with it, or it opens with a run written twice) to `starts`;
    those whose Chinese alone is spaced out all along (`slapd 软 件 包 包 含`) to `spaced`;
    those spaced out at every gap between Chinese and whatever stands between it, Latin or
    half-width marks (`表 新 的 執 行 階 層 ) 。`), to `loose`."""
    lines: list[Line] = []
    block = 0
    offset = 0
    blank = True
    for raw in text.split("\n"):
        content = raw.strip(_WS)
        if content:
            if blank and lines:
                block += 1
            lead = len(raw) - len(raw.lstrip(_WS)) if raw[0] in _WS else 0
            start = offset + lead
            # width as `text.display_width` computes it, inlined: this runs for every line
            size = len(content)
            width = (size + len(content.encode("utf-8", "surrogatepass"))) // 2
            # one-character tests first: they are far cheaper than looking for "  "
            if " " in content:
                if width > size:  # letter-spaced Chinese: the spaces are justification
                    spread = len(_SPREAD_SPACE.findall(content))
                    width -= spread
                    if stretched is not None and 2 * spread >= size - 2:
                        stretched.append(len(lines))  # spaced out all along: it fills its column
                    elif loose is not None and spread >= 2 and _spaced_all_along(content):
                        loose.append(len(lines))  # so too, half-width marks and Latin in it
                    elif spaced is not None and spread >= 2 and (
                        2 * spread >= _beyond_ascii(content) - 2
                    ):
                        spaced.append(len(lines))  # its Chinese spaced out all along
                gappy = "\t" in content or "\u3000" in content or "  " in content
            else:
                gappy = "\t" in content or "\u3000" in content
            row = gappy and bool(_COLUMN_GAP.search(content)) and not (
                _letter_spaced(content) or _latin_gaps(content))
            # `undouble`'s first test, inlined: it rules out nearly every line, and cheaply
            opens = width >= 4 and (
                content[1] == content[0] or content.find(content[:2], 2, size // 2 + 3) >= 0
            )
            doubled = opens and undouble(content) is not None
            if starts is not None:
                if not blank and content.startswith(lines[-1][2]):
                    starts.append(len(lines) - 1)
                if opens:
                    starts.append(len(lines))
            lines.append((start, start + size, content, block, blank, lead, width, doubled, row))
            blank = False
        else:
            blank = True
        offset += len(raw) + 1
    return lines


#: A single space with a CJK character or full-width form on one side; a gap of two or more.
_CJK = "[\u2e80-\u9fff\uff00-\uffef]"
_CJK_SPACE = lazy_re(rf"(?<={_CJK}) (?! )|(?<! ) (?={_CJK})")
#: Two CJK characters or full-width forms side by side: no space of justification between.
_CJK_PAIR = lazy_re(f"{_CJK}{_CJK}")
_WIDE_GAP = lazy_re(r"  +")
#: What a word after a justified line's stretched gap starts with (see `_latin_gaps`).
_GAP_WORD = lazy_re(r'[A-Za-z0-9/"]|--?[A-Za-z0-9]')
#: Box-drawing characters: a line holding one is a table's.
_BOX = lazy_re(r"[\u2500-\u257f]")


def _spaced_all_along(content: str) -> bool:
    """A space stands at every gap between characters beyond ASCII, three or more single
    spaces in all, whatever Latin letters, digits and half-width marks stand between them
    (a justified line stretched to fill its column: `表 新 的 執 行 階 層 ) 。`, `以 “S”( 表 示
    開`, where counting spaces between Chinese alone finds too few).

    >>> _spaced_all_along("表 新 的 執 行 階 層 ) 。"), _spaced_all_along("以 “S”( 表 示 開")
    (True, True)
    >>> _spaced_all_along("所以可以用 telinit new-level 命令"), _spaced_all_along("我 爱  你 们")
    (False, False)
    """
    return content.count(" ") >= 3 and "  " not in content and not _CJK_PAIR.search(content)


def _beyond_ascii(content: str) -> int:
    """How many characters of `content` are beyond ASCII (counted in C, no list of them).

    >>> _beyond_ascii("slapd 软 件 包")
    3
    """
    return len(content) - len(content.encode("ascii", "ignore"))


def _letter_spaced(content: str) -> bool:
    """A line spaced out to fill a justified column, where a gap of two spaces is
    justification too, not a table's column gap: its single spaces beside Chinese
    outnumber its gaps of two three to one, a space stands between characters beyond
    ASCII once in three of them, at least twice, and no gap is wider (a tag and its text,
    `f    把数据`) nor a box character drawn (a table): `分 。 logrotate 是 负 责 ,  根`.

    >>> _letter_spaced("在 “/var/lib/apt” 中 ,  APT"), _letter_spaced("软件包  版本  说明")
    (True, False)
    >>> _letter_spaced("│vim│V:62,   │1265 │Unix 文本编辑器 Vi 的改进版│")
    False
    >>> _letter_spaced("│类型 │ 含义（历史上 Unix 的定义）  │")
    False
    >>> _letter_spaced("f    把数据解释成 count 个单精度浮点数存储到变量中 。如果 count 是 *")
    False
    """
    singles = len(_CJK_SPACE.findall(content))
    spread = len(_SPREAD_SPACE.findall(content))
    gaps = _WIDE_GAP.findall(content)
    return (singles >= 3 and singles >= 3 * len(gaps) and spread >= 2
            and 3 * spread >= _beyond_ascii(content)
            and "   " not in content and not _BOX.search(content))


def _latin_gaps(content: str) -> bool:
    """Each gap of two or more spaces in `content` is two spaces after a Latin letter, a digit
    or a colon and before a Latin word, a path, a quote or an option (no tab nor ideographic
    space in it), and the line holds Chinese: a justified line of Chinese prose whose spaces
    between Latin words were stretched (`Account  Manager——Debian账户管理者`,
    `SELECTOR  -d  DOMAIN 来`), not a table's cells, where Chinese stands beside a gap, nor
    code and its comment or a term and what it means, set apart by wider gaps or before or
    after a mark (`$n = 1234;    # 十进制数`, `perlfaq  - 本文档`, `integer,  -- 源编码`).

    >>> _latin_gaps("Account  Manager——Debian账户管理者"), _latin_gaps("软件包  版本  说明")
    (True, False)
    >>> _latin_gaps("SELECTOR  -d  DOMAIN 来"), _latin_gaps("“Multi-Arch:  foreign” 或")
    (True, True)
    >>> _latin_gaps("apt-get  install  安装软件包"), _latin_gaps("Jul 3  total  1.17")
    (False, False)
    >>> _latin_gaps("perlfaq  - 本文档"), _latin_gaps("big5-eten   Big5 编码")
    (False, False)
    """
    if "\t" in content or "\u3000" in content or not holds_cjk(content):
        return False
    return all(
        gap.end() - gap.start() == 2
        and (content[gap.start() - 1] in _ASCII_ALNUM or content[gap.start() - 1] == ":")
        and _GAP_WORD.match(content, gap.end()) is not None
        for gap in _WIDE_GAP.finditer(content)
    )


#: Marks that a line does not end on and the next start with again, but for fake bold.
_COPIED_MARKS = frozenset("—、，：；《》『』「」“”")

#: The line separator: a line break the author made, which unwrap never joins.
_SEPARATOR = "\u2028"


def _kept_separators(text: str, edits: list[Edit] | None,
                     unwrap: Callable[[str, list[Edit]], str]) -> str:
    """`text` unwrapped with each line separator (U+2028) read as a line break that stays:
    where unwrapping would join there, it becomes a paragraph break (a plain line break
    could be joined when the text is cleaned again).

    >>> rule = Unwrap()
    >>> rule.apply("这是一段很长的文字，作者在这里\\u2028换了一行继续写。\\n", None)
    '这是一段很长的文字，作者在这里\\n\\n换了一行继续写。'
    >>> rule.apply("床前明月光，\\u2028疑是地上霜。\\n", None)
    '床前明月光，\\n疑是地上霜。'
    """
    found: list[Edit] = []
    unwrap(text.replace(_SEPARATOR, "\n"), found)
    separators = [at for at, char in enumerate(text) if char == _SEPARATOR]
    kept: list[Edit] = []
    for start, end, new in sorted(found):
        inside = [at for at in separators if start <= at < end]
        if inside and "\n" not in new:  # joined at a separator: it stays, as a paragraph break
            new = text[start : inside[0]].rstrip(" \t\u3000") + "\n\n"
        kept.append((start, end, new))
    covered = {at for start, end, _ in kept for at in range(start, end)}
    kept.extend((at, at + 1, "\n") for at in separators if at not in covered)
    kept.sort()
    out: list[str] = []
    done = 0
    for start, end, new in kept:
        out += [text[done:start], new]
        done = end
    out.append(text[done:])
    if edits is not None:
        edits.extend(kept)
    return "".join(out)


def _record(edits: list[Edit] | None, start: int, end: int, new: str, text: str) -> None:
    if edits is not None and text[start:end] != new:
        edits.append((start, end, new))
