//! unwrap: join column-wrapped lines into paragraphs, one paragraph per line
//! (`cleantext/kinds/unwrap.py`, the reference; each function names the one it mirrors).
//! Every branch is ported: it declines no text.

use std::cell::Cell;

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::edits::{skip_chars, CharIndex, Edits};
use crate::ellipsis::chinese_ellipses;
use crate::headings::{
    bare, chinese_heading_text, doubled_heading, doubled_marks, placed_as_heading, undouble,
    HEADING_LENGTH,
};
use crate::lines::ByteSet;
use crate::profile::{
    all_different, classify, code_like, end_mark, holds_cjk, sung_again, wrapped_latin, Block,
};
use crate::punctuation::full_width_line;
#[cfg(target_arch = "x86_64")]
use crate::text::sse2;
use crate::text::{
    ends_sentence, is_closer, is_continuing, is_han, is_hspace, is_py_alpha, is_py_space,
    is_regex_space, is_terminal, py_isalnum, py_isdecimal, py_islower,
};
use crate::{param, Rule};

pub struct Unwrap {
    tolerance: f64,
    wide: f64,
    min_block: i64,
}

impl Rule for Unwrap {
    fn new(options: &Bound<'_, PyDict>) -> PyResult<Self> {
        Ok(Self {
            tolerance: param(options, "tolerance")?,
            wide: param(options, "wide")?,
            min_block: param(options, "min_block")?,
        })
    }

    /// `Unwrap.apply` and `Unwrap._unwrap`.
    fn apply(&self, text: &str, edits: &mut Edits) -> Option<String> {
        if text.contains('\u{2028}') {
            return Some(self.kept_separators(text, edits));
        }
        self.unwrap(text, edits)
    }
}

impl Unwrap {
    /// `Unwrap._unwrap`: `None` when nothing changed.
    fn unwrap(&self, text: &str, edits: &mut Edits) -> Option<String> {
        if self.min_block > 1 && one_paragraph_a_line(text) {
            return join_in_own_form(text, edits);
        }
        if subtitles(text) {
            return as_it_is(text, edits);
        }
        let out = self.by_lines(text, edits);
        (out != text || edits.on()).then_some(out)
    }

    /// `unwrap._kept_separators`: `text` unwrapped with each line separator (U+2028) read as
    /// a line break that stays: where unwrapping would join there, a paragraph break.
    fn kept_separators(&self, text: &str, edits: &mut Edits) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut inner = Edits::new(true);
        self.unwrap(&text.replace('\u{2028}', "\n"), &mut inner);
        let mut found = inner.into_vec();
        found.sort();
        let separators: Vec<usize> =
            (0..chars.len()).filter(|&at| chars[at] == '\u{2028}').collect();
        let mut kept: Vec<(usize, usize, String)> =
            Vec::with_capacity(found.len() + separators.len());
        for (start, end, new) in found {
            let next = separators.partition_point(|&at| at < start); // (in order: no search)
            let inside = separators.get(next).filter(|&&at| at < end);
            match inside {
                Some(&first) if !new.contains('\n') => {
                    let head: String = chars[start..first].iter().collect();
                    let new = head.trim_end_matches(is_hspace).to_string() + "\n\n";
                    kept.push((start, end, new));
                }
                _ => kept.push((start, end, new)),
            }
        }
        // (`kept` is in order and its spans apart: the one that may cover `at` is found by
        // bisection)
        let covered = |at: usize| {
            let before = kept.partition_point(|&(start, _, _)| start <= at);
            before > 0 && at < kept[before - 1].1
        };
        let lone: Vec<usize> = separators.iter().copied().filter(|&at| !covered(at)).collect();
        kept.extend(lone.into_iter().map(|at| (at, at + 1, "\n".to_string())));
        kept.sort();
        let mut out = String::with_capacity(text.len());
        let mut done = 0;
        for (start, end, new) in &kept {
            out.extend(&chars[done..*start]);
            out.push_str(new);
            done = *end;
        }
        out.extend(&chars[done..]);
        for (start, end, new) in kept {
            edits.push(start, end, new);
        }
        out
    }
}

/// `profile.subtitles`: `text` is subtitles, a cue (`00:00:01,000 --> 00:00:04,000`) one
/// or more every twenty lines.
fn subtitles(text: &str) -> bool {
    if !text.contains("-->") {
        return false;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut cues = 0;
    let mut done = 0; // where the last cue found ends
    for start in 0..chars.len() {
        if start < done || (start > 0 && chars[start - 1] != '\n') {
            continue;
        }
        if let Some(end) = cue_at(&chars, start) {
            cues += 1;
            done = end;
        }
    }
    20 * cues > text.matches('\n').count()
}

/// `profile._CUE` matched at `start` (a line's start): where the match ends.
/// `^\s*(?:\d{1,2}:)?\d{1,2}:\d{2}[,.]\d{1,3}\s*-->` (`re`: `\s` is `str.isspace`, `\d`
/// `str.isdecimal`).
fn cue_at(chars: &[char], start: usize) -> Option<usize> {
    let digit = |at: usize| chars.get(at).is_some_and(|&c| py_isdecimal(c));
    let is = |at: usize, c: char| chars.get(at) == Some(&c);
    let mut at = start;
    while chars.get(at).is_some_and(|&c| is_py_space(c)) {
        at += 1;
    }
    // \d{1,2}:\d{2}[,.]\d{1,3}\s*--> from `at`
    let rest = |at: usize| -> Option<usize> {
        for minutes in [2, 1] {
            if !(0..minutes).all(|i| digit(at + i)) || !is(at + minutes, ':') {
                continue;
            }
            let at = at + minutes + 1;
            if !(digit(at) && digit(at + 1) && matches!(chars.get(at + 2), Some(',' | '.'))) {
                continue;
            }
            let mut end = at + 3;
            let mut count = 0;
            while count < 3 && digit(end) {
                end += 1;
                count += 1;
            }
            if count == 0 {
                continue;
            }
            while chars.get(end).is_some_and(|&c| is_py_space(c)) {
                end += 1;
            }
            if is(end, '-') && is(end + 1, '-') && is(end + 2, '>') {
                return Some(end + 3);
            }
        }
        None
    };
    for hours in [2, 1] {
        if (0..hours).all(|i| digit(at + i)) && is(at + hours, ':') {
            if let Some(end) = rest(at + hours + 1) {
                return Some(end);
            }
        }
    }
    rest(at)
}

/// `unwrap._as_it_is`: `text` with its lines as they are; only blank lines before it and
/// white space after it go.
fn as_it_is(text: &str, edits: &mut Edits) -> Option<String> {
    let edge = |c: char| ws(c) || c == '\n';
    let body = text.trim_end_matches(edge);
    let lead = body.len() - body.trim_start_matches(edge).len();
    let start = body[..lead].rfind('\n').map_or(0, |i| i + 1);
    if start == 0 && body.len() == text.len() {
        return None;
    }
    if start > 0 {
        edits.push(0, text[..start].chars().count(), String::new());
    }
    if body.len() < text.len() {
        let from = body.chars().count();
        edits.push(from, from + text[body.len()..].chars().count(), String::new());
    }
    Some(body[start..].to_string())
}

/// `unwrap._WS`: white space at a line's edges.
#[inline]
fn ws(c: char) -> bool {
    is_hspace(c)
}

fn first_char(text: &str) -> char {
    text.chars().next().unwrap_or('\0')
}

fn last_char(text: &str) -> char {
    text.chars().next_back().unwrap_or('\0')
}

fn second_char(text: &str) -> Option<char> {
    text.chars().nth(1)
}

/// One non-blank line (`unwrap.Line`): `text` lies at bytes `start..end` of the input.
#[derive(Clone)]
struct Line<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    size: usize, // characters
    block: usize,
    first: bool,
    indent: i64,
    width: i64,
    doubled: bool,
    row: bool,
    /// `title_line(text)`, once asked (`_joined` asks it of each line as the first of a
    /// pair and as the second)
    title: Cell<Option<bool>>,
}

impl Line<'_> {
    /// `title_line(self.text)`.
    fn title(&self) -> bool {
        let title = self.title.get().unwrap_or_else(|| title_line(self.text));
        self.title.set(Some(title));
        title
    }
}

/// What `_lines` adds to its lists.
#[derive(Default)]
struct Found {
    stretched: Vec<usize>,
    starts: Vec<usize>,
    spaced: Vec<usize>,
    loose: Vec<usize>,
}

/// `unwrap._SPREAD_SPACE.findall`: spaces between two characters beyond ASCII.
fn spread_spaces(content: &str) -> i64 {
    // (a character beyond ASCII ends on a byte of 0x80 or more and starts on one)
    let bytes = content.as_bytes();
    // (the spaces found by `memchr`: few in a line)
    let spread = memchr::memchr_iter(b' ', bytes)
        .filter(|&at| {
            at > 0 && at + 1 < bytes.len() && bytes[at - 1] >= 0x80 && bytes[at + 1] >= 0x80
        })
        .count();
    spread as i64
}

fn beyond_ascii(content: &str) -> i64 {
    // their first bytes, counted in bytes 255 at a time (a vector loop)
    let count = |block: &[u8]| usize::from(block.iter().map(|&b| u8::from(b >= 0xC0)).sum::<u8>());
    content.as_bytes().chunks(255).map(count).sum::<usize>() as i64
}

/// `unwrap._COLUMN_GAP.search`: a gap of two or more spaces, or a tab, between words (not
/// two spaces after a sentence's end).
fn column_gap(content: &[char]) -> bool {
    let n = content.len();
    for (at, &c) in content.iter().enumerate() {
        if is_regex_space(c) {
            continue;
        }
        if matches!(c, '.' | '?' | '!')
            && at + 3 < n
            && content[at + 1] == ' '
            && content[at + 2] == ' '
            && !is_regex_space(content[at + 3])
        {
            continue;
        }
        let mut end = at + 1;
        let mut tab = false;
        while end < n && matches!(content[end], ' ' | '\t' | '\u{3000}') {
            tab |= content[end] == '\t';
            end += 1;
        }
        if (end - at > 2 || tab) && end < n && !is_regex_space(content[end]) {
            return true;
        }
    }
    false
}

/// `unwrap._latin_gaps`: each gap of two or more spaces is two spaces after a Latin letter,
/// a digit or a colon and before a Latin word, a path, a quote or an option (no tab nor
/// ideographic space in the line), and the line holds Chinese: a justified line of Chinese
/// prose whose spaces between Latin words were stretched, not a table's cells, code and its
/// comment, or a term and what it means.
fn latin_gaps(content: &str, chars: &[char]) -> bool {
    if content.contains(['\t', '\u{3000}']) || !holds_cjk(content) {
        return false;
    }
    let n = chars.len();
    let mut at = 0;
    while at < n {
        if chars[at] == ' ' && at + 1 < n && chars[at + 1] == ' ' {
            let mut end = at + 2;
            while end < n && chars[end] == ' ' {
                end += 1;
            }
            if end - at != 2
                || at == 0
                || !(chars[at - 1].is_ascii_alphanumeric() || chars[at - 1] == ':')
                || !gap_word(&chars[end..])
            {
                return false;
            }
            at = end;
        } else {
            at += 1;
        }
    }
    true
}

