//! spacing: remove the stray spaces that justified type and OCR leave in Chinese text
//! (`cleantext/kinds/spacing.py`).

use std::collections::BTreeSet;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::code::shell_line;
use crate::edits::{splice, Change, Edits};
use crate::text::{
    candidate_lines, char_after, char_before, chinese_after, chinese_before, find_bytes, is_cjk,
    is_han, is_hspace, is_other_script, is_py_space, is_regex_space,
};
use crate::{param, Rule};

/// The `cjk_latin` param: what becomes of a space between Han and Latin letters or digits.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Remove,
    Keep,
    Add,
}

pub struct Spacing {
    style: Style,
    keep_headline_space: bool,
}

/// `_ALNUM`.
#[inline]
fn is_alnum(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// A finder of the next place of interest from a byte position.
type Finder = fn(&str, usize) -> Option<usize>;

/// `_SPACED`: the byte position of the next `[ \t\u3000]` from byte `from`.
fn find_spaced(text: &str, from: usize) -> Option<usize> {
    find_bytes(text.as_bytes(), from, [b' ', b'\t', 0xE3], |bytes, at| {
        bytes[at] != 0xE3 || bytes[at + 1..].starts_with(&[0x80, 0x80])
    })
}

/// `_SPACED` in a text without U+3000: the byte position of the next space or tab from
/// byte `from` (`memchr2`, which no mark of Chinese text stops).
fn find_blank(text: &str, from: usize) -> Option<usize> {
    memchr::memchr2(b' ', b'\t', &text.as_bytes()[from..]).map(|at| from + at)
}

/// The end of the run of `[ \t\u3000]` that starts at byte `at`.
fn spaces_end(line: &str, at: usize) -> usize {
    let bytes = line.as_bytes();
    let mut end = at;
    loop {
        match bytes.get(end) {
            Some(b' ' | b'\t') => end += 1,
            Some(0xE3) if bytes[end + 1..].starts_with(&[0x80, 0x80]) => end += 3,
            _ => return end,
        }
    }
}

/// `_NOT_EMPTY`: the byte position of the next character other than a line break.
fn find_not_empty(text: &str, from: usize) -> Option<usize> {
    text.as_bytes()[from..].iter().position(|&b| b != b'\n').map(|i| from + i)
}

/// The number, up to two, of `_JUSTIFIED_GAP.findall(line)` matches (`[A-Za-z] {2,3}[A-Za-z]`,
/// not overlapping).
fn justified_gaps(line: &str) -> usize {
    let bytes = line.as_bytes();
    let (mut at, mut found) = (0, 0);
    while at < bytes.len() && found < 2 {
        if bytes[at].is_ascii_alphabetic() {
            let spaces = bytes[at + 1..].iter().take_while(|&&b| b == b' ').count();
            let after = at + 1 + spaces;
            if (2..=3).contains(&spaces)
                && after < bytes.len()
                && bytes[after].is_ascii_alphabetic()
            {
                found += 1;
                at = after + 1;
                continue;
            }
        }
        at += 1;
    }
    found
}

/// `_WIDE_GAP.search(line)`: a non-space followed by four spaces or more, or spaces and a tab.
fn wide_gap(line: &str) -> bool {
    let mut prev: Option<char> = None;
    for (at, c) in line.char_indices() {
        if (c == ' ' || c == '\t') && prev.is_some_and(|p| !is_py_space(p)) {
            let rest = &line.as_bytes()[at..];
            let spaces = rest.iter().take_while(|&&b| b == b' ').count();
            if spaces >= 4 || rest.get(spaces) == Some(&b'\t') {
                return true;
            }
        }
        prev = Some(c);
    }
    false
}

/// `_columns`: the display columns where cells start after a column gap (`_CELL`: a run of
/// spaces and tabs other than one space, between two non-spaces), ascending.
fn columns(line: &str) -> Vec<usize> {
    let mut found = Vec::new();
    let (mut prev, mut chars) = (None::<char>, 0usize);
    let mut iter = line.char_indices().peekable();
    while let Some((at, c)) = iter.next() {
        chars += 1;
        if (c == ' ' || c == '\t') && prev.is_some_and(|p| !is_py_space(p)) {
            let mut end = at + 1;
            let mut last = c;
            while let Some(&(next_at, next)) = iter.peek() {
                if next != ' ' && next != '\t' {
                    break;
                }
                iter.next();
                chars += 1;
                end = next_at + 1;
                last = next;
            }
            let run = &line[at..end];
            if run != " " && char_after(line, end).is_some_and(|n| !is_py_space(n)) {
                found.push((chars + end) / 2); // `display_width(line[:end])`
            }
            prev = Some(last);
            continue;
        }
        prev = Some(c);
    }
    found
}

/// `len(set(a) & set(b))` of two ascending lists, up to two (as `columns` gives them).
fn shared(a: &[usize], b: &[usize]) -> usize {
    let (mut i, mut j, mut found) = (0, 0, 0);
    while i < a.len() && j < b.len() && found < 2 {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => (i, j, found) = (i + 1, j + 1, found + 1),
        }
    }
    found
}

