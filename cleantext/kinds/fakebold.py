"""fake-bold: undo headings doubled by fake-bold rendering.

Before: ``"青藏高原青藏高原““科创中心科创中心””"``  After: ``"青藏高原“科创中心”"``

What it does
------------
PDF renderers fake a bold face by drawing each run of glyphs twice, and the
text layer then holds every run twice. A paragraph made wholly of doubled runs
(white space may separate runs), or the same text twice separated by white space
(`标题 标题`), is undone when it shows it is fake bold, not repetition:

- doubled marks that Chinese never writes twice (`““`, `：：`, `””`), or several
  different runs each doubled (`向新而行向新而行 加速迈进加速迈进`);
- a heading line: the copy holds Han, no sentence mark (`。！？`), does not end on a
  comma (`谢谢你，`: verse or prose goes on), does not open a
  quotation and is `heading_length` characters or more, or is written `标题 标题`
  (four or more), or stands where a heading does (four or more, at the top or after
  a sentence's end, above a paragraph of prose at least twice as long);
- other headings doubled too: a shorter heading-like copy (`链接链接`, `实时实时`) is
  undone when another paragraph of the slice is fake bold, or a different short one is,
  or the slice holds a mark doubled as only fake bold doubles it (`：：`, `““…””`).

A heading that lost some copies when an extractor interleaved them (`unwrap` joins its
lines: `人民没有忘记人民没有忘记——访孔繁森访孔繁森、李润五李润五、、马恩华的亲`) loses the copies
it kept when it opens with a run of three or more written twice, two runs or more are,
what is written once is at most a third of what is in copies, it reads as a heading and
stands at the top or after a sentence's end, above prose unless two phrases of three
characters or more are doubled (`headings.lossy_runs`; `——` stays one mark). A short one
(`LOSSY_LENGTH`) drawn line by line, each line opening with a copy of the last one's end,
may have kept its first start and its last end once (`金融危机后痛定机后痛定思痛东思痛东…`,
`昔日昔日『『冰球沙皇冰球沙皇』』今朝黯然认罪`): two phrases doubled, one of three characters
or more, six or more in copies, only marks once between them, at most `LOSSY_HEAD` characters once
before them. The same heading given as short paragraphs, a line each (`招标` / `招标：节省的不`
/ `节省的不仅仅是巨额` / `仅仅是巨额资金` / `资金`: pymupdf), read together from one that
stands where a heading does, its first and last lines all copy, loses its copies and the
line breaks between its lines.

A heading written twice and glued to the text around it (at a paragraph's start or
right after a sentence's end, four Han or more, its brackets closed in it, not ending on
a comma, followed by text or the paragraph's end: `…电脑。保留证据保留证据要知道…`,
`集成DomainKeys（DKIM）签名与检查` twice before its body) loses its copy on the same
evidence; followed by three dashes (`讲不完的美好故事讲不完的美好故事———记…`: `——` is
one mark, its first dash drawn with the copy), it loses the copy and that dash. A space
between two Chinese characters, which `spacing` removes, may sit in one copy and not
the other (`算力人 才成长链算力人才成长链`): such spaces go with the copy. `unwrap` uses
`undouble` to keep doubled lines as headings and to join a doubled heading wrapped
over two lines before this rule runs.

A heading drawn twice as lines of its own, the same line next or with one empty line
between (`unwrap` sets a heading block and its copy apart: `用SPF应对垃圾邮件⏎⏎用SPF应对垃圾邮件`),
loses its copy and the line breaks before it when the line reads as a heading (Han, no
sentence's end, not a quotation), is not written a third time and stands where a heading
does (at the top or after a sentence's end, above prose); one shorter than
`heading_length` needs the other evidence a short heading needs. A Latin heading
(`headings.latin_heading`: ASCII words in title or camel case, no sentence, no code) is
undone the same way, drawn twice as lines (`OpenVPN⏎⏎OpenVPN`) or written twice on its
line (`OpenVPNOpenVPN`, `heading_length` letters or more), only where a heading stands.

Leaves alone
------------
What a heading does not look like (`headings.heading_like`, the notion `--safe` uses
too): copies with an address, an option or a code token (`GNU coreutils 的在线帮助：
<https://…>` written twice, `--port 端口 --port 端口`); a short doubled line after a line
ending on a colon (`他唱道：` / `我爱你中国我爱你中国`: what is said or sung);
reduplication inside prose (`常常讲、时时抓`, `交流交往交融`: not wholly doubled), a word
reduplicated AABB (`热热闹闹`), and two-character words said twice line after line with no
body under them (`研究研究` / `讨论讨论`: they vouch for no other heading);
a phrase said twice alone with nothing else doubled (`哈哈哈哈哈哈`, `对不起对不起`,
`大家好大家好`, `我爱你中国我爱你中国`, `研究研究`); dialogue (`“好。”“好。”`);
a sentence repeating a phrase (`我爱你中国我爱你中国！`), a line of verse said again
(`谢谢你，谢谢你，`); one character over and
over; table cells apart by a column gap (`合计  合计`); copies with no Han (Latin
words, identifiers, hex strings, numbers: `provider provider`, `Bora Bora`,
`deadbeefdeadbeef`, `400400`) but a Latin heading where a heading stands (above); a line
written three times, or said again after a colon or where no prose follows
(`我爱你中国⏎我爱你中国` in a song).

Params
------
min_length (2)
    The fewest characters a paragraph must keep once undoubled.
heading_length (6)
    A heading-like copy this long or longer is fake bold on its own; a shorter one
    needs other doubled headings or a doubled mark in the slice, or a heading's place.
    The default, `headings.HEADING_LENGTH`, is also as long as a line and its copy below
    it must be for `unwrap` to join them where the text shows no other sign of fake bold.

Content safety
--------------
Removes duplicates: each change removes a copy of the text right before it, so
every letter of the result was in the input and nothing else is lost.

Known limits
------------
"Other headings" are looked for in the engine's slice, not the whole file: the part
after the last sentence-ending blank line is a slice of its own, so a short doubled
heading there (or alone in any slice) has no support. Evidence carried from slice to
slice would need state in the rule reset for each document, and the filter, `--check`
and the second cleaning that proves idempotence would each see a different amount of
it; a short heading left doubled is the cheaper mistake (content is never lost). A heading of six
characters or more said twice alone on a line is undone even where it is a refrain.
Verse whose lines open with the last line's last words (`东方红太阳升` / `太阳升起放光芒`)
has the shape of a heading drawn line by line; it is told apart by the words written once
between its repeats, so such a heading whose extractor lost a copy inside it stays; verse
whose lines each open with all the last one added, only marks between, its last line only
that (`我爱你中国` / `我爱你中国：亲爱的母亲` / `亲爱的母亲`), where a heading stands above
prose, has no such sign and is undone.
Copies put out of order (`无形的扩张——调整中调整中无形的扩张`: the copy of the start at
the end) stay: a copy is removed only right after the text it copies.
A heading drawn line by line over several lines (`标题前半⏎标题前半⏎后半⏎后半`) is joined
by `unwrap` only when its byline or body follows in the same block; alone in its block
(a pdfminer habit) it comes out in pieces. Copies of one paragraph (a line of its own)
interleaved within it across a wrap (`金融危金融危机后痛定机后痛定`) are undone only when
`unwrap` joined the lines of the heading.
"""