/// `unwrap._GAP_WORD.match`: `[A-Za-z0-9/"]|--?[A-Za-z0-9]` at the start of `rest`.
fn gap_word(rest: &[char]) -> bool {
    match rest {
        [c, ..] if c.is_ascii_alphanumeric() || matches!(c, '/' | '"') => true,
        ['-', '-', c, ..] | ['-', c, ..] => c.is_ascii_alphanumeric(),
        _ => false,
    }
}

/// `unwrap._CJK`: a CJK character or full-width form.
fn cjk_or_wide(c: char) -> bool {
    matches!(c, '\u{2e80}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

/// `unwrap._letter_spaced`: a line spaced out to fill a justified column.
fn letter_spaced(content: &[char]) -> bool {
    let n = content.len();
    let mut singles = 0i64;
    let mut spread = 0i64;
    let mut gaps = 0i64;
    let mut run = 0;
    for at in 0..n {
        let c = content[at];
        if c == ' ' {
            let before = if at > 0 { content[at - 1] } else { '\0' };
            let after = content.get(at + 1).copied();
            if (at > 0 && cjk_or_wide(before) && after != Some(' '))
                || ((at == 0 || before != ' ') && after.is_some_and(cjk_or_wide))
            {
                singles += 1;
            }
            if at > 0 && !before.is_ascii() && after.is_some_and(|a| !a.is_ascii()) {
                spread += 1;
            }
            run += 1;
        } else {
            if run >= 2 {
                gaps += 1;
            }
            run = 0;
        }
        if matches!(c, '\u{2500}'..='\u{257f}') {
            return false;
        }
    }
    if run >= 2 {
        gaps += 1;
    }
    let beyond = content.iter().filter(|c| !c.is_ascii()).count() as i64;
    singles >= 3
        && singles >= 3 * gaps
        && spread >= 2
        && 3 * spread >= beyond
        && !content.windows(3).any(|w| w == [' ', ' ', ' '])
}

/// The byte length of the first `count` characters of `text` (all of it when shorter).
fn char_bytes(text: &str, count: usize) -> usize {
    text.char_indices().nth(count).map_or(text.len(), |(at, _)| at)
}

/// `content[1] == content[0] or content.find(content[:2], 2, size // 2 + 3) >= 0` (`size`:
/// its length in characters, two or more): a copy wholly in characters 2 to `size // 2 + 3`.
fn opens_doubled_line(content: &str, size: usize) -> bool {
    let bytes = content.as_bytes();
    let first = first_char(content).len_utf8();
    let two = first + content[first..].chars().next().map_or(0, char::len_utf8);
    if bytes[..first] == bytes[first..two] {
        return true;
    }
    let (end, _) = skip_chars(bytes, two, size / 2 + 1);
    content[two..end].contains(&content[..two])
}

/// `str.find(sub, start, end)` over characters: where `sub` lies wholly in `start..end`.
fn find_in(text: &[char], sub: &[char], start: usize, end: usize) -> Option<usize> {
    let end = end.min(text.len());
    if start + sub.len() > end {
        return None;
    }
    (start..=end - sub.len()).find(|&at| text[at..at + sub.len()] == *sub)
}

/// `unwrap._spaced_all_along`: a space stands at every gap between characters beyond
/// ASCII, three or more single spaces in all (`表 新 的 執 行 階 層 ) 。`).
fn spaced_all_along(content: &str) -> bool {
    content.bytes().filter(|&b| b == b' ').count() >= 3
        && !content.contains("  ")
        && !content
            .chars()
            .zip(content.chars().skip(1))
            .any(|(a, b)| cjk_or_wide(a) && cjk_or_wide(b))
}

/// `unwrap._lines`: the non-blank lines of `text`, numbered by block.
fn lines<'a>(text: &'a str, found: &mut Found) -> Vec<Line<'a>> {
    // (room for every line at once: a line is large to copy as the vector grows)
    let mut lines: Vec<Line<'a>> =
        Vec::with_capacity(1 + memchr::memchr_iter(b'\n', text.as_bytes()).count());
    let mut block = 0;
    let mut offset = 0;
    let mut blank = true;
    let mut chars: Vec<char> = Vec::new();
    // `text.split('\n')`, the line breaks found by `memchr` (a vector loop)
    let mut line_start = 0;
    let breaks = memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]);
    for line_end in breaks {
        let raw = &text[line_start..line_end];
        line_start = line_end + 1;
        let content = raw.trim_matches(ws);
        if content.is_empty() {
            blank = true;
            offset += raw.len() + 1;
            continue;
        }
        if blank && !lines.is_empty() {
            block += 1;
        }
        let lead_bytes = content.as_ptr() as usize - raw.as_ptr() as usize;
        let lead = raw[..lead_bytes].chars().count() as i64;
        let start = offset + lead_bytes;
        let bytes = content.as_bytes();
        let size = content.chars().count();
        // the spaces a table's gap is made of: two spaces, '\t' and U+3000 (looked for from
        // the first space or tab on)
        let (mut space, mut gap) = (false, false);
        if let Some(first) = SPACE_OR_TAB.find(bytes, 0) {
            let rest = &content[first..];
            space = rest.as_bytes().contains(&b' ');
            gap = rest.as_bytes().contains(&b'\t') || space && rest.contains("  ");
        }
        gap = gap || content.contains('\u{3000}');
        let mut width = ((size + content.len()) / 2) as i64;
        if space && width > size as i64 {
            let spread = spread_spaces(content);
            width -= spread;
            if 2 * spread >= size as i64 - 2 {
                found.stretched.push(lines.len());
            } else if spread >= 2 && spaced_all_along(content) {
                found.loose.push(lines.len()); // so too, half-width marks and Latin in it
            } else if spread >= 2 && 2 * spread >= beyond_ascii(content) - 2 {
                found.spaced.push(lines.len());
            }
        }
        let gappy = gap;
        let mut row = false;
        if gappy {
            chars.clear();
            chars.extend(content.chars());
            row = column_gap(&chars) && !(letter_spaced(&chars) || latin_gaps(content, &chars));
        }
        // `undouble`'s first test: it rules out nearly every line
        let opens = width >= 4 && opens_doubled_line(content, size);
        let doubled = opens && {
            chars.clear();
            chars.extend(content.chars());
            undouble(&chars, 2).is_some()
        };
        if !blank && {
            let before = lines[lines.len() - 1].text;
            before.as_bytes()[0] == bytes[0] && content.starts_with(before)
        } {
            found.starts.push(lines.len() - 1);
        }
        if opens {
            found.starts.push(lines.len());
        }
        lines.push(Line {
            start,
            end: start + content.len(),
            text: content,
            size,
            block,
            first: blank,
            indent: lead,
            width,
            doubled,
            row,
            title: Cell::new(None),
        });
        blank = false;
        offset += raw.len() + 1;
    }
    lines
}

/// A block's lines, widths and least indent (`unwrap.Blocks`' values): slices of the
/// texts and widths of all lines.
struct BlockInfo<'a, 'b> {
    texts: &'b [&'a str],
    widths: &'b [i64],
    margin: i64,
    first: usize, // its first line
}

/// `unwrap._blocks`, over `texts` and `widths`, those of every line.
fn blocks<'a, 'b>(
    lines: &[Line<'a>],
    texts: &'b [&'a str],
    widths: &'b [i64],
) -> Vec<BlockInfo<'a, 'b>> {
    let mut blocks: Vec<BlockInfo<'a, 'b>> = Vec::new();
    let mut first = 0;
    let mut margin = 0;
    for (at, line) in lines.iter().enumerate() {
        if at > 0 && line.block != lines[at - 1].block {
            blocks.push(BlockInfo {
                texts: &texts[first..at],
                widths: &widths[first..at],
                margin,
                first,
            });
            first = at;
        }
        if at == first || line.indent < margin {
            margin = line.indent;
        }
    }
    let end = lines.len();
    blocks.push(BlockInfo {
        texts: &texts[first..end],
        widths: &widths[first..end],
        margin,
        first,
    });
    blocks
}

/// `unwrap._kind`: what a block is.
fn kind(lines: &[&str], widths: Option<&[i64]>) -> Block {
    if lines.len() == 1 && ('\u{4e00}'..='\u{9fff}').contains(&first_char(lines[0])) {
        return Block::Prose;
    }
    if lines.iter().any(|line| holds_cjk(line))
        || !lines.iter().any(|line| line.chars().any(py_isalnum))
    {
        return classify(lines, widths);
    }
    if wrapped_latin(lines) {
        Block::Prose
    } else {
        Block::Lines
    }
}

/// `unwrap.Column`: a block's column width and the widths derived from it.
#[derive(Clone, Copy)]
struct Column {
    width: i64,
    wide: f64,
    short: f64,
    full: f64,
    indent: i64,
}

/// `unwrap.INDENT`: the usual first-line indent where a text shows no habit of its own.
const INDENT: i64 = 4;
/// `unwrap.WIDEST_COLUMN`: widest column a page wraps at (100 Han).
const WIDEST_COLUMN: i64 = 200;
/// `unwrap._SHORT_HEADING`: widest line read as a heading with no column to judge by.
const SHORT_HEADING: i64 = 16;
/// `unwrap._ITEM_WIDTH`: widest item of a list under a colon.
const ITEM_WIDTH: i64 = 30;
/// `unwrap.HEADING_WIDTH`.
const HEADING_WIDTH: i64 = 48;
/// `unwrap._SPREAD_WORD`.
const SPREAD_WORD: usize = 24;
/// `unwrap._RUN_LINE`, `unwrap._RUN_LINES`.
const RUN_LINE: usize = 40;
const RUN_LINES: usize = 16;
/// `unwrap._AFTER_LINES`.
const AFTER_LINES: usize = 6;
/// `unwrap._LISTING_LINE`.
const LISTING_LINE: usize = 80;

impl Column {
    /// `Column.of`.
    fn of(width: i64, wide: f64, tolerance: f64, tight: bool) -> Self {
        let w = width as f64;
        let short = w - 4.0f64.max(w * tolerance);
        Self {
            width,
            wide: w * wide + 2.0,
            short,
            full: if tight { w - 1.5 } else { short },
            indent: 0,
        }
    }

    /// `Column.dropped`: how much narrower a paragraph's first line is when its indent's
    /// spaces were dropped.
    fn dropped(&self) -> i64 {
        if self.indent != 0 {
            self.indent
        } else if self.full != self.short {
            INDENT
        } else {
            0
        }
    }

    /// `Column.opens`.
    fn opens(&self, width: i64) -> bool {
        let indent = self.dropped();
        indent > 0 && (self.width - width - indent).abs() <= 1
    }
}

