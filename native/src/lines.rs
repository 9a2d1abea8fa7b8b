//! Line by line work for kinds that never look across a line break (`base.by_line`).

use std::collections::HashSet;
use std::hash::BuildHasherDefault;

use crate::edits::{CharIndex, Edits};
#[cfg(target_arch = "x86_64")]
use crate::text::sse2;
#[cfg(not(target_arch = "x86_64"))]
use crate::text::{bytes_below, scan, word_at};
use crate::text::{candidate_lines, chars_into, find_bytes, is_py_space, Mix};

/// ASCII bytes from `lo` to `hi`, which a kind's scan looks for: `test` tells them apart;
/// or two bytes (`two`), looked for with `memchr2`.
pub struct ByteSet {
    lo: u8,
    hi: u8,
    test: fn(u8) -> bool,
    two: Option<(u8, u8)>,
}

impl ByteSet {
    /// The bytes `test` holds for, all between `lo` and `hi` (ASCII, `hi` < 0x7F).
    pub const fn new(lo: u8, hi: u8, test: fn(u8) -> bool) -> Self {
        Self { lo, hi, test, two: None }
    }

    /// The two bytes `a` and `b` (`lo`, `hi` and `test` unused).
    pub const fn two(a: u8, b: u8) -> Self {
        Self { lo: a, hi: b, test: |_| true, two: Some((a, b)) }
    }

    /// The first position from `from` of a byte of the set: a set of two by `memchr2`
    /// (SIMD); others sixteen bytes at a time (`text::sse2::scan`), trying only the bytes in
    /// `lo..=hi`.
    #[cfg(target_arch = "x86_64")]
    pub fn find(&self, bytes: &[u8], from: usize) -> Option<usize> {
        if let Some((a, b)) = self.two {
            return memchr::memchr2(a, b, &bytes[from..]).map(|at| from + at);
        }
        let mask = |[lanes, ..]: [sse2::Bytes16; 4]| lanes.within(self.lo, self.hi).bits();
        sse2::scan::<0>(bytes, from, mask, |at| (self.test)(bytes[at]))
    }

    /// The first position from `from` of a byte of the set: a set of two by `memchr2`
    /// (SIMD); others eight bytes at a time (so that Chinese text, all bytes of 0x80 and
    /// more, is skipped a word at a time), trying only the bytes in `lo..=hi`.
    #[cfg(not(target_arch = "x86_64"))]
    pub fn find(&self, bytes: &[u8], from: usize) -> Option<usize> {
        if let Some((a, b)) = self.two {
            return memchr::memchr2(a, b, &bytes[from..]).map(|at| from + at);
        }
        let mask = |at: usize| {
            let word = word_at(bytes, at);
            bytes_below(word, self.hi + 1) & !bytes_below(word, self.lo)
        };
        scan(bytes, from, mask, |at| (self.test)(bytes[at]))
    }
}

/// Run `fix` on each line (as characters, without its `\n`) that holds a byte of `trigger`
/// and that `wants` (a cheap test of the line as it is: a line it turns down is one `fix`
/// would leave as it is); copy the other lines. `fix` records its edits in the line's
/// coordinates and gives the characters it replaces, one for one (index in the line, new
/// character), in order: none when the line stays as it is. `None` when no line changed.
pub fn by_line(
    text: &str,
    edits: &mut Edits,
    trigger: &ByteSet,
    wants: impl Fn(&str) -> bool,
    mut fix: impl FnMut(&[char], &mut Edits) -> Vec<(usize, char)>,
) -> Option<String> {
    let mut out: Option<String> = None;
    let mut chars = CharIndex::new(text);
    let mut done = 0;
    let mut line: Vec<char> = Vec::new();
    let lines = candidate_lines(text, |text, from| trigger.find(text.as_bytes(), from));
    for (start, found) in lines {
        if !wants(found) {
            continue;
        }
        let end = start + found.len();
        line.clear();
        chars_into(found, &mut line);
        let mut local = Edits::new(edits.on());
        let replaced = fix(&line, &mut local);
        if !replaced.is_empty() {
            let out = out.get_or_insert_with(|| String::with_capacity(text.len() + 64));
            out.push_str(&text[done..start]);
            let mut copied = start; // the bytes of the line before this are in `out`
            let mut index = 0; // the character at byte `copied`
            for &(wanted, new) in &replaced {
                if wanted < index {
                    continue; // a second change of one character: the first one stands
                }
                let at = copied + line[index..wanted].iter().map(|c| c.len_utf8()).sum::<usize>();
                out.push_str(&text[copied..at]);
                out.push(new);
                copied = at + line[wanted].len_utf8();
                index = wanted + 1;
            }
            out.push_str(&text[copied..end]);
            done = end;
            if edits.on() {
                edits.append_at(chars.at(start), local);
            }
        }
    }
    let mut out = out?;
    out.push_str(&text[done..]);
    Some(out)
}

