//! ocrlines: before `unwrap`, undo blank lines OCR puts in paragraphs, mark indents it lost
//! (`cleantext/kinds/ocrlines.py`, the reference; each function names the one it mirrors).
//! Every branch is ported: it declines no text.

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::edits::{CharIndex, Edits};
use crate::lookalike::lines;
use crate::text::{
    display_width, ends_sentence, is_cjk, is_closer, is_han, is_hspace, is_regex_space,
    is_terminal, is_word, py_isdigit,
};
use crate::words::Words;
use crate::{param, Rule};

pub struct OcrLines {
    min_run: i64,
    tolerance: f64,
    min_width: i64,
    max_width: i64,
    words: &'static Words,
}

/// A block of non-blank lines: (start, end, lines), `end` where its last line ends (bytes).
type Block = (usize, usize, usize);
/// A cut: bytes `start..end` become the string.
type Cut = (usize, usize, &'static str);

/// `_INDENT`, `_SLACK`: a paragraph's indent in display columns, and how far a line's width
/// may miss the column less the indent.
const INDENT: f64 = 4.0;
const SLACK: f64 = 1.5;
/// `_WORD_COUNT`.
const WORD_COUNT: u64 = 10;

/// `.strip(_WS)`.
fn strip(text: &str) -> &str {
    text.trim_matches(is_hspace)
}

fn width(text: &str) -> i64 {
    display_width(text) as i64
}

/// The line of `text` that ends at byte `end`.
fn line_ending_at(text: &str, end: usize) -> &str {
    &text[text[..end].rfind('\n').map_or(0, |i| i + 1)..end]
}

/// `_SENTENCE_END` on one line: `[TERMINAL][CLOSERS \t\r\u3000]*$`.
fn sentence_end(line: &str) -> bool {
    line.trim_end_matches(|c| is_closer(c) || matches!(c, ' ' | '\t' | '\r' | '\u{3000}'))
        .chars()
        .next_back()
        .is_some_and(is_terminal)
}

/// `_MARK_END` on one line: `[^\w\s][ \t\r\u3000]*$`.
fn mark_end(line: &str) -> bool {
    line.trim_end_matches([' ', '\t', '\r', '\u{3000}'])
        .chars()
        .next_back()
        .is_some_and(|c| !is_word(c) && !is_regex_space(c))
}

/// Mirrors `_blocks`: each run of non-blank lines.
fn blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let (mut start, mut end, mut count) = (0, 0, 0);
    let mut offset = 0;
    for line in lines(text) {
        if !strip(line).is_empty() {
            if count == 0 {
                start = offset;
            }
            count += 1;
            end = offset + line.len();
        } else if count > 0 {
            blocks.push((start, end, count));
            count = 0;
        }
        offset += line.len() + 1;
    }
    if count > 0 {
        blocks.push((start, end, count));
    }
    blocks
}

/// Mirrors `_column`: the upper quartile of the widths from `least` to `most` (0 with fewer
/// than three).
fn column(widths: &[i64], least: i64, most: i64) -> i64 {
    let mut fit: Vec<i64> = widths.iter().copied().filter(|w| (least..=most).contains(w)).collect();
    fit.sort_unstable();
    if fit.len() >= 3 {
        fit[(3 * fit.len()) / 4]
    } else {
        0
    }
}

/// Mirrors `_column_line`: not indented, at least `least` wide.
fn column_line(line: &str, least: i64) -> bool {
    line.chars().next().is_some_and(|c| !is_hspace(c))
        && width(line.trim_end_matches(is_hspace)) >= least
}

/// The first `count` characters of `text` (`text[:count]`).
fn head(text: &str, count: usize) -> &str {
    &text[..text.char_indices().nth(count).map_or(text.len(), |(i, _)| i)]
}

/// The last `count` characters of `text` (`text[-count:]`).
fn tail(text: &str, count: usize) -> &str {
    &text[text.char_indices().rev().nth(count - 1).map_or(0, |(i, _)| i)..]
}

impl OcrLines {
    /// Mirrors `_cut_mid_word`: the break between `line` and `after` cuts a word or a
    /// number from its unit; `strict`, a word only, whose halves are no words where they
    /// stand.
    fn cut_mid_word(&self, line: &str, after: &str, strict: bool) -> bool {
        let (Some(last), Some(first)) = (line.chars().next_back(), after.chars().next()) else {
            return false;
        };
        if py_isdigit(last) && is_han(first) && !strict {
            return true;
        }
        let mut pair = String::with_capacity(8);
        pair.push(last);
        pair.push(first);
        if self.words.count(&pair) < WORD_COUNT {
            return false;
        }
        !strict || !(self.words.has(tail(line, 2)) || self.words.has(head(after, 2)))
    }