/// `unwrap._tight`: the block is justified.
fn tight(ordered: &[i64], top: i64, wide: f64) -> bool {
    let count_le = |x: f64| ordered.partition_point(|&w| (w as f64) <= x);
    let count_lt = |x: i64| ordered.partition_point(|&w| w < x);
    let full = count_le((top + 1) as f64) - count_lt(top - 1);
    let over = count_le(top as f64 * wide + 2.0) - count_le((top + 1) as f64);
    full >= 3 && 3 * full >= ordered.len() && 10 * over <= ordered.len()
}

/// `unwrap._ENDERS`: the last characters of a line that ends a sentence.
fn ender(c: char) -> bool {
    is_terminal(c) || is_closer(c) || is_hspace(c)
}

/// `unwrap._indent_habit`.
fn indent_habit(lines: &[Line], columns: &[Option<Column>]) -> i64 {
    let mut shortfalls: Vec<(i64, i64)> = Vec::new(); // in insertion order, as a dict
    let mut seen = 0;
    for pair in lines.windows(2) {
        let (line, after) = (&pair[0], &pair[1]);
        if !ender(last_char(line.text)) {
            continue;
        }
        let Some(column) = columns[line.block] else { continue };
        if after.block != line.block
            || column.full == column.short
            || line.width as f64 >= column.full
            || !ends_sentence(line.text)
        {
            continue;
        }
        seen += 1;
        let shortfall = column.width - after.width;
        match shortfalls.iter_mut().find(|(s, _)| *s == shortfall) {
            Some(entry) => entry.1 += 1,
            None => shortfalls.push((shortfall, 1)),
        }
    }
    if shortfalls.is_empty() {
        return 0;
    }
    let get = |s: i64| shortfalls.iter().find(|(k, _)| *k == s).map_or(0, |e| e.1);
    let mut best = shortfalls[0].0;
    let mut best_score = f64::NEG_INFINITY;
    for &(s, count) in &shortfalls {
        let score = count as f64 + get(s - 1) as f64 / 2.0 + get(s + 1) as f64 / 2.0;
        if score > best_score {
            best_score = score;
            best = s;
        }
    }
    let around = get(best) + get(best - 1) + get(best + 1);
    if (2..=8).contains(&best) && seen >= 3 && 2 * around > seen {
        best
    } else {
        0
    }
}

/// `unwrap._joined`'s and `_joiner`'s view of a line.
fn goes_on(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '/' | '~' | '%' | '+' | '.' | '@' | '_' | '-')
}

/// `unwrap._LAST_WORD.search`: the Latin word a line ends with.
fn last_word(text: &str) -> &str {
    let cut = text
        .char_indices()
        .rev()
        .find(|&(_, c)| !('!'..='~').contains(&c))
        .map_or(0, |(at, c)| at + c.len_utf8());
    &text[cut..]
}

/// `unwrap._FIRST_WORD.match`: the length of the Latin word a line starts with.
fn first_word(text: &str) -> usize {
    text.find(|c: char| !('!'..='~').contains(&c)).unwrap_or(text.len())
}

/// `unwrap._ADDRESS_START.match`: `text` starts with a web address.
fn address_start(text: &str) -> bool {
    ["http://", "https://", "ftp://", "www."].iter().any(|p| text.starts_with(p))
}

/// `unwrap._reference`: `text` is an arrow and the web address it points to (on its line, or
/// alone with the address on the next line of its block, `following`).
fn reference(text: &str, following: Option<&Line>, block: usize) -> bool {
    let rest = text['→'.len_utf8()..].trim_start_matches([' ', '\t', '\u{3000}']);
    if rest.is_empty() {
        return following.is_some_and(|f| f.block == block && address_start(f.text));
    }
    address_start(rest)
}

/// `unwrap._latin_lead`: `text` starts with a Latin word, a path or an option, after a quote
/// or not, with no Chinese glued to that first word.
fn latin_lead(text: &str) -> bool {
    let rest = text.strip_prefix(['“', '"']).unwrap_or(text);
    rest.chars().next().is_some_and(|c| {
        (c.is_ascii_alphanumeric() || matches!(c, '/' | '~' | '.' | '-')) && !chinese_lead(rest)
    })
}

/// `unwrap._chinese_lead`: `text` starts with Chinese, or with a Latin word that Chinese
/// follows with no space (`listmaster管理`): nothing an address goes on with.
fn chinese_lead(text: &str) -> bool {
    if first_char(text) >= '\u{2e80}' {
        return true;
    }
    let n = first_word(text);
    n > 0
        && text[..n].bytes().all(|b| b.is_ascii_alphanumeric())
        && text[n..].chars().next().is_some_and(|c| c >= '\u{2e80}')
}

/// `unwrap._cut_word`: `text` ends inside an address, a path or a hyphenated name.
fn cut_word(text: &str, next_text: &str, following: Option<&Line>) -> bool {
    let word = last_word(text);
    if word.is_empty() {
        return false;
    }
    let last = word.as_bytes()[word.len() - 1] as char;
    if matches!(last, '>' | ')' | ']' | '}' | '"' | '\'') {
        return false;
    }
    if word.contains("://") || word.contains('@') || word.starts_with('/') {
        return true;
    }
    matches!(last, '-' | '/' | '_' | '.')
        && word.len() > 1
        && (holds_cjk(text)
            || holds_cjk(next_text)
            || following.is_some_and(|f| holds_cjk(f.text) && word.chars().any(py_isalnum)))
}

/// `unwrap._BYLINE_HEAD`: where a byline's head may end in `chars` (from its start).
fn byline_heads(chars: &[char]) -> Vec<usize> {
    let mut ends = Vec::new();
    let starts = |at: usize, word: &str| {
        let word: Vec<char> = word.chars().collect();
        chars.len() >= at + word.len() && chars[at..at + word.len()] == word[..]
    };
    for prefix in ["本报", "新华社", "中新社"] {
        if !starts(0, prefix) {
            continue;
        }
        let p = prefix.chars().count();
        let mut after_station = vec![p];
        if chars.get(p) == Some(&'驻') {
            let mut k = 1;
            while k <= 8 && chars.get(p + k).is_some_and(|&c| is_han(c)) {
                after_station.push(p + 1 + k);
                k += 1;
            }
        }
        for at in after_station {
            let mut options = vec![at];
            if starts(at, "特约") {
                options.push(at + 2);
            }
            for at in options {
                if starts(at, "记者") {
                    ends.push(at + 2);
                }
                if starts(at, "通讯员") {
                    ends.push(at + 3);
                }
            }
        }
    }
    if starts(0, "特约记者") {
        ends.push(4);
    }
    ends
}

/// `unwrap._byline` (`_BYLINE.fullmatch`): `text` is a byline and nothing else.
fn byline(text: &str) -> bool {
    if text == "本报评论员" || text == "本报特约评论员" {
        return true;
    }
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    // names: (?:[ \u3000]*\p{Han}{2,4}(?:[、，,·][ \u3000]*)?)+ to the end
    let mut reach = vec![false; n + 1];
    let mut done = vec![false; n + 1];
    let mut todo = byline_heads(&chars);
    let spaces = |mut at: usize| {
        while at < n && matches!(chars[at], ' ' | '\u{3000}') {
            at += 1;
        }
        at
    };
    while let Some(at) = todo.pop() {
        if done[at] {
            continue;
        }
        done[at] = true;
        let from = spaces(at);
        let mut k = 0;
        while k < 4 && from + k < n && is_han(chars[from + k]) {
            k += 1;
            if k >= 2 {
                let end = from + k;
                reach[end] = true;
                todo.push(end);
                if end < n && matches!(chars[end], '、' | '，' | ',' | '·') {
                    let after = spaces(end + 1);
                    reach[after] = true;
                    todo.push(after);
                }
            }
        }
    }
    reach[n]
}

/// `unwrap._DATELINE.match`: `新华社北京1月1日电`, `本报北京1月12日讯`.
fn dateline(text: &str) -> bool {
    let chars: Vec<char> = text.chars().take(40).collect();
    let p = if chars.starts_with(&['新', '华', '社']) || chars.starts_with(&['中', '新', '社'])
    {
        3
    } else if chars.starts_with(&['本', '报']) {
        2
    } else {
        return false;
    };
    let numeral = |c: char| {
        py_regex_digit(c)
            || matches!(
                c,
                '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '〇'
            )
    };
    let at = |i: usize| chars.get(i).copied().unwrap_or('\n');
    for k in 0..=12 {
        if k > 0 && !is_han(at(p + k - 1)) {
            break;
        }
        let from = p + k;
        for m in 1..=4 {
            if !numeral(at(from + m - 1)) {
                break;
            }
            if at(from + m) != '月' {
                continue;
            }
            let day = from + m + 1;
            for d in 1..=3 {
                if !numeral(at(day + d - 1)) {
                    break;
                }
                if at(day + d) == '日' && matches!(at(day + d + 1), '电' | '讯') {
                    return true;
                }
            }
        }
    }
    false
}

/// The `regex` module's `\d`.
fn py_regex_digit(c: char) -> bool {
    crate::text::is_decimal(c)
}

/// `unwrap._STARTER.match`: a list item, bullet, byline or dateline opens the line.
fn starter(text: &str) -> bool {
    const WORDS: [&str; 9] =
        ["（记者", "(记者", "本报讯", "作者:", "作者：", "（上接", "(上接", "（下转", "(下转"];
    let mut chars = text.chars();
    let Some(c0) = chars.next() else { return false };
    if matches!(c0, '■' | '●' | '◆' | '▲' | '★' | '☆' | '•')
        || WORDS.iter().any(|w| text.starts_with(w))
    {
        return true;
    }
    let mut chars = ['\n'; 6];
    for (slot, c) in chars.iter_mut().zip(text.chars()) {
        *slot = c;
    }
    let at = |i: usize| chars.get(i).copied().unwrap_or('\n');
    // \d{1,2}[.．、](?![\d.．])
    for k in 1..=2 {
        if (0..k).all(|i| py_regex_digit(at(i)))
            && matches!(at(k), '.' | '．' | '、')
            && !(py_regex_digit(at(k + 1)) || matches!(at(k + 1), '.' | '．'))
        {
            return true;
        }
    }
    // [一二三四五六七八九十]{1,3}、
    let numeral =
        |c: char| matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十');
    let run = (0..4).take_while(|&i| numeral(at(i))).count();
    if (1..=3).contains(&run) && at(run) == '、' {
        return true;
    }
    // [（(][一二三四五六七八九十\d]{1,3}[)）]
    if matches!(c0, '（' | '(') {
        let run = (1..5).take_while(|&i| numeral(at(i)) || py_regex_digit(at(i))).count();
        if (1..=3).contains(&run) && matches!(at(1 + run), ')' | '）') {
            return true;
        }
    }
    false
}

/// `unwrap._STARTER_FIRST`.
fn starter_first(c: char) -> bool {
    matches!(
        c,
        '■' | '●'
            | '◆'
            | '▲'
            | '★'
            | '☆'
            | '•'
            | '（'
            | '('
            | '本'
            | '作'
            | '一'
            | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '0'..='9'
    )
}

