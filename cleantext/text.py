"""Character classes shared by the rules, as `regex` pattern fragments.

>>> bool(HAN_RE.search("在2025年"))
True
>>> display_width("中文ab")
6
>>> Where("一\\n二三\\n")(4)
'2:3'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any, cast

import regex

from . import native


class _Compiled:
    """A `_Lazy` pattern once compiled: the compiled pattern's methods and attributes,
    copied onto it, found as any attribute is (no `__getattr__` any more)."""


class _Lazy(_Compiled):
    """A pattern compiled the first time it is used, which then becomes a `_Compiled`."""

    def __init__(self, compile: Callable[[str, int], Any], source: str, flags: int) -> None:
        self._source = (compile, source, flags)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or "_source" not in self.__dict__:  # copy, pickle
            raise AttributeError(name)
        compile, source, flags = self._source
        compiled = compile(source, flags)
        for attribute in dir(compiled):
            if not attribute.startswith("_"):
                setattr(self, attribute, getattr(compiled, attribute))
        self.__class__ = _Compiled  # type: ignore[assignment]
        return getattr(compiled, name)


def lazy_regex(source: str, flags: int = 0) -> regex.Pattern[str]:
    """`regex.compile(source, flags)`, done when the pattern is first used if the native
    core runs the kinds: a module's patterns cost nothing at start-up, and those a run
    never uses (a native kind's Python twin, a kind not in the rule set) are never
    compiled. In pure Python the kinds use them all: compiled now, they cost no lookup.

    >>> digits = lazy_regex(r"\\p{Nd}+"); digits.findall("在2025年３月")
    ['2025', '３']
    """
    if native.core is None:
        return regex.compile(source, flags)
    return cast("regex.Pattern[str]", _Lazy(regex.compile, source, flags))


def lazy_re(source: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(source, flags)` when first used, as `lazy_regex`."""
    if native.core is None:
        return re.compile(source, flags)
    return cast("re.Pattern[str]", _Lazy(re.compile, source, flags))


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

HAN_RE = lazy_regex(HAN)
#: Kana or Hangul: a line with them is Japanese or Korean, where Chinese marks and spacing
#: rules do not apply (`・` and `ー`, which Chinese PDFs use too, aside).
OTHER_SCRIPT = lazy_re(r"[\u3041-\u3096\u30a1-\u30fa\u1100-\u11ff\u3131-\u318e\uac00-\ud7a3]")
#: Tokens of code and technical notation whose ASCII marks stay as they are in a Chinese
#: sentence: shell substitutions (`$(lesspipe)`, `$((1+2))`, `${HOME}`), man references
#: and calls (`qemu-nbd(8)`, `f((x))`, `open(path, "r")`), IPv6 addresses (`::1`), and
#: comparison and logic operators (`==`, `!=`, `&&`); a `shell_line` is one as a whole.
#: A quoted literal of technical prose (`"disk.img"`, `":set expandtab"`, `'A'`): ASCII with
#: a letter or digit and a mark of code in it, or after a command's option (`grep -r "error"`),
#: or one ASCII word in single quotes, or ASCII with a mark of code in them (`'{print $1}'`).
QUOTED_LITERAL = lazy_regex(
    r"""(?<![A-Za-z0-9])"(?=[^"\n]*[A-Za-z0-9])[\x20\x21\x23-\x7e]*?[./:=_$\\~*{}<>|@#%+-][\x20\x21\x23-\x7e]*?"(?![A-Za-z0-9])"""
    r"""|(?<=(?:^|[ \t])--?[A-Za-z][A-Za-z0-9-]*[ =])"""
    r""""(?=[^"\n]*[A-Za-z0-9])[\x20\x21\x23-\x7e]*?"(?![A-Za-z0-9])"""
    r"""|(?<![A-Za-z0-9'])'[\x21-\x26\x28-\x7e]{1,40}'(?![A-Za-z0-9'])"""
    r"""|(?<![A-Za-z0-9'])'(?=[^'\n]*[A-Za-z0-9])[\x20-\x26\x28-\x7e]*?[./:=_$\\~*{}<>|@#%+-]"""
    r"""[\x20-\x26\x28-\x7e]*?'(?![A-Za-z0-9'])"""
)
_NAME = r"(?<![A-Za-z0-9_.+-])[A-Za-z_][A-Za-z0-9_.+-]*"
CODE_TOKEN = lazy_regex(
    r"(?=[$A-Za-z_0-9:!=<>&|\"'])(?:"  # a cheap test of the first character
    r"\$\(\([^()\n]*\)\)|\$\([^()\n]*\)|\$\{[^{}\n]*\}"
    + rf"|{_NAME}\((?:\d[a-z]*"  # a man page's section: `dpkg(1)`
    + r"|[^()\p{Han}\n]*[=+*/<>$,\"'.:_-][^()\p{Han}\n]*"  # arguments with code marks
    + r"|\([^()\p{Han}\n]*\))\)"  # nested: `f((x))`
    + r"|(?<![A-Za-z0-9_.+-])[a-z_][a-z0-9_.+-]*\([A-Za-z0-9_]*\)"  # a lowercase call: `f(x)`
    + r"|(?<![A-Za-z0-9_:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{1,4}(?![A-Za-z0-9_:])"
    + r"|[!=<>]=|&&|\|\|"
    + "|" + QUOTED_LITERAL.pattern
    + ")"
)


#: What every `CODE_TOKEN` holds, found by the faster `re`: most lines have none. Written
#: as one character of a class, then the rest of `$(`, `f(`, `::`, `1:2:`, `==`, `&&`, `||`
#: or `"a` chosen by that character (a lookbehind): a pattern that starts with a class is
#: scanned in C for that class, seven times faster than trying each alternative everywhere,
#: and faster than first looking for the marks every match holds.
_CODE_HINT = lazy_re(
    r"[$A-Za-z0-9_.+\-:!=<>&|\"']"
    r"(?:(?<=\$)[({]|(?<=[A-Za-z0-9_.+-])\(|(?<=:):|(?<=[0-9A-Fa-f]):[0-9A-Fa-f]{0,4}:"
    r"|(?<=[!=<>])=|(?<=&)&|(?<=\|)\||(?<=[\"'])[A-Za-z0-9:.$/~-])"
)


#: Whether a line holds a `_CODE_HINT`, found far sooner: the same marks, but scanned for
#: by their second character (`(`, `{`, `:`, `=`, `&`, `|`) or the quote of `"a`, few in a
#: line, not by their first (any letter or digit), with the one before looked at behind.
_CODE_HINT_AT = lazy_re(
    r"[({:=&|\"'](?:(?<=[$A-Za-z0-9_.+-]\()|(?<=\$\{)|(?<=::)|(?<=[0-9A-Fa-f]:)[0-9A-Fa-f]{0,4}:"
    r"|(?<=[!=<>]=)|(?<=&&)|(?<=\|\|)|(?<=[\"'])[A-Za-z0-9:.$/~-])"
)


#: How far before and after a `_CODE_HINT` a code token may reach (a name, its arguments).
_BEFORE_HINT, _AFTER_HINT = 80, 200


@lru_cache(maxsize=8)
def _code_spans(line: str) -> tuple[tuple[int, int], ...]:
    """`code_spans`, cached (`punctuation` and `quotes` ask again for the same line), and
    looked for only around what `_CODE_HINT` finds: a scan of a long line by `CODE_TOKEN`
    costs far more."""
    spans: list[tuple[int, int]] = []
    done = 0  # the end of the last window searched
    for hint in _CODE_HINT.finditer(line):
        if hint.start() < done:
            continue
        start, done = max(done, hint.start() - _BEFORE_HINT), hint.end() + _AFTER_HINT
        spans.extend(match.span() for match in CODE_TOKEN.finditer(line, start, done))
    return tuple(spans)


#: What a shell line's redirections, pipes and lists are (`shell_line`).
_SHELL_OPERATORS = frozenset([">", ">>", "<", "|", "&&", "||", "2>", "2>>", "&>"])
#: A command's name: lowercase, as Unix commands are (`echo`, `apt-get`, `python3`).
_COMMAND = lazy_re(r"[a-z_][a-z0-9_.+-]*")


def shell_line(line: str) -> bool:
    """`line` is a shell command line: a `$ ` prompt and a command's name, or a command's
    name, its arguments and a redirection, a pipe or `&&` between words (apart by spaces,
    with a word after it). Its quotes, marks and spaces are the shell's.

    >>> shell_line('echo "你好，世界" > hello.txt'), shell_line("$ ls -l 文档")
    (True, True)
    >>> shell_line("温度 > 80 度"), shell_line("echo 你好"), shell_line("a | ")
    (False, False, False)
    """
    rest = line.lstrip(" \t")
    if not rest or not ("a" <= rest[0] <= "z" or rest[0] in "_$"):
        return False  # the cheap test first: most lines start otherwise
    words = [word for word in rest.split(" ") if word]
    if words[0] == "$":
        return len(words) > 1 and _COMMAND.fullmatch(words[1]) is not None
    return _COMMAND.fullmatch(words[0]) is not None and any(
        word in _SHELL_OPERATORS for word in words[1:-1])


def code_spans(line: str) -> list[tuple[int, int]]:
    """Spans of `CODE_TOKEN`s in `line`, in order; a `shell_line` is code as a whole.

    >>> code_spans("用qemu-nbd(8)和$(lesspipe)，地址::1")
    [(1, 12), (13, 24), (27, 30)]
    >>> code_spans("标准机架(2.5KW)，Mail(Gmail)，10:30")
    []
    >>> code_spans('echo "你好" > a.txt')
    [(0, 17)]
    """
    if shell_line(line):
        return [(0, len(line))]
    if not _CODE_HINT_AT.search(line):
        return []
    return list(_code_spans(line))
#: Finds Chinese in a text, a lone `…` aside: `中…` and `……` hold Chinese, `see…` not.
HOLDS_CHINESE = lazy_regex(CHINESE_AFTER)
_CJK_RE = lazy_regex(CJK_CONTEXT_CLASS)


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


class Where:
    """Line and column (both 1-based) of offsets into a text, as `line:column` or a pair.

    Counts from the offset asked last, so offsets asked in order cost one pass over the text.

    >>> where = Where("ab\\ncd\\n")
    >>> where(0), where(4), where.position(1)
    ('1:1', '2:2', (1, 2))
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.offset = 0
        self.line = 1
        self.line_start = 0

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) of `offset`."""
        text, last = self.text, self.offset
        if offset >= last:
            newlines = text.count("\n", last, offset)
            self.line += newlines
        else:
            newlines = text.count("\n", offset, last)
            self.line -= newlines
        if newlines or offset < self.line_start:
            self.line_start = text.rfind("\n", 0, offset) + 1
        self.offset = offset
        return self.line, offset - self.line_start + 1

    def __call__(self, offset: int) -> str:
        line, column = self.position(offset)
        return f"{line}:{column}"


#: Single quotes, white space and ellipses: a run of them is curled together or not at all.
QUOTE_RUN_CHARS = " \t\u3000'…"


def near_chinese(line: str, index: int) -> bool:
    """The run of single quotes, white space and ellipses around `index` (`spacing` removes
    the white space, the quotes are curled together: `''中`) touches Chinese on a side, or
    holds two ellipses: one `…` is Latin too (`wait…'`), as in `punctuation`.

    >>> near_chinese("中 ''", 3), near_chinese("a ''", 3), near_chinese("a…'", 2)
    (True, False, False)
    """
    start, end = index, index + 1
    while start and line[start - 1] in QUOTE_RUN_CHARS:
        start -= 1
    while end < len(line) and line[end] in QUOTE_RUN_CHARS:
        end += 1
    return touches_chinese(line, start, end)


def touches_chinese(line: str, start: int, end: int) -> bool:
    """The run [start, end) holds two ellipses, or the characters just outside it include
    Chinese or a straight `"`, which is curled in this Chinese line and so counts too."""
    outside = (line[start - 1] if start else "", line[end] if end < len(line) else "")
    return line.count("…", start, end) > 1 or any(
        char == '"' or (char and _CJK_RE.match(char)) for char in outside
    )
