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
}


def ranges(pattern: str) -> list[tuple[int, int]]:
    """The code point ranges `pattern` (one character class) matches, surrogates excluded."""
    compiled = regex.compile(pattern)
    found: list[tuple[int, int]] = []
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF or not compiled.match(chr(code)):
            continue
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
    for name, pattern in CLASSES.items():
        found = ranges(pattern)
        lines.append(f"/// `{pattern}`: {len(found)} ranges.")
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