/// `unwrap._CONTINUES_FIRST`.
fn continues_first(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '》'
            | '」'
            | '』'
            | '】'
            | '…'
            | ','
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
    )
}

/// `unwrap._CONTINUES` matched at the start of `text`, its `\d` being `digit`.
fn continues(text: &str, digit: fn(char) -> bool) -> bool {
    let mut chars = text.chars();
    let Some(c0) = chars.next() else { return false };
    if continues_first(c0) {
        return true;
    }
    let numeral = |c: char| {
        digit(c)
            || matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十')
            || matches!(c, '甲' | '乙' | '丙' | '丁' | '\n')
    };
    match chars.next() {
        Some('、') => !numeral(c0),
        // (nor a word that opens a sentence with a comma, `这，`, `但，`, or is one, `无。`)
        Some(mark @ ('，' | '。')) => {
            !(numeral(c0)
                || matches!(c0, '这' | '那' | '但' | '而' | '对' | '是' | '好' | '嗯' | '哦')
                || matches!(c0, '噢' | '啊' | '唉' | '哎' | '喂' | '嘿' | '呃' | '可')
                || (mark == '。' && matches!(c0, '无' | '不' | '有' | '没' | '行')))
        }
        _ => false,
    }
}

/// `unwrap._continues_once_set`: `line` starts as no sentence does once `punctuation` and
/// `ellipsis` have set its half-width marks (`次,网民留言`, `...青藏高原`).
fn continues_once_set(line: &str) -> bool {
    if line.starts_with("...") {
        return chinese_ellipses(line).starts_with('…');
    }
    matches!(second_char(line), Some(',' | '.'))
        && continues(&full_width_line(line), py_regex_digit)
}

/// `unwrap._line_at`: the line of `text` that starts at byte `start`.
fn line_at(text: &str, start: usize) -> &str {
    text[start..].split('\n').next().unwrap_or("")
}

/// `unwrap._WEAK_STARTER.match`.
fn weak_starter(text: &str) -> bool {
    text.starts_with("——")
        || text.starts_with('【')
        || text.starts_with("新华社")
        || text.starts_with("中新社")
}

/// `unwrap._PROSE_MARK.search`.
#[cfg(not(target_arch = "x86_64"))]
fn prose_mark(text: &str) -> bool {
    text.chars().any(is_prose_mark)
}

/// `unwrap._PROSE_MARK.search`, over the bytes sixteen at a time (`text::sse2::scan`): an
/// ASCII mark is its byte; the others are `EF BC xx`, `E3 80 xx` or `E2 80 A6`, tried where
/// their second byte is.
#[cfg(target_arch = "x86_64")]
fn prose_mark(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mask = |[lanes, ..]: [sse2::Bytes16; 4]| {
        let ascii = lanes.eq(b',').or(lanes.eq(b'.')).or(lanes.eq(b';'));
        let ascii = ascii.or(lanes.eq(b':')).or(lanes.eq(b'?')).or(lanes.eq(b'!'));
        ascii.or(lanes.eq(0xBC)).or(lanes.eq(0x80)).bits()
    };
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    // the character whose byte `i` is: a mark of `_PROSE_MARK`
    let hit = |i: usize| match bytes[i] {
        b',' | b'.' | b';' | b':' | b'?' | b'!' => true,
        0xBC => i > 0 && at(i - 1) == 0xEF && matches!(at(i + 1), 0x8C | 0x9B | 0x9A | 0x9F | 0x81),
        0x80 => {
            i > 0
                && (at(i - 1) == 0xE3 && matches!(at(i + 1), 0x82 | 0x81)
                    || at(i - 1) == 0xE2 && at(i + 1) == 0xA6)
        }
        _ => false,
    };
    sse2::scan::<0>(bytes, 0, mask, hit).is_some()
}

/// A character of `unwrap._PROSE_MARK`: a mark that ends or parts a clause.
fn is_prose_mark(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '、' | '；' | '：' | '？' | '！' | '…' | ',' | '.' | ';' | ':' | '?' | '!'
    )
}

/// `unwrap._INNER_MARK.search`: a mark inside a sentence, not at its end.
fn inner_mark(text: &str) -> bool {
    let inner = |c: char| matches!(c, '，' | '、' | '；' | '：' | ',' | ';' | ':');
    match text
        .char_indices()
        .rev()
        .find(|&(_, c)| inner(c) || matches!(c, '。' | '！' | '？' | '!' | '?'))
    {
        Some((at, c)) => inner(c) && at + c.len_utf8() < text.len(),
        None => false,
    }
}

/// `unwrap._address_ends`: `text` ends on a whole web address.
fn address_ends(text: &str) -> bool {
    last_word(text).contains("://") && !matches!(last_char(text), '-' | '.' | '_')
}

/// `unwrap._run_together`: a wide line is two lines of prose the extractor ran together: a
/// mark that stands inside a sentence within it (`_INSIDE_MARK`), a letter or Chinese
/// character last.
fn run_together(wide: &str) -> bool {
    let last = last_char(wide);
    py_isalnum(last)
        && wide[..wide.len() - last.len_utf8()]
            .chars()
            .any(|c| matches!(c, '，' | '、' | '；' | '（' | '）' | '(' | ')' | ',' | ';'))
}

/// `unwrap._indented_by`: how much room a line lost to a first-line indent whose spaces the
/// extractor dropped.
fn indented_by(width: i64, column: &Column, opening: bool) -> i64 {
    let indent = if opening { column.dropped() } else { 0 };
    if (width + indent) as f64 >= column.short {
        indent
    } else {
        0
    }
}

/// `unwrap._CLAUSE_MARK.search`: a mark inside a sentence.
fn clause_mark(text: &str) -> bool {
    text.chars().any(|c| matches!(c, '，' | '、' | '；' | '：' | ',' | ';' | ':'))
}

