//! ocrquotes: quotation marks and semicolons that OCR read wrong put right
//! (`cleantext/kinds/ocrquotes.py`, the reference: each fix a pattern of `_PATTERNS`, here a
//! hand-written scan; each function names the part of the pattern it mirrors). Every fix
//! is ported: it declines no text.
//!
//! The patterns' matches are found on the input as it is and do not overlap (`sub`): each
//! scan goes from one candidate mark to the next, and after a match on from its end.

use std::sync::OnceLock;

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::edits::{CharIndex, Edits};
use crate::text::{char_after, char_before, is_han, is_letter, is_number};
use crate::{param, Rule};

/// `fix`: which pattern of `_PATTERNS` the rule runs.
#[derive(Clone, Copy)]
enum Fix {
    Pairs,
    Closer,
    Stray,
    Semicolon,
}

pub struct OcrQuotes {
    fix: Fix,
}

/// A match: its byte span and what it becomes.
type Change = (usize, usize, String);

const OPEN: char = '“';
const CLOSE: char = '”';
const OPEN_SINGLE: char = '‘';
const CLOSE_SINGLE: char = '’';
/// Most pieces of `_PIECE{0,150}` (pairs) and of the clause of `semicolon`.
const PIECES: usize = 150;
/// Most characters between the quotes of a quotation of `_PIECE`.
const QUOTED: usize = 40;
/// Most characters of a phrase inside a pair (`{1,20}`), and of a quoted phrase in a clause.
const PHRASE: usize = 20;

/// `_PHRASE`: `[\p{Han}\p{L}\p{N}·—、《》]`.
fn phrase_class(c: char) -> bool {
    is_han(c) || is_letter(c) || is_number(c) || matches!(c, '·' | '—' | '、' | '《' | '》')
}

/// `phrase_class` of each character of the Basic Multilingual Plane, a bit each (a test of a
/// mark such as `，` would otherwise search two tables).
static PHRASE_BITS: OnceLock<Vec<u64>> = OnceLock::new();

/// `_PHRASE`, by `PHRASE_BITS` for the Basic Multilingual Plane.
#[inline]
fn is_phrase(c: char) -> bool {
    let code = c as usize;
    if code >= 0x1_0000 {
        return phrase_class(c);
    }
    let bits = PHRASE_BITS.get_or_init(|| {
        let mut bits = vec![0u64; 0x1_0000 / 64];
        for (code, c) in (0..0x1_0000u32).filter_map(|code| Some((code, char::from_u32(code)?))) {
            if phrase_class(c) {
                bits[code as usize / 64] |= 1 << (code % 64);
            }
        }
        bits
    });
    bits[code / 64] & (1 << (code % 64)) != 0
}

/// `_CLAUSE`: `[\p{Han}、《》—]`.
fn is_clause(c: char) -> bool {
    is_han(c) || matches!(c, '、' | '《' | '》' | '—')
}

/// `[。！？\n]`: what ends a sentence of `pairs`.
fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '\n')
}

/// The byte position at or after `from` of the first character of three bytes that starts
/// with the two bytes `lead` and ends with one of `last` (`“` is E2 80 9C).
fn find_mark(bytes: &[u8], from: usize, lead: [u8; 2], last: &[u8]) -> Option<usize> {
    let mut at = from;
    while let Some(found) = memchr::memchr(lead[0], &bytes[at..]) {
        at += found;
        if bytes.get(at + 1) == Some(&lead[1])
            && bytes.get(at + 2).is_some_and(|b| last.contains(b))
        {
            return Some(at);
        }
        at += 1;
    }
    None
}

/// `_PIECE{0,150}` over `chars` up to a sentence's end (`[。！？\n]`) or the text's end: the
/// number of pieces, or `None` when they are more than 150 or a quote stands in no right
/// quotation (`“…”`, `‘…’` of 40 characters at most that are no quote and end no sentence).
fn pieces(mut chars: impl Iterator<Item = char>) -> Option<usize> {
    let mut count = 0;
    while let Some(c) = chars.next() {
        match c {
            c if ends_sentence(c) => break,
            OPEN | OPEN_SINGLE => {
                let close = if c == OPEN { CLOSE } else { CLOSE_SINGLE };
                let mut inside = 0;
                loop {
                    match chars.next()? {
                        q if q == close => break,
                        q if matches!(q, OPEN | CLOSE | OPEN_SINGLE | CLOSE_SINGLE)
                            || ends_sentence(q) =>
                        {
                            return None
                        }
                        _ if inside == QUOTED => return None,
                        _ => inside += 1,
                    }
                }
            }
            CLOSE | CLOSE_SINGLE => return None,
            _ => {}
        }
        count += 1;
        if count > PIECES {
            return None;
        }
    }
    Some(count)
}

