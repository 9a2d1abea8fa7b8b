//! The engine's trace, natively: each rule's edits of its own input mapped back to places
//! in the slice the rules started from (`cleantext/engine.py`: `Stage`, `_Trace`).
//!
//! Positions are code points, as in Python. The mapping mirrors `Stage.to_inputs` and
//! `Stage._between_edits` step by step (the same branch for the same sizes), so the changes
//! are the same even where edits overlap.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyString, PyType};

use crate::edits::{skip_chars, Edits};
use crate::{Apply, Edit};

/// Per edit of one rule: where it ends in the rule's output, its start and end in the rule's
/// input (`Stage.rows`).
type Row = (i64, i64, i64);

/// The edits one rule made, able to map positions of its output back to its input
/// (`engine.Stage`).
pub struct Stage {
    out_starts: Vec<i64>,
    rows: Vec<Row>,
}

impl Stage {
    /// Mirrors `Stage.__init__`: `edits` sorted, with each replacement's length in chars.
    fn new(edits: &[(i64, i64, i64)]) -> Self {
        let mut out_starts = Vec::with_capacity(edits.len());
        let mut rows = Vec::with_capacity(edits.len());
        let mut shift = 0;
        for &(start, end, new_len) in edits {
            let out_start = start + shift;
            out_starts.push(out_start);
            rows.push((out_start + new_len, start, end));
            shift += new_len - (end - start);
        }
        Self { out_starts, rows }
    }

    /// Mirrors `Stage.to_inputs`, mapping `positions` in place: an end at an edit's start
    /// is before it, a start there is in it.
    fn to_inputs(&self, positions: &mut [i64], is_end: bool) {
        if self.out_starts.len() * 8 < positions.len() {
            return self.between_edits(positions, is_end);
        }
        let starts = &self.out_starts;
        let mut index: isize = -1;
        let last = starts.len() as isize - 1;
        for pos in positions.iter_mut() {
            while index < last && {
                let next = starts[(index + 1) as usize];
                next < *pos || (next == *pos && !is_end)
            } {
                index += 1;
            }
            if index >= 0 {
                *pos = in_edit(*pos, is_end, self.rows[index as usize]);
            }
        }
    }

    /// Mirrors `Stage._between_edits`, in place: each search looks only at positions not
    /// yet mapped, and the last one is read before any is.
    fn between_edits(&self, positions: &mut [i64], is_end: bool) {
        let mut done = 0;
        let mut shift = 0;
        let count = self.out_starts.len();
        let after_last = positions.last().map_or(0, |&p| p + 1);
        for (i, (&out_start, &row)) in self.out_starts.iter().zip(&self.rows).enumerate() {
            let next_start = if i + 1 < count { self.out_starts[i + 1] } else { after_last };
            let at = if is_end {
                bisect_right(positions, out_start, done)
            } else {
                bisect_left(positions, out_start, done)
            };
            positions[done..at].iter_mut().for_each(|pos| *pos += shift);
            done = bisect_right(positions, row.0, at).min(bisect_left(positions, next_start, at));
            positions[at..done].iter_mut().for_each(|pos| *pos = in_edit(*pos, is_end, row));
            shift = row.2 - row.0;
        }
        positions[done..].iter_mut().for_each(|pos| *pos += shift);
    }
}

/// Mirrors `engine._in_edit`.
#[inline]
fn in_edit(pos: i64, is_end: bool, (out_end, start, end): Row) -> i64 {
    if pos < out_end {
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
            stage.to_inputs(&mut starts, false);
            stage.to_inputs(&mut ends, true);
        }
        self.0.push(Stage::new(edits));
        // an insertion where an earlier rule deleted goes before what it deleted
        starts.into_iter().zip(ends).map(|(a, b)| (a.min(b), b)).collect()
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
        self.counted(start, end).0
    }

    /// `text[:pos]` in characters, as Python slices (clamped to the text).
    pub fn prefix(&mut self, pos: usize) -> &'a str {
        if pos < self.char {
            (self.byte, self.char) = (0, 0);
        }
        (self.byte, self.char) = Self::walk(self.text, self.byte, self.char, pos);
        &self.text[..self.byte]
    }

    /// `slice`, and its length in characters.
    pub fn counted(&mut self, start: usize, end: usize) -> (&'a str, usize) {
        if start < self.char {
            (self.byte, self.char) = (0, 0);
        }
        (self.byte, self.char) = Self::walk(self.text, self.byte, self.char, start);
        if end <= start {
            return ("", 0);
        }
        let (last, walked) = Self::walk(self.text, self.byte, self.char, end);
        (&self.text[self.byte..last], walked - self.char)
    }
}

/// One change of a slice as the engine's `Change` holds it (rule, start, end, before, after),
/// its rule an index into the rule ids, with the lengths of before and after in characters;
/// its before and after are held in its `Records`' text (`Records::before`, `after`).
pub struct Record {
    pub rule: usize,
    pub start: i64,
    pub end: i64,
    pub before_len: i64,
    pub after_len: i64,
    /// where its before starts in the text, where its after starts (the before's end), and
    /// where that ends
    texts: (usize, usize, usize),
}