/// `unwrap._TITLE_LINE.fullmatch`: a title in book-title marks and nothing else, a label
/// before it (`题目:`) or a count or note after it (`二首`, `（选一）`) aside:
/// `(?:\p{Han}{1,4}[:：] ?)?《[^《》\n]{1,30}》(?:\p{Han}{0,4}|[（(][^（）()\n]{1,8}[）)])`.
fn title_line(text: &str) -> bool {
    // (cheap tests first: such a line is 48 characters at most, 192 bytes, and opens on
    // Han or `《`)
    let first = first_char(text);
    if text.len() > 192 || !(first == '《' || is_han(first)) || !text.contains('《') {
        return false;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut at = 0;
    let label = chars.iter().take_while(|&&c| is_han(c)).count();
    if (1..=4).contains(&label) && matches!(chars.get(label), Some(':' | '：')) {
        at = label + 1;
        if chars.get(at) == Some(&' ') && chars.get(at + 1) == Some(&'《') {
            at += 1;
        }
    }
    if chars.get(at) != Some(&'《') {
        return false;
    }
    let title = chars[at + 1..].iter().take_while(|&&c| !matches!(c, '《' | '》' | '\n')).count();
    if !(1..=30).contains(&title) || chars.get(at + 1 + title) != Some(&'》') {
        return false;
    }
    let tail = &chars[at + 2 + title..];
    if tail.len() <= 4 && tail.iter().all(|&c| is_han(c)) {
        return true;
    }
    tail.len() >= 3
        && matches!(tail[0], '（' | '(')
        && matches!(tail[tail.len() - 1], '）' | ')')
        && tail.len() - 2 <= 8
        && !tail[1..tail.len() - 1].iter().any(|&c| matches!(c, '（' | '）' | '(' | ')' | '\n'))
}

/// `unwrap._headline`: a line wider than its column is a headline or deck.
fn headline(text: &str, width: i64, column: &Column) -> bool {
    !text.contains('。') && narrowest(text, width) > column.wide
}

/// `unwrap._narrowest`: the narrowest `text` may have been set, its Latin letters, marks and
/// spaces 0.6 of a display column.
fn narrowest(text: &str, width: i64) -> f64 {
    width as f64 - 0.4 * text.bytes().filter(u8::is_ascii).count() as f64
}

/// `unwrap._copied_on`: `rest` starts the line after too.
fn copied_on(rest: &str, following: Option<&Line>) -> bool {
    following.is_some_and(|f| f.text.starts_with(&rest[..char_bytes(rest, 4)]))
}

/// `unwrap._COPIED_MARKS`.
fn copied_mark(c: char) -> bool {
    matches!(
        c,
        '—' | '、' | '，' | '：' | '；' | '《' | '》' | '『' | '』' | '「' | '」' | '“' | '”'
    )
}

/// `unwrap._overlapped`: two short lines of a fake-bold heading whose copies an extractor
/// interleaved across the wrap (`following`: the text of the line after them).
fn overlapped(text: &str, next_text: &str, following: Option<&str>) -> bool {
    // (a line of more than `RUN_LINE` characters has more than `RUN_LINE` bytes)
    if text.len() > 4 * RUN_LINE || next_text.len() > 4 * RUN_LINE || next_text.len() < 3 {
        return false;
    }
    let (last, next_first) = (last_char(text), first_char(next_text));
    let copied = last == next_first && copied_mark(next_first);
    // a cut has `text[cut..]`, three characters or more, start `next_text`: the last
    // character of `text` is in `next_text` from its third on (looked at before the
    // lengths, which cost more to count: without either the answer is no)
    if !copied && !next_text[char_bytes(next_text, 2)..].contains(last) {
        return false;
    }
    // (a line of `RUN_LINE` bytes or fewer has `RUN_LINE` characters or fewer)
    let size = if text.len() <= RUN_LINE { 0 } else { text.chars().count() };
    let next_size = next_text.chars().count();
    if size > RUN_LINE || !(3..=RUN_LINE).contains(&next_size) {
        return false;
    }
    if copied {
        return true;
    }
    let head = &next_text.as_bytes()[..char_bytes(next_text, 3)];
    let bytes = text.as_bytes();
    // a lead byte matches only at a character's start
    for cut in 0..(bytes.len() + 1).saturating_sub(head.len()) {
        if bytes[cut] == head[0]
            && bytes[cut..].starts_with(head)
            && next_text.starts_with(&text[cut..])
        {
            return cut > 0
                || following.is_some_and(|f| f != next_text && overlapped(next_text, f, None));
        }
    }
    false
}

/// `unwrap._pushed`: a line is short because the next line's first Latin word would not fit.
fn pushed(width: i64, next_text: &str, column: &Column) -> bool {
    let lead = glued_lead(next_text);
    let word = first_word(&next_text[lead..]);
    if word == 0 {
        return false;
    }
    // (as characters: what is glued before it counts one a character, like `word.end()`)
    let end = word + next_text[..lead].chars().count();
    let cut =
        lead + word == next_text.len() && matches!(last_char(next_text), '-' | '/' | '.' | '_');
    // (a mark that no line starts with goes with the word: `(MPMs)，`)
    let mark = match next_text[lead + word..].chars().next() {
        Some('，' | '。' | '、' | '；' | '：' | '？' | '！' | '）' | '》' | '」' | '』' | '】') => {
            2
        }
        _ => 0,
    };
    cut || width + end as i64 + mark + 1 > column.width
}

/// `unwrap._glued_lead`: the byte where the Latin word that `text` starts with, glued to
/// what comes before it, begins (0 where there is none): a Han character a path or an
/// option follows (`由/etc/`), or a quote and a path (`在“/var/lib`), or `（` and a word.
fn glued_lead(text: &str) -> usize {
    let mut chars = text.chars();
    match (chars.next(), chars.next(), chars.next()) {
        // (no line breaks after an opening bracket: `（Volume`)
        (Some('（'), Some(second), _) if second.is_ascii_alphanumeric() => '（'.len_utf8(),
        (Some(first), Some(second @ ('/' | '-' | '"' | '“')), Some(third))
            if is_han(first) && ('!'..='~').contains(&third) =>
        {
            first.len_utf8() + if second == '“' { second.len_utf8() } else { 0 }
        }
        _ => 0,
    }
}

/// `unwrap._widest`.
fn widest(text: &str, width: i64) -> f64 {
    let digits = text.bytes().filter(u8::is_ascii_digit).count() as f64;
    let letters = text.bytes().filter(u8::is_ascii_alphabetic).count() as f64;
    width as f64 + digits + 0.4 * letters
}

/// `unwrap._heading`: `line` is a heading alone between blank lines.
fn heading(line: &Line, following: Option<&Line>, column: Option<&Column>) -> bool {
    following.is_none_or(|f| f.block != line.block)
        && line.width <= HEADING_WIDTH
        && column.is_none_or(|c| (line.width as f64) < c.short)
        && !is_continuing(last_char(line.text))
        && !ends_sentence(line.text)
}

fn chars_of(text: &str) -> Vec<char> {
    text.chars().collect()
}

/// `unwrap._joined`: whether the break between two lines is a wrap, not a paragraph end.
fn joined(
    line: &Line,
    after: &Line,
    column: Option<&Column>,
    following: Option<&Line>,
    opening: bool,
) -> bool {
    let (text, next_text) = (line.text, after.text);
    let same_block = line.block == after.block;
    let (last, next_first) = (last_char(text), first_char(next_text));
    if text == next_text && line.size > 3 && !chinese_heading_text(&chars_of(text)) {
        return false;
    }
    if line.doubled || after.doubled {
        // the lines of a fake-bold heading, not words said twice (`研究研究` / `讨论讨论`)
        return same_block
            && line.doubled
            && after.doubled
            && bare_length(&chars_of(text)) + bare_length(&chars_of(next_text))
                >= 2 * HEADING_LENGTH;
    }
    if after.title() || line.title() {
        return false; // a title alone on its line (`《赤壁》`, `题目:《塞上》`): a heading
    }
    if line.row || after.row || (starter_first(next_first) && starter(next_text)) {
        return false;
    }
    let byline_start = |t: &str| {
        matches!(first_char(t), '本' | '新' | '中' | '特')
            && ["本报", "新华", "中新", "特约"].iter().any(|p| t.starts_with(p))
    };
    if (byline_start(text) && byline(text))
        || (byline_start(next_text) && (byline(next_text) || dateline(next_text)))
    {
        return false;
    }
    if next_first == '→' && same_block && reference(next_text, following, line.block) {
        return true; // a link set after its paragraph's sentence (`…该信息。` / `→ https://…`)
    }
    let ascii_next = next_first < '\u{80}';
    if ascii_next
        && matches!(first_char(text), '-' | '/')
        && matches!(next_first, '-' | '/')
        && !(holds_cjk(text) || holds_cjk(next_text))
    {
        return false;
    }
    // an address short of its line before Chinese or a Latin word glued to it: it ended (an
    // arrow's link short with its Latin letters as narrow as proportional type sets them)
    let whole = last < '\u{80}'
        && column.is_some_and(|c| {
            (line.width as f64) < c.short
                || (first_char(text) == '→'
                    && narrowest(text, line.width) + (2 * INDENT) as f64 <= c.width as f64)
        })
        && chinese_lead(next_text)
        && address_ends(text);
    if same_block
        && ascii_next
        && !whole
        && goes_on(next_first)
        && !(last == '/' && chinese_lead(next_text))
        && cut_word(text, next_text, following.filter(|f| f.block == line.block))
    {
        // (not a path ended on `/` before a Latin word Chinese follows: `ew/` / `Yahoo具有`)
        return true;
    }
    if same_block && !opening && line.size == 1 && is_han(last) && latin_lead(next_text) {
        // one character, then a Latin word or a path: a justified line the extractor cut at
        // its wide space (`即` / `“Internet`)
        return true;
    }
    if is_continuing(last) {
        return same_block || !heading(after, following, column);
    }
    if py_isalnum(last)
        && (continues_first(next_first)
            || matches!(second_char(next_text), Some('、' | '，' | ',' | '。' | '.'))
            || next_first == '.')
        && (continues(next_text, py_regex_digit) || (is_han(last) && continues_once_set(next_text)))
        && (!matches!(second_char(next_text), Some('。' | '.'))
            || after.indent <= line.indent
            || continues_first(next_first))
    {
        // (not a word and its full stop indented under the line: `ERRORS` / `略。`)
        return true;
    }
    if after.indent > line.indent {
        return false;
    }
    if after.indent < line.indent
        && line.indent > 2
        && (after.indent != 0 || line.indent > 4 || !opening)
    {
        return false;
    }
    if same_block && matches!(last, '；' | '（' | '《' | '“' | '「' | '『' | '【') {
        // a semicolon ends a clause, not a paragraph (`…要启动；` / `以“K”开头的…`), and an
        // opening bracket or quote opens what the next line goes on with (`（` / `例`)
        return true;
    }
    if same_block
        && line.size <= 40
        && next_text.starts_with(text)
        && (text == next_text || copied_on(&next_text[text.len()..], following))
    {
        return true;
    }
    if same_block
        && (line.first || !opening)
        && overlapped(text, next_text, following.map(|f| f.text))
        && chinese_heading_text(&chars_of(text))
        && chinese_heading_text(&chars_of(next_text))
    {
        return true;
    }
    if whole {
        return false; // an address ended its line short, before Chinese that would have fit
    }
    let ends = ender(last) && ends_sentence(text);
    if ends && following.is_some_and(|f| f.text == next_text) && after.size <= 40 {
        return false;
    }
    let (width, next_width) = (line.width, after.width);
    let Some(column) = column else {
        // (a short line with no mark, two characters narrower than the next: a heading)
        return same_block
            && !(ends || weak_starter(next_text))
            && (inner_mark(text) || end_mark(last_char(next_text)))
            && (width > SHORT_HEADING || width + INDENT > next_width || prose_mark(text));
    };
    if (width as f64 > column.wide
        && headline(text, width, column)
        && !(same_block && !opening && run_together(text)))
        || (next_width as f64 > column.wide
            && headline(next_text, next_width, column)
            && !(same_block
                && last > '\u{2e80}'
                && py_isalnum(last)
                && width as f64 >= column.short
                && run_together(next_text)))
    {
        return false; // a headline or deck (not a wide line of prose run together)
    }
    let far = 2.0 * column.wide; // a paragraph on a line of its own, far wider than any column
    if ((ends || !prose_mark(text)) && next_width as f64 > far)
        || (width as f64 > far && ender(last) && ends_sentence(text))
        || (ends && following.is_some_and(|f| f.width as f64 > far) && !prose_mark(next_text))
    {
        return false;
    }
    let room = width + indented_by(width, column, opening);
    // (a character glued to a path, not after a line half as wide as its column with
    // no mark that opens a paragraph, a heading, nor where a heading's lines come twice)
    if (ascii_next
        || (glued_lead(next_text) > 0
            && following.is_none_or(|f| f.text != text)
            && !(opening && 2 * room < column.width && !prose_mark(text))))
        && !ends
        && pushed(room, next_text, column)
    {
        return true;
    }
    let short = (width as f64) < column.short;
    if matches!(last, '：' | ':') && next_width as f64 <= column.short && !prose_mark(next_text) {
        return false;
    }
    if same_block
        && (next_width as f64) < column.short
        && ((!end_mark(last_char(next_text)) && (ends || (opening && short && !end_mark(last))))
            || (ends
                && !matches!(next_first, '（' | '(')
                && !ends_sentence(next_text)
                && !clause_mark(next_text)))
    {
        return false; // a short line with no mark (but quotes, titles) after a paragraph's end
    }
    if same_block
        && short
        && column.opens(next_width)
        && following.is_some_and(|f| f.width as f64 >= column.full)
    {
        return false;
    }
    if same_block
        && opening
        && widest(text, width) < column.short
        && !(ends || column.opens(width) || prose_mark(text))
    {
        return false;
    }
    if same_block && ends {
        // (not when a Latin word too long for it pushed the next line, prose with a mark in
        // it, short: a line with none may be a heading)
        if column.opens(next_width)
            && !following.is_some_and(|f| {
                f.block == line.block
                    && f.text.as_bytes()[0] < 0x80
                    && prose_mark(next_text)
                    && pushed(next_width, f.text, column)
            })
        {
            return false;
        }
        if widest(text, width) < column.full
            && !(opening
                && next_width as f64 >= column.full
                && column.width - width
                    <= (if column.indent != 0 { column.indent } else { INDENT }) + 1)
            && !(ascii_next
                && pushed(width, next_text, column)
                && if column.indent != 0 {
                    next_width as f64 >= column.full
                } else {
                    width as f64 >= column.short && widest(next_text, next_width) >= column.full
                })
        {
            // (a line short only because the next one's first word did not fit goes on when
            // that line is full: when the text indents its paragraphs; when it does not, if
            // this line is not short and the next is full at its widest)
            return false;
        }
    }
    if same_block {
        if !short {
            return true;
        }
        return !(ends || (width as f64) < column.width as f64 * 0.6 || weak_starter(next_text));
    }
    if line.indent != 0 && line.first {
        return false;
    }
    if (ends || last < '\u{2e80}')
        && (next_width as f64) < column.short
        && !prose_mark(next_text)
        && following.is_none_or(|f| f.block != after.block)
    {
        return false;
    }
    !(short || ends || weak_starter(next_text))
}

/// `unwrap._joiner`: what goes between two lines: "" or " " (joined), "-" (dehyphenated)
/// or "\n\n".
fn joiner(
    line: &Line,
    after: &Line,
    column: Option<&Column>,
    following: Option<&Line>,
    opening: bool,
) -> &'static str {
    if !joined(line, after, column, following, opening) {
        return "\n\n";
    }
    let (text, next_text) = (line.text, after.text);
    let last = last_char(text);
    let next_first = first_char(next_text);
    if next_first < '\u{80}' {
        if goes_on(next_first) && cut_word(text, next_text, following) {
            return "";
        }
        if is_py_alpha(last) && scheme_rest(next_text) {
            return "";
        }
    }
    if ('\u{ac00}'..='\u{d7a3}').contains(&last) || ('\u{ac00}'..='\u{d7a3}').contains(&next_first)
    {
        return " ";
    }
    if last == '-' && hyphenated(text) && py_islower(next_first) {
        return "-";
    }
    if (last.is_ascii_alphanumeric()
        || matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '%' | ')' | ']' | '>' | '\'' | '"'))
        && (next_first.is_ascii_alphanumeric() || matches!(next_first, '(' | '"' | '\''))
    {
        let words = is_py_alpha(last) && is_py_alpha(next_first);
        let chinese = text.chars().any(is_han) || next_text.chars().any(is_han);
        return if words || !chinese { " " } else { "" };
    }
    ""
}

