//! ellipsis: `...`, `。。。` and a lone `…` in Chinese text become `……`
//! (`cleantext/kinds/ellipsis.py`).

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::code::quoted_literals;
use crate::edits::{splice, Change, Edits};
use crate::text::{
    candidate_lines, char_after, char_before, chars_into, chinese_after, chinese_before,
    find_bytes, holds_chinese, is_other_script, is_regex_space,
};
use crate::Rule;

pub struct Ellipsis;

const ELLIPSIS: &str = "……";

/// `_MARK`: a half-width mark that `punctuation` or `quotes` turns full-width by Chinese.
#[inline]
fn is_mark(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '?' | '!' | '(' | ')' | '"' | '\'')
}

/// `_BETWEEN`'s characters: a mark or white space (`[^\S\n]`; a line holds no `\n`).
#[inline]
fn is_between(c: char) -> bool {
    is_mark(c) || is_regex_space(c)
}

/// `_CANDIDATE`: the byte position of the next `...`, `。。。` or `…` from byte `from`.
fn find_candidate(text: &str, from: usize) -> Option<usize> {
    find_bytes(text.as_bytes(), from, [b'.', 0xE2, 0xE3], |bytes, at| {
        let rest = &bytes[at..];
        rest.starts_with(b"...")
            || rest.starts_with("…".as_bytes())
            || rest.starts_with("。。。".as_bytes())
    })
}

/// The end of `_DOT_RUN+` from byte `at` (`at` itself when none starts there): runs of three
/// dots or more, of three `。` or more, and single `…`.
fn dot_runs_end(line: &str, mut at: usize) -> usize {
    loop {
        let (unit, least) = match char_after(line, at) {
            Some('…') => ('…', 1),
            Some(c @ ('.' | '。')) => (c, 3),
            _ => return at,
        };
        let count = line[at..].chars().take_while(|&c| c == unit).count();
        if count < least {
            return at;
        }
        at += count * unit.len_utf8(); // one run, or as many `…` runs as there are `…`
    }
}

/// The end of the atomic group of `_DOTS` from byte `at`: runs, and one space or U+3000
/// between runs; `None` when no run starts at `at`.
fn dots_end(line: &str, at: usize) -> Option<usize> {
    let mut end = dot_runs_end(line, at);
    if end == at {
        return None;
    }
    while let Some(gap @ (' ' | '\u{3000}')) = char_after(line, end) {
        let after = end + gap.len_utf8();
        let next = dot_runs_end(line, after);
        if next == after {
            break;
        }
        end = next;
    }
    Some(end)
}

/// `_DOTS`' lookbehinds at byte `at`: not inside a run of dots, `。` or ellipses, nor after
/// one and white space.
fn starts_run(line: &str, at: usize) -> bool {
    let before = char_before(line, at);
    if matches!(before, Some('.' | '…')) {
        return false;
    }
    if before == Some('。') && char_after(line, at) == Some('。') {
        return false;
    }
    let head = line[..at].trim_end_matches(is_regex_space);
    !(head.len() < at && (head.ends_with("...") || head.ends_with('…') || head.ends_with("。。。")))
}

/// The dots `at..end` are Chinese (`_ELLIPSIS`'s alternatives, `numbers`: its form for a
/// line that holds Chinese, where a number before the dots counts too).
fn is_chinese(line: &str, at: usize, end: usize, numbers: bool) -> bool {
    // Chinese, or with `numbers` a digit or `%`, before the marks and spaces before the dots
    let marks_before = line[..at].trim_end_matches(is_between).len();
    if chinese_before(line, marks_before)
        || (numbers
            && char_before(line, marks_before).is_some_and(|c| c.is_ascii_digit() || c == '%'))
    {
        return true;
    }
    // Chinese after the marks and spaces after the dots
    let marks_after = line.len() - line[end..].trim_start_matches(is_between).len();
    if chinese_after(line, marks_after) {
        return true;
    }
    // a mark (spaces between) just before a `…` with Chinese beyond it
    let spaces_before = line[..at].trim_end_matches(is_regex_space).len();
    if char_before(line, spaces_before).is_some_and(is_mark)
        && char_after(line, at) == Some('…')
        && chinese_after(line, at)
    {
        return true;
    }
    // a `…` with Chinese before it, then a mark (spaces between)
    char_before(line, end) == Some('…')
        && chinese_before(line, end)
        && line[end..].trim_start_matches(is_regex_space).starts_with(is_mark)
}

/// The byte spans of the line's quoted literals (`QUOTED_LITERAL`), whose dots stay.
fn literal_bytes(line: &str) -> Vec<(usize, usize)> {
    if !line.contains(['"', '\'']) {
        return Vec::new();
    }
    let mut chars: Vec<char> = Vec::new();
    chars_into(line, &mut chars);
    let mut bytes = Vec::with_capacity(chars.len() + 1);
    let mut at = 0;
    for c in &chars {
        bytes.push(at);
        at += c.len_utf8();
    }
    bytes.push(at);
    quoted_literals(&chars).into_iter().map(|(begin, end)| (bytes[begin], bytes[end])).collect()
}

impl Ellipsis {
    /// `Ellipsis._line`: the changes in the line at byte `offset` of the text.
    fn line(line: &str, offset: usize, changes: &mut Vec<Change>) {
        let before = changes.len();
        let numbers = holds_chinese(line);
        let mut literals: Option<Vec<(usize, usize)>> = None; // worked out when first asked
        let mut at = 0;
        // a match starts at a `_CANDIDATE` (`...`, `。。。`, `…`): a `.` or `。` with fewer
        // after it starts no run of dots
        while let Some(found) = find_candidate(line, at) {
            at = found;
            // the lookbehinds first, as the regex tries them: inside a long run they fail
            // at once, where measuring the run from each of its characters would be quadratic
            match starts_run(line, at).then(|| dots_end(line, at)).flatten() {
                // already `……`: no match starts inside it (a `…` is before each)
                Some(end) if &line[at..end] == ELLIPSIS => at = end,
                Some(end) if is_chinese(line, at, end, numbers) => {
                    let literals = literals.get_or_insert_with(|| literal_bytes(line));
                    if !literals.iter().any(|&(begin, stop)| begin < at && at < stop) {
                        changes.push((offset + at, offset + end, ELLIPSIS));
                    }
                    at = end;
                }
                _ => at += char_after(line, at).map_or(1, char::len_utf8),
            }
        }
        if changes.len() > before && line.chars().any(is_other_script) {
            changes.truncate(before); // Japanese or Korean: its dots are its own
        }
    }
}

/// `ellipsis.chinese_ellipses`: `line` (one line) with its Chinese ellipses made `……`.
pub fn chinese_ellipses(line: &str) -> String {
    let mut changes = Vec::new();
    Ellipsis::line(line, 0, &mut changes);
    splice(line, changes, &mut Edits::new(false))
}

impl Rule for Ellipsis {
    fn new(_options: &Bound<'_, PyDict>) -> PyResult<Self> {
        Ok(Self)
    }

    fn apply(&self, text: &str, edits: &mut Edits) -> Option<String> {
        let mut changes = Vec::new();
        for (offset, line) in candidate_lines(text, find_candidate) {
            Self::line(line, offset, &mut changes);
        }
        (!changes.is_empty()).then(|| splice(text, changes, edits))
    }
}
