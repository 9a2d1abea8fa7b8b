"""What a fake-bold heading looks like: one notion for the rule that undoes doubled
headings (`kinds/fakebold.py`) and the check that vouches for its changes (`safety.py`).

A heading is Chinese: its text holds Han, more than one character over and over, and no
mark of code (an address, an option, a man reference, a tag): `Debian 发布周期` and
`dpkg-divert命令` are headings; `GNU coreutils 的在线帮助： <https://…>`, a line a man
page repeats, and `--port 端口` are not. Marks that Chinese never writes twice
(`：：`, `““…””`) are the trace of fake bold beside it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache

from .text import (
    CJK_CONTEXT_CLASS,
    CONTINUING,
    HAN_RE,
    code_spans,
    ends_sentence,
    lazy_re,
    lazy_regex,
)

#: Marks that Chinese never writes twice: doubled, they are fake bold's trace.
NEVER_DOUBLED = "“”‘’：，、；《》【】「」"
#: Marks that open a quotation: a line starting with one is dialogue, not a heading.
OPENERS = "“‘「『\"'"
#: A mark that ends a sentence: a sentence said twice is not a heading.
SENTENCE_END = lazy_regex(r"[。！？!?]|(?<=\p{Han} ?)\.")
#: Marks of `NEVER_DOUBLED` found doubled in a text, pairs doubled on both sides
#: (`““科创中心科创中心””`): nested quotes close apart (`““$LANG”变量”`), `((x))` is code.
DOUBLED_MARK = lazy_re(  # `re`: a third of `regex`'s time over a whole text
    r"：：|，，|、、|；；"
    + "".join(f"|{o}{o}[^{o}{c}\n]*{c}{c}" for o, c in ("“”", "《》", "【】", "「」", "『』")))
def sentence_like(once: str) -> bool:
    """`once` (a text written once) reads as a sentence or part of one, not a heading: it
    holds a sentence's end, or ends on a comma (its sentence goes on: `谢谢你，`).

    >>> sentence_like("好。"), sentence_like("谢谢你，"), sentence_like("发布周期")
    (True, True, False)
    """
    return SENTENCE_END.search(once) is not None or once.rstrip()[-1:] in tuple(CONTINUING)


#: Marks of code and addresses that a heading does not hold: a URL or `<address>`, an
#: option (`--port`, `-v`), a path.
_CODE = lazy_regex(r"://|<[^<>\n]*>|(?<![A-Za-z0-9_-])--?[A-Za-z]|(?<![A-Za-z0-9_.])/[\w.-]+/")


def chinese_heading_text(text: str) -> bool:
    """`text` may be the text of a Chinese heading: it holds Han, is not one character over
    and over (`哈哈哈`), and has no code or address.

    >>> [chinese_heading_text(t) for t in ("链接", "哈哈哈", "provider", "dpkg-divert命令")]
    [True, False, False, True]
    >>> chinese_heading_text("GNU coreutils 的在线帮助： <https://www.gnu.org/software/coreutils/>")
    False
    >>> chinese_heading_text("使用--port选项"), chinese_heading_text("参见dpkg(1)手册")
    (False, False)
    """
    bare = "".join(text.split())
    if not HAN_RE.search(bare) or len(set(bare)) < 2:
        return False
    return not _CODE.search(text) and not code_spans(text)


#: What a Latin heading holds besides ASCII letters and digits.
_LATIN_HEADING_MARKS = " ,&-"


def latin_heading(text: str) -> bool:
    """`text` is a Latin heading as technical documents title their sections: ASCII words in
    title or camel case (`OpenVPN`, `Teams, Blends, and Sub-Projects`), four characters or
    more, starting with a capital, holding a small letter, only letters, digits, single
    spaces, commas, hyphens and `&`, ending on a letter or digit, eight words at most:
    no sentence (`Let it be.`), no code (`fi`, `END`, `a = b`), no column gap.

    >>> [latin_heading(t) for t in ("OpenVPN", "Teams, Blends, and Sub-Projects", "Bora Bora")]
    [True, True, True]
    >>> [latin_heading(t) for t in ("END", "fi", "Let it be.", "provider", "a  b", "链接")]
    [False, False, False, False, False, False]
    """
    return (
        len(text) >= 4 and "A" <= text[0] <= "Z" and text[-1].isascii() and text[-1].isalnum()
        and all(c.isascii() and c.isalnum() or c in _LATIN_HEADING_MARKS for c in text)
        and any("a" <= c <= "z" for c in text) and "  " not in text
        and len(text.split()) <= 8
    )


def heading_like(text: str) -> bool:
    """`chinese_heading_text`, and not a quotation (dialogue).

    >>> heading_like("科创中心"), heading_like("“好”"), heading_like("provider")
    (True, False, False)
    """
    bare = text.lstrip()
    return bool(bare) and bare[0] not in OPENERS and chinese_heading_text(text)


def doubled_marks(text: str) -> bool:
    """`text` holds a mark doubled as only fake bold doubles it.

    >>> doubled_marks("标题：：正文"), doubled_marks("““科创中心科创中心””")
    (True, True)
    >>> doubled_marks("““$LANG”变量”"), doubled_marks("f((x))")
    (False, False)
    """
    return DOUBLED_MARK.search(text) is not None


#: A mark of a sentence: the paragraph after a heading is prose.
_SENTENCE_MARK = lazy_regex(r"[。！？，；]")


def heading_place(before: str) -> bool:
    """A heading may follow `before` (the text before it, "" at the top): nothing, or a
    sentence's end.

    >>> heading_place(""), heading_place("正文。"), heading_place("他唱道：")
    (True, True, False)
    """
    return not before or ends_sentence(before)


def placed_as_heading(before: str, after: list[str], once: str) -> bool:
    """`once` (four characters or more) stands where a heading does: at the top or after the
    end of a sentence (`before`: the text before it, "" at the top), above prose (the first
    of `after`, the paragraphs after it, at least twice as long with a sentence mark in
    it), a short byline between allowed.

    >>> body = "做好今年各方面的工作，关键是要狠抓落实。"
    >>> placed_as_heading("", ["本报评论员", body], "论狠抓落实")
    True
    >>> placed_as_heading("他说：", [body], "好好学习"), placed_as_heading("", [body], "第一章")
    (False, False)
    """
    if len(once) < 4 or not heading_place(before):
        return False
    if after and len(after[0]) <= 12 and not _SENTENCE_MARK.search(after[0]):
        after = after[1:]  # a byline: `本报评论员`
    return bool(after) and len(after[0]) >= 2 * len(once) and bool(_SENTENCE_MARK.search(after[0]))


#: A space between two Chinese characters: `spacing` removes it, so fake bold ignores it.
STRAY_SPACE = lazy_regex(rf"[ \t\u3000](?<={CJK_CONTEXT_CLASS}.)(?={CJK_CONTEXT_CLASS})")

#: A heading-like copy this long (characters, white space aside) or longer is fake bold on
#: its own; a shorter one needs another sign of fake bold in the text (`fake-bold`'s
#: `heading_length`, and how far `unwrap` joins a short line and its copy for it).
HEADING_LENGTH = 6

#: Longest paragraph (in characters) that is looked at; headings are short.
MAX_LENGTH = 400


def undouble(text: str, min_length: int = 2) -> str | None:
    """The text with every doubled run written once, or None if `text` is not wholly doubled.

    >>> undouble("名师开讲名师开讲：：一场场思维风暴一场场思维风暴")
    '名师开讲：一场场思维风暴'
    >>> undouble("向新而行向新而行 加速迈进加速迈进")
    '向新而行 加速迈进'
    >>> undouble("常常讲、时时抓") is None, undouble("谢谢") is None
    (True, True)
    >>> undouble("算力人 才成长链算力人才成长链")
    '算力人才成长链'

    Numbers are not headings: `100100` and `400 400` stay as they are. A text longer than
    `MAX_LENGTH` is no heading either. Cached: unwrap asks for every line that may be
    doubled, fake-bold again for the same paragraph, and every settling pass once more.
    """
    return _undouble_cached(text, min_length) if len(text) <= MAX_LENGTH else None


@lru_cache(maxsize=512)  # a slice's lines that may be doubled, not a whole run's
def _undouble_cached(text: str, min_length: int) -> str | None:
    """`undouble` of a text of at most `MAX_LENGTH` characters."""
    once = _undouble(text, min_length)
    if once is None and _has_stray_space(text) and may_start_doubled(text):
        squeezed = STRAY_SPACE.sub("", text)
        if squeezed != text:
            return _undouble(squeezed, min_length)
    return once


def doubled_heading(text: str, breaks: Iterable[int] = ()) -> str | None:
    """`text` written once if it is wholly doubled and the copy reads as a heading (Han, no
    sentence's end, no quotation), else None: what lines that together are one fake-bold
    heading (`外交部发言人` + `外交部发言人谈明年` + `谈明年`) join into. `breaks`: where
    lines were joined into `text`; fake bold draws each copy within a line, so a copy
    across one is a phrase said again, not fake bold.

    >>> doubled_heading("外交部发言人外交部发言人谈明年谈明年", [6, 15])
    '外交部发言人谈明年'
    >>> doubled_heading("好好学习天天向上好好学习天天向上", [4, 8, 12]) is None
    True
    >>> doubled_heading("“好。”“好。”") is None, doubled_heading("哈哈哈哈") is None
    (True, True)
    """
    once = undouble(text)
    if once is None or sentence_like(once) or not heading_like(once):
        return None
    runs = doubled_runs(text)
    if runs is None or any(
        start < cut < start + length or start + length < cut < start + 2 * length
        for start, length in runs for cut in breaks
    ):
        return None
    return once


def _has_stray_space(text: str) -> bool:
    """`text` has a character `STRAY_SPACE` may remove: only then can squeezing help."""
    return " " in text or "\u3000" in text or "\t" in text


def may_start_doubled(text: str) -> bool:
    """Without its white space, `text` passes `_undouble`'s first test: a cheap filter."""
    bare = "".join(text.split())
    return bare != text and len(bare) > 3 and _opens_doubled(bare)


def _opens_doubled(text: str) -> bool:
    """A cheap necessary condition for a doubled text (of two or more characters): its first
    character repeats at once or its first two reappear in the first half."""
    return text[1] == text[0] or text.find(text[:2], 2, len(text) // 2 + 3) >= 0


def _undouble(text: str, min_length: int) -> str | None:
    """`undouble` without looking past stray spaces."""
    n = len(text)
    if n < 2 * min_length or n > MAX_LENGTH:
        return None
    if not _opens_doubled(text):
        return None
    halves = text.split()
    if len(halves) == 2 and halves[0] == halves[1] and len(halves[0]) >= min_length:
        return halves[0] if _has_letters(halves[0]) else None
    first, last = text[0], text[-1]
    if first.isspace() or not _starts_doubled(text):
        return None
    if not last.isspace() and text.rfind(last, n - 1 - n // 2, n - 1) < 0:
        return None
    runs = doubled_runs(text)
    if runs is None:
        return None
    once = "".join(text[start : start + length] for start, length in runs)
    if len("".join(once.split())) < min_length or not _has_letters(once):
        return None
    return once


def _has_letters(text: str) -> bool:
    """`text` has a letter or ideograph: a heading, not a number (`100100`)."""
    return any(char.isalpha() for char in text)


def _starts_doubled(text: str) -> bool:
    """Some run at the start of `text` is written twice (`青藏青藏…`); found in C."""
    half = len(text) // 2
    copy = text.find(text[0], 1, half + 1)
    while copy >= 0:
        if text.startswith(text[:copy], copy):
            return True
        copy = text.find(text[0], copy + 1, half + 1)
    return False


def doubled_runs(text: str) -> list[tuple[int, int]] | None:
    """Split `text` into (start, length) pieces each written twice, or single spaces.

    At each position the longest run that leads to a whole split wins. Taking the
    longest run every time finds that split whenever it gets to the end, cheaply;
    only when it gets stuck does dynamic programming from the end decide.
    """
    runs = _greedy_runs(text)
    if runs is not None:
        return runs
    if any(count % 2 for char, count in Counter(text).items() if not char.isspace()):
        return None  # a character an odd number of times cannot all be doubled
    return _split_runs(text)


#: Longest paragraph (in characters) that `lossy_runs` reads as a heading whose copies
#: lost a head or a tail (a heading drawn over lines: `李岚清看望老教授考察教老教授考察教…`).
LOSSY_LENGTH = 80
#: Most characters written once before the first run in such a heading (its first line's
#: start, whose copy the extractor put elsewhere).
LOSSY_HEAD = 6


def lossy_runs(text: str) -> list[tuple[int, int]] | None:
    """(start, length) of each run written twice in `text`, the longest at each place, when
    `text` is a fake-bold heading some of whose copies an extractor lost; None otherwise
    (and for a text wholly doubled, which `doubled_runs` splits). Either it opens with a
    run of three or more written twice, two runs or more are, and the characters written
    once are at most a third as many as those in copies; or (`LOSSY_LENGTH` characters at
    most) two phrases or more are written twice, one of three characters or more, six or
    more in copies, only marks written once between them, and `LOSSY_HEAD` characters
    or fewer before the first: a heading drawn over lines, each starting with a copy of
    all the last one added, whose first start and last end the extractor drew once
    (`金融危机后痛定机后痛定思痛东思痛东…`); verse whose lines open with the last one's last
    word (`东方红东方红太阳升太阳升起放光芒光芒万丈…`) has words once between its copies. A
    dash pair `——` is one mark, doubled only as `———` or more.

    >>> lossy_runs("喜看火箭排云上喜看火箭排云上———访长三甲访长三甲、、长三乙运")
    [(0, 7), (14, 1), (17, 4), (25, 1)]
    >>> lossy_runs("人民没有忘记人民没有忘记——访孔繁森访孔繁森")
    [(0, 6), (14, 4)]
    >>> lossy_runs("昔日昔日『『冰球沙皇冰球沙皇』』今朝黯然认罪")
    [(0, 2), (4, 1), (6, 4), (14, 1)]
    >>> lossy_runs("金融危机后痛定机后痛定思痛东思痛东亚经济开始亚经济开始全面调整")
    [(3, 4), (11, 3), (17, 5)]
    >>> lossy_runs("谢谢你谢谢你的帮助") is None, lossy_runs("标题标题") is None
    (True, True)
    >>> lossy_runs("研究研究再研究研究") is None
    True
    >>> lossy_runs("东方红东方红太阳升太阳升起放光芒光芒万丈照四方") is None
    True
    """
    if not text or text[0].isspace():
        return None
    n = len(text)
    opens = next(_run_lengths(text, 0), 0) >= 3  # the first way may hold
    if not opens and n > LOSSY_LENGTH:
        return None  # (the loop below would cost a scan of the text from each place)
    runs: list[tuple[int, int]] = []
    single = head = since = 0  # written once: in all, before the first run, after the last
    letters = pending = 0  # letters written once between runs, and since the last run
    i = 0
    while i < n:
        length = 0 if text[i].isspace() else next(_run_lengths(text, i), 0)
        if length == 1 and text[i] == "—" and text[i + 2 : i + 3] != "—":
            length = 0  # `——` is one mark: doubled only when a third dash follows
        if length:
            runs.append((i, length))
            i += 2 * length
            since = 0
            letters += pending
            pending = 0
            if letters and not opens:
                return None  # neither way holds
        else:
            single += 1
            head += not runs
            since += 1
            pending += bool(runs) and text[i].isalnum()
            i += 1
            if head > LOSSY_HEAD:
                return None  # (neither way holds)
    if not single or len(runs) < 2:
        return None
    copied = sum(length for _, length in runs)
    if runs[0][0] == 0 and runs[0][1] >= 3 and 2 * copied >= 3 * single:
        return runs
    phrases = [length for _, length in runs if length >= 2]
    if n > LOSSY_LENGTH or letters or len(phrases) < 2 or max(phrases) < 3 or sum(phrases) < 6:
        return None
    return runs if 2 * copied >= 3 * (single - since) else None


def _run_lengths(text: str, i: int) -> Iterator[int]:
    """Lengths of the runs written twice from `i`, longest first: `青藏青藏` at 0 gives 2."""
    # a copy starts where text[i] comes again: only those lengths are tried
    copy = text.rfind(text[i], i + 1, i + (len(text) - i) // 2 + 1)
    while copy >= 0:
        if text.startswith(text[i:copy], copy):
            yield copy - i
        copy = text.rfind(text[i], i + 1, copy)


def _greedy_runs(text: str) -> list[tuple[int, int]] | None:
    """`doubled_runs` taking the longest run at each position; None when that gets stuck."""
    runs: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            if not i:
                return None
            runs.append((i, 1))
            i += 1
            continue
        length = next(_run_lengths(text, i), 0)
        if not length:
            return None
        runs.append((i, length))
        i += 2 * length
    return runs


def _split_runs(text: str) -> list[tuple[int, int]] | None:
    """`doubled_runs` by dynamic programming from the end."""
    n = len(text)
    step: list[int] = [0] * (n + 1)  # 0: impossible; -1: a space; L>0: a run of length L
    ok = [False] * (n + 1)
    ok[n] = True
    for i in range(n - 1, -1, -1):
        if text[i].isspace():
            if i and ok[i + 1]:
                ok[i], step[i] = True, -1
            continue
        for length in _run_lengths(text, i):
            if ok[i + 2 * length]:
                ok[i], step[i] = True, length
                break
    if not ok[0]:
        return None
    runs: list[tuple[int, int]] = []
    i = 0
    while i < n:
        if step[i] == -1:
            runs.append((i, 1))
            i += 1
        else:
            runs.append((i, step[i]))
            i += 2 * step[i]
    return runs