/// `unwrap._SCHEME_REST.match`: `s://`, `://`, `tps://` at a line's start.
fn scheme_rest(text: &str) -> bool {
    let run = text.bytes().take(5).take_while(u8::is_ascii_lowercase).count();
    run <= 4 && text[run..].starts_with("://")
}

/// `unwrap._HYPHENATED.search`: `[a-z]-$`.
fn hyphenated(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 2
        && bytes[bytes.len() - 1] == b'-'
        && bytes[bytes.len() - 2].is_ascii_lowercase()
}

/// `unwrap._one_paragraph_a_line`: `text` is in the form unwrap makes: one paragraph a
/// line, one blank line between, no white space at a line's edge.
fn one_paragraph_a_line(text: &str) -> bool {
    let edge = |c: char| ws(c) || c == '\n';
    if text.is_empty() || edge(first_char(text)) || edge(last_char(text)) {
        return false;
    }
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(found) = memchr_newline(bytes, at) {
        // every line break is one of a pair (no more), with no white space beside it
        if bytes.get(found + 1) != Some(&b'\n') || bytes.get(found + 2) == Some(&b'\n') {
            return false;
        }
        if ws(last_char(&text[..found])) || ws(first_char(&text[found + 2..])) {
            return false;
        }
        at = found + 2;
    }
    true
}

/// A space or a tab.
const SPACE_OR_TAB: ByteSet = ByteSet::two(b' ', b'\t');

fn memchr_newline(bytes: &[u8], from: usize) -> Option<usize> {
    memchr::memchr(b'\n', &bytes[from..]).map(|at| from + at)
}

/// `unwrap._kind` of one line, as `_join_in_own_form` asks.
fn kind_of_one(text: &str) -> Block {
    kind(&[text], None)
}

/// The byte position `count` characters before byte `at` (0 when there are fewer).
fn back(text: &str, at: usize, count: usize) -> usize {
    if count == 0 {
        return at;
    }
    text[..at].char_indices().rev().nth(count - 1).map_or(0, |(i, _)| i)
}

/// Whether `rest`, the text from a line's start on, matches `_NEXT_CONTINUES` there (as
/// `_join_in_own_form` filters it): `_CONTINUES`, or after Han (`before`) a line that
/// `_continues_once_set` finds.
fn own_continues(rest: &str, before: char) -> bool {
    continues(rest, py_isdecimal)
        || (matches!(second_char(rest), Some(',' | '.')) && !rest.starts_with('\n')
            || rest.starts_with("..."))
            && is_han(before)
            && continues_once_set(line_at(rest, 0))
}

/// `unwrap._join_in_own_form`: text in the form unwrap makes, where only a line that ends
/// on a comma, or one cut mid-word before the rest of its sentence, may join the next.
/// `None` when nothing changed.
fn join_in_own_form(text: &str, edits: &mut Edits) -> Option<String> {
    let spread = own_spread(text);
    let mut said_again: Option<(Vec<bool>, Vec<usize>)> = None; // `_parted`, when first needed
    let mut out = String::new();
    let mut done = 0;
    let mut chars = CharIndex::new(text);
    let mut found = Found::default();
    let mut at = 0;
    // (in this form every line break is one of a pair)
    while let Some(nl) = memchr_newline(text.as_bytes(), at) {
        // `nl`: where the line ends
        at = nl + 2;
        let before = last_char(&text[..nl]);
        let in_spread = spread.binary_search(&nl).is_ok();
        if !(in_spread
            || is_continuing(before)
            || (py_isalnum(before) && own_continues(&text[nl + 2..], before)))
        {
            continue;
        }
        let start = text[..nl].rfind('\n').map_or(0, |i| i + 1);
        let end = text[nl + 2..].find('\n').map_or(text.len(), |i| nl + 2 + i);
        let pair = lines(&text[start..end], &mut found);
        let (line, after) = (&pair[0], &pair[1]);
        if kind_of_one(line.text) != Block::Prose || kind_of_one(after.text) != Block::Prose {
            continue;
        }
        if line.text.chars().any(py_isalnum) {
            let said = &text[back(text, start, 2 + line.size)..back(text, start, 2)];
            if line.text == after.text || said == line.text {
                // as `_by_lines` finds them: once, where a line is said again
                let (parted, offsets) = said_again.get_or_insert_with(|| {
                    let all = lines(text, &mut Found::default());
                    let mut vouch = Vouch::new(&all, text);
                    (parted(&all, &mut vouch), all.iter().map(|line| line.start).collect())
                });
                let here = offsets.partition_point(|&offset| offset < start);
                if parted[here] || parted.get(here + 1).is_some_and(|&p| p) {
                    continue; // a line said again keeps the breaks around it
                }
            }
        }
        let gap = if in_spread && !ends_sentence(line.text) {
            ""
        } else {
            joiner(line, after, None, None, false)
        };
        if gap != "\n\n" {
            out.push_str(&text[done..nl]);
            out.push_str(gap);
            done = nl + 2;
            if edits.on() {
                let from = chars.at(nl);
                edits.push(from, from + 2, gap.to_string());
            }
        }
    }
    if done == 0 {
        return None;
    }
    out.push_str(&text[done..]);
    Some(out)
}

/// `unwrap._SPREAD_RUN` in text in unwrap's form, as `_join_in_own_form` reads it: the
/// ends (byte positions of the blank line after them) of the lines in and just before each
/// run of three or more lines of one character, one beyond ASCII among them (the text's
/// last line aside).
fn own_spread(text: &str) -> Vec<usize> {
    let mut marks = Vec::new();
    let mut run: Vec<usize> = Vec::new(); // the ends of the run's lines
    let mut wide = false;
    let mut run_before: Option<usize> = None; // the end of the line before the run
    let mut last_end: Option<usize> = None;
    let mut start = 0;
    let flush =
        |run: &mut Vec<usize>, wide: bool, before: Option<usize>, marks: &mut Vec<usize>| {
            if run.len() >= 3 && wide {
                marks.extend(before);
                marks.extend(run.iter().copied().filter(|&end| end != text.len()));
            }
            run.clear();
        };
    loop {
        let end = memchr_newline(text.as_bytes(), start).unwrap_or(text.len());
        let line = &text[start..end];
        if !line.is_empty() && line.chars().nth(1).is_none() {
            if run.is_empty() {
                run_before = last_end;
                wide = false;
            }
            run.push(end);
            wide |= !line.is_ascii();
        } else {
            flush(&mut run, wide, run_before, &mut marks);
        }
        last_end = Some(end);
        if end == text.len() {
            break;
        }
        start = end + 2;
    }
    flush(&mut run, wide, run_before, &mut marks);
    marks
}

impl Unwrap {
    /// `Unwrap._by_lines`: decide every line break from the lines around it and their
    /// blocks' columns.
    fn by_lines(&self, text: &str, edits: &mut Edits) -> String {
        let mut found = Found::default();
        let mut lines = lines(text, &mut found);
        if lines.is_empty() {
            if !text.is_empty() {
                edits.push(0, text.chars().count(), String::new());
            }
            return String::new();
        }
        let texts: Vec<&str> = lines.iter().map(|line| line.text).collect();
        let widths: Vec<i64> = lines.iter().map(|line| line.width).collect();
        let blocks = blocks(&lines, &texts, &widths);
        let mut kinds: Vec<Block> = blocks.iter().map(|b| kind(b.texts, Some(b.widths))).collect();
        for (b, info) in blocks.iter().enumerate() {
            if info.widths.len() >= 2 && {
                let mut ordered = info.widths.to_vec();
                ordered.sort_unstable();
                ordered[(3 * ordered.len()) / 4] > WIDEST_COLUMN
            } {
                kinds[b] = Block::Lines; // its lines are paragraphs: no page wraps so wide
            } else if info.texts.len() >= 2
                && info.texts[1..].iter().all(|t| starter_first(first_char(t)) && starter(t))
            {
                kinds[b] = Block::Lines; // list items, one a line (under a title or not)
            }
        }
        margined(&mut lines, &blocks);
        let mut vouch = Vouch::new(&lines, text);
        let glued_runs = doubled_runs(&mut lines, &found.starts, &mut vouch);
        let parted = parted(&lines, &mut vouch);
        refrains(&mut kinds, &blocks, &lines, text, &parted);
        let mut named = vec![false; lines.len()];
        for at in named_bylines(&lines, text) {
            named[at] = true;
        }
        let mut glued = glued_runs;
        for at in (0..lines.len()).filter(|&at| named[at]) {
            glued[at] = true;
        }
        let others: Vec<bool> = kinds.iter().map(|&k| k != Block::Prose).collect();
        let columns = self.columns(&lines, &blocks, &others);
        let mut stretched = found.stretched.clone();
        stretched.extend(before_latin(&lines, &found.spaced));
        stretched.extend(unindented(&lines, &found.loose, &columns));
        fill_stretched(&mut lines, &stretched, &blocks, &columns);
        let spread = spread(&lines);
        let split = split_off(&lines);
        let listing = listing(&lines);
        let items = items_after_colon(&lines);
        let fixed: Vec<bool> = lines
            .iter()
            .enumerate()
            .map(|(at, line)| {
                others[line.block]
                    || (first_char(line.text) < '\u{2e80}' && code_like(line.text))
                    || listing[at]
                    || items[at]
            })
            .collect();
        let mut previous = &lines[0];
        let lead = if fixed[0] {
            text[..previous.start].rfind('\n').map_or(0, |i| i + 1)
        } else {
            previous.start
        };
        let mut out = String::with_capacity(text.len());
        out.push_str(&text[lead..previous.start]);
        out.push_str(previous.text);
        let mut chars = CharIndex::new(text);
        let mut record = |edits: &mut Edits, start: usize, end: usize, new: &str| {
            if edits.on() && &text[start..end] != new {
                let from = chars.at(start);
                let to = chars.at(end);
                edits.push(from, to, new.to_string());
            }
        };
        record(edits, 0, lead, "");
        let mut opening = true;
        let any_spread = spread.iter().any(|&s| s);
        let mut kept = String::new();
        for at in 1..lines.len() {
            let line = &lines[at];
            let following = lines.get(at + 1);
            let gap: &str = if glued[at] {
                ""
            } else if named[at] || named[at - 1] {
                "\n\n"
            } else if !fixed[at] && !fixed[at - 1] {
                if parted[at] || parted[at - 1] {
                    "\n\n"
                } else if any_spread
                    && (spread[at] || spread[at - 1])
                    && !(ends_sentence(previous.text)
                        && (previous.block != line.block || !(spread[at] && spread[at - 1])))
                {
                    let (last, first) = (last_char(previous.text), first_char(line.text));
                    if last.is_ascii_alphabetic()
                        && first.is_ascii_alphabetic()
                        && previous.size + line.size > 2
                    {
                        " "
                    } else {
                        ""
                    }
                } else if split[at - 1] {
                    " " // a Latin word split off a justified line, the next word with it
                } else {
                    joiner(previous, line, columns[previous.block].as_ref(), following, opening)
                }
            } else {
                let between = &text[previous.end..line.start];
                if between.matches('\n').count() >= 2 {
                    kept.clear();
                    kept.push_str("\n\n");
                    kept.push_str(&between[between.rfind('\n').expect("a line break") + 1..]);
                    &kept
                } else {
                    between
                }
            };
            opening = gap.starts_with('\n');
            if gap == "-" {
                out.pop();
                record(edits, previous.end - 1, line.start, "");
            } else {
                out.push_str(gap);
                record(edits, previous.end, line.start, gap);
            }
            out.push_str(line.text);
            previous = line;
        }
        record(edits, previous.end, text.len(), "");
        out
    }