/// Mirrors `base.by_line_outside`: `by_line` on the parts of `text` outside `spans` (byte
/// spans of whole lines, sorted, not overlapping), which stay as they are.
pub fn by_line_outside(
    text: &str,
    spans: &[(usize, usize)],
    edits: &mut Edits,
    trigger: &ByteSet,
    wants: impl Fn(&str) -> bool,
    mut fix: impl FnMut(&[char], &mut Edits) -> Vec<(usize, char)>,
) -> Option<String> {
    if spans.is_empty() {
        return by_line(text, edits, trigger, wants, fix);
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut changed = false;
    let mut chars = CharIndex::new(text);
    let mut done = 0;
    for &(start, end) in spans.iter().chain([&(text.len(), text.len())]) {
        let mut local = Edits::new(edits.on());
        match by_line(&text[done..start], &mut local, trigger, &wants, &mut fix) {
            Some(new) => {
                out.push_str(&new);
                changed = true;
            }
            None => out.push_str(&text[done..start]),
        }
        if edits.on() {
            edits.append_at(chars.at(done), local);
        }
        out.push_str(&text[start..end]);
        done = end;
    }
    changed.then_some(out)
}

/// Mirrors `text.ends_sentence`: `line` ends on a mark of `TERMINAL`, perhaps followed by
/// marks of `CLOSERS` and spaces.
fn ends_sentence(line: &str) -> bool {
    line.trim_end_matches(|c| "”’）》」』】)\"' \t\u{3000}".contains(c))
        .chars()
        .next_back()
        .is_some_and(|c| "。！？；…!?;.".contains(c))
}

/// Mirrors `profile._NUMBER.fullmatch(cell)`: `[+-]?[0-9]+(?:\.[0-9]+)?%?`.
fn number(cell: &str) -> bool {
    let cell = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    let cell = cell.strip_suffix('%').unwrap_or(cell);
    let (whole, fraction) = cell.split_once('.').unwrap_or((cell, "1"));
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && digits(fraction)
}

/// Mirrors `profile.table_rows`: the block of `lines` (stripped, non-blank) is rows of a
/// table (CSV, or TSV when the first line has no comma): as many separators in every line,
/// none ending on a comma or a sentence's end or holding a `，` or a `。`; one separator a
/// line in three lines or more, in two only with a cell that is a number.
pub fn table_rows(lines: &[&str]) -> bool {
    if lines.len() < 2 {
        return false;
    }
    let separator = if lines[0].contains(',') { b',' } else { b'\t' };
    let count = |line: &str| line.bytes().filter(|&b| b == separator).count();
    let separators = count(lines[0]);
    separators > 0
        && lines.iter().all(|line| {
            count(line) == separators
                && !line.ends_with(',')
                && !line.contains('，')
                && !line.contains('。')
                && !ends_sentence(line)
        })
        && (lines.len() >= 3
            || separators >= 2
            || lines.iter().any(|line| line.split(char::from(separator)).any(number)))
}

/// Mirrors `profile.table_spans`: byte spans of the blocks of `text` (runs of non-blank
/// lines) that are `table_rows`, from a block's first line's start to its last line's end.
pub fn table_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    if !may_hold_table(text) {
        return spans; // nearly every text: one scan for `,` and tabs
    }
    let mut block: Vec<&str> = Vec::new();
    let (mut start, mut first, mut last) = (0, 0, 0);
    for line in text.split('\n') {
        let stripped = line.trim_matches(is_py_space);
        if !stripped.is_empty() {
            if block.is_empty() {
                first = start;
            }
            block.push(stripped);
            last = start + line.len();
        } else if !block.is_empty() {
            if table_rows(&block) {
                spans.push((first, last));
            }
            block.clear();
        }
        start += line.len() + 1;
    }
    if table_rows(&block) {
        spans.push((first, last));
    }
    spans
}

/// A change a line fixer found: characters `start..end` of the line become the string.
pub type LineChange = (usize, usize, String);

/// Mirrors `base.Known`: lines a `Scope.LINE` kind left as they were, which `by_line_changes`
/// does not fix again (most lines a later pass over a slice meets). Memory stays bounded:
/// past `KNOWN_BYTES` (a line counted 64 more) the older lines are forgotten, the recent
/// ones kept. A native twin makes no edit on a line it leaves, traced or not: one set.
#[derive(Default)]
pub struct Known(std::sync::Mutex<KnownLines>);