from __future__ import annotations

import enum

from ..headings import (
    HEADING_LENGTH,
    LOSSY_HEAD,
    LOSSY_LENGTH,
    MAX_LENGTH,
    NEVER_DOUBLED,
    OPENERS,
    STRAY_SPACE,
    chinese_heading_text,
    doubled_marks,
    doubled_runs,
    heading_like,
    heading_place,
    latin_heading,
    lossy_runs,
    may_start_doubled,
    placed_as_heading,
    sentence_like,
    undouble,
)
from ..text import HAN_RE, lazy_re, lazy_regex
from .base import Content, Edit, Kind


class Evidence(enum.IntEnum):
    """How sure a doubled paragraph is fake bold, by what it shows itself."""

    #: Real repetition (`哈哈哈哈`, `“好。”“好。”`, table cells, Latin words): never undone.
    NONE = 0
    #: A short heading-like line written twice (`链接链接`): undone only in a document
    #: where other headings are doubled too.
    WEAK = 1
    #: A heading-like line of `heading_length` or more written twice, or doubled marks that
    #: Chinese never writes twice (`““`, `：：`), or several different runs each doubled.
    STRONG = 2


class FakeBold(Kind):
    name = "fake-bold"
    native = "FakeBold"
    content = Content.REMOVES_DUPLICATES
    params = {"min_length": 2, "heading_length": HEADING_LENGTH}

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        min_length = self.options["min_length"]
        paragraphs = text.split("\n")
        found: dict[int, tuple[str, Evidence]] = {}
        lossy: dict[int, list[tuple[int, int]]] = {}  # headings that lost copies: their runs
        for index in _candidates(paragraphs):
            once = undouble(paragraphs[index], min_length)
            if once is None and (runs := _lost_copies(paragraphs, index)):
                lossy[index] = runs
                found[index] = (_once(paragraphs[index], runs), Evidence.STRONG)
                continue
            # `0000…` or a doubled doubling: undoing it once would not be final
            if once is not None and undouble(once, min_length) is None:
                evidence = self._evidence(paragraphs[index], once)
                if evidence == Evidence.WEAK and _introduced(paragraphs, index):
                    evidence = Evidence.NONE  # `他唱道：` then a line: what is said or sung
                if evidence == Evidence.WEAK and _placed_as_heading(paragraphs, index, once):
                    evidence = Evidence.STRONG
                if not evidence and _latin_placed(paragraphs, index, once,
                                                  self.options["heading_length"]):
                    evidence = Evidence.STRONG
                if evidence:
                    found[index] = (once, evidence)
        glued = {
            index: spans
            for index in _hinted(text)
            if index not in found and (spans := _glued(paragraphs[index], min_length))
        }
        drawn = {
            index: first for index, first in _drawn_twice(paragraphs)
            if index not in found and first not in found
            and _repeated_heading(paragraphs, first, index)
        }
        strong = sum(evidence == Evidence.STRONG for _, evidence in found.values())
        long = self.options["heading_length"]
        strong += sum(len(copy) >= long for spans in glued.values() for copy in spans.values())
        strong += sum(len(_bare(paragraphs[index])) >= long for index in drawn)
        # short headings vouch for each other only when they differ: one phrase repeated
        # through a text is a refrain as often as a heading; a doubled mark vouches too
        # (a word of two characters only over a body: `研究研究` / `讨论讨论` are verbs)
        short = {once for index, (once, evidence) in found.items() if evidence == Evidence.WEAK
                 and (len(once) > 2 or _has_body(paragraphs, index, found))}
        short.update(copy for spans in glued.values() for copy in spans.values())
        short.update(_bare(paragraphs[index]) for index in drawn)
        corroborated = strong > 0 or len(short) > 1 or bool(short) and doubled_marks(text)
        undone = {
            index: once for index, (once, evidence) in found.items()
            if evidence == Evidence.STRONG or corroborated
        }
        cuts = {
            index: [(at, _copy_end(paragraphs[index], at, copy)) for at, copy in spans.items()
                    if corroborated or len(copy) >= self.options["heading_length"]]
            for index, spans in glued.items()
        }
        dropped = {index: first for index, first in drawn.items()
                   if corroborated or len(_bare(paragraphs[index])) >= long}
        across = _across(paragraphs, {*found, *glued, *drawn, *drawn.values()})
        if not undone and not any(cuts.values()) and not dropped and not across:
            return text
        offset = done = 0  # where paragraph `done` starts in `text`
        # a set: a line drawn twice may hold a glued copy too (`发布周期发布周期链接` twice);
        # it goes once, as a dropped line
        for index in sorted({*undone, *(index for index, spans in cuts.items() if spans),
                             *dropped, *across}):
            offset += sum(map(len, paragraphs[done:index])) + index - done  # (as they came)
            paragraph = paragraphs[index]
            if index in across:  # one heading over paragraphs: its copies and breaks go
                last, once, deletions = across[index]
                if edits is not None:
                    edits.extend((offset + start, offset + end, "") for start, end in deletions)
                length = sum(map(len, paragraphs[index : last + 1])) + last - index
                paragraphs[index] = once
                offset, done = offset + length + 1, last + 1
                continue
            if index in dropped:  # the copy goes with the line breaks before it
                if edits is not None:
                    edits.append((offset - (index - dropped[index]), offset + len(paragraph), ""))
            elif index in undone:
                if edits is not None:
                    edits.extend(_edits(paragraph, offset) if index not in lossy else [
                        (offset + start + length, offset + start + 2 * length, "")
                        for start, length in lossy[index]])
                paragraphs[index] = undone[index]
            else:
                if edits is not None:
                    edits.extend((offset + start, offset + end, "") for start, end in cuts[index])
                paragraphs[index] = _cut(paragraph, cuts[index])
            offset, done = offset + len(paragraph) + 1, index + 1
        if dropped or across:
            gone = {at for index, first in dropped.items() for at in range(first + 1, index + 1)}
            gone.update(at for index, (last, _, _) in across.items()
                        for at in range(index + 1, last + 1))
            return "\n".join(p for at, p in enumerate(paragraphs) if at not in gone)
        return "\n".join(paragraphs)

    def _evidence(self, paragraph: str, once: str) -> Evidence:
        """What shows that `paragraph`, written once as `once`, is a fake-bold heading.

        >>> FakeBold()._evidence("哈哈哈哈哈哈", "哈哈哈"), FakeBold()._evidence("链接链接", "链接")
        (<Evidence.NONE: 0>, <Evidence.WEAK: 1>)
        >>> FakeBold()._evidence("标题标题：：正文正文", "标题：正文")
        <Evidence.STRONG: 2>
        """
        bare = "".join(once.split())
        if _COLUMN_GAP.search(paragraph) or not chinese_heading_text(once):
            return Evidence.NONE  # table cells, Latin words, identifiers, addresses, `哈哈哈`
        runs = doubled_runs(paragraph)
        copies = {paragraph[start : start + length] for start, length in runs or ()
                  if not paragraph[start].isspace()}
        if any(copy.strip(NEVER_DOUBLED) == "" for copy in copies):
            return Evidence.STRONG  # `““`, `：：`: marks Chinese never writes twice
        if bare[0] in OPENERS:
            return Evidence.NONE  # a quotation: dialogue
        if len(bare) == 2 and paragraph.strip() == bare[0] * 2 + bare[1] * 2:
            return Evidence.NONE  # AABB reduplication: `热热闹闹`, `干干净净`
        if sum(len(copy) >= 2 and len(set(copy)) > 1 for copy in copies) > 1:
            return Evidence.STRONG  # several runs doubled: `向新而行向新而行 加速迈进加速迈进`
        if sentence_like(once):
            return Evidence.NONE  # a sentence said twice (`谢谢你，谢谢你，`), not a heading
        length = len(bare)
        spaced = runs is None and length >= 4  # `石榴花开美西宁 石榴花开美西宁`: a heading line
        if spaced or length >= self.options["heading_length"]:
            return Evidence.STRONG
        return Evidence.WEAK


