//! ocrdash: dashes and enumeration commas that OCR read as Han characters put back
//! (`cleantext/kinds/ocrdash.py`, the reference; each function names what it mirrors).
//! Every branch is ported: it declines no text.

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::edits::Edits;
use crate::lines::{by_line_known, Known, LineChange};
#[cfg(not(target_arch = "x86_64"))]
use crate::text::find_bytes;
#[cfg(target_arch = "x86_64")]
use crate::text::sse2::{self, Bytes16};
use crate::text::{is_decimal, is_han};
use crate::words::Words;
use crate::{param, Rule};

pub struct OcrDash {
    double: bool,
    digits: bool,
    comma: bool,
    quoted: bool,
    words: &'static Words,
    /// `self.known`: the lines it left as they were.
    known: Known,
}

/// `_OPENERS`.
fn is_opener(c: char) -> bool {
    matches!(c, '“' | '‘' | '（' | '《' | '「' | '『' | '【' | '(' | '"')
}

/// `_CLOSERS`, and the `：` of `double`'s lookbehind.
fn is_closer_or_colon(c: char) -> bool {
    matches!(c, '”' | '’' | '）' | '》' | '」' | '』' | '】' | ')' | '"' | '：')
}

/// `_WORD_NEXT`: what follows `一一` in the words of the word lists.
fn is_word_next(c: char) -> bool {
    matches!(c, '一' | '二' | '分' | '列' | '对' | '道')
}

/// `_WORD_COUNT`.
const WORD_COUNT: u64 = 10;

/// Lines `by_line` may fix: those holding `一` or `丶` (every line `_CANDIDATE` finds, and
/// a line it does not find is one `sub` leaves as it is): sixteen positions at a time by
/// all three bytes (`一` is E4 B8 80, `丶` E4 B8 B6; many common characters start E4).
#[cfg(target_arch = "x86_64")]
fn find_candidate(text: &str, from: usize) -> Option<usize> {
    let mask = |[v, v1, v2, _]: [Bytes16; 4]| {
        v.eq(0xE4).and(v1.eq(0xB8)).and(v2.eq(0x80).or(v2.eq(0xB6))).bits()
    };
    sse2::scan::<2>(text.as_bytes(), from, mask, |i| is_candidate(text.as_bytes(), i))
}

/// `find_candidate` (as above), by the lead byte.
#[cfg(not(target_arch = "x86_64"))]
fn find_candidate(text: &str, from: usize) -> Option<usize> {
    find_bytes(text.as_bytes(), from, [0xE4; 3], is_candidate)
}

/// `一` or `丶` starts at `i`.
#[inline]
fn is_candidate(bytes: &[u8], i: usize) -> bool {
    bytes[i] == 0xE4
        && bytes.get(i + 1) == Some(&0xB8)
        && matches!(bytes.get(i + 2), Some(0x80 | 0xB6))
}

/// `(?<=\d(?: ?%)?|\d(?!一)\p{Han}|[A-Za-z])` at `at`: a digit before it, or a per cent
/// sign after one (`1%一3%`, `1 %一3 %`), or a unit after one (`2000年一2008年`), or an
/// ASCII letter (`G一432`).
fn after_number(line: &[char], at: usize) -> bool {
    let before = |back: usize| at.checked_sub(back).map(|i| line[i]);
    let digit = |back: usize| before(back).is_some_and(is_decimal);
    digit(1)
        || before(1) == Some('%') && (digit(2) || before(2) == Some(' ') && digit(3))
        || before(1).is_some_and(|c| c != '一' && is_han(c)) && digit(2)
        || before(1).is_some_and(|c| c.is_ascii_alphabetic())
}

/// `(?:…)(?:一\p{Han}{2,4}){2,}` as a whole: `part` (Han characters, `一` among them) splits
/// into two to four characters, then two or more of `一` and two to four characters.
fn chain(part: &[char]) -> bool {
    // parts[i]: bit k set when `part[..i]` splits into k pieces (k capped at 3)
    let mut parts = vec![0u8; part.len() + 1];
    for first in parts.iter_mut().take(5).skip(2) {
        *first |= 1 << 1; // the first piece: two to four characters
    }
    for i in 2..part.len() {
        if parts[i] == 0 || part[i] != '一' {
            continue;
        }
        for size in 2..=4 {
            let j = i + 1 + size;
            if j <= part.len() {
                for k in 1..=3 {
                    if parts[i] & (1 << k) != 0 {
                        parts[j] |= 1 << (k + 1).min(3);
                    }
                }
            }
        }
    }
    parts[part.len()] & (1 << 3) != 0
}

