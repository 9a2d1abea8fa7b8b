//! The engine's trace, natively: each rule's edits of its own input mapped back to places
//! in the slice the rules started from (`cleantext/engine.py`: `_Stage`, `_Trace`).
//!
//! Positions are code points, as in Python. The mapping mirrors `_Stage.to_inputs` and
//! `_Stage._between_edits` step by step (the same branch for the same sizes), so the changes
//! are the same even where edits overlap.

use crate::edits::skip_chars;

/// Per edit of one rule: where it ends in the rule's output, its start and end in the rule's
/// input, and whether it inserts nothing (`_Stage.rows`).
type Row = (i64, i64, i64, bool);

/// The edits one rule made, able to map positions of its output back to its input
/// (`engine._Stage`).
pub struct Stage {
    out_starts: Vec<i64>,
    rows: Vec<Row>,
}

impl Stage {
    /// Mirrors `_Stage.__init__`: `edits` sorted, with each replacement's length in chars.
    fn new(edits: &[(i64, i64, i64)]) -> Self {
        let mut out_starts = Vec::with_capacity(edits.len());
        let mut rows = Vec::with_capacity(edits.len());
        let mut shift = 0;
        for &(start, end, new_len) in edits {
            let out_start = start + shift;
            out_starts.push(out_start);
            rows.push((out_start + new_len, start, end, new_len == 0));
            shift += new_len - (end - start);
        }
        Self { out_starts, rows }
    }

    /// Mirrors `_Stage.to_inputs`.
    fn to_inputs(&self, positions: &[i64], is_end: bool) -> Vec<i64> {
        if self.out_starts.len() * 8 < positions.len() {
            return self.between_edits(positions, is_end);
        }
        let starts = &self.out_starts;
        let mut mapped = Vec::with_capacity(positions.len());
        let mut index: isize = -1;
        let last = starts.len() as isize - 1;
        for &pos in positions {
            while index < last && starts[(index + 1) as usize] <= pos {
                index += 1;
            }
            if index < 0 {
                mapped.push(pos);
                continue;
            }
            mapped.push(in_edit(pos, is_end, self.rows[index as usize]));
        }
        mapped
    }

    /// Mirrors `_Stage._between_edits`.
    fn between_edits(&self, positions: &[i64], is_end: bool) -> Vec<i64> {
        let mut mapped = Vec::with_capacity(positions.len());
        let mut done = 0;
        let mut shift = 0;
        let count = self.out_starts.len();
        for (i, (&out_start, &row)) in self.out_starts.iter().zip(&self.rows).enumerate() {
            let next_start = if i + 1 < count {
                self.out_starts[i + 1]
            } else {
                positions.last().map_or(0, |&p| p + 1)
            };
            let at = bisect_left(positions, out_start, done);
            mapped.extend(positions[done..at].iter().map(|&pos| pos + shift));
            done = bisect_right(positions, row.0, at).min(bisect_left(positions, next_start, at));
            mapped.extend(positions[at..done].iter().map(|&pos| in_edit(pos, is_end, row)));
            shift = row.2 - row.0;
        }
        mapped.extend(positions[done..].iter().map(|&pos| pos + shift));
        mapped
    }
}

/// Mirrors `engine._in_edit`.
#[inline]
fn in_edit(pos: i64, is_end: bool, (out_end, start, end, empty): Row) -> i64 {
    if pos < out_end || (pos == out_end && !is_end && empty) {
        if is_end {
            end
        } else {
            start
        }
    } else {
        end + pos - out_end
    }
}

/// Python's `bisect.bisect_left(a, x, lo)`, step for step.
fn bisect_left(a: &[i64], x: i64, mut lo: usize) -> usize {
    let mut hi = a.len();
    while lo < hi {
        let mid = (lo + hi) / 2;
        if a[mid] < x {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// Python's `bisect.bisect_right(a, x, lo)`, step for step.
fn bisect_right(a: &[i64], x: i64, mut lo: usize) -> usize {
    let mut hi = a.len();
    while lo < hi {
        let mid = (lo + hi) / 2;
        if x < a[mid] {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

/// The stages of one slice's run so far (`engine._Trace`).
#[derive(Default)]
pub struct Stages(Vec<Stage>);

impl Stages {
    /// Mirrors `_Trace.record`: `edits` of a rule's input, sorted, as (start, end, length of
    /// the replacement) mapped back through every earlier stage to places in the slice; then
    /// they become a stage themselves.
    pub fn record(&mut self, edits: &[(i64, i64, i64)]) -> Vec<(i64, i64)> {
        let mut starts: Vec<i64> = edits.iter().map(|e| e.0).collect();
        let mut ends: Vec<i64> = edits.iter().map(|e| e.1).collect();
        for stage in self.0.iter().rev() {
            starts = stage.to_inputs(&starts, false);
            ends = stage.to_inputs(&ends, true);
        }
        self.0.push(Stage::new(edits));
        starts.into_iter().zip(ends).collect()
    }
}

/// Slices of a text by character positions, the starts asked in ascending order.
pub struct Chars<'a> {
    text: &'a str,
    byte: usize,
    char: usize,
}

impl<'a> Chars<'a> {
    pub fn new(text: &'a str) -> Self {
        Self { text, byte: 0, char: 0 }
    }

    /// Byte position of character `target`, walking on from `byte` (character `char`).
    fn walk(text: &str, byte: usize, char: usize, target: usize) -> (usize, usize) {
        let (byte, walked) = skip_chars(text.as_bytes(), byte, target.saturating_sub(char));
        (byte, char + walked)
    }

    /// `text[start:end]` in characters, as Python slices (clamped to the text).
    pub fn slice(&mut self, start: usize, end: usize) -> &'a str {
        if start < self.char {
            (self.byte, self.char) = (0, 0);
        }
        (self.byte, self.char) = Self::walk(self.text, self.byte, self.char, start);
        if end <= start {
            return "";
        }
        let (last, _) = Self::walk(self.text, self.byte, self.char, end);
        &self.text[self.byte..last]
    }
}