#: The marks that end a sentence wherever they stand (`headings.SENTENCE_END` but `.`).
_ENDS = lazy_re("[。！？!?]")
#: A gap of two or more spaces, or a tab: table cells, which may repeat.
_COLUMN_GAP = lazy_regex(r"[ \u3000]{2,}|\t")
#: A heading written twice and glued to the text around it: at the start of a paragraph,
#: right after a sentence ends or after Latin text (`…Sub-Projects管理团队管理团队`), a
#: run of Han and heading marks, then the same run again, then text (not a mark:
#: `我爱你中国我爱你中国！` is a sentence), the paragraph's end, or three dashes (a dash
#: pair whose first dash was drawn twice with the copy: `讲不完的故事讲不完的故事———记…`).
#: Where a glued copy may start, as `_GLUED` allows, found by the faster `re`.
_ANCHOR = lazy_re(
    r"(?:^|(?<=[。！？!?.])|(?<=[。！？!?.][”’」』）)])|(?<=[A-Za-z0-9/]))[\u3400-\u9fff]"
)
#: A cheap sign of a glued copy, in one scan in C of the text (a line break before it): a
#: character that may come before a copy, then the copy's first two characters, which
#: come again soon after.
_GLUED_HINT = lazy_re(r"[。！？!?.A-Za-z0-9/”’」』）)\n]([\u3400-\u9fff].)[^\n]{2,38}?\1")
#: `_GLUED_HINT` where everything up to the copy's second start may be in a copy (`_GLUED`
#: takes Han, Latin, digits and a few marks, never white space or these marks): a paragraph
#: without one has no copy of four characters or more, so `_hinted` leaves it out; fewer
#: tries of the repeat (a sentence's commas end them), a third of the paragraphs.
_GLUED_PARAGRAPH_HINT = lazy_re(
    r"[。！？!?.A-Za-z0-9/”’」』）)\n]([\u3400-\u9fff][^\s，。；！？,.;!?])"
    r"[^\s，。；！？,.;!?]{2,38}?\1"
)
_GLUED = lazy_regex(
    r"(?:^|(?<=[。！？!?.][”’」』）)]?)|(?<=[A-Za-z0-9/]))"
    r"(\p{Han}[\p{Han}\p{Latin}\d：:、—·《》“”（）()]{1,39})\1"
    r"(?=$|[\p{Han}\p{Latin}\d“《（(]|———(?!—))"
)