    /// Mirrors `_column_gaps`: the blank lines after a full line in a run of one-line blocks.
    fn column_gaps(&self, text: &str, blocks: &[Block], cuts: &mut Vec<Cut>) {
        let mut run: Vec<Block> = Vec::new();
        let end = (text.len(), text.len(), 0);
        for &block in blocks.iter().chain([&end]) {
            // a block of more lines is no line of a run: its width is not needed
            let wide = || width(strip(&text[block.0..block.1]));
            if block.2 == 1 && (self.min_width..=self.max_width).contains(&wide()) {
                run.push(block);
                continue;
            }
            if run.len() as i64 >= self.min_run {
                self.join_run(text, &run, cuts);
            }
            run.clear();
        }
    }

    /// Mirrors `_join_run`.
    fn join_run(&self, text: &str, run: &[Block], cuts: &mut Vec<Cut>) {
        let lines: Vec<&str> = run.iter().map(|b| strip(&text[b.0..b.1])).collect();
        let widths: Vec<i64> = lines.iter().map(|line| width(line)).collect();
        let mut sorted = widths.clone();
        sorted.sort_unstable();
        let quartile = sorted[(3 * sorted.len()) / 4];
        let least = quartile as f64 * (1.0 - self.tolerance);
        for i in 0..run.len() - 1 {
            if least <= widths[i] as f64
                && !ends_sentence(lines[i])
                && self.cut_mid_word(lines[i], lines[i + 1], false)
            {
                cuts.push((run[i].1, run[i + 1].0, "\n"));
            }
        }
    }

    /// Mirrors `_cut_words`: the blank lines after a block whose last line's break cuts a
    /// word whose halves are no words where they stand.
    fn cut_words(&self, text: &str, blocks: &[Block], cuts: &mut Vec<Cut>) {
        for pair in blocks.windows(2) {
            let (end, after) = (pair[0].1, pair[1]);
            let line = strip(line_ending_at(text, end));
            let wide = width(line);
            if self.min_width <= wide
                && wide <= self.max_width
                && !ends_sentence(line)
                && self.cut_mid_word(
                    line,
                    text[after.0..after.1].trim_start_matches(is_hspace),
                    true,
                )
            {
                cuts.push((end, after.0, "\n"));
            }
        }
    }

    /// Mirrors `_indented_starts`: a blank line before a line of a column as much narrower
    /// than the column as a paragraph's indent, between two full lines of which the first
    /// ends a sentence.
    fn indented_starts(&self, text: &str, blocks: &[Block], cuts: &mut Vec<Cut>) {
        for &(start, end, count) in blocks {
            if count < 3 {
                continue;
            }
            let lines: Vec<&str> = lines(&text[start..end]).collect();
            if !lines.iter().any(|line| sentence_end(line))
                || lines.iter().filter(|line| mark_end(line)).count() * 3 > count
            {
                continue; // no sentence ends a line; verse, a list, code
            }
            let widths: Vec<i64> = lines.iter().map(|line| width(strip(line))).collect();
            let column = column(&widths, self.min_width, self.max_width);
            if column == 0 {
                continue;
            }
            let full = column as f64 * (1.0 - self.tolerance);
            let indented = (column as f64 - INDENT - SLACK)..=(column as f64 - INDENT + SLACK);
            let mut offset = start + lines[0].len() + 1;
            for i in 1..lines.len() - 1 {
                if widths[i - 1] as f64 >= full
                    && widths[i + 1] as f64 >= full
                    && indented.contains(&(widths[i] as f64))
                    && ends_sentence(lines[i - 1])
                {
                    cuts.push((offset - 1, offset, "\n\n"));
                }
                offset += lines[i].len() + 1;
            }
        }
    }

    /// Mirrors `_fragments`: the blank lines before a line of two or three Han characters
    /// alone that is no word; or around one of one to three between two lines of a column
    /// of which the first ends on a comma.
    fn fragments(&self, text: &str, blocks: &[Block], cuts: &mut Vec<Cut>) {
        let least = self.min_width;
        let last = (text.len(), text.len(), 0);
        for i in 0..blocks.len().saturating_sub(1) {
            let (end, (start, stop, count)) = (blocks[i].1, blocks[i + 1]);
            let after = blocks.get(i + 2).copied().unwrap_or(last);
            let piece = strip(&text[start..stop]);
            let size = piece.chars().count();
            if count != 1 || !(1..=3).contains(&size) || !piece.chars().all(is_han) {
                continue;
            }
            let line = line_ending_at(text, end);
            if ends_sentence(line) {
                continue; // after a sentence end, `unwrap` would put the break back
            }
            let next = text[after.0..after.1].split('\n').next().unwrap_or("");
            let inside = after.2 > 0
                && column_line(line, least)
                && column_line(next, least)
                && line.trim_end_matches(is_hspace).ends_with(['，', '、'])
                && next.chars().next().is_some_and(is_han);
            if inside {
                cuts.push((end, start, "\n"));
                cuts.push((stop, after.0, ""));
            } else if size >= 2 && !self.words.has(piece) && !self.words.has_longer(piece) {
                cuts.push((end, start, "\n"));
            }
        }
    }

