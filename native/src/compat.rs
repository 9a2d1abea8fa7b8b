//! compat: PDF font compatibility characters become the characters they stand for
//! (`cleantext/kinds/compat.py`; its data in `compat_tables.rs`, generated).

use std::collections::HashMap;

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::compat_tables::{
    HAN_FIRST, LIGATURES, SIMPLIFIED_FORMS, SIMPLIFIED_ONLY, TABLE, TRADITIONAL_ONLY,
};
use crate::edits::{Edits, Spliced};
use crate::tables;
#[cfg(target_arch = "x86_64")]
use crate::text::sse2::{self, Bytes16};
use crate::text::{char_after, char_before, in_table, is_py_space};
use crate::Rule;

pub struct Compat;

/// `_BLOCKS`: the three blocks and the ligatures.
fn in_blocks(c: char) -> bool {
    matches!(c,
        '\u{2e80}'..='\u{2fdf}' | '\u{f900}'..='\u{faff}' | '\u{fb00}'..='\u{fb06}'
        | '\u{2f800}'..='\u{2fa1f}')
}

/// `_BLOCKS.search(text, from)`: the byte position and character of the first match. Its
/// characters start with 0xE2 0xBA-0xBF (U+2E80-U+2FDF), 0xEF 0xA4-0xAC (U+F900-U+FB06)
/// or 0xF0 0xAF (U+2F800-U+2FA1F): sixteen positions at a time by those two bytes, so the
/// many marks of Chinese text that start with 0xE2 or 0xEF are passed over at once.
#[cfg(target_arch = "x86_64")]
fn first(text: &str, from: usize) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    let mask = |[v, v1, ..]: [Bytes16; 4]| {
        v.eq(0xE2)
            .and(v1.within(0xBA, 0xBF))
            .or(v.eq(0xEF).and(v1.within(0xA4, 0xAC)))
            .or(v.eq(0xF0).and(v1.eq(0xAF)))
            .bits()
    };
    let hit = |at: usize| {
        matches!(bytes[at], 0xE2 | 0xEF | 0xF0) && char_after(text, at).is_some_and(in_blocks)
    };
    let at = sse2::scan::<1>(bytes, from, mask, hit)?;
    Some((at, char_after(text, at).expect("a lead byte starts a character")))
}

/// `_BLOCKS.search(text, from)` (as above), by the lead bytes 0xE2, 0xEF and 0xF0.
#[cfg(not(target_arch = "x86_64"))]
fn first(text: &str, from: usize) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    let mut i = from;
    while let Some(found) = memchr::memchr3(0xE2, 0xEF, 0xF0, &bytes[i..]) {
        i += found;
        let c = char_after(text, i).expect("a lead byte starts a character");
        if in_blocks(c) {
            return Some((i, c));
        }
        i += 1;
    }
    None
}

/// The value of `c` in `table`, sorted by code point.
fn lookup<T: Copy>(table: &[(u32, T)], c: char) -> Option<T> {
    let code = c as u32;
    table.binary_search_by_key(&code, |&(k, _)| k).ok().map(|i| table[i].1)
}

/// Whether the bit of `c` (from `HAN_FIRST`) is set in `bits`.
fn holds(bits: &[u64], c: char) -> bool {
    let Some(offset) = (c as u32).checked_sub(HAN_FIRST) else {
        return false;
    };
    let (word, bit) = ((offset / 64) as usize, offset % 64);
    bits.get(word).is_some_and(|w| w >> bit & 1 == 1)
}

/// `script_lean`: characters only Simplified has minus those only Traditional has.
fn script_lean(text: &str) -> i64 {
    let mut lean = 0;
    for c in text.chars() {
        if holds(SIMPLIFIED_ONLY, c) {
            lean += 1;
        } else if holds(TRADITIONAL_ONLY, c) {
            lean -= 1;
        }
    }
    lean
}

/// The ends of `_BLANK.finditer(text)` (`\n[^\S\n]*\n`): where each paragraph after the
/// first starts, in bytes.
fn paragraph_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find('\n') {
        let line = from + found + 1;
        let rest = &text[line..];
        let blank = rest.find(|c: char| c == '\n' || !is_py_space(c)).unwrap_or(rest.len());
        if rest[blank..].starts_with('\n') {
            from = line + blank + 1;
            starts.push(from);
        } else {
            from = line;
        }
    }
    starts
}

/// `_Context`: the script lean of the paragraph around a position, else of the whole text.
struct Context<'a> {
    text: &'a str,
    breaks: Option<Vec<usize>>,
    paragraphs: HashMap<usize, i64>,
    whole: Option<i64>,
}

impl<'a> Context<'a> {
    fn new(text: &'a str) -> Self {
        Self { text, breaks: None, paragraphs: HashMap::new(), whole: None }
    }

    /// `_Context.lean`, `at` in bytes.
    fn lean(&mut self, at: usize) -> i64 {
        let text = self.text;
        let breaks = self.breaks.get_or_insert_with(|| paragraph_starts(text));
        let index = breaks.partition_point(|&b| b <= at);
        let start = if index > 0 { breaks[index - 1] } else { 0 };
        let end = breaks.get(index).copied().unwrap_or(text.len());
        let lean = *self.paragraphs.entry(start).or_insert_with(|| script_lean(&text[start..end]));
        if lean != 0 {
            return lean;
        }
        *self.whole.get_or_insert_with(|| script_lean(text))
    }
}

impl Rule for Compat {
    fn new(_options: &Bound<'_, PyDict>) -> PyResult<Self> {
        Ok(Self)
    }

    /// `sub(_BLOCKS, unify, text, edits)`.
    fn apply(&self, text: &str, edits: &mut Edits) -> Option<String> {
        let mut found = first(text, 0);
        let mut context = Context::new(text);
        let mut spliced = Spliced::new(text);
        let mut buffer = [0u8; 4];
        while let Some((at, c)) = found {
            let end = at + c.len_utf8();
            found = first(text, end);
            // `unify`
            let new: &str = if let Some(letters) = lookup(LIGATURES, c) {
                let latin = |c: char| in_table(tables::LATIN, c);
                if !(char_before(text, at).is_some_and(latin)
                    || char_after(text, end).is_some_and(latin))
                {
                    continue;
                }
                letters
            } else if let Some(form) = lookup(SIMPLIFIED_FORMS, c).filter(|_| context.lean(at) > 0)
            {
                form.encode_utf8(&mut buffer)
            } else if let Some(to) = lookup(TABLE, c) {
                to.encode_utf8(&mut buffer)
            } else {
                continue;
            };
            if new == &text[at..end] {
                continue;
            }
            spliced.put(at, end, new, edits);
        }
        spliced.finish()
    }
}