#[derive(Default)]
pub struct KnownLines {
    recent: HashSet<Box<str>, BuildHasherDefault<Mix>>,
    older: HashSet<Box<str>, BuildHasherDefault<Mix>>,
    size: usize,
}

/// How many bytes of lines `Known` holds in each of its two sets.
const KNOWN_BYTES: usize = 1 << 19;

impl KnownLines {
    fn has(&self, line: &str) -> bool {
        self.recent.contains(line) || self.older.contains(line)
    }

    fn add(&mut self, line: &str) {
        self.size += line.len() + 64;
        if self.size > KNOWN_BYTES {
            self.older = std::mem::take(&mut self.recent);
            self.size = line.len() + 64;
        }
        self.recent.insert(line.into());
    }
}

/// `by_line_changes` with the lines `known` holds skipped, and those `fix` leaves added to
/// it (`base.by_line` with a `Known`): for a kind whose fix of a line looks at that line
/// alone (`Scope.LINE`).
pub fn by_line_known(
    text: &str,
    edits: &mut Edits,
    known: &Known,
    find: impl Fn(&str, usize) -> Option<usize>,
    mut fix: impl FnMut(&[char]) -> Vec<LineChange>,
) -> Option<String> {
    let Ok(mut lines) = known.0.lock() else {
        return by_line_changes(text, edits, find, fix);
    };
    let mut left = Vec::new(); // the lines `fix` left, added when the scan is done
    let out = by_lines(text, edits, find, |found, line| {
        if lines.has(found) {
            return Vec::new();
        }
        line.extend(found.chars());
        let changes = fix(line);
        if changes.is_empty() {
            left.push(found);
        }
        changes
    });
    for line in left {
        lines.add(line);
    }
    out
}

/// Mirrors `base.by_line` with a fixer that is a `base.sub`: run `fix` on each line (as
/// characters, without its `\n`) from a position `find(text, from)` gives, copy the other
/// lines. `fix` gives the changes `sub` would make (in order, not overlapping, each a real
/// change), recorded here as `base._record` does. `None` when no line changed.
pub fn by_line_changes(
    text: &str,
    edits: &mut Edits,
    find: impl Fn(&str, usize) -> Option<usize>,
    mut fix: impl FnMut(&[char]) -> Vec<LineChange>,
) -> Option<String> {
    by_lines(text, edits, find, |found, line| {
        line.extend(found.chars());
        fix(line)
    })
}

/// `by_line_changes`, with `fix` given each line as text and an empty buffer, which it
/// fills with the line's characters when it finds changes.
fn by_lines<'a>(
    text: &'a str,
    edits: &mut Edits,
    find: impl Fn(&str, usize) -> Option<usize>,
    mut fix: impl FnMut(&'a str, &mut Vec<char>) -> Vec<LineChange>,
) -> Option<String> {
    let mut out: Option<String> = None;
    let mut chars = CharIndex::new(text);
    let mut done = 0;
    let mut line: Vec<char> = Vec::new();
    for (start, found) in candidate_lines(text, find) {
        line.clear();
        let changes = fix(found, &mut line);
        if changes.is_empty() {
            continue;
        }
        let out = out.get_or_insert_with(|| String::with_capacity(text.len() + 64));
        out.push_str(&text[done..start]);
        let offset = if edits.on() { chars.at(start) } else { 0 };
        let mut kept = 0;
        let mut old = String::new();
        for (a, b, new) in &changes {
            out.extend(&line[kept..*a]);
            out.push_str(new);
            if edits.on() {
                old.clear();
                old.extend(&line[*a..*b]);
                edits.record(offset + a, &old, new);
            }
            kept = *b;
        }
        out.extend(&line[kept..]);
        done = start + found.len();
    }
    let mut out = out?;
    out.push_str(&text[done..]);
    Some(out)
}

/// Two lines one after the other both hold a `,` or a tab: a block of `table_rows` has two
/// lines or more, each with its separator, so a text without such a pair holds no table.
fn may_hold_table(text: &str) -> bool {
    let bytes = text.as_bytes();
    let separator = |from: usize| find_bytes(bytes, from, [b',', b'\t', b','], |_, _| true);
    let mut from = 0;
    while let Some(hit) = separator(from) {
        let Some(end) = text[hit..].find('\n').map(|i| hit + i) else { return false };
        let Some(next) = separator(end + 1) else { return false };
        if !bytes[end + 1..next].contains(&b'\n') {
            return true; // the line after holds one too
        }
        from = next;
    }
    false
}
