r"""invisible: remove zero-width and control characters, normalise odd spaces and line ends.

Before: ``"创\u200b新\u00a0之城\r\n"``  After: ``"创新 之城\n"``

What it does
------------
Zero-width space, word joiner, soft hyphen and BOM are dropped. A zero-width
joiner or non-joiner is dropped only where it is noise: between Chinese,
Japanese or Korean characters, beside white space or marks, at a line end.
NBSP and the typographic spaces become a plain space. CR/CRLF, form feed and
vertical tab become a line break, the paragraph separator U+2029 a blank line.
Other control characters (C0 except tab and newline, DEL, C1) are dropped.

Leaves alone
------------
Tab and newline; the line separator U+2028, a line break the author made: `unwrap`
turns it into one that stays (a rule set without `unwrap` keeps it); every printable
character; a joiner inside a word of a
script that writes with it (Persian `می‌خواهم`, Devanagari `क्‍ष`, also after a
virama at a word's end: Malayalam `ന്‍`); a zero-width joiner inside an emoji
sequence (`👩‍💻`).

Params
------
None.

Content safety
--------------
Keeps content: it removes or replaces only characters that are not letters or
digits (format and control characters, odd spaces, line ends).

Known limits
------------
A joiner between two Latin letters stays (it may be the author's).
"""

from __future__ import annotations

import re

from ..text import lazy_re, lazy_regex
from .base import Edit, Kind, sub

_DROP = "\u200b\u2060\u00ad\ufeff\u180e" + "".join(
    chr(c) for c in [*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), *range(0x7F, 0xA0)]
)
_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"

_PATTERN = lazy_re(
    r"(?P<crlf>\r\n?|[\f\v\x85])"
    r"|(?P<para>\u2029)"
    r"|(?P<zwj>[\u200c\u200d])"
    r"|(?P<space>[" + _SPACES + r"])"
    r"|(?P<drop>[" + re.escape(_DROP) + r"])"
)
_PRECHECK = lazy_re(r"[\r\f\v\u2029\x85\u200c\u200d" + _SPACES + re.escape(_DROP) + "]")
#: A zero-width joiner that glues an emoji sequence (👩‍💻) stays.
_GLUED = lazy_regex(
    r"(?<=\p{Extended_Pictographic}[\ufe0f\U0001F3FB-\U0001F3FF]?)\u200d(?=\p{Extended_Pictographic})"
)


#: A letter or mark of a script that joiners shape (Arabic, Indic, Latin …): not Han,
#: kana, hangul or bopomofo, whose characters never join.
_JOINING = lazy_regex(
    r"[\p{L}\p{M}](?<![\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Bopomofo}])")
_MARK = lazy_regex(r"\p{M}")


def _in_word(text: str, start: int) -> bool:
    """The joiner at `start` sits inside a word of a joining script: a letter or mark before
    it, and a letter or mark after it, or nothing but a word's end after a mark (a virama:
    Malayalam `ന്‍`).

    >>> _in_word("می\u200cخواهم", 2), _in_word("中\u200c文", 1), _in_word("ab\u200c", 2)
    (True, False, False)
    """
    if not start or not _JOINING.match(text, start - 1):
        return False
    if _JOINING.match(text, start + 1):
        return True
    return not text[start + 1 : start + 2].isalnum() and bool(_MARK.match(text, start - 1))


def _replace(match: re.Match[str]) -> str:
    group = match.lastgroup
    if group == "crlf":
        return "\n"
    if group == "para":
        return "\n\n"
    if group == "space":
        return " "
    if group == "zwj" and (_in_word(match.string, match.start())
                           or _GLUED.match(match.string, match.start())):
        return match.group()
    return ""


class Invisible(Kind):
    name = "invisible"
    native = "Invisible"

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        if not _PRECHECK.search(text):
            return text
        return sub(_PATTERN, _replace, text, edits, first=_PRECHECK)