    /// `Unwrap._columns`: the column of each block, its own or a neighbour's.
    fn columns(
        &self,
        lines: &[Line],
        blocks: &[BlockInfo],
        others: &[bool],
    ) -> Vec<Option<Column>> {
        let count = blocks.len();
        let mut doubled = vec![false; count];
        for line in lines {
            if line.doubled {
                doubled[line.block] = true;
            }
        }
        let mut by_block: Vec<Option<Vec<i64>>> = (0..count)
            .map(|b| (!doubled[b] && !others[b]).then(|| blocks[b].widths.to_vec()))
            .collect();
        if doubled.iter().any(|&d| d) {
            for line in lines {
                if doubled[line.block] && !line.doubled && !others[line.block] {
                    by_block[line.block].get_or_insert_with(Vec::new).push(line.width);
                }
            }
        }
        let mut own: Vec<Option<Column>> = by_block
            .into_iter()
            .map(|widths| {
                let mut ordered = widths?;
                if (ordered.len() as i64) < self.min_block {
                    return None;
                }
                ordered.sort_unstable();
                let top = ordered[(3 * ordered.len()) / 4];
                Some(Column::of(top, self.wide, self.tolerance, tight(&ordered, top, self.wide)))
            })
            .collect();
        let indent = indent_habit(lines, &own);
        if indent != 0 {
            for column in own.iter_mut().flatten() {
                column.indent = indent;
            }
        }
        // (a line alone between blank lines in prose, its neighbours too: the column most
        // blocks of the text have, unless the next block starts wider: a headline's deck)
        let common = if others.iter().any(|&o| o) { None } else { common_column(&own) };
        (0..count)
            .map(|b| {
                own[b]
                    .or_else(|| own.get(b + 1).copied().flatten())
                    .or_else(|| if b > 0 { own[b - 1] } else { None })
                    .or_else(|| {
                        common.filter(|c| {
                            blocks[b].texts.len() == 1
                                && blocks.get(b + 1).is_none_or(|n| n.widths[0] <= c.width + 1)
                        })
                    })
            })
            .collect()
    }
}

/// `unwrap._common_column`: the column most blocks have (of those most, the first block's),
/// when two or more have it.
fn common_column(own: &[Option<Column>]) -> Option<Column> {
    // (columns are equal when their widths and fullness are: the rest derives from them)
    let mut counts: std::collections::HashMap<(i64, u64), usize> = Default::default();
    for column in own.iter().flatten() {
        *counts.entry((column.width, column.full.to_bits())).or_default() += 1;
    }
    let mut best: Option<(usize, Column)> = None;
    for column in own.iter().flatten() {
        let count = counts[&(column.width, column.full.to_bits())];
        if best.is_none_or(|(most, _)| count > most) {
            best = Some((count, *column));
        }
    }
    // (one block's column says nothing of the text's)
    best.filter(|&(count, _)| count >= 2).map(|(_, column)| column)
}

/// `unwrap._unindented`: the lines of `loose` not short by a first-line indent.
fn unindented(lines: &[Line], loose: &[usize], columns: &[Option<Column>]) -> Vec<usize> {
    loose
        .iter()
        .copied()
        .filter(|&at| columns[lines[at].block].is_none_or(|c| !c.opens(lines[at].width)))
        .collect()
}

/// `unwrap._LONE_WORD.fullmatch`: a Latin word alone, an opening quote before it or not.
fn lone_word(text: &str) -> bool {
    let bytes = text.strip_prefix(['“', '"']).unwrap_or(text).as_bytes();
    !bytes.is_empty()
        && bytes[0].is_ascii_alphabetic()
        && bytes[1..].iter().all(|&b| b.is_ascii_alphanumeric() || b == b'\'' || b == b'-')
}

/// `unwrap._word_lead`: `text` starts with a Latin letter, or a bracket and one.
fn word_lead(text: &str) -> bool {
    let rest = text.strip_prefix(['(', '（']).unwrap_or(text);
    rest.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
}

/// `unwrap._split_off`: per line, whether it is one Latin word alone split off a justified
/// line after Chinese prose, the next line going on with a Latin word.
fn split_off(lines: &[Line]) -> Vec<bool> {
    let mut split = vec![false; lines.len()];
    for at in 1..lines.len().saturating_sub(1) {
        let (line, before, after) = (&lines[at], &lines[at - 1], &lines[at + 1]);
        let block = line.block;
        if line.size > SPREAD_WORD
            || before.block != block
            || after.block != block
            || !lone_word(line.text)
            || !word_lead(after.text)
            || !(before.indent == line.indent && line.indent == after.indent)
        {
            continue;
        }
        let before_last = last_char(before.text);
        if !split[at - 1]
            && (!holds_cjk(before.text) || end_mark(before_last) || is_prose_mark(before_last))
        {
            continue;
        }
        let beyond = lines.get(at + 2).filter(|l| l.block == block);
        if holds_cjk(after.text) || beyond.is_some_and(|l| holds_cjk(l.text)) {
            split[at] = true;
        }
    }
    split
}

/// `unwrap._margined`: the indent of each block of two or more lines taken from its margin.
fn margined(lines: &mut [Line], blocks: &[BlockInfo]) {
    for line in lines.iter_mut() {
        let info = &blocks[line.block];
        if info.margin != 0 && info.texts.len() > 1 {
            line.indent -= info.margin;
        }
    }
}

/// `unwrap._fill_stretched`.
fn fill_stretched(
    lines: &mut [Line],
    stretched: &[usize],
    blocks: &[BlockInfo],
    columns: &[Option<Column>],
) {
    let mut per_block = vec![0usize; blocks.len()];
    for &at in stretched {
        per_block[lines[at].block] += 1;
    }
    for &at in stretched {
        let block = lines[at].block;
        if let Some(column) = columns[block] {
            if lines[at].width < column.width && 2 * per_block[block] < blocks[block].texts.len() {
                lines[at].width = column.width;
            }
        }
    }
}

/// `unwrap._before_latin`.
fn before_latin(lines: &[Line], spaced: &[usize]) -> Vec<usize> {
    spaced
        .iter()
        .copied()
        .filter(|&at| {
            at + 1 < lines.len() && lines[at + 1].block == lines[at].block && {
                let c = first_char(lines[at + 1].text);
                c.is_ascii_alphanumeric()
            }
        })
        .collect()
}

/// `unwrap._BYLINE_HEAD` fully matching `text`.
fn byline_head(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    byline_heads(&chars).contains(&chars.len())
}

/// `unwrap._named_bylines`: the lines that are a byline's name under its head.
fn named_bylines(lines: &[Line], text: &str) -> Vec<usize> {
    // the lines a byline's head may be: those ending on `记者` or `通讯员` (white space aside),
    // found by `memmem` (a vector search; `str::find` walks the text)
    let mut heads: Vec<usize> = Vec::new();
    for word in ["记者", "通讯员"] {
        let finder = memchr::memmem::Finder::new(word);
        let mut from = 0;
        while let Some(found) = finder.find(&text.as_bytes()[from..]) {
            let end = from + found + word.len();
            let rest = text[end..].find('\n').map_or(text.len(), |i| end + i);
            if rest < text.len() && text[end..rest].chars().all(ws) {
                heads.push(text[..end].rfind('\n').map_or(0, |i| i + 1));
            }
            from = end;
        }
    }
    if heads.is_empty() {
        return Vec::new();
    }
    heads.sort_unstable();
    heads.dedup();
    let mut found = Vec::new();
    let mut done = 0; // where the last match ends: the next starts on a later line
    for start in heads {
        if start < done {
            continue;
        }
        let end = start + text[start..].find('\n').expect("a line after the head");
        let name_end = text[end + 1..].find('\n').map_or(text.len(), |i| end + 1 + i);
        let head = text[start..end].trim_matches(ws);
        let name_line = &text[end + 1..name_end];
        let name = name_line.trim_matches(ws);
        let count = name.chars().count();
        if (2..=4).contains(&count) && name.chars().all(is_han) && byline_head(head) {
            let at = end + 1 + (name_line.len() - name_line.trim_start_matches(ws).len());
            found.push(lines.partition_point(|line| line.start <= at) - 1);
            done = name_end + 1;
        }
    }
    found
}

/// A hasher for characters (FxHash's step: a multiply and a rotate).
#[derive(Default)]
struct CharHasher(u64);

impl std::hash::Hasher for CharHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u32(u32::from(b));
        }
    }

    fn write_u32(&mut self, i: u32) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

/// A set of characters (`_doubled_runs`' characters seen an odd number of times).
type CharSet = std::collections::HashSet<char, std::hash::BuildHasherDefault<CharHasher>>;

