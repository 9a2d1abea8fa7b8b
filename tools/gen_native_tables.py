"""Write `native/src/tables.rs`: the Unicode classes the kinds use, as the `regex` module
that the Python kinds use sees them, so that the native core agrees character for character.

    python tools/gen_native_tables.py

Run it again after upgrading `regex` (a new Unicode version); `tests/test_native.py` checks
that the tables in the crate are the ones this script writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import regex

TARGET = Path(__file__).resolve().parent.parent / "native" / "src" / "tables.rs"

#: Rust name → `regex` class, each a property the Python side matches with `regex`.
CLASSES = {
    "HAN": r"\p{Han}",
    "HIRAGANA": r"\p{Hiragana}",
    "KATAKANA": r"\p{Katakana}",
    "HANGUL": r"\p{Hangul}",
    "BOPOMOFO": r"\p{Bopomofo}",
    "LETTER": r"\p{L}",
    "MARK": r"\p{M}",
    "EXTENDED_PICTOGRAPHIC": r"\p{Extended_Pictographic}",
}

#: Rust name → a `str` method: Python's own view (its `unicodedata`, often an older Unicode
#: version than `regex`'s), which the kinds' `str` calls and the `re` module's `\s` use.
STR_CLASSES = {
    "PY_ALNUM": "isalnum",
}


def ranges(pattern: str) -> list[tuple[int, int]]:
    """The code point ranges `pattern` (one character class) matches, surrogates excluded."""
    compiled = regex.compile(f"(?:{pattern})+")
    return [
        (ord(run.group()[0]), ord(run.group()[-1]))
        for block in _EVERY_CHARACTER
        for run in compiled.finditer(block)
    ]


#: Every code point but the surrogates, in order, in two blocks either side of them.
_EVERY_CHARACTER = (
    "".join(map(chr, range(0xD800))),
    "".join(map(chr, range(0xE000, 0x110000))),
)


def str_ranges(method: str) -> list[tuple[int, int]]:
    """The code point ranges for which the `str` method `method` holds, surrogates excluded."""
    test = getattr(str, method)
    found: list[tuple[int, int]] = []
    for block in _EVERY_CHARACTER:
        for char in block:
            if not test(char):
                continue
            code = ord(char)
            if found and found[-1][1] == code - 1:
                found[-1] = (found[-1][0], code)
            else:
                found.append((code, code))
    return found


def render() -> str:
    lines = [
        "//! Unicode classes as Python's `regex` module sees them (its Unicode version:",
        "//! the native kinds must agree with the Python ones character for character).",
        f"//! Written by `tools/gen_native_tables.py` with regex {regex.__version__}; do not edit.",
        "",
    ]
    classes = [(name, f"`{pattern}`", ranges(pattern)) for name, pattern in CLASSES.items()]
    classes += [
        (name, f"Python's `str.{method}`", str_ranges(method))
        for name, method in STR_CLASSES.items()
    ]
    for name, title, found in classes:
        lines.append(f"/// {title}: {len(found)} ranges.")
        lines.append(f"pub static {name}: &[(u32, u32)] = &[")
        lines.extend(f"    (0x{a:X}, 0x{b:X})," for a, b in found)
        lines.append("];")
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