def _lost_copies(paragraphs: list[str], index: int) -> list[tuple[int, int]] | None:
    """The doubled runs of paragraph `index` when it is a fake-bold heading that lost some
    copies (`headings.lossy_runs`: an extractor joined interleaved copies and dropped a
    few) and reads and stands as a heading: Han, no sentence's end, at the top or after a
    sentence's end, and above prose unless two phrases of three characters or more in it
    are doubled.

    >>> body = "细心的读者会发现，这一两年，我国为外国发射的卫星不仅渐渐多了起来，而且成功率高。"
    >>> _lost_copies(["喜看火箭排云上喜看火箭排云上———访长三甲访长三甲、、长三乙运", "", body], 0)
    [(0, 7), (14, 1), (17, 4), (25, 1)]
    >>> _lost_copies(["谢谢你谢谢你，大家辛苦了", "", body], 0) is None
    True
    """
    paragraph = paragraphs[index]
    if _ENDS.search(paragraph):
        return None  # a sentence's end stays in it written once: `sentence_like`, no heading
    runs = lossy_runs(paragraph)
    if runs is None or _COLUMN_GAP.search(paragraph):
        return None
    once = _once(paragraph, runs)
    if sentence_like(once) or not heading_like(once):
        return None
    if sum(length >= 3 for _, length in runs) >= 2:  # two phrases doubled: a heading
        before = _last_before(paragraphs, index)
        return runs if heading_place(before) else None
    return runs if _placed_as_heading(paragraphs, index, once) else None


