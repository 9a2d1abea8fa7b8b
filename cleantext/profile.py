"""What kind of text each block is: the evidence layout rules act on.

A block is a run of non-blank lines. Joining lines is a repair only where the lines
are column-wrapped prose; everything else keeps its line breaks:

>>> classify(["床前明月光，", "疑是地上霜。", "举头望明月，", "低头思故乡。"])
<Block.LINES: 'lines'>
>>> classify(["在西宁国家级经济技术开发区拔节", "生长的过程中，科技创新的动能始终澎", "湃——"])
<Block.PROSE: 'prose'>
>>> classify(["numpy>=1.26", "requests==2.31"])
<Block.CODE: 'code'>

A block with no CJK character (`holds_cjk`) is prose only when it is clearly wrapped
Latin prose (`wrapped_latin`), so a file with no Chinese is left as it is unless it is.
Subtitles (`subtitles`) keep every line.
"""

from __future__ import annotations

import enum
import re
from itertools import pairwise
from operator import itemgetter

from .text import CLOSERS, TERMINAL, display_width, ends_sentence, lazy_re

#: Marks a line of verse, a list item or a line of dialogue ends on.
END_MARKS = frozenset("，。、；：？！…—”’」』）》〉】,.;:?!)\"'")
#: A line's last character.
_LAST = itemgetter(-1)
#: A mark of prose inside a line: a title or author line over a poem has none.
_MARK = lazy_re(r"[，。、；：？！,.;:?!]")
#: How a line of a list set with ASCII bullets starts.
_BULLETS = frozenset(["* ", "- ", "+ "])
#: The last characters of a line that ends a sentence (a cheap test first).
_ENDERS = frozenset(TERMINAL + CLOSERS)
#: A CJK character: Han (radicals and compatibility forms too), kana, Hangul.
_CJK_CHAR = lazy_re(
    r"[\u2e80-\u2fdf\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
    r"\U00020000-\U0003ffff]"
)
#: A subtitle cue's timing line (SRT, WebVTT).
_CUE = lazy_re(r"^\s*(?:\d{1,2}:)?\d{1,2}:\d{2}[,.]\d{1,3}\s*-->", re.MULTILINE)
#: A line of code, configuration or data (checked only on lines without CJK): a comment or
#: prompt mark first, a bare number, `key=value` or `key: value`, a call, a line that ends
#: a statement or opens a block, an arrow.
_CODE = lazy_re(
    r"(?:[#;%$>|<\[{}@]|//|/\*|\*/|-- |\d+$|\S+\s*(?:[=!<>~:]=|=)|[\w.-]+:(?:\s|$)"
    r"|[\w.:-]+\(.*[)({,\\]$)"
    r"|.*(?:[{};\\]|-->)$"
)


class Block(enum.Enum):
    """What a block is, for the rules that decide line breaks."""

    #: Column-wrapped prose, or not enough evidence against it: the layout rules decide.
    PROSE = "prose"
    #: One unit a line: verse, dialogue, one paragraph a line; its breaks stay.
    LINES = "lines"
    #: Code, configuration, data rows (CSV): its breaks stay.
    CODE = "code"


def holds_cjk(text: str) -> bool:
    """`text` holds a CJK character: Han, kana or Hangul.

    >>> holds_cjk("numpy>=1.26"), holds_cjk("在5G通")
    (False, True)
    """
    return bool(_CJK_CHAR.search(text))


def subtitles(text: str) -> bool:
    """`text` is subtitles: cues (`00:00:01,000 --> 00:00:04,000`), one or more every
    twenty lines (a document that quotes one cue is not); every break stays.

    >>> subtitles("1\\n00:00:01,000 --> 00:00:04,000\\n你好\\n")
    True
    """
    if "-->" not in text:
        return False
    return 20 * len(_CUE.findall(text)) >= text.count("\n") + 1


def code_like(line: str) -> bool:
    """`line` (stripped) is code, configuration or data rather than prose: it has no CJK
    and looks like a comment, a setting, a call, a statement or a bare number.

    >>> code_like("add_executable(app main.c)"), code_like("# Set the project name")
    (True, True)
    >>> code_like("User-agent: *"), code_like("was first presented in 2023, needs more")
    (True, False)
    """
    return not _CJK_CHAR.search(line) and bool(_CODE.match(line))


