"""Character classes shared by the rules, as `regex` pattern fragments.

>>> bool(HAN_RE.search("在2025年"))
True
>>> display_width("中文ab")
6
"""

from __future__ import annotations

from functools import lru_cache

import regex

#: Han ideographs (all blocks, including extensions and compatibility forms).
HAN = r"\p{Han}"
#: Full-width CJK punctuation that may sit next to Han text with no space.
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】「」『』〔〕…—～·￥％"
#: Anything that makes the context "Chinese": a Han character, kana, hangul or CJK punctuation.
CJK_CONTEXT_CLASS = r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}" + regex.escape(CJK_PUNCT) + "]"
#: Horizontal white space that justified type or OCR leaves behind.
HSPACE_CLASS = r"[ \t\u3000]"

#: Punctuation after which a paragraph may end.
TERMINAL = "。！？；…!?;."
#: Punctuation after which a sentence certainly goes on.
CONTINUING = "，、,"
#: Closing marks that may follow a terminal mark (`。”`).
CLOSERS = "”’）》」』】)\"'"

#: Chinese that a mark after it sees (for a lookbehind) and a mark before it sees (for a
#: lookahead): a lone `…` is Latin too (`wait…,`), so it counts only with Chinese beyond
#: it (`中…,`, `……,`).
CHINESE_BEFORE = rf"(?:{CJK_CONTEXT_CLASS}(?<!…)|{CJK_CONTEXT_CLASS}{HSPACE_CLASS}*…)"
CHINESE_AFTER = rf"(?:(?!…){CJK_CONTEXT_CLASS}|…{HSPACE_CLASS}*{CJK_CONTEXT_CLASS})"

HAN_RE = regex.compile(HAN)
#: Finds Chinese in a text, a lone `…` aside: `中…` and `……` hold Chinese, `see…` not.
HOLDS_CHINESE = regex.compile(CHINESE_AFTER)
_CJK_RE = regex.compile(CJK_CONTEXT_CLASS)


@lru_cache(maxsize=1 << 16)
def is_cjk(char: str) -> bool:
    """`char` makes the context Chinese (`CJK_CONTEXT_CLASS`); cached, as rules ask per character.

    >>> is_cjk("中"), is_cjk("，"), is_cjk("a")
    (True, True, False)
    """
    return bool(_CJK_RE.match(char))


@lru_cache(maxsize=1 << 16)
def is_han(char: str) -> bool:
    """`char` is a Han ideograph; cached like `is_cjk`."""
    return bool(HAN_RE.match(char))


def display_width(text: str) -> int:
    """Terminal width of `text`: 2 for each East Asian wide character, else 1.

    Uses the UTF-8 length as a fast proxy: 3-byte (BMP CJK) characters count 2.

    >>> display_width("1700余公里")
    10
    """
    return (len(text) + len(text.encode("utf-8", "surrogatepass"))) // 2


def ends_sentence(line: str) -> bool:
    """True when `line` ends on terminal punctuation, perhaps followed by closers.

    >>> ends_sentence("营筑牢了基础。”"), ends_sentence("推行“极简审批”")
    (True, False)
    """
    stripped = line.rstrip(CLOSERS + " \t\u3000")
    return bool(stripped) and stripped[-1] in TERMINAL


def ends_mid_sentence(line: str) -> bool:
    """True when `line` ends on a comma or enumeration comma.

    >>> ends_mid_sentence("是无形的内生驱动,")
    True
    """
    stripped = line.rstrip(" \t\u3000")
    return bool(stripped) and stripped[-1] in CONTINUING