/// Changes, in order, their befores and afters one after the other in one text (not a
/// string or two a change).
#[derive(Default)]
pub struct Records {
    items: Vec<Record>,
    text: String,
}

impl Records {
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Record> {
        self.items.iter()
    }

    pub fn get(&self, index: usize) -> &Record {
        &self.items[index]
    }

    /// What change `found` (one of these) replaced.
    pub fn before(&self, found: &Record) -> &str {
        &self.text[found.texts.0..found.texts.1]
    }

    /// What change `found` (one of these) put in its place.
    pub fn after(&self, found: &Record) -> &str {
        &self.text[found.texts.1..found.texts.2]
    }

    #[allow(clippy::too_many_arguments)]
    pub fn push(
        &mut self,
        rule: usize,
        start: i64,
        end: i64,
        before: &str,
        after: &str,
        before_len: i64,
        after_len: i64,
    ) {
        let at = self.text.len();
        self.text.push_str(before);
        self.text.push_str(after);
        let texts = (at, at + before.len(), self.text.len());
        self.items.push(Record { rule, start, end, before_len, after_len, texts });
    }

    /// Add `found`, a change of `other`.
    pub fn push_from(&mut self, other: &Records, found: &Record) {
        let (before, after) = (other.before(found), other.after(found));
        self.push(
            found.rule,
            found.start,
            found.end,
            before,
            after,
            found.before_len,
            found.after_len,
        );
    }

    /// Keep the first `count` changes.
    fn truncate(&mut self, count: usize) {
        if let Some(first) = self.items.get(count) {
            self.text.truncate(first.texts.0);
        }
        self.items.truncate(count);
    }
}

/// What `settle` made of a slice: its text when a pass changed it, whether a pass changed
/// nothing (the slice settled), and the changes kept.
pub struct Settled {
    pub text: Option<String>,
    pub settled: bool,
    pub records: Records,
}

/// The traced passes of `Cleaner._clean_piece` over `source` for a rule set that is one
/// chain: `rules` run again and again, each rule's edits traced back to the slice (`offset`
/// where it starts in the input), until a pass leaves the text as it was, `passes` times at
/// most (then the first pass's text and changes are kept). In a pass, the rules from the one
/// after the last that changed something in the pass before are not run while nothing has
/// changed the text (`Chain.trace`). None when a rule declines a text.
pub fn settle(
    rules: &[Arc<dyn Apply>],
    source: &str,
    passes: usize,
    offset: i64,
) -> Option<Settled> {
    let mut stages = Stages::default();
    let mut records = Records::default();
    let mut first: Option<(String, usize)> = None; // the first pass's text and changes
    let mut current: Option<String> = None; // what the last pass made, after the first
    let mut settled_from = rules.len();
    for done in 0..passes {
        let input = match (&current, &first) {
            (Some(text), _) | (None, Some((text, _))) => text.as_str(),
            (None, None) => source,
        };
        let mut texts: Vec<String> = Vec::new(); // the last rule output that changed
        let last_change = traced_pass(
            rules,
            input,
            settled_from,
            &mut texts,
            false,
            |index, _, before, edits| {
                record(&mut stages, &mut records, index, before, edits, offset)
            },
        )?;
        match texts.pop() {
            Some(new) if new != input => {
                settled_from = last_change.map_or(0, |index| index + 1);
                if done == 0 {
                    first = Some((new, records.len()));
                } else {
                    current = Some(new);
                }
            }
            _ => {
                let text = current.or(first.map(|(text, _)| text));
                return Some(Settled { text, settled: true, records });
            }
        }
    }
    let (text, count) = first.map_or((None, 0), |(text, count)| (Some(text), count));
    records.truncate(count);
    Some(Settled { text, settled: false, records })
}

/// One pass of `rules` over `input`, with edits (`Chain.trace`, one of `settle`'s passes): the
/// rules from `settled_from` on are not run while no rule has changed the text. Each rule's
/// output that changed goes in `texts` (after the others when `keep`, else in place of the
/// one before: the last is what the pass made); `found(rule, its input's place in texts
/// (None: `input`), its input, edits)` gets each rule's edits that are not none. The last
/// rule that changed the text (Some(None): none did); None when a rule declines the text.
pub fn traced_pass(
    rules: &[Arc<dyn Apply>],
    input: &str,
    settled_from: usize,
    texts: &mut Vec<String>,
    keep: bool,
    mut found: impl FnMut(usize, Option<usize>, &str, Vec<Edit>),
) -> Option<Option<usize>> {
    let mut last_change = None;
    for (index, rule) in rules.iter().enumerate() {
        if texts.is_empty() && index >= settled_from {
            break;
        }
        let before = texts.last().map_or(input, String::as_str);
        let mut edits = Edits::new(true);
        let new = rule.apply(before, &mut edits);
        if edits.declined() {
            return None;
        }
        let edits = edits.into_vec();
        if !edits.is_empty() {
            found(index, texts.len().checked_sub(1), before, edits);
        }
        if let Some(new) = new {
            if !keep {
                texts.clear(); // (the text before, which `found` saw and no one needs now)
            }
            texts.push(new);
            last_change = Some(index);
        }
    }
    Some(last_change)
}