def _across(paragraphs: list[str], taken: set[int]
            ) -> dict[int, tuple[int, str, list[tuple[int, int]]]]:
    """The headings drawn over several short paragraphs (`unwrap` set their lines apart)
    whose copies interleave across them: each line opens with a copy of the last one's end
    (`招标` / `招标：节省的不` / `节省的不仅仅是巨额` / `仅仅是巨额资金` / `资金`). For the first
    paragraph of each: (its last paragraph, the heading written once, the deletions that
    make it: (start, end) from the first paragraph's start, the copies and the line breaks).

    The paragraphs are a block (`_block_member`, one empty line between at most) in which
    a paragraph opens with two characters of the one before it; joined, from one that
    stands where a heading does, they are a heading that lost copies (`lossy_runs`), a copy
    across a line break, taken as far as the last copy, reading as a heading (Han, no
    sentence's end) and standing as one (above prose, unless two phrases of three
    characters or more are doubled). Paragraphs in `taken` (undone otherwise) are none.

    >>> body = "某地一合资企业新建一发动机生产线，外方坚持要用他们的设备，报价高达数千万元。"
    >>> _across(["招标", "", "招标：节省的不", "", "节省的不仅仅是巨额", "", "仅仅是巨额资金",
    ...          "", "资金", "", "本报记者费伟伟", "", body], set())
    {0: (8, '招标：节省的不仅仅是巨额资金', [(2, 6), (11, 17), (22, 29), (31, 35)])}
    >>> _across(["我爱北京天安门", "天安门上太阳升", body], set())
    {}
    >>> _across(["东方红", "东方红太阳升", "太阳升起放光芒", "光芒万丈照四方", body], set())
    {}
    """
    groups: dict[int, tuple[int, str, list[tuple[int, int]]]] = {}
    end = 0  # the paragraphs before `end` are looked at
    for index in _opening(paragraphs):
        if index < end:
            continue
        # the stretch between two paragraphs that no block crosses: its blocks alone
        start = index - 1
        while start > 0 and not _breaks_blocks(paragraphs, start - 1, taken):
            start -= 1
        end = index + 1
        while end < len(paragraphs) and not _breaks_blocks(paragraphs, end, taken):
            end += 1
        block: list[int] = []
        for at in range(start, end):
            if _block_member(paragraphs[at]) and at not in taken:
                if block and at - block[-1] > 2:
                    _block_groups(paragraphs, block, groups)
                    block = []
                block.append(at)
            elif paragraphs[at].strip():
                _block_groups(paragraphs, block, groups)
                block = []
        _block_groups(paragraphs, block, groups)
    return groups


def _opening(paragraphs: list[str]) -> list[int]:
    """Indexes of the short paragraphs (`LOSSY_LENGTH`) whose first two characters stand in
    the short paragraph before them (one blank line between at most): a block of `_across`
    holds a heading only where one does. Most texts have a few: only the stretches around
    them are walked paragraph by paragraph.

    >>> _opening(["招标", "", "招标：节省的不", "正文很长。" * 20, "节省"])
    [2]
    """
    short = [index for index, p in enumerate(paragraphs)
             if 0 < len(p) <= LOSSY_LENGTH and not p[0].isspace()]
    return [
        index for before, index in zip(short, short[1:])
        if (index - before == 1 or index - before == 2 and not paragraphs[before + 1].strip())
        and paragraphs[index][:2] in paragraphs[before]
    ]


def _breaks_blocks(paragraphs: list[str], index: int, taken: set[int]) -> bool:
    """Paragraph `index` ends any block of `_across` before it: not blank, and no member."""
    p = paragraphs[index]
    return bool(p.strip()) and (index in taken or not _block_member(p))


def _block_member(p: str) -> bool:
    """Paragraph `p` may be a line of a heading drawn over several: short (`LOSSY_LENGTH`),
    no white space around it, no sentence's end, no column gap."""
    return (0 < len(p) <= LOSSY_LENGTH and not p[0].isspace() and not p[-1].isspace()
            and not sentence_like(p) and not _COLUMN_GAP.search(p))


def _block_groups(paragraphs: list[str], block: list[int],
                  groups: dict[int, tuple[int, str, list[tuple[int, int]]]]) -> None:
    """Add to `groups` the headings of `_across` in `block` (indexes of paragraphs, one
    empty line between at most)."""
    opens = [k for k in range(1, len(block))
             if paragraphs[block[k]][:2] in paragraphs[block[k - 1]]]
    if not opens:
        return
    k = 0
    while k < opens[-1]:
        group = _group_at(paragraphs, block[k:])
        if group is None:
            k += 1
            continue
        groups[block[k]] = group
        k = block.index(group[0]) + 1


