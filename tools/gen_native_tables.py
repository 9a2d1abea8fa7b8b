"""Write `native/src/tables.rs`: the Unicode classes the kinds use, as the `regex` module
that the Python kinds use sees them, so that the native core agrees character for character;
and `native/src/compat_tables.rs`: the mappings of `cleantext/kinds/compat.py`, from its data.

    python tools/gen_native_tables.py

Run it again after upgrading `regex` (a new Unicode version), Python (its `unicodedata`) or
OpenCC, or after changing compat's data; `tests/test_native.py` checks that the tables in the
crate are the ones this script writes.
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import regex

TARGET = Path(__file__).resolve().parent.parent / "native" / "src" / "tables.rs"
COMPAT_TARGET = TARGET.with_name("compat_tables.rs")

#: Rust name → `regex` class, each a property the Python side matches with `regex`.
CLASSES = {
    "HAN": r"\p{Han}",
    "HIRAGANA": r"\p{Hiragana}",
    "KATAKANA": r"\p{Katakana}",
    "HANGUL": r"\p{Hangul}",
    "BOPOMOFO": r"\p{Bopomofo}",
    "LETTER": r"\p{L}",
    "NUMBER": r"\p{N}",
    "MARK": r"\p{M}",
    "EXTENDED_PICTOGRAPHIC": r"\p{Extended_Pictographic}",
    "LATIN": r"\p{Latin}",
    #: `regex`'s `\s` (and its `[^\S\n]`, but for the line break).
    "REGEX_SPACE": r"\s",
    "WORD": r"\w",
    "DIGIT": r"\d",
}

#: Rust name → a `str` method: Python's own view (its `unicodedata`, often an older Unicode
#: version than `regex`'s), which the kinds' `str` calls and the `re` module's `\s` use.
STR_CLASSES = {
    "PY_ALNUM": "isalnum",
    "PY_SPACE": "isspace",
    "PY_DIGIT": "isdigit",
    "PY_ALPHA": "isalpha",
    #: `re`'s `\d` (unwrap's patterns compiled with `re`), and `str.islower`
    "PY_DECIMAL": "isdecimal",
    "PY_LOWER": "islower",
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


def built_from() -> dict[str, str]:
    """The versions of the data the tables come from, as `cleantext.native` reads them."""
    from cleantext.native import data_versions

    return data_versions()


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
    lines += [
        "/// What these tables and compat's were written from: the core is used only where",
        "/// Python runs the same versions (`cleantext/native.py`).",
        "pub static BUILT_FROM: &[(&str, &str)] = &[",
        *(f'    ("{name}", "{version}"),' for name, version in built_from().items()),
        "];",
        "",
    ]
    for name, title, found in classes:
        lines.append(f"/// {title}: {len(found)} ranges.")
        lines.append(f"pub static {name}: &[(u32, u32)] = &[")
        lines.extend(f"    (0x{a:X}, 0x{b:X})," for a, b in found)
        lines.append("];")
        lines.append("")
    return "\n".join(lines)


def _char(text: str) -> str:
    """A Rust char literal."""
    return "'\\u{" + f"{ord(text):X}" + "}'"


def _bits(chars: frozenset[str], first: int, last: int) -> list[str]:
    """The set `chars` of code points `first..=last` as the lines of a `u64` bit array."""
    words = [0] * ((last - first) // 64 + 1)
    for char in chars:
        code = ord(char) - first
        assert 0 <= code <= last - first, char
        words[code // 64] |= 1 << (code % 64)
    return [
        "    " + " ".join(f"0x{word:016X}," for word in words[i : i + 4])
        for i in range(0, len(words), 4)
    ]


def render_compat() -> str:
    """`compat`'s tables: `_TABLE`, `_LIGATURES` and OpenCC's view (`_variants()`)."""
    import opencc

    from cleantext.kinds import compat

    variants = compat._variants()
    first, last = compat._HAN_RANGE.start, compat._HAN_RANGE.stop - 1
    lines = [
        "//! The data of `cleantext/kinds/compat.py`: its mapping and OpenCC's view of Han.",
        "//! Written by `tools/gen_native_tables.py` with Python's unicodedata "
        f"{unicodedata.unidata_version}",
        f"//! and OpenCC {opencc.__version__}; do not edit.",
        "",
        f"/// `_TABLE`: compatibility character → unified ideograph, {len(compat._TABLE)} pairs.",
        "pub static TABLE: &[(u32, char)] = &[",
        *(f"    (0x{code:X}, {_char(to)})," for code, to in sorted(compat._TABLE.items())),
        "];",
        "",
        "/// `_LIGATURES`: a Latin ligature → the letters it joins.",
        "pub static LIGATURES: &[(u32, &str)] = &[",
        *(f'    (0x{code:X}, "{to}"),' for code, to in sorted(compat._LIGATURES.items())),
        "];",
        "",
        "/// `_variants().simplified_forms`: radical → the Simplified form it stands for.",
        "pub static SIMPLIFIED_FORMS: &[(u32, char)] = &[",
        *(f"    (0x{code:X}, {_char(to)}),"
          for code, to in sorted(variants.simplified_forms.items())),
        "];",
        "",
        f"/// The first code point of the bit arrays below (U+{first:X}..U+{last:X}).",
        f"pub const HAN_FIRST: u32 = 0x{first:X};",
        "",
        "/// `_variants().simplified_only`, a bit per code point from `HAN_FIRST`.",
        "pub static SIMPLIFIED_ONLY: &[u64] = &[",
        *_bits(variants.simplified_only, first, last),
        "];",
        "",
        "/// `_variants().traditional_only`, a bit per code point from `HAN_FIRST`.",
        "pub static TRADITIONAL_ONLY: &[u64] = &[",
        *_bits(variants.traditional_only, first, last),
        "];",
        "",
    ]
    return "\n".join(lines)


#: Each file this script writes, and what writes it.
OUTPUTS = {TARGET: render, COMPAT_TARGET: render_compat}


def main() -> int:
    for target, write in OUTPUTS.items():
        target.write_text(write(), encoding="utf-8")
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