/// `unwrap._doubled_runs`: mark the lines of each fake-bold heading drawn over several lines
/// doubled; gives, per line, whether the break before it is inside one.
fn doubled_runs(lines: &mut [Line], starts: &[usize], vouch: &mut Vouch) -> Vec<bool> {
    let count = lines.len();
    let mut glued = vec![false; count];
    let mut starts = starts.to_vec();
    starts.sort_unstable();
    starts.dedup();
    let mut done = 0;
    for at in starts {
        if at < done || at + 1 == count || lines[at].size > RUN_LINE {
            continue;
        }
        let first = chars_of(lines[at].text);
        let copy = find_in(&first, &first[..2.min(first.len())], 1, first.len() / 2 + 1);
        let opens = lines[at + 1].text.starts_with(lines[at].text)
            || (first.len() >= 2 && first[1] == first[0])
            || copy.is_some_and(|c| c > 0 && first[c..].starts_with(&first[..c]));
        if !opens {
            continue;
        }
        let (mut end, mut joined) = (at, first.clone());
        let mut breaks = Vec::new();
        let mut once: Vec<char> = Vec::new();
        let mut odd = CharSet::default();
        let flip = |odd: &mut CharSet, c: char| {
            if !odd.remove(&c) {
                odd.insert(c);
            }
        };
        for &c in &first {
            flip(&mut odd, c);
        }
        for later in at + 1..count.min(at + RUN_LINES) {
            if lines[later].block != lines[at].block || lines[later].size > RUN_LINE {
                break;
            }
            breaks.push(joined.len());
            joined.extend(lines[later].text.chars());
            for c in lines[later].text.chars() {
                flip(&mut odd, c);
            }
            if odd.is_empty() {
                if let Some(heading) = doubled_heading(&joined, &breaks) {
                    end = later;
                    once = heading;
                }
            }
        }
        if end == at || end + 1 == count || lines[end + 1].block != lines[at].block {
            continue;
        }
        if !undone(&once, lines, at, end, vouch, None) {
            continue;
        }
        glued[at + 1..=end].fill(true);
        for (index, line) in lines.iter_mut().enumerate().take(end + 1).skip(at) {
            if !line.doubled {
                line.doubled = true;
                vouch.doubled.push(index);
            }
        }
        done = end + 1;
    }
    glued
}

/// `unwrap._bare_length`.
fn bare_length(text: &[char]) -> usize {
    bare(text).len()
}

/// What `_vouched` reads, found once: the heading each line drawn twice reads as, the lines
/// marked doubled so far, and whether the text has a doubled mark.
struct Vouch<'t> {
    text: &'t str,
    heads: Vec<Option<Option<Vec<char>>>>,
    doubled: Vec<usize>,
    marks: Option<bool>,
}

impl<'t> Vouch<'t> {
    fn new(lines: &[Line], text: &'t str) -> Self {
        Self {
            text,
            heads: vec![None; lines.len()],
            doubled: (0..lines.len()).filter(|&at| lines[at].doubled).collect(),
            marks: None,
        }
    }

    /// `unwrap._vouched`: the text shows fake bold as `fake-bold` reads it.
    fn vouched(&mut self, lines: &[Line], onces: &[Vec<char>]) -> bool {
        let mut found: Vec<Vec<char>> = Vec::new();
        for once in onces {
            if !found.contains(once) {
                found.push(once.clone());
            }
        }
        let shows = |found: &[Vec<char>]| {
            found.len() > 1 || found.iter().any(|once| bare_length(once) >= HEADING_LENGTH)
        };
        for index in 0..self.doubled.len() {
            if shows(&found) {
                return true;
            }
            let at = self.doubled[index];
            if at > 0 && matches!(last_char(lines[at - 1].text), '：' | ':') {
                continue;
            }
            let head = self.heads[at]
                .get_or_insert_with(|| doubled_heading(&chars_of(lines[at].text), &[]));
            if let Some(once) = head {
                if !found.contains(once) {
                    found.push(once.clone());
                }
            }
        }
        shows(&found) || *self.marks.get_or_insert_with(|| doubled_marks(self.text))
    }
}

/// `unwrap._undone`: whether `fake-bold` undoes the heading `once` drawn twice over lines
/// `at` to `end`.
fn undone(
    once: &[char],
    lines: &[Line],
    at: usize,
    end: usize,
    vouch: &mut Vouch,
    vouched: Option<bool>,
) -> bool {
    if bare_length(once) >= HEADING_LENGTH {
        return true;
    }
    if at > 0 && matches!(last_char(lines[at - 1].text), '：' | ':') && !lines[at - 1].doubled {
        return false;
    }
    let shown = match vouched {
        Some(v) => v,
        None => vouch.vouched(lines, &[once.to_vec()]),
    };
    if shown {
        return true;
    }
    let mut after: Vec<(usize, String)> = Vec::new();
    for line in lines.iter().skip(end + 1).take(AFTER_LINES) {
        let known = after.iter().position(|(b, _)| *b == line.block);
        if after.len() == 2 && known.is_none() {
            break;
        }
        match known {
            Some(i) => after[i].1.push_str(line.text),
            None => after.push((line.block, line.text.to_string())),
        }
    }
    let after: Vec<&str> = after.iter().map(|(_, t)| t.as_str()).collect();
    placed_as_heading(if at > 0 { lines[at - 1].text } else { "" }, &after, once)
}

/// `unwrap._parted`: per line, whether it is a copy of the line before that stays apart.
fn parted(lines: &[Line], vouch: &mut Vouch) -> Vec<bool> {
    let mut result = vec![false; lines.len()];
    let mut pairs: Vec<(usize, Option<Vec<char>>)> = Vec::new();
    for at in 1..lines.len() {
        let line = lines[at].text;
        if line == lines[at - 1].text && line.chars().any(py_isalnum) {
            let doubled: Vec<char> = line.chars().chain(line.chars()).collect();
            pairs.push((at, doubled_heading(&doubled, &[lines[at].size])));
        }
    }
    if pairs.is_empty() {
        return result;
    }
    let onces: Vec<Vec<char>> = pairs.iter().filter_map(|(_, once)| once.clone()).collect();
    let vouched = vouch.vouched(lines, &onces);
    for (at, once) in pairs {
        result[at] = match once {
            None => true,
            Some(once) => !undone(&once, lines, at - 1, at, vouch, Some(vouched)),
        };
    }
    result
}

/// `unwrap._refrains`: mark each prose block that is a refrain as lines.
fn refrains(
    kinds: &mut [Block],
    blocks: &[BlockInfo],
    lines: &[Line],
    text: &str,
    parted: &[bool],
) {
    let mut sung: Vec<usize> = (0..kinds.len())
        .filter(|&b| {
            kinds[b] == Block::Prose && blocks[b].texts.len() >= 4 && sung_again(blocks[b].texts)
        })
        .collect();
    if !sung.is_empty() && (lines.iter().any(|l| l.doubled) || doubled_marks(text)) {
        sung.clear();
    }
    if parted.iter().any(|&p| p) {
        for b in 0..kinds.len() {
            let texts = blocks[b].texts;
            let first = blocks[b].first;
            if kinds[b] == Block::Prose
                && texts.len() > 1
                && texts.iter().all(|t| *t == texts[0])
                && (first + 1..first + texts.len()).all(|at| parted[at])
            {
                sung.push(b);
            }
        }
    }
    for b in sung {
        kinds[b] = Block::Lines;
    }
}

/// `unwrap._shape`: the shape of a line of a listing (its runs of digits `9`, of Latin
/// letters `a`), or `None`.
fn shape(text: &str, size: usize) -> Option<String> {
    if size > LISTING_LINE || !text.contains(' ') || holds_cjk(text) {
        return None;
    }
    let mut shape = String::with_capacity(text.len());
    let mut digit = false;
    let mut run = '\0'; // the class of the run the last character was in
    for c in text.chars() {
        let class = if c.is_ascii_digit() {
            digit = true;
            '9'
        } else if c.is_ascii_alphabetic() {
            'a'
        } else {
            '\0'
        };
        if class == '\0' {
            shape.push(c);
        } else if class != run {
            shape.push(class);
        }
        run = class;
    }
    digit.then_some(shape)
}

/// `unwrap._listing`: per line, whether it is in a run of three or more of one shape.
fn listing(lines: &[Line]) -> Vec<bool> {
    let mut found = vec![false; lines.len()];
    let mut run: Vec<usize> = Vec::new();
    let mut current: Option<String> = None;
    for (at, line) in lines.iter().enumerate() {
        let this =
            if first_char(line.text) < '\u{2e80}' { shape(line.text, line.size) } else { None };
        if this.is_some() && this == current && line.block == lines[run[run.len() - 1]].block {
            run.push(at);
            continue;
        }
        if run.len() >= 3 {
            for &i in &run {
                found[i] = true;
            }
        }
        run.clear();
        run.push(at);
        current = this;
    }
    if run.len() >= 3 {
        for &i in &run {
            found[i] = true;
        }
    }
    found
}

/// `unwrap._items_after_colon`: per line, whether it is in a list under a line ending on a
/// colon: two or more lines to the end of its block, each different, no wider than
/// `ITEM_WIDTH`, with no mark of prose.
fn items_after_colon(lines: &[Line]) -> Vec<bool> {
    let mut found = vec![false; lines.len()];
    for (at, line) in lines.iter().enumerate() {
        if !matches!(last_char(line.text), '：' | ':') {
            continue;
        }
        let end = at + 1 + lines[at + 1..].iter().take_while(|l| l.block == line.block).count();
        let items = &lines[at + 1..end];
        if items.len() >= 2
            && items.iter().all(|l| l.width <= ITEM_WIDTH && !prose_mark(l.text))
            && all_different(items.iter().map(|l| l.text))
        {
            found[at + 1..end].fill(true);
        }
    }
    found
}

/// `unwrap._spread`: per line, whether it is in a run of lines of one character or word.
fn spread(lines: &[Line]) -> Vec<bool> {
    let mut spread = vec![false; lines.len()];
    let mut run: Vec<usize> = Vec::new();
    let mut single = false;
    for (at, line) in lines.iter().enumerate() {
        let t = line.text;
        if !(line.size == 1
            || (t.is_ascii()
                && line.size <= SPREAD_WORD
                && t.chars().all(|c| c.is_ascii_alphabetic())))
        {
            continue;
        }
        if !run.is_empty() && at != run[run.len() - 1] + 1 {
            if (run.len() >= 3 && single) || spread_pair(lines, &run) {
                for &i in &run {
                    spread[i] = true;
                }
            }
            run.clear();
            single = false;
        }
        run.push(at);
        single = single || (line.size == 1 && !t.is_ascii());
    }
    if (run.len() >= 3 && single) || spread_pair(lines, &run) {
        for &i in &run {
            spread[i] = true;
        }
    }
    spread
}

/// `unwrap._spread_pair`: the two lines of `run` are two different Han characters alone on
/// their lines, lines of their block around them, after a line cut mid-word and not before
/// a line that opens a paragraph.
fn spread_pair(lines: &[Line], run: &[usize]) -> bool {
    if run.len() != 2 || run[0] == 0 || run[1] + 1 >= lines.len() {
        return false;
    }
    let (first, second, after) = (&lines[run[0]], &lines[run[1]], &lines[run[1] + 1]);
    let block = first.block;
    let (mut a, mut b) = (first.text.chars(), second.text.chars());
    let (Some(c1), None, Some(c2), None) = (a.next(), a.next(), b.next(), b.next()) else {
        return false;
    };
    c1 != c2
        && is_han(c1)
        && is_han(c2)
        && lines[run[0] - 1].block == block
        && second.block == block
        && after.block == block
        && py_isalnum(last_char(lines[run[0] - 1].text))
        && !(after.text.chars().next().is_some_and(starter_first) && starter(after.text))
}