def _group_at(paragraphs: list[str], members: list[int]
              ) -> tuple[int, str, list[tuple[int, int]]] | None:
    """The `_across` heading starting at paragraph `members[0]`, over the next of `members`
    (as many as `LOSSY_LENGTH` characters hold), or None."""
    first = members[0]
    before = _last_before(paragraphs, first)
    if not heading_place(before):
        return None
    starts, total = [], 0  # where each paragraph starts in the joined text
    for index in members:
        if total + len(paragraphs[index]) > LOSSY_LENGTH:
            break
        starts.append(total)
        total += len(paragraphs[index])
    joined = "".join(paragraphs[index] for index in members[: len(starts)])
    # as far as the last paragraph a copy reaches across a line break: one heading (the
    # most paragraphs that make one)
    for count in range(len(starts), 1, -1):
        end = starts[count - 1] + len(paragraphs[members[count - 1]])
        runs = lossy_runs(joined[:end])
        if runs is not None and any(start < starts[count - 1] < start + 2 * length
                                    for start, length in runs):
            break
    else:
        return None  # each copy within its line: not one heading over lines
    start, length = runs[-1]
    if runs[0][0] or start + 2 * length != end or _letters_between(joined[:end], runs):
        return None  # a line that is not all copy at either end, or words between the copies:
        # verse (`大海啊` / `大海啊故乡` / `故乡的云`)
    last = members[count - 1]
    if count < len(members) and paragraphs[members[count]][:2] in paragraphs[last]:
        return None  # the next line opens with the last one's end too: verse (`东方红太阳升`
        # / `太阳升起放光芒` / `光芒万丈照四方`), whose words once between copies cut it short
    once = _once(joined[:end], runs)
    if sentence_like(once) or not heading_like(once):
        return None
    after = [p for p in paragraphs[last + 1 : last + 5] if p.strip()][:2]
    if sum(length >= 3 for _, length in runs) < 2 and not placed_as_heading(before, after, once):
        return None
    # the joined text's places in the paragraphs' text (line breaks between them)
    place: list[int] = []
    offset = 0
    for k, index in enumerate(members[:count]):
        if k:
            offset += len(paragraphs[members[k - 1]]) + index - members[k - 1]
        place.extend(range(offset, offset + len(paragraphs[index])))
    deletions = []
    for start, length in runs:
        copy, stop = start + length, start + 2 * length
        # a copy that opens a paragraph goes with the line breaks before it
        deletions.append((place[copy - 1] + 1 if copy in starts else place[copy],
                          place[stop - 1] + 1))
    for at in starts[1:count]:  # the other line breaks between the paragraphs go too
        gap = (place[at - 1] + 1, place[at])
        if not any(start <= gap[0] and gap[1] <= stop for start, stop in deletions):
            deletions.append(gap)
    return last, once, sorted(deletions)


def _letters_between(text: str, runs: list[tuple[int, int]]) -> bool:
    """Some letter, digit or Han of `text` is in none of `runs` (written twice).

    >>> _letters_between("中亚中亚：五国五国", [(0, 2), (5, 2)])
    False
    >>> _letters_between("大海啊大海啊故乡故乡的云", [(0, 3), (6, 2)])
    True
    """
    done = 0
    for start, length in [*runs, (len(text), 0)]:
        if any(char.isalnum() for char in text[done:start]):
            return True
        done = start + 2 * length
    return False


def _bare(text: str) -> str:
    """`text` without its white space."""
    return "".join(text.split())


def _drawn_twice(paragraphs: list[str]) -> list[tuple[int, int]]:
    """(index, first) of each paragraph that is the same line as paragraph `first` just
    before it, or with one empty line between (a heading block drawn twice, which `unwrap`
    set apart as two paragraphs: `标题⏎⏎标题`); one comparison a line.

    >>> _drawn_twice(["标题", "", "标题", "正文", "正文", ""])
    [(2, 0), (4, 3)]
    """
    return [
        (index, index - 1 if p == paragraphs[index - 1] else index - 2)
        for index, p in enumerate(paragraphs)
        if index and p and len(p) <= MAX_LENGTH and (
            p == paragraphs[index - 1] or not paragraphs[index - 1] and index > 1
            and p == paragraphs[index - 2])
    ]


def _repeated_heading(paragraphs: list[str], first: int, index: int) -> bool:
    """Paragraph `index`, the same as paragraph `first` before it, is a heading's copy: it
    reads as a heading (Han, no sentence's end, not a quotation, no column gap; or a
    `latin_heading`, which a line of its own drawn twice is in Chinese technical text), is
    not written a third time, and stands where a heading does (`placed_as_heading`: at the
    top or after a sentence's end, above prose).

    >>> body = "每天大量发送的自发电子邮件导致建立了几条标准，目的在于验证发送主机被授权。"
    >>> heading = "用SPF和DKIM应对垃圾邮件"
    >>> _repeated_heading([heading, "", heading, "", body], 0, 2)
    True
    >>> _repeated_heading(["他唱道：", "我爱你中国", "我爱你中国", body], 1, 2)
    False
    >>> _repeated_heading(["谢谢你，", "谢谢你，", body], 0, 1)
    False
    >>> _repeated_heading(["OpenVPN", "", "OpenVPN", "", body], 0, 2)
    True
    """
    once = paragraphs[index]
    if (_COLUMN_GAP.search(once) or sentence_like(once)
            or not heading_like(once) and not latin_heading(once)
            or _last_before(paragraphs, first) == once):
        return False
    after = [p for p in paragraphs[index + 1 : index + 5] if p.strip()][:2]
    if after and after[0] == once:
        return False  # written three times: a repetition
    return placed_as_heading(_last_before(paragraphs, first), after, _bare(once))