/// Mirrors `_Trace.record` for one rule's `edits` of `before`, its input, adding the changes
/// to `records` (`Chain.trace` makes them as the engine's `Change`s).
fn record(
    stages: &mut Stages,
    records: &mut Records,
    rule: usize,
    before: &str,
    mut edits: Vec<Edit>,
    offset: i64,
) {
    edits.sort_unstable();
    let lengths: Vec<_> = edits
        .iter()
        .map(|(a, b, new)| (*a as i64, *b as i64, new.chars().count() as i64))
        .collect();
    let places = stages.record(&lengths);
    let mut chars = Chars::new(before);
    records.items.reserve(edits.len());
    for (((start, end, new), (a, b)), (_, _, after_len)) in edits.iter().zip(places).zip(lengths) {
        let (old, before_len) = chars.counted(*start, *end);
        records.push(rule, offset + a, offset + b, old, new, before_len as i64, after_len);
    }
}

/// The changes of one slice that `Chain.checked` traced, held natively: the engine makes
/// no `Change` of them unless asked (`items`, `pick`, `of_rules`); `safety`'s native check
/// reads them as they are. The changes are in the order the engine's trace gives them.
#[pyclass(frozen)]
pub struct Changes {
    ids: Vec<Py<PyString>>,
    kind: Py<PyType>,
    pub records: Records,
}

impl Changes {
    pub fn new(ids: Vec<Py<PyString>>, kind: Py<PyType>, records: Records) -> Self {
        Self { ids, kind, records }
    }

    /// The changes of this block at `indices` (in order), as a block of their own.
    pub fn part(&self, py: Python<'_>, indices: &[usize]) -> Self {
        let mut records = Records::default();
        for &index in indices {
            records.push_from(&self.records, self.records.get(index));
        }
        let ids = self.ids.iter().map(|id| id.clone_ref(py)).collect();
        Self { ids, kind: self.kind.clone_ref(py), records }
    }

    /// The rule id of change `index`.
    pub fn rule<'py>(&self, py: Python<'py>, index: usize) -> &Bound<'py, PyString> {
        self.ids[self.records.get(index).rule].bind(py)
    }

    /// Change `index` as the engine's `Change`.
    pub fn change<'py>(&self, py: Python<'py>, index: usize) -> PyResult<Bound<'py, PyAny>> {
        let found = self.records.get(index);
        let fields = [
            self.ids[found.rule].bind(py).clone().into_any(),
            found.start.into_pyobject(py)?.into_any(),
            found.end.into_pyobject(py)?.into_any(),
            PyString::new(py, self.records.before(found)).into_any(),
            PyString::new(py, self.records.after(found)).into_any(),
        ];
        crate::tuple_of(self.kind.bind(py), fields)
    }
}

#[pymethods]
impl Changes {
    fn __len__(&self) -> usize {
        self.records.len()
    }

    /// Every change, as the engine's `Change`s.
    fn items<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        (0..self.records.len()).map(|index| self.change(py, index)).collect()
    }

    /// The changes by rules of `ids` (a set of rule ids), as `Change`s, in order.
    fn of_rules<'py>(
        &self,
        py: Python<'py>,
        ids: &Bound<'py, PyAny>,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let wanted =
            self.ids.iter().map(|id| ids.contains(id.bind(py))).collect::<PyResult<Vec<_>>>()?;
        (0..self.records.len())
            .filter(|&index| wanted[self.records.get(index).rule])
            .map(|index| self.change(py, index))
            .collect()
    }

    /// The changes whose start is in one of `spans` (`(start, end)` of the input, ends
    /// included, sorted and apart) and whose rule is not in `skip` (a set of rule ids), as
    /// `Change`s, in order.
    fn within<'py>(
        &self,
        py: Python<'py>,
        spans: Vec<(i64, i64)>,
        skip: &Bound<'py, PyAny>,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let skipped =
            self.ids.iter().map(|id| skip.contains(id.bind(py))).collect::<PyResult<Vec<_>>>()?;
        let inside = |at: i64| {
            let next = spans.partition_point(|&(start, _)| start <= at);
            next > 0 && at <= spans[next - 1].1
        };
        (0..self.records.len())
            .filter(|&index| {
                let found = self.records.get(index);
                !skipped[found.rule] && inside(found.start)
            })
            .map(|index| self.change(py, index))
            .collect()
    }

    /// (rule id, number of changes) of each rule with changes, in the order they first come.
    fn counts<'py>(&self, py: Python<'py>) -> Vec<(Bound<'py, PyString>, usize)> {
        let mut counts = vec![0usize; self.ids.len()];
        let mut order = Vec::new();
        for found in self.records.iter() {
            if counts[found.rule] == 0 {
                order.push(found.rule);
            }
            counts[found.rule] += 1;
        }
        order.into_iter().map(|rule| (self.ids[rule].bind(py).clone(), counts[rule])).collect()
    }
}