/// `justified_lines`: the lines of justified Latin prose, not table rows (by content, as
/// Python asks `line in justified`: a copy of such a line elsewhere counts too). Only the
/// lines with two spaces in a row can be: they are found by `memmem`, and each one's two
/// lines before and after (`all[index - 2]` ... `all[index + 2]` of Python's
/// `text.split("\n")`) from its place.
fn justified_lines(text: &str) -> BTreeSet<&str> {
    let mut found = BTreeSet::new();
    let mut done = 0; // the lines before this byte are looked at
    for hit in memchr::memmem::find_iter(text.as_bytes(), b"  ") {
        if hit < done {
            continue;
        }
        let start = text[..hit].rfind('\n').map_or(0, |i| i + 1);
        let end = text[hit..].find('\n').map_or(text.len(), |i| hit + i);
        done = end;
        let line = &text[start..end];
        if justified_gaps(line) < 2 || wide_gap(line) {
            continue;
        }
        let own = columns(line);
        // the line that ends at the `\n` before `start`, the one that starts after `end`
        let before = |start: usize| {
            (start > 0).then(|| (text[..start - 1].rfind('\n').map_or(0, |i| i + 1), start - 1))
        };
        let after = |end: usize| {
            (end < text.len())
                .then(|| (end + 1, text[end + 1..].find('\n').map_or(text.len(), |i| end + 1 + i)))
        };
        let up = before(start);
        let down = after(end);
        let near = [up.and_then(|(s, _)| before(s)), up, down, down.and_then(|(_, e)| after(e))];
        let table = near.iter().flatten().any(|&(s, e)| {
            let other = &text[s..e];
            other.chars().any(|c| !is_py_space(c)) && shared(&own, &columns(other)) >= 2
        });
        if !table {
            found.insert(line);
        }
    }
    found
}

/// `_PHRASE`'s characters: `[^\s，。、；：？！,;:?!（）()]`.
#[rustfmt::skip] // one set: a line of marks reads better than a column
fn is_phrase_char(c: char) -> bool {
    !is_regex_space(c)
        && !matches!(
            c,
            '，' | '。' | '、' | '；' | '：' | '？' | '！' | ',' | ';' | ':' | '?' | '!' | '（' | '）'
                | '(' | ')'
        )
}

/// Three Han characters in a row (`_HAN_RUN`).
fn has_han_run(phrase: &str) -> bool {
    let mut run = 0;
    phrase.chars().any(|c| {
        run = if is_han(c) { run + 1 } else { 0 };
        run == 3
    })
}

