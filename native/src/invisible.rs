//! invisible: zero-width and control characters removed, odd spaces and line ends normalised
//! (`cleantext/kinds/invisible.py`).

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::edits::{Edits, Spliced};
use crate::tables;
#[cfg(target_arch = "x86_64")]
use crate::text::sse2;
#[cfg(not(target_arch = "x86_64"))]
use crate::text::{bytes_below, bytes_equal, scan, word_at};
use crate::text::{char_after, char_before, in_table};
use crate::Rule;

pub struct Invisible;

/// Which group of `_PATTERN` a character starts, in the pattern's order.
#[derive(Clone, Copy, PartialEq)]
enum Group {
    Crlf,
    Para,
    Zwj,
    Space,
    Drop,
}

/// `_PATTERN`'s groups (`_PRECHECK` is their union): `crlf`, `para`, `zwj`, `space` (the
/// characters of `_SPACES`), `drop` (`_DROP`).
fn group(c: char) -> Option<Group> {
    Some(match c {
        '\r' | '\x0c' | '\x0b' | '\u{85}' => Group::Crlf,
        '\u{2029}' => Group::Para,
        '\u{200c}' | '\u{200d}' => Group::Zwj,
        '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' => Group::Space,
        '\u{200b}' | '\u{2060}' | '\u{ad}' | '\u{feff}' | '\u{180e}' => Group::Drop,
        '\0'..='\x08' | '\x0e'..='\x1f' | '\x7f'..='\u{9f}' => Group::Drop,
        _ => return None,
    })
}

/// Whether the character at byte `i` may be one `group` takes, from its UTF-8 bytes: ASCII
/// controls, U+0080–U+00AD (C2 xx), U+180E (E1 A0 8E), U+2000–U+200D, U+2029, U+202F
/// (E2 80 xx), U+205F, U+2060 (E2 81 xx), U+FEFF (EF BB BF). `group` has the last word.
#[inline]
fn maybe(bytes: &[u8], i: usize) -> bool {
    let at = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    match bytes[i] {
        b'\t' | b'\n' => false,
        0x00..=0x1F | 0x7F => true,
        0xC2 => at(1) <= 0xAD,
        0xE1 => at(1) == 0xA0,
        0xE2 => at(1) == 0x80 && (at(2) <= 0x8D || at(2) >= 0xA9) || at(1) == 0x81,
        0xEF => at(1) == 0xBB,
        _ => false,
    }
}

/// `_PRECHECK.search(text, from)`: the byte position and group of the first character a
/// match starts with. Chinese text holds few of the bytes `maybe` starts with.
fn first(text: &str, from: usize) -> Option<(usize, char, Group)> {
    let bytes = text.as_bytes();
    let at = lead(bytes, from, |at| maybe(bytes, at) && group(char_at(text, at)).is_some())?;
    let c = char_at(text, at);
    Some((at, c, group(c).expect("found by its group")))
}

/// The first position from `from` where `hit` holds, trying only the bytes `maybe` starts
/// with: sixteen bytes at a time (`text::sse2::scan`).
#[cfg(target_arch = "x86_64")]
fn lead(bytes: &[u8], from: usize, hit: impl Fn(usize) -> bool) -> Option<usize> {
    let mask = |[v, ..]: [sse2::Bytes16; 4]| {
        let leads = v.within(0, 0x1F).or(v.eq(0x7F)).or(v.eq(0xC2));
        let blank = v.eq(b'\n').or(v.eq(b'\t'));
        leads.or(v.eq(0xE1)).or(v.eq(0xE2)).or(v.eq(0xEF)).bits() & !blank.bits()
    };
    sse2::scan::<0>(bytes, from, mask, hit)
}

/// The first position from `from` where `hit` holds, trying only the bytes `maybe` starts
/// with, eight at a time.
#[cfg(not(target_arch = "x86_64"))]
fn lead(bytes: &[u8], from: usize, hit: impl Fn(usize) -> bool) -> Option<usize> {
    let mask = |at: usize| {
        let word = word_at(bytes, at);
        bytes_below(word, 0x20)
            | bytes_equal(word, 0x7F)
            | bytes_equal(word, 0xC2)
            | bytes_equal(word, 0xE1)
            | bytes_equal(word, 0xE2)
            | bytes_equal(word, 0xEF)
    };
    scan(bytes, from, mask, hit)
}

/// The character starting at byte `at` (a lead byte `maybe` found).
#[inline]
fn char_at(text: &str, at: usize) -> char {
    char_after(text, at).expect("a lead byte starts a character")
}

/// `_JOINING`: a letter or mark of a script that joiners shape, not Han, kana, hangul or
/// bopomofo.
fn joining(c: char) -> bool {
    (in_table(tables::LETTER, c) || in_table(tables::MARK, c))
        && !(in_table(tables::HAN, c)
            || in_table(tables::HIRAGANA, c)
            || in_table(tables::KATAKANA, c)
            || in_table(tables::HANGUL, c)
            || in_table(tables::BOPOMOFO, c))
}

/// `_in_word`: the joiner at byte `at` sits inside a word of a joining script.
fn in_word(text: &str, at: usize, joiner: char) -> bool {
    let Some(before) = char_before(text, at).filter(|&c| joining(c)) else {
        return false;
    };
    let after = char_after(text, at + joiner.len_utf8());
    if after.is_some_and(joining) {
        return true;
    }
    !after.is_some_and(|c| in_table(tables::PY_ALNUM, c)) && in_table(tables::MARK, before)
}

/// `_GLUED.match(text, at)`: a zero-width joiner inside an emoji sequence,
/// `(?<=\p{Extended_Pictographic}[\ufe0f\U0001F3FB-\U0001F3FF]?)\u200d(?=\p{Extended_Pictographic})`.
fn glued(text: &str, at: usize, joiner: char) -> bool {
    let pictographic = |c: char| in_table(tables::EXTENDED_PICTOGRAPHIC, c);
    if joiner != '\u{200d}' || !char_after(text, at + joiner.len_utf8()).is_some_and(pictographic) {
        return false;
    }
    match char_before(text, at) {
        Some(c) if pictographic(c) => true,
        Some(c @ ('\u{fe0f}' | '\u{1f3fb}'..='\u{1f3ff}')) => {
            char_before(text, at - c.len_utf8()).is_some_and(pictographic)
        }
        _ => false,
    }
}

impl Rule for Invisible {
    fn new(_options: &Bound<'_, PyDict>) -> PyResult<Self> {
        Ok(Self)
    }

    /// `sub(_PATTERN, _replace, text, edits, first=_PRECHECK)`.
    fn apply(&self, text: &str, edits: &mut Edits) -> Option<String> {
        let mut found = first(text, 0);
        let mut spliced = Spliced::new(text);
        while let Some((at, c, g)) = found {
            let mut end = at + c.len_utf8();
            // `_replace`
            let new = match g {
                Group::Crlf => {
                    if c == '\r' && text.as_bytes().get(end) == Some(&b'\n') {
                        end += 1;
                    }
                    "\n"
                }
                Group::Para => "\n\n",
                Group::Space => " ",
                Group::Zwj if in_word(text, at, c) || glued(text, at, c) => {
                    found = first(text, end);
                    continue;
                }
                Group::Zwj | Group::Drop => "",
            };
            spliced.put(at, end, new, edits);
            found = first(text, end);
        }
        spliced.finish()
    }
}
