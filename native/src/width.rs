//! width: full-width digits and Latin letters become half-width (`cleantext/kinds/width.py`).

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::edits::{CharIndex, Edits};
use crate::{param, Rule};

pub struct Width {
    number_punctuation: bool,
}

fn is_alnum(c: char) -> bool {
    matches!(c, '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ')
}

fn is_digit(c: char) -> bool {
    matches!(c, '０'..='９')
}

/// The byte position after the run of characters from `at` that `keep` holds for.
fn run_end(text: &str, at: usize, keep: fn(char) -> bool) -> usize {
    text[at..].char_indices().find(|&(_, c)| !keep(c)).map_or(text.len(), |(i, _)| at + i)
}

/// The first character at byte `at`, if any.
fn char_at(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

/// Where the digits after a `．` at byte `at` start, a line break allowed before and after
/// the mark (a column wrap: `_NUMBER`'s `\n?．\n?`), if a full-width digit follows.
fn decimal_point(text: &str, at: usize) -> Option<usize> {
    let skip_break = |at: usize| if char_at(text, at) == Some('\n') { at + 1 } else { at };
    let mark = skip_break(at);
    if char_at(text, mark) != Some('．') {
        return None;
    }
    let digits = skip_break(mark + '．'.len_utf8());
    char_at(text, digits).is_some_and(is_digit).then_some(digits)
}

impl Width {
    /// The end of the match that starts at `at` (a full-width digit or letter), as the
    /// Python pattern's alternation finds it: a number spread by spaces, a number with its
    /// marks, or a run of full-width digits and letters.
    fn match_end(&self, text: &str, at: usize) -> usize {
        let run = run_end(text, at, is_alnum);
        let (mut end, mut spread) = (run, 0);
        loop {
            let mut chars = text[end..].chars();
            match (chars.next(), chars.next(), chars.next()) {
                (Some(' '), Some(d), next) if is_digit(d) && !next.is_some_and(is_alnum) => {
                    end += 1 + d.len_utf8();
                    spread += 1;
                }
                _ => break,
            }
        }
        if spread >= 3 {
            return end;
        }
        if !self.number_punctuation || !char_at(text, at).is_some_and(is_digit) {
            return run;
        }
        let mut end = run_end(text, at, is_digit);
        loop {
            let mut chars = text[end..].chars();
            match (chars.next(), chars.next()) {
                (Some(mark @ ('，' | '：')), Some(d)) if is_digit(d) => {
                    end = run_end(text, end + mark.len_utf8(), is_digit);
                }
                _ => match decimal_point(text, end) {
                    Some(digits) => end = run_end(text, digits, is_digit),
                    None => break,
                },
            }
        }
        let percent = if char_at(text, end) == Some('\n') { end + 1 } else { end };
        if char_at(text, percent) == Some('％') {
            end = percent + '％'.len_utf8();
        }
        end
    }
}

impl Rule for Width {
    fn new(options: &Bound<'_, PyDict>) -> PyResult<Self> {
        Ok(Self { number_punctuation: param(options, "number_punctuation")? })
    }

    fn apply(&self, text: &str, edits: &mut Edits) -> Option<String> {
        // full-width digits and letters (U+FF10…U+FF5A) start with the byte EF
        let next = |from: usize| {
            let mut at = from;
            while let Some(found) = memchr::memchr(0xEF, &text.as_bytes()[at..]) {
                at += found;
                if char_at(text, at).is_some_and(is_alnum) {
                    return Some(at);
                }
                at += 1;
            }
            None
        };
        let mut at = next(0)?;
        let mut out = String::with_capacity(text.len());
        let mut chars = CharIndex::new(text);
        let mut done = 0;
        loop {
            let end = self.match_end(text, at);
            let old = &text[at..end];
            let new: String = old
                .chars()
                .filter(|&c| c != ' ')
                .map(|c| if c == '\n' { c } else { char::from_u32(c as u32 - 0xFEE0).unwrap_or(c) })
                .collect();
            out.push_str(&text[done..at]);
            out.push_str(&new);
            if edits.on() {
                edits.record(chars.at(at), old, &new);
            }
            done = end;
            match next(end) {
                Some(found) => at = found,
                None => break,
            }
        }
        out.push_str(&text[done..]);
        Some(out)
    }
}