/// `is_headline`: two phrases of four to twelve characters, Han on both sides of the one
/// space between them, each with three Han in a row, the first not a byline's.
fn is_headline(line: &str) -> bool {
    let Some(space) = line.find(|c: char| !is_phrase_char(c)) else {
        return false;
    };
    if line.as_bytes()[space] != b' ' {
        return false;
    }
    let (first, second) = (&line[..space], &line[space + 1..]);
    let phrase = |p: &str| (4..=12).contains(&p.chars().count()) && p.chars().all(is_phrase_char);
    phrase(first)
        && phrase(second)
        && char_before(first, first.len()).is_some_and(is_han)
        && char_after(second, 0).is_some_and(is_han)
        && !["记者", "通讯员", "摄影", "编辑", "作者", "撰稿"]
            .iter()
            .any(|end| first.ends_with(end))
        && has_han_run(first)
        && has_han_run(second)
}

/// `_QUOTED_LATIN` matched one or two characters before the space at `start`: an English
/// word beside a curly quote around English (`header ‘Origin’ cannot`).
fn quoted_latin(line: &str, start: usize, left: char, right: char) -> bool {
    let after = start + 1 + right.len_utf8();
    let before = start - left.len_utf8();
    (matches!(left, 'A'..='Z' | 'a'..='z' | '0'..='9' | ',' | ';' | ':')
        && matches!(right, '‘' | '“')
        && char_after(line, after).is_some_and(|c| c.is_ascii_alphabetic()))
        || (matches!(left, '’' | '”')
            && right.is_ascii_alphabetic()
            && char_before(line, before).is_some_and(|c| c.is_ascii_alphabetic()))
}

/// `_CHINESE_GAP.match(line, start)`: the one-character gap at `start..end` beside an
/// ellipsis is Chinese.
fn chinese_gap(line: &str, start: usize, end: usize) -> bool {
    chinese_before(line, start)
        || (char_before(line, start) == Some('…') && char_after(line, end) == Some('…'))
        || chinese_after(line, end)
}

