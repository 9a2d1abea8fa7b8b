"""What a fake-bold heading looks like: one notion for the rule that undoes doubled
headings (`kinds/fakebold.py`) and the check that vouches for its changes (`safety.py`).

A heading is Chinese: its text holds Han, more than one character over and over, and no
mark of code (an address, an option, a man reference, a tag): `Debian 发布周期` and
`dpkg-divert命令` are headings; `GNU coreutils 的在线帮助： <https://…>`, a line a man
page repeats, and `--port 端口` are not. Marks that Chinese never writes twice
(`：：`, `““…””`) are the trace of fake bold beside it.
"""

from __future__ import annotations

import regex

from .text import HAN_RE, code_spans

#: Marks that Chinese never writes twice: doubled, they are fake bold's trace.
NEVER_DOUBLED = "“”‘’：，、；《》【】「」"
#: Marks that open a quotation: a line starting with one is dialogue, not a heading.
OPENERS = "“‘「『\"'"
#: A mark that ends a sentence: a sentence said twice is not a heading.
SENTENCE_END = regex.compile(r"[。！？!?]|(?<=\p{Han} ?)\.")
#: Marks of `NEVER_DOUBLED` found doubled in a text, pairs doubled on both sides
#: (`““科创中心科创中心””`): nested quotes close apart (`““$LANG”变量”`), `((x))` is code.
DOUBLED_MARK = regex.compile(
    r"：：|，，|、、|；；"
    + "".join(f"|{o}{o}[^{o}{c}\n]*{c}{c}" for o, c in ("“”", "《》", "【】", "「」", "『』")))
#: Marks of code and addresses that a heading does not hold: a URL or `<address>`, an
#: option (`--port`, `-v`), a path.
_CODE = regex.compile(r"://|<[^<>\n]*>|(?<![A-Za-z0-9_-])--?[A-Za-z]|(?<![A-Za-z0-9_.])/[\w.-]+/")


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