    /// Mirrors `_stray_gaps`: gaps of two or more spaces between Chinese in a few lines of a
    /// block of prose.
    fn stray_gaps(text: &str, blocks: &[Block], cuts: &mut Vec<Cut>) {
        for &(start, end, count) in blocks {
            if count < 3 {
                continue;
            }
            let mut found: Vec<(usize, usize)> = Vec::new();
            let mut lines = 0; // lines holding a gap
            let mut line = usize::MAX; // the last of them
            let mut number = 0; // the line at `at`
            let block = &text[start..end];
            let mut previous: Option<char> = None;
            let mut chars = block.char_indices().peekable();
            while let Some((at, c)) = chars.next() {
                if c == '\n' {
                    number += 1;
                }
                // _GAP: (?<=CJK)[ \u3000]{2,}(?=CJK)
                if matches!(c, ' ' | '\u{3000}') && previous.is_some_and(is_cjk) {
                    let mut gap_end = at + c.len_utf8();
                    let mut size = 1;
                    while let Some(&(i, d)) = chars.peek() {
                        if !matches!(d, ' ' | '\u{3000}') {
                            break;
                        }
                        gap_end = i + d.len_utf8();
                        size += 1;
                        chars.next();
                    }
                    previous = Some(' ');
                    if size >= 2 && chars.peek().is_some_and(|&(_, d)| is_cjk(d)) {
                        found.push((start + at, start + gap_end));
                        if line != number {
                            line = number;
                            lines += 1;
                        }
                    }
                    continue;
                }
                previous = Some(c);
            }
            if !found.is_empty() && lines * 3 <= count {
                cuts.extend(found.into_iter().map(|(a, b)| (a, b, "")));
            }
        }
    }
}

impl OcrLines {
    /// Mirrors `_spaced_ends`: a paragraph break for the space after a short piece that ends
    /// a sentence, in a line OCR made of a whole column with a space at each wrap.
    fn spaced_ends(&self, text: &str, cuts: &mut Vec<Cut>) {
        let mut start = 0;
        for line in lines(text) {
            let line_start = start;
            start += line.len() + 1;
            if memchr::memchr_iter(b' ', line.as_bytes()).nth(2).is_none()
                || width(line) <= self.max_width
            {
                continue;
            }
            let parts: Vec<&str> = line.split(' ').collect();
            let widths: Vec<i64> = parts.iter().map(|part| width(part)).collect();
            let column = column(&widths, self.min_width, self.max_width);
            let full = column as f64 * (1.0 - self.tolerance);
            let most = column as f64 * (1.0 + self.tolerance);
            let fit = widths.iter().filter(|&&w| full <= w as f64 && w as f64 <= most).count();
            if column == 0 || 2 * fit < parts.len() {
                continue; // spaces between words or phrases, not at a column's wraps
            }
            let mut at = line_start + parts[0].len();
            for i in 1..parts.len() - 1 {
                at += 1 + parts[i].len(); // the space after `parts[i]`
                if widths[i - 1] as f64 >= full
                    && self.min_width <= widths[i]
                    && (widths[i] as f64) < full
                    && parts[i].trim_end_matches(is_closer).ends_with(['。', '！', '？'])
                    && parts[i + 1].chars().next().is_some_and(is_han)
                {
                    cuts.push((at, at + 1, "\n\n"));
                }
            }
        }
    }
}

impl Rule for OcrLines {
    fn new(options: &Bound<'_, PyDict>) -> PyResult<Self> {
        let min_run: i64 = param(options, "min_run")?;
        if min_run < 1 {
            // `_join_run` of no block: the Python kind raises (IndexError), let it
            return Err(pyo3::exceptions::PyValueError::new_err("min_run"));
        }
        Ok(Self {
            min_run,
            tolerance: param(options, "tolerance")?,
            min_width: param(options, "min_width")?,
            max_width: param(options, "max_width")?,
            words: Words::get(options.py())?,
        })
    }

    /// Mirrors `apply`: the cuts of every finder, in order, none overlapping one before it.
    fn apply(&self, text: &str, edits: &mut Edits) -> Option<String> {
        let mut cuts = Vec::new();
        if text.contains(' ') {
            self.spaced_ends(text, &mut cuts);
        }
        if text.contains('\n') {
            let blocks = blocks(text);
            self.column_gaps(text, &blocks, &mut cuts);
            self.cut_words(text, &blocks, &mut cuts);
            self.indented_starts(text, &blocks, &mut cuts);
            self.fragments(text, &blocks, &mut cuts);
            if text.contains("  ") || text.contains("\u{3000}\u{3000}") {
                Self::stray_gaps(text, &blocks, &mut cuts);
            }
        }
        if cuts.is_empty() {
            return None;
        }
        cuts.sort_unstable();
        let mut out = String::with_capacity(text.len());
        let mut chars = CharIndex::new(text);
        let mut done = 0;
        for (start, end, new) in cuts {
            if start < done {
                continue;
            }
            out.push_str(&text[done..start]);
            out.push_str(new);
            if edits.on() {
                let a = chars.at(start);
                edits.push(a, chars.at(end), new.to_string());
            }
            done = end;
        }
        out.push_str(&text[done..]);
        Some(out)
    }
}