def _latin_placed(paragraphs: list[str], index: int, once: str, length: int) -> bool:
    """Paragraph `index`, written once as `once`, is a `latin_heading` of `length`
    characters or more (white space aside) written twice (`OpenVPNOpenVPN`) that stands
    where a heading does (`placed_as_heading`); elsewhere Latin words said twice stay
    (`provider provider`, and `Bora Bora`, too short).

    >>> body = "用于创建虚拟专用网络的一个软件，它使用SSL和TLS协议建立加密的连接。"
    >>> _latin_placed(["OpenVPNOpenVPN", body], 0, "OpenVPN", 6)
    True
    >>> _latin_placed(["Bora Bora", body], 0, "Bora", 6)
    False
    >>> _latin_placed(["他说：", "OpenVPNOpenVPN", body], 1, "OpenVPN", 6)
    False
    """
    return (len(_bare(once)) >= length and latin_heading(once)
            and not _COLUMN_GAP.search(paragraphs[index])
            and _placed_as_heading(paragraphs, index, once))


def _last_before(paragraphs: list[str], index: int) -> str:
    """The last paragraph before paragraph `index` that is not blank, or "" (walked back
    from it: a copy of the paragraphs before it would cost as many as there are).

    >>> _last_before(["标题", "", " "], 2), _last_before(["标题"], 0)
    ('标题', '')
    """
    for at in range(index - 1, -1, -1):
        if paragraphs[at].strip():
            return paragraphs[at]
    return ""


def _once(paragraph: str, runs: list[tuple[int, int]]) -> str:
    """`paragraph` with the second copy of each of `runs` left out."""
    kept, done = [], 0
    for start, length in runs:
        kept.append(paragraph[done : start + length])
        done = start + 2 * length
    kept.append(paragraph[done:])
    return "".join(kept)


def _placed_as_heading(paragraphs: list[str], index: int, once: str) -> bool:
    """`placed_as_heading` for paragraph `index` of `paragraphs`, written once as `once`.

    >>> _placed_as_heading(["发布周期发布周期", "", "Debian计划每个程序有6个版本。"], 0, "发布周期")
    True
    >>> _placed_as_heading(["对不起对不起"], 0, "对不起")
    False
    """
    before = _last_before(paragraphs, index)
    after = [p for p in paragraphs[index + 1 : index + 5] if p.strip()][:2]
    return placed_as_heading(before, after, once)


def _has_body(paragraphs: list[str], index: int, found: dict[int, tuple[str, Evidence]]
              ) -> bool:
    """The next paragraph after `index` that is not blank is text, not another doubled line
    in `found`: a heading stands over its body; two-character words said twice line after
    line (`研究研究` / `讨论讨论`) are reduplicated verbs, not headings.

    >>> _has_body(["研究研究", "讨论讨论"], 0, {1: ("讨论", Evidence.WEAK)})
    False
    >>> _has_body(["实时实时", "", "top是一个程序"], 0, {})
    True
    """
    after = next((at for at in range(index + 1, len(paragraphs)) if paragraphs[at].strip()), None)
    return after is not None and after not in found


def _introduced(paragraphs: list[str], index: int) -> bool:
    """The text before paragraph `index` ends on a colon and is not a doubled heading
    itself: what follows is quoted (said, sung, listed), not a heading.

    >>> _introduced(["他清了清嗓子，唱道：", "", "我爱你中国我爱你中国"], 2)
    True
    >>> _introduced(["正文。", "链接链接"], 1), _introduced(["推船下海推船下海：：", "战略战略"], 1)
    (False, False)
    """
    before = _last_before(paragraphs, index).rstrip()
    return before.endswith(("：", ":")) and undouble(before) is None


def _glued(paragraph: str, min_length: int) -> dict[int, str]:
    """Where a heading written twice is glued to the text around it: the start of each
    second copy, and the copy (`体育产业概念体育产业概念我国…` → `{6: '体育产业概念'}`).
    A copy holds four Han or more: `使用format使用format` is prose.

    >>> _glued("前文完。体育产业概念体育产业概念我国的体育产业", 2)
    {10: '体育产业概念'}
    >>> _glued("我爱你中国我爱你中国！", 2), _glued("一天一天过去", 2)
    ({}, {})
    >>> _glued("使用format使用format以", 2)
    {}
    """
    if len(paragraph) < 8 or len(paragraph) > 20 * MAX_LENGTH:
        return {}
    spans: dict[int, str] = {}
    done = 0
    line = "\n" + paragraph  # `_GLUED_HINT` wants a character before the copy
    hint = _GLUED_HINT.search(line)
    while hint:  # the cheap test first, in C: the copy's first two characters come again
        start = hint.start(1) - 1
        hint = _GLUED_HINT.search(line, start + 1)  # hints may overlap
        if start < done or not _ANCHOR.match(paragraph, start):
            continue
        match = _GLUED.match(paragraph, start)
        if match is None:
            continue
        done = match.end()
        copy = match.group(1)
        whole = match.start() == 0 and match.end() == len(paragraph)
        han = len(HAN_RE.findall(copy))
        # a copy that is itself periodic, or a third copy, is a repetition, not one heading
        periodic = (copy + copy).find(copy, 1) < len(copy)
        third = paragraph.startswith(copy, match.end()) or paragraph.endswith(
            copy, 0, match.start())
        if (not whole and not periodic and not third and han >= max(min_length, 4)
                and _balanced(copy) and not sentence_like(copy) and heading_like(copy)):
            spans[match.start() + len(copy)] = copy
    return spans