/// `pairs`' lookbehind `(?<=(?:\A|[\n。！？])_PIECE{0,150}…)` at byte `at` (the pair's
/// opening mark): the sentence from its start (after the last `[\n。！？]`, or the text's
/// start) up to `at` is 150 pieces at most.
fn sentence_before(text: &str, at: usize) -> bool {
    // a piece is 42 characters at most: a longer stretch is more than 150 pieces
    let longest = PIECES * (QUOTED + 2);
    let head = &text[..at];
    let mut start = 0;
    for (count, (i, c)) in head.char_indices().rev().enumerate() {
        if ends_sentence(c) {
            start = i + c.len_utf8();
            break;
        }
        if count == longest {
            return false;
        }
    }
    pieces(head[start..].chars()).is_some()
}

/// `pairs`' pattern tried at byte `at`, a mark `[‘”“]`: the end of the match, if it matches.
fn pair_at(text: &str, at: usize) -> Option<usize> {
    let open = char_after(text, at)?;
    // (?<![。！？…，；][‘”“]): a mark right after these closes a quotation
    if char_before(text, at).is_some_and(|c| matches!(c, '。' | '！' | '？' | '…' | '，' | '；'))
    {
        return None;
    }
    // (_PHRASE{1,20})[“”]: the phrase is every phrase character up to the mark
    let from = at + open.len_utf8();
    let mut length = 0;
    let mut end = from;
    let mut close = None;
    for (i, c) in text[from..].char_indices() {
        if is_phrase(c) {
            length += 1;
            if length > PHRASE {
                return None;
            }
        } else {
            end = from + i;
            close = Some(c);
            break;
        }
    }
    let close = close.filter(|&c| length > 0 && matches!(c, OPEN | CLOSE))?;
    // (?<!“_PHRASE{1,20}”): a pair that is right stays
    if open == OPEN && close == CLOSE {
        return None;
    }
    let end = end + close.len_utf8();
    (sentence_before(text, at) && pieces(text[end..].chars()).is_some()).then_some(end)
}

/// Mirrors `pairs`: `[‘”“]…[“”]` that is not `“…”` becomes `“…”`.
fn pairs(text: &str) -> Vec<Change> {
    let bytes = text.as_bytes();
    let mut changes = Vec::new();
    let mut from = 0;
    // ‘ E2 80 98, “ E2 80 9C, ” E2 80 9D
    while let Some(at) = find_mark(bytes, from, [0xE2, 0x80], &[0x98, 0x9C, 0x9D]) {
        match pair_at(text, at) {
            Some(end) => {
                let phrase = &text[at + 3..end - 3];
                changes.push((at, end, format!("{OPEN}{phrase}{CLOSE}")));
                from = end;
            }
            None => from = at + 3,
        }
    }
    changes
}

/// The first double quote (`“` or `”`) at or after byte `from`.
fn next_quote(text: &str, from: usize) -> Option<char> {
    let at = find_mark(text.as_bytes(), from, [0xE2, 0x80], &[0x9C, 0x9D])?;
    char_after(text, at)
}

/// The byte positions of `“` after a Han character (`“(?<=\p{Han}“)`), each tried by `keep`
/// (the rest of the pattern), whose matches become `new`.
fn after_han(text: &str, new: &str, keep: impl Fn(usize) -> bool) -> Vec<Change> {
    let mut changes = Vec::new();
    let mut from = 0;
    while let Some(found) = memchr::memmem::find(&text.as_bytes()[from..], "“".as_bytes()) {
        let at = from + found;
        if char_before(text, at).is_some_and(is_han) && keep(at) {
            changes.push((at, at + 3, new.to_string()));
        }
        from = at + 3;
    }
    changes
}

/// Mirrors `closer`'s lookahead `(?=(?:的|便是|就是|正是|也是|即)[^“”]*(?:“|\Z))` after the
/// `“` at byte `at`.
fn closer_at(text: &str, at: usize) -> bool {
    let rest = &text[at + 3..];
    let word =
        ["的", "即", "便是", "就是", "正是", "也是"].into_iter().find(|w| rest.starts_with(w));
    word.is_some_and(|word| next_quote(text, at + 3 + word.len()) != Some(CLOSE))
}