impl OcrDash {
    /// Mirrors `_words_between_dashes`: every part of `quoted` between its `一` is a
    /// common word of the word lists, of at least two characters.
    fn words_between_dashes(&self, quoted: &[char]) -> bool {
        quoted.split(|&c| c == '一').all(|part| {
            let word: String = part.iter().collect();
            part.len() > 1
                && (self.words.count(&word) >= WORD_COUNT || self.words.has_longer(&word))
        })
    }

    /// `double` at `at`: the span of `一一` (with a line's leading white space).
    fn double(line: &[char], at: usize) -> Option<usize> {
        let pair = |i: usize| line.get(i) == Some(&'一') && line.get(i + 1) == Some(&'一');
        // (?:^[ \t\u3000]*|(?<=[_CLOSERS：]))一一(?![_WORD_NEXT])
        let mut start = at;
        if at == 0 {
            while line.get(start).is_some_and(|&c| matches!(c, ' ' | '\t' | '\u{3000}')) {
                start += 1;
            }
        }
        let first = at == 0 || is_closer_or_colon(line[at - 1]);
        if first && pair(start) && !line.get(start + 2).is_some_and(|&c| is_word_next(c)) {
            return Some(start + 2);
        }
        // (?<!一)一一(?=[_OPENERS]|[二三四五六七八九]论)
        let opens = match line.get(at + 2) {
            Some(&c) if is_opener(c) => true,
            Some('二' | '三' | '四' | '五' | '六' | '七' | '八' | '九') => {
                line.get(at + 3) == Some(&'论')
            }
            _ => false,
        };
        (pair(at) && (at == 0 || line[at - 1] != '一') && opens).then_some(at + 2)
    }

    /// `quoted` at `at` (an opening quote): the span after the quote (`\K`) of a chain of
    /// two to four Han characters joined by `一`, up to a closing quote.
    fn quoted(line: &[char], at: usize) -> Option<(usize, usize)> {
        if !matches!(line[at], '“' | '‘' | '「') {
            return None;
        }
        let start = at + 1;
        let end = start + line[start..].iter().take_while(|&&c| is_han(c)).count();
        let closed = matches!(line.get(end), Some('”' | '’' | '」'));
        (closed && chain(&line[start..end])).then_some((start, end))
    }

    /// `self.pattern` tried at `at`: the span it matches and what `_replace` makes of it
    /// (`None`: the match stays as it is).
    fn match_at(&self, line: &[char], at: usize) -> Option<(usize, usize, Option<String>)> {
        let c = line[at];
        let dashes = |from: usize, to: usize, dash: char| -> String {
            line[from..to].iter().map(|&c| if c == '一' { dash } else { c }).collect()
        };
        if self.double && (at == 0 || c == '一') {
            if let Some(end) = Self::double(line, at) {
                // found.replace("一一", "——"): the one pair, at the end of the match
                let mut new: String = line[at..end - 2].iter().collect();
                new.push_str("——");
                return Some((at, end, Some(new)));
            }
        }
        if self.digits
            && c == '一'
            && after_number(line, at)
            && line.get(at + 1).is_some_and(|&d| is_decimal(d))
        {
            return Some((at, at + 1, Some("—".to_string())));
        }
        if self.comma && c == '丶' && at > 0 && is_han(line[at - 1]) {
            return Some((at, at + 1, Some("、".to_string())));
        }
        if self.quoted {
            if let Some((start, end)) = Self::quoted(line, at) {
                let new = self.words_between_dashes(&line[start..end]);
                return Some((start, end, new.then(|| dashes(start, end, '—'))));
            }
        }
        None
    }

    /// Mirrors `_line`: `sub(self.pattern, self._replace, line)`.
    fn line(&self, line: &[char]) -> Vec<LineChange> {
        let mut changes = Vec::new();
        let mut at = 0;
        while at < line.len() {
            match self.match_at(line, at) {
                Some((start, end, new)) => {
                    if let Some(new) = new {
                        changes.push((start, end, new));
                    }
                    at = end;
                }
                None => at += 1,
            }
        }
        changes
    }
}

impl Rule for OcrDash {
    fn new(options: &Bound<'_, PyDict>) -> PyResult<Self> {
        Ok(Self {
            double: param(options, "double")?,
            digits: param(options, "digits")?,
            comma: param(options, "comma")?,
            quoted: param(options, "quoted")?,
            words: Words::get(options.py())?,
            known: Known::default(),
        })
    }

    fn apply(&self, text: &str, edits: &mut Edits) -> Option<String> {
        if !(self.double || self.digits || self.comma || self.quoted) {
            return None;
        }
        by_line_known(text, edits, &self.known, find_candidate, |line| self.line(line))
    }
}