#: A number in a cell of a table: `3`, `-5.5`, `12%`.
_NUMBER = lazy_re(r"[+-]?[0-9]+(?:\.[0-9]+)?%?")
#: A line of configuration whose value may be Chinese: a key, a colon and a space.
_KEYED = lazy_re(r"(?:- )?[A-Za-z_][A-Za-z0-9_.-]*: ")
#: A line that opens with a short Chinese label and a colon, and says more after it.
_LABELED = lazy_re(r"[\u4e00-\u9fff]{1,6}[：:][ \u3000]*[^ \u3000]")
#: A markup tag (`<p>`, `</li>`, `<br/>`, `<div class="x">`).
_TAG = lazy_re(r"</?[A-Za-z][\w:-]*(?:\s[^<>\n]*)?/?>")


def _tagged(line: str) -> bool:
    """`line` is markup: it starts with a tag, and ends with one or holds no CJK.

    >>> _tagged("<p>这是一个段落，</p>"), _tagged("<option1> 和 <option2> 前增加")
    (True, False)
    """
    return line[0] == "<" and _TAG.match(line) is not None and (
        _TAG.fullmatch(line, line.rfind("<")) is not None or not _CJK_CHAR.search(line))


def classify(lines: list[str], widths: list[int] | None = None) -> Block:
    """What the block of `lines` (stripped, non-blank) is.

    CODE: half its lines or more are `code_like`, markup (`_tagged`) or a key and its value
    (`name: 测试服务`), or every line holds the same number of commas (a CSV row). LINES: half
    its lines or more start with a `*`, `-` or `+` bullet (a list); more than half its lines
    open with a short Chinese label and a colon (fields, a script's speakers); most of its
    lines end a sentence (dialogue, one paragraph a line); or its full lines (a title and an
    author line aside) all end on a mark, and on a sentence's end when there are two (verse:
    column-wrapped prose ends a line on a mark now and then, never line after line; a line
    more than three times as wide as the median, a paragraph on a line of its own, aside,
    and one or two lines with no mark at the top when they are full too, a title and an
    author line); or two lines in a row alike, as wide, ending on marks, short or with their
    marks at the same places (a couplet). Else PROSE.

    >>> classify(["他走进来，在窗边坐了半天，只是望着窗外。", "“好。”", "“走吧。”"])
    <Block.LINES: 'lines'>
    >>> classify(["姓名,年龄,城市", "张三,25,北京", "李四,30,上海"])
    <Block.CODE: 'code'>
    """
    # first and last characters tested before any regex or loop: this runs on every block
    ascii_first = min(lines)[0] < "\u2e80"  # code and bullets need one
    if ascii_first and 2 * sum(
        1 for line in lines
        if line[0] < "\u2e80" and (code_like(line) or _tagged(line) or _KEYED.match(line))
    ) >= len(lines):
        return Block.CODE
    if len(lines) < 2:
        return Block.PROSE
    if ("," in lines[0] or "\t" in lines[0]) and table_rows(lines):  # (its first test)
        return Block.CODE
    if ascii_first and 2 * sum([line[:2] in _BULLETS for line in lines]) >= len(lines):
        return Block.LINES  # a list set with `*`, `-` or `+` bullets (a changelog, notes)
    # (their first tests: how long the first line is)
    if (len(lines[1]) <= 3 and _items(lines[1:])) or (
        4 <= len(lines[0]) <= 16 and _bare_verse(lines)
    ):
        return Block.LINES  # a list of short items (under a title): no column is that narrow
    if 2 * sum(map(bool, map(_LABELED.match, lines))) > len(lines) and (
        len(set(lines)) == len(lines)  # a line and its copy: a fake-bold heading drawn twice
    ):
        return Block.LINES  # fields (`姓名：张三` / `年龄：25`), a script's speakers (`甲：`)
    inner = lines[:-1]  # a paragraph's last line ends a sentence whatever the layout
    if sum(map(END_MARKS.__contains__, map(_LAST, inner))) < min(2, len(inner)):
        return Block.PROSE  # what follows needs lines ending on marks
    ending = sum(1 for line in inner if line[-1] in _ENDERS and ends_sentence(line))
    if ending >= 2 and 2 * ending > len(inner):
        return Block.LINES
    if widths is None:
        widths = [display_width(line) for line in lines]
    middle = sorted(widths)[len(widths) // 2]
    # a paragraph given a line of its own, far wider than the lines around it, is no line
    # of verse and sets no width for them (text one paragraph a line, a poem within it)
    widest = max(width for width in widths if width <= 3 * middle)
    full = [line for line, width in zip(lines, widths) if 0.6 * widest <= width <= 3 * middle]
    if len(full) >= 4 and all(line[-1] in END_MARKS for line in full[:-1]):
        return Block.LINES
    heads = next((at for at, line in enumerate(lines[:2]) if _MARK.search(line)), 2)
    if heads and len(full) - heads >= 4 and all(
        line[-1] in END_MARKS for line in full[heads:-1]
    ) and full[:heads] == lines[:heads]:
        return Block.LINES  # a title and an author line with no mark over a poem
    if 2 <= len(full) <= 3 and len(lines) > len(full) and all(map(ends_sentence, full)):
        return Block.LINES  # a title and an author line over a short poem
    alike = sum(
        1 for (line, width), (after, next_width) in pairwise(zip(lines, widths))
        if width == next_width and line[-1] in END_MARKS and after[-1] in END_MARKS
        and (_marks_at(line) == _marks_at(after) or (width <= 18 and len(lines) == 2))
    )
    if alike and 4 * alike >= len(lines):  # couplets: lines in pairs alike, marks and all
        return Block.LINES
    return Block.PROSE


def table_rows(lines: list[str]) -> bool:
    """The block of `lines` (stripped, non-blank) is rows of a table (CSV, or TSV when the
    first line has no comma): every line holds the same number of separators, and none ends
    on a comma or a sentence's end or holds a `，` or a `。` (prose does, or its lines
    differ); one separator a line is enough in three lines or more, in two lines only with
    a cell that is a number (two lines of prose cut after a clause look alike, `他说,我们` /
    `好的,走吧`).

    >>> table_rows(["名称,数量", "苹果,3"]), table_rows(["他说,我们", "好的,走吧"])
    (True, False)
    >>> table_rows(["请先关掉配额,卸载文件系统,否则", "配额会损坏,文件也会丢失,请注意."])
    False
    >>> table_rows(["名称\\t数量", "苹果\\t3"])
    True
    """
    if len(lines) < 2:
        return False
    separator = "," if "," in lines[0] else "\t"
    if separator not in lines[0]:
        return False
    counts = {line.count(separator) for line in lines}
    if len(counts) != 1 or any(
        line.endswith(",") or "，" in line or "。" in line or ends_sentence(line)
        for line in lines
    ):
        return False
    return len(lines) >= 3 or min(counts) >= 2 or any(
        _NUMBER.fullmatch(cell) for line in lines for cell in line.split(separator))


def alone_of_tables(line: str) -> bool:
    """`line` is no row of a `table_rows` block whatever the lines around it: it holds no
    comma nor tab between other characters, or it holds a comma at its end (white space
    aside), a `，`, a `。` or a sentence's end.

    >>> alone_of_tables("他说，我们"), alone_of_tables("苹果,3"), alone_of_tables("苹果\\t3")
    (True, False, False)
    """
    stripped = line.strip()
    if "," not in line and "\t" not in stripped:
        return True
    return "，" in line or "。" in line or stripped.endswith(",") or ends_sentence(stripped)


#: Two lines in a row that hold a comma each (the last comma of one, the first of the next),
#: and the same for tabs: every block of `table_rows` has them. Scanned from the comma or
#: tab, a literal, with possessive quantifiers: once over the text.
_COMMA_ROWS = lazy_re(r",[^\n,]*+\n[^\n,]*+,")
_TAB_ROWS = lazy_re(r"\t[^\n\t]*+\n[^\n\t]*+\t")


def table_spans(text: str) -> list[tuple[int, int]]:
    """Where the blocks of `text` (runs of non-blank lines) that are `table_rows` are: from
    the start of a block's first line to the end of its last. Only the blocks around two
    lines in a row with a comma or a tab each are looked at: most texts have none.

    >>> table_spans("说明：\\n\\n名称,数量,单价\\n苹果,3,5.5\\n")
    [(5, 22)]
    """
    hits = [match.start() for match in _COMMA_ROWS.finditer(text)]
    if "\t" in text:
        hits = sorted(hits + [match.start() for match in _TAB_ROWS.finditer(text)])
    spans: list[tuple[int, int]] = []
    done = 0  # where the blocks looked at end
    for hit in hits:
        if hit < done:
            continue
        # (a blank line may hold a tab: its block, before it, may have been looked at)
        start = max(done, _block_at(text, text.rfind("\n", 0, hit) + 1))
        done = _block_end(text, hit)
        spans.extend((start + a, start + b) for a, b in _table_spans(text[start:done]))
    return spans


def _block_at(text: str, start: int) -> int:
    """Where the block holding the line that starts at `start` starts."""
    while start:
        before = text.rfind("\n", 0, start - 1) + 1
        if text[before : start - 1].isspace() or before == start - 1:
            break
        start = before
    return start


def _block_end(text: str, end: int) -> int:
    """Where the block holding `text[end]` ends: at the `\\n` before a blank line, or at the
    text's end."""
    end = text.find("\n", end)
    while end >= 0:
        after = text.find("\n", end + 1)
        line = text[end + 1 : len(text) if after < 0 else after]
        if not line or line.isspace():
            return end
        end = after
    return len(text)


def _table_spans(text: str) -> list[tuple[int, int]]:
    """`table_spans` by a walk over every line of `text`."""
    spans: list[tuple[int, int]] = []
    block: list[str] = []
    start = first = last = 0  # where the line, the block and the block's last line end
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            if not block:
                first = start
            block.append(stripped)
            last = start + len(line)
        elif block:
            if table_rows(block):
                spans.append((first, last))
            block = []
        start += len(line) + 1
    if table_rows(block):
        spans.append((first, last))
    return spans


def _items(lines: list[str]) -> bool:
    """Two lines or more, each one to three Han characters and each different: a list's
    items (`鸡蛋⏎面包⏎牛奶`), not a column wrapped that narrow nor a heading drawn twice.

    >>> _items(["鸡蛋", "面包", "牛奶"]), _items(["科技", "创新", "科技", "创新"])
    (True, False)
    """
    return (len(lines) >= 2 and all(len(line) <= 3 and all(map(_is_han_char, line))
                                    for line in lines) and len(set(lines)) == len(lines))


def _bare_verse(lines: list[str]) -> bool:
    """Four lines or more of Han alone, each different, four to sixteen characters, none
    starting with the last three or more of the one before: verse or song set with no marks
    (`春眠不觉晓` / `处处闻啼鸟` …); prose does not run so long with no mark.

    >>> _bare_verse(["春眠不觉晓", "处处闻啼鸟", "夜来风雨声", "花落知多少"])
    True
    >>> _bare_verse(["金融危机后痛定", "机后痛定思痛东", "思痛东亚经济开始", "亚经济开始全面调整"])
    False
    """
    if len(lines) < 4 or not all(
        4 <= len(line) <= 16 and all(map(_is_han_char, line)) for line in lines
    ) or len(set(lines)) < len(lines):
        return False
    # no line goes on with the end of the one before (copies of a fake-bold heading
    # interleaved across the wraps: `金融危机后痛定` / `机后痛定思痛东`)
    return not any(after.startswith(line[-size:]) for line, after in pairwise(lines)
                   for size in range(3, len(line) + 1))  # (two: a chain rhyme, `老虎`)


def _is_han_char(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


#: Longest line (in characters) of a refrain: verse and song lines are short.
_REFRAIN_LINE = 40


def sung_again(lines: list[str]) -> bool:
    """The block of `lines` is a group of two or more short lines said again as a whole,
    once or more (`好好学习` / `天天向上` / `好好学习` / `天天向上`): a refrain. Fake bold
    drawn a heading's copy after copy looks the same; the caller asks for no other sign of
    fake bold in the text.

    >>> sung_again(["好好学习", "天天向上", "好好学习", "天天向上"])
    True
    >>> sung_again(["标题", "标题", "正文"]), sung_again(["一", "二", "一", "三"])
    (False, False)
    """
    count = len(lines)
    if count < 4 or max(map(len, lines)) > _REFRAIN_LINE:
        return False
    if lines[0] not in lines[2 : count // 2 + 1]:
        return False  # the cheap test: the group's first line comes again by half the block
    return any(
        count % period == 0 and lines[:period] * (count // period) == lines
        for period in range(2, count // 2 + 1)
    )


def _marks_at(line: str) -> list[int]:
    """Where the marks of `line` are: the caesuras of a line of verse."""
    return [at for at, char in enumerate(line) if char in END_MARKS]


def wrapped_latin(lines: list[str]) -> bool:
    """The block is clearly column-wrapped Latin prose: three or more lines, none code or
    a list item,
    the lines before the last about as wide as each other (30 columns or more), and
    most of them cut mid-sentence.

    >>> wrapped_latin(["The committee met on Tuesday to discuss the",
    ...                "proposal. Members agreed that the plan, which",
    ...                "was first presented in 2023, needs more work."])
    True
    >>> wrapped_latin(["numpy>=1.26", "requests==2.31", "rich"])
    False
    """
    if len(lines) < 3 or any(line[:2] in _BULLETS or code_like(line) for line in lines):
        return False
    inner = lines[:-1]
    widths = [display_width(line) for line in inner]
    widest = max(widths)
    return (
        min(widths) >= 30 and min(widths) >= 0.75 * widest
        and 3 * sum(1 for line in inner if ends_sentence(line)) <= len(inner)
        and all(" " in line for line in inner)
    )
