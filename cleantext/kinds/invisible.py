r"""invisible: remove zero-width and control characters, normalise odd spaces and line ends.

Before: ``"创\u200b新\u00a0之城\r\n"``  After: ``"创新 之城\n"``

What it does
------------
Zero-width space/non-joiner, word joiner, soft hyphen and BOM are dropped; a
zero-width joiner is dropped unless it glues an emoji sequence. NBSP and the
typographic spaces become a plain space. CR/CRLF, form feed, vertical tab and
the Unicode line/paragraph separators become line breaks. Other control
characters (C0 except tab and newline, DEL, C1) are dropped.

Leaves alone
------------
Tab and newline; a zero-width joiner inside an emoji sequence; every printable
character.

Params
------
None.

Content safety
--------------
Keeps content: it removes or replaces only characters that are not letters or
digits (format and control characters, odd spaces, line ends).

Known limits
------------
ZWJ/ZWNJ are removed inside words of scripts that need them (Persian,
Devanagari). U+2028/U+2029 become line breaks, which `unwrap` may then join.
"""

from __future__ import annotations

import re

import regex

from .base import Edit, Kind, sub

_DROP = "\u200b\u200c\u2060\u00ad\ufeff\u180e" + "".join(
    chr(c) for c in [*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), *range(0x7F, 0xA0)]
)
_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"

_PATTERN = re.compile(
    r"(?P<crlf>\r\n?|[\f\v\u2028\x85])"
    r"|(?P<para>\u2029)"
    r"|(?P<zwj>\u200d)"
    r"|(?P<space>[" + _SPACES + r"])"
    r"|(?P<drop>[" + re.escape(_DROP) + r"])"
)
_PRECHECK = re.compile(r"[\r\f\v\u2028\u2029\x85\u200d" + _SPACES + re.escape(_DROP) + "]")
#: A zero-width joiner that glues an emoji sequence (👩‍💻) stays.
_GLUED = regex.compile(
    r"(?<=\p{Extended_Pictographic}[\ufe0f\U0001F3FB-\U0001F3FF]?)\u200d(?=\p{Extended_Pictographic})"
)


def _replace(match: re.Match[str]) -> str:
    group = match.lastgroup
    if group == "crlf":
        return "\n"
    if group == "para":
        return "\n\n"
    if group == "space":
        return " "
    if group == "zwj" and _GLUED.match(match.string, match.start()):
        return match.group()
    return ""


class Invisible(Kind):
    name = "invisible"

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        if not _PRECHECK.search(text):
            return text
        return sub(_PATTERN, _replace, text, edits, first=_PRECHECK)