/// Mirrors `stray`'s `(?<!“[^“”\n]*.)(?=[。，；！？][^“”\n]*(?:“|\n|\Z))` at the `“` at byte
/// `at`: no `“` before it since the last `”` or line break, a mark after it, and no `”`
/// after that before the next `“` or line break.
fn stray_at(text: &str, at: usize) -> bool {
    let marked =
        char_after(text, at + 3).is_some_and(|c| matches!(c, '。' | '，' | '；' | '！' | '？'));
    let opened =
        || text[..at].chars().rev().find(|&c| matches!(c, OPEN | CLOSE | '\n')) == Some(OPEN);
    let closed =
        || text[at + 6..].chars().find(|&c| matches!(c, OPEN | CLOSE | '\n')) == Some(CLOSE);
    marked && !opened() && !closed()
}

/// `(?:_CLAUSE|“_CLAUSE{1,20}”){8,150}` matching all of `clause`.
fn clause_pieces(clause: &str) -> bool {
    let mut chars = clause.chars();
    let mut count = 0;
    while let Some(c) = chars.next() {
        if c == OPEN {
            let mut length = 0;
            loop {
                match chars.next() {
                    Some(CLOSE) if length > 0 => break,
                    Some(q) if is_clause(q) && length < PHRASE => length += 1,
                    _ => return false,
                }
            }
        } else if !is_clause(c) {
            return false;
        }
        count += 1;
        if count > PIECES {
            return false;
        }
    }
    count >= 8
}

/// Mirrors `semicolon` at the `：` at byte `at`: its lookahead `(?=\p{Han}|(?<![说道问]：)“)`,
/// then its lookbehind `(?<=(?:(?<!报道|电|讯)：|；)(?:_CLAUSE|“_CLAUSE{1,20}”){8,150}：)`.
fn semicolon_at(text: &str, at: usize) -> bool {
    let before = char_before(text, at);
    let ahead = match char_after(text, at + 3) {
        Some(c) if is_han(c) => true,
        Some(OPEN) => !before.is_some_and(|c| matches!(c, '说' | '道' | '问')),
        _ => false,
    };
    if !ahead {
        return false;
    }
    // the clause runs back over clause characters and double quotes to a colon or a
    // semicolon; a piece is 22 characters at most, so a longer run is too many pieces
    let longest = PIECES * (PHRASE + 2);
    let head = &text[..at];
    for (count, (i, c)) in head.char_indices().rev().enumerate() {
        if count > longest {
            return false;
        }
        if is_clause(c) || matches!(c, OPEN | CLOSE) {
            continue;
        }
        let dateline = || {
            let before = &head[..i];
            before.ends_with("报道") || before.ends_with('电') || before.ends_with('讯')
        };
        return match c {
            '：' => !dateline() && clause_pieces(&head[i + c.len_utf8()..]),
            '；' => clause_pieces(&head[i + c.len_utf8()..]),
            _ => false,
        };
    }
    false
}

/// Mirrors `semicolon`: `：` becomes `；`.
fn semicolons(text: &str) -> Vec<Change> {
    let mut changes = Vec::new();
    let mut from = 0;
    while let Some(found) = memchr::memmem::find(&text.as_bytes()[from..], "：".as_bytes()) {
        let at = from + found;
        if semicolon_at(text, at) {
            changes.push((at, at + 3, "；".to_string()));
        }
        from = at + 3;
    }
    changes
}

impl Rule for OcrQuotes {
    fn new(options: &Bound<'_, PyDict>) -> PyResult<Self> {
        let fix = match param::<String>(options, "fix")?.as_str() {
            "pairs" => Fix::Pairs,
            "closer" => Fix::Closer,
            "stray" => Fix::Stray,
            "semicolon" => Fix::Semicolon,
            other => return Err(pyo3::exceptions::PyValueError::new_err(format!("fix {other:?}"))),
        };
        Ok(Self { fix })
    }

    /// Mirrors `apply`: `sub(self.pattern, self.replacement, text, edits)`.
    fn apply(&self, text: &str, edits: &mut Edits) -> Option<String> {
        let changes = match self.fix {
            Fix::Pairs => pairs(text),
            Fix::Closer => after_han(text, "”", |at| closer_at(text, at)),
            Fix::Stray => after_han(text, "", |at| stray_at(text, at)),
            Fix::Semicolon => semicolons(text),
        };
        if changes.is_empty() {
            return None;
        }
        let mut out = String::with_capacity(text.len());
        let mut index = CharIndex::new(text);
        let mut done = 0;
        for (start, end, new) in changes {
            out.push_str(&text[done..start]);
            out.push_str(&new);
            edits.record(index.at(start), &text[start..end], &new);
            done = end;
        }
        out.push_str(&text[done..]);
        Some(out)
    }
}