impl Spacing {
    /// `Spacing._replace`: what the gap `start..end` of `line` (empty: Han touching Latin)
    /// becomes; `None` when it stays as it is.
    fn replace(&self, line: &str, start: usize, end: usize) -> Option<&'static str> {
        let gap = &line[start..end];
        if start == 0 {
            return None; // an indent
        }
        if end >= line.len() {
            return Some("");
        }
        let (Some(left), Some(right)) = (char_before(line, start), char_after(line, end)) else {
            unreachable!("a gap inside the line")
        };
        if gap.chars().count() > 1 || gap == "\t" {
            return None; // a column gap
        }
        if start == left.len_utf8() && matches!(left, '-' | '*' | '+' | '•') {
            return None; // a list item's bullet: `- 鸡蛋` (`_BULLETS`)
        }
        if left == ':' && config_key(&line[..start]) {
            return None; // a key of configuration: `name: 测试服务` (`_CONFIG_KEY`)
        }
        if gap == " " {
            if line[end..].starts_with("s://") && line[..start].ends_with("http") {
                return Some(""); // a wrap split the scheme: `http s://`
            }
            if quoted_latin(line, start, left, right) {
                return None;
            }
        }
        let mut chinese = (is_cjk(left) && left != '…') || (is_cjk(right) && right != '…');
        if !chinese && (left == '…' || right == '…') {
            chinese = chinese_gap(line, start, end);
        }
        if self.style != Style::Remove
            && ((is_han(left) && is_alnum(right)) || (is_alnum(left) && is_han(right)))
        {
            return (self.style == Style::Add).then_some(" ");
        }
        Some(if chinese { "" } else { " " })
    }

    /// `Spacing._replace_justified`: in a line of justified Latin prose, two or three spaces
    /// between letters are one.
    fn replace_justified(&self, line: &str, start: usize, end: usize) -> Option<&'static str> {
        let gap = &line[start..end];
        let letter = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
        if (2..=3).contains(&gap.len())
            && gap.bytes().all(|b| b == b' ')
            && letter(char_before(line, start))
            && letter(char_after(line, end))
        {
            return Some(" ");
        }
        self.replace(line, start, end)
    }

    /// `Spacing._line`: the changes in the line at byte `offset` of the text, found in one
    /// pass over it, then dropped if the line turns out to be Japanese or Korean, or a
    /// headline (which Python tests first).
    /// `spaced` is `find_spaced`, or `find_blank` when the text holds no U+3000.
    fn line(
        &self,
        line: &str,
        offset: usize,
        justified: bool,
        spaced: Finder,
        changes: &mut Vec<Change>,
    ) {
        if shell_line(line) {
            return; // a shell command's spaces part its words
        }
        let before = changes.len();
        let change = |start: usize, end: usize| {
            let new = if justified {
                self.replace_justified(line, start, end)
            } else {
                self.replace(line, start, end)
            };
            let new = new.filter(|&new| new != &line[start..end])?;
            Some((offset + start, offset + end, new))
        };
        if self.style != Style::Add {
            // `self.pattern`: runs of `[ \t\u3000]`, found by bytes; the line's script is
            // looked at only when a gap changes (a line with none is left either way)
            let mut from = 0;
            while let Some(at) = spaced(line, from) {
                let end = spaces_end(line, at);
                changes.extend(change(at, end));
                from = end;
            }
            if changes.len() > before && line.chars().any(is_other_script) {
                changes.truncate(before);
                return; // Korean spaces its words; Japanese spacing is its own
            }
            if changes.len() > before && self.keep_headline_space && is_headline(line) {
                changes.truncate(before);
            }
            return;
        }
        // `self.pattern` with `add`: runs of `[ \t\u3000]`, and the places where Han touches
        // a Latin letter or digit (`_GAP_OR_TOUCH`).
        let mut prev: Option<char> = None;
        let mut chars = line.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            if is_other_script(c) {
                changes.truncate(before);
                return; // Korean spaces its words; Japanese spacing is its own
            }
            if is_hspace(c) {
                let mut end = at + c.len_utf8();
                while let Some(&(next_at, next)) = chars.peek() {
                    if !is_hspace(next) {
                        break;
                    }
                    chars.next();
                    end = next_at + next.len_utf8();
                }
                changes.extend(change(at, end));
                prev = Some(' ');
                continue;
            }
            if prev.is_some_and(|p| (is_han(p) && is_alnum(c)) || (is_alnum(p) && is_han(c))) {
                changes.extend(change(at, at));
            }
            prev = Some(c);
        }
        if changes.len() > before && self.keep_headline_space && is_headline(line) {
            changes.truncate(before);
        }
    }
}

impl Rule for Spacing {
    fn new(options: &Bound<'_, PyDict>) -> PyResult<Self> {
        let style = match param::<String>(options, "cjk_latin")?.as_str() {
            "remove" => Style::Remove,
            "keep" => Style::Keep,
            "add" => Style::Add,
            other => return Err(PyValueError::new_err(format!("cjk_latin: {other}"))),
        };
        Ok(Self { style, keep_headline_space: param(options, "keep_headline_space")? })
    }

    fn apply(&self, text: &str, edits: &mut Edits) -> Option<String> {
        let ideographic = memchr::memmem::find(text.as_bytes(), "\u{3000}".as_bytes()).is_some();
        let spaced: Finder = if ideographic { find_spaced } else { find_blank };
        let find = if self.style == Style::Add { find_not_empty } else { spaced };
        let mut found = candidate_lines(text, find).peekable();
        found.peek()?;
        let justified = justified_lines(text);
        let mut changes = Vec::new();
        for (offset, line) in found {
            let justified = justified.contains(line);
            self.line(line, offset, justified, spaced, &mut changes);
        }
        (!changes.is_empty()).then(|| splice(text, changes, edits))
    }
}

/// `_CONFIG_KEY.fullmatch(head)`: `[ \t]*(?:- )?[A-Za-z_][A-Za-z0-9_.-]*:`, a key of
/// configuration and its colon.
fn config_key(head: &str) -> bool {
    let rest = head.trim_start_matches([' ', '\t']);
    let rest = rest.strip_prefix("- ").unwrap_or(rest);
    let Some(name) = rest.strip_suffix(':') else {
        return false;
    };
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}