def _balanced(copy: str) -> bool:
    """`copy` closes as many brackets as it opens (`集成DomainKeys（DKIM）签名`), each after
    its opening: a heading's copy, not a cut through a parenthesis.

    >>> _balanced("集成DomainKeys（DKIM）签名"), _balanced("签名（DKIM"), _balanced("签名）（")
    (True, False, False)
    """
    depth = 0
    for char in copy:
        depth += (char in "（(") - (char in "）)")
        if depth < 0:
            return False
    return depth == 0


def _copy_end(paragraph: str, at: int, copy: str) -> int:
    """Where the cut of the second copy of `copy`, at `at` of `paragraph`, ends: after the
    copy, and after the dash it took with it when exactly three dashes follow (`——` is one
    mark: `故事故事———记` is `故事——记` drawn with the copy's first dash twice).

    >>> _copy_end("讲不完的故事讲不完的故事———记", 6, "讲不完的故事")
    13
    >>> _copy_end("标题标题——记", 2, "标题")
    4
    """
    end = at + len(copy)
    dashes = paragraph.startswith("———", end) and not paragraph.startswith("————", end)
    return end + 1 if dashes else end


def _hinted(text: str) -> list[int]:
    """Indexes of the lines of `text` where `_GLUED_PARAGRAPH_HINT` matches: one scan of
    the whole text, as most paragraphs have no glued copy. `_glued` finds copies of four
    characters or more only in those lines.

    >>> _hinted("正文。\\n前文。标题文字标题文字正文")
    [1]
    """
    hinted: list[int] = []
    index = counted = 0  # the paragraph index at `counted` in `text`
    for match in _GLUED_PARAGRAPH_HINT.finditer("\n" + text):
        at = match.start(1) - 1
        index += text.count("\n", counted, at)
        counted = at
        if not hinted or hinted[-1] != index:
            hinted.append(index)
    return hinted


def _cut(paragraph: str, cuts: list[tuple[int, int]]) -> str:
    """`paragraph` without the spans `cuts` (sorted, not overlapping)."""
    pieces, done = [], 0
    for start, end in cuts:
        pieces.append(paragraph[done:start])
        done = end
    pieces.append(paragraph[done:])
    return "".join(pieces)


def _candidates(paragraphs: list[str]) -> list[int]:
    """Indexes of the paragraphs that pass `undouble`'s first tests, inlined in one
    comprehension: they rule out nearly every paragraph, and this runs for each one.
    A paragraph longer than `MAX_LENGTH` is none (and would cost a scan of its half); a short
    one may be a heading that lost its head's copy (`_lossy_head`)."""
    return [
        index for index, p in enumerate(paragraphs)
        if 3 < len(p) <= MAX_LENGTH and (
            p[1] == p[0]
            or p.find(p[:2], 2, len(p) // 2 + 3) >= 0
            or (" " in p or "\u3000" in p or "\t" in p)
            and (p[0].isspace() or p.find(p[0], 1) >= 0)  # (its first character comes again)
            and may_start_doubled(p)
            or len(p) <= LOSSY_LENGTH and _lossy_head(p)
        )
    ]


def _lossy_head(p: str) -> bool:
    """Two characters at one of the first places after the first, up to `LOSSY_HEAD`, come
    again later: where a heading that lost the copy of its head (`lossy_runs`) may start
    its first run.

    >>> _lossy_head("金融危机后痛定机后痛定"), _lossy_head("正文第一句话。")
    (True, False)
    """
    return _LOSSY_HEAD.match(p) is not None


#: `_lossy_head` in one match in C: up to `LOSSY_HEAD` characters, two, and those two again.
_LOSSY_HEAD = lazy_re(rf"(?s).{{1,{LOSSY_HEAD}}}(..).*\1")


def _edits(paragraph: str, offset: int) -> list[Edit]:
    """One deletion per doubled run (the second copy goes), and one per stray space
    (`STRAY_SPACE`) outside them when the paragraph is doubled only without those."""
    halves = paragraph.split()
    if len(halves) == 2 and halves[0] == halves[1]:
        return [(offset + len(halves[0]), offset + len(paragraph), "")]
    runs = doubled_runs(paragraph)
    if runs is not None:
        return [
            (offset + start + length, offset + start + 2 * length, "")
            for start, length in runs
            if not paragraph[start].isspace()
        ]
    strays = {match.start() for match in STRAY_SPACE.finditer(paragraph)}
    kept = [i for i in range(len(paragraph)) if i not in strays]  # squeezed index → paragraph
    deletions = [
        (kept[start], kept[end - 1] + 1, "")
        for start, end, _ in _edits("".join(paragraph[i] for i in kept), 0)
    ]
    covered = {i for start, end, _ in deletions for i in range(start, end)}
    deletions.extend((i, i + 1, "") for i in strays if i not in covered)
    return sorted((offset + start, offset + end, new) for start, end, new in deletions)
