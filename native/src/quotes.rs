//! quotes: straight quotes in Chinese text pair into curly ones
//! (`cleantext/kinds/quotes.py`, function by function).

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::code::{code_spans, quoted_literals};
use crate::edits::Edits;
use crate::lines::{by_line_outside, table_spans, ByteSet};
use crate::text::{
    holds_chinese, holds_chinese_chars, is_letter, is_other_script, is_quote_run, touches_chinese,
};
use crate::{param, Rule};

/// `quotes.UNPAIRED`, `WRONG_SIDE`, `MAX_SPAN_COST`, `BEAM`.
const UNPAIRED: f64 = 4.0;
const WRONG_SIDE: f64 = 3.0;
const MAX_SPAN_COST: f64 = 6.0;
const BEAM: usize = 8;

/// `_STRAIGHT`: a line with a straight quote may need work.
const STRAIGHT: ByteSet = ByteSet::two(b'"', b'\'');

pub struct Quotes {
    single: bool,
}

impl Quotes {
    /// `Quotes._line`.
    fn line(&self, line: &[char], edits: &mut Edits) -> Vec<(usize, char)> {
        if !holds_chinese_chars(line) || line.iter().any(|&c| is_other_script(c)) {
            return Vec::new();
        }
        let literal = literals(line);
        let mut curled: Vec<(usize, char)> = Vec::new();
        let marks = [('"', '“', '”'), ('\'', '‘', '’')];
        for &(straight, opening, closing) in &marks[..if self.single { 2 } else { 1 }] {
            let mut positions = if straight == '"' {
                (0..line.len()).filter(|&i| line[i] == '"').collect()
            } else {
                near_chinese_quotes(line)
            };
            positions.retain(|i| literal.binary_search(i).is_err());
            if positions.is_empty() {
                continue;
            }
            for (&index, opens) in positions.iter().zip(assign(line, &positions)) {
                let to = if opens { opening } else { closing };
                curled.push((index, to));
                edits.push(index, index + 1, to.to_string());
            }
        }
        curled.sort_unstable();
        curled
    }
}

/// `_APOSTROPHE`: a `'` at `i` in a word (`(?<=\p{L})'(?=(?:s|t|d|m|ll|re|ve)(?![A-Za-z]))`).
fn apostrophe(line: &[char], i: usize) -> bool {
    if i == 0 || !is_letter(line[i - 1]) {
        return false;
    }
    let at = |k: usize| line.get(i + k).copied();
    let length = match (at(1), at(2)) {
        (Some('s' | 't' | 'd' | 'm'), _) => 1,
        (Some('l'), Some('l')) | (Some('r'), Some('e')) | (Some('v'), Some('e')) => 2,
        _ => return false,
    };
    !at(1 + length).is_some_and(|c| c.is_ascii_alphabetic())
}

/// `_literals`: positions of the quotes that stay straight (quoted literals, quotes in code
/// tokens, apostrophes), sorted.
fn literals(line: &[char]) -> Vec<usize> {
    let is_quote = |c: char| c == '"' || c == '\'';
    if !line.iter().any(|&c| is_quote(c)) {
        return Vec::new();
    }
    let mut found: Vec<usize> =
        (0..line.len()).filter(|&i| line[i] == '\'' && apostrophe(line, i)).collect();
    for (start, end) in quoted_literals(line) {
        found.extend([start, end - 1]);
    }
    for (start, end) in code_spans(line) {
        found.extend((start..end).filter(|&i| is_quote(line[i])));
    }
    found.sort_unstable();
    found.dedup();
    found
}

/// `_near_chinese_quotes`: every single quote in a run of `_SINGLE_RUN` (quotes, white space,
/// ellipses) that `touches_chinese`.
fn near_chinese_quotes(line: &[char]) -> Vec<usize> {
    let mut positions = Vec::new();
    let mut i = 0;
    while i < line.len() {
        if !is_quote_run(line[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < line.len() && is_quote_run(line[i]) {
            i += 1;
        }
        if line[start..i].contains(&'\'') && touches_chinese(line, start, i) {
            positions.extend((start..i).filter(|&k| line[k] == '\''));
        }
    }
    positions
}

/// `_CLAUSE`: a mark that ends a clause.
fn is_clause(c: char) -> bool {
    matches!(c, '，' | '。' | '；' | '！' | '？' | ',' | '.' | ';' | '!' | '?')
}

/// `quotes._OPENING_BEFORE`, `_CLOSING_AFTER`.
fn opening_before(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\u{3000}'
            | '（'
            | '《'
            | '【'
            | '「'
            | '『'
            | '，'
            | '、'
            | '；'
            | '：'
            | '—'
            | '('
    )
}

/// `quotes._close_hint`: what closing a quote costs after `c`; after a full-width colon
/// (`_INTRODUCES`), which brings a quotation in, double.
fn close_hint(c: char) -> f64 {
    if c == '：' {
        2.0 * WRONG_SIDE
    } else if opening_before(c) {
        WRONG_SIDE
    } else {
        0.0
    }
}
fn closing_after(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\u{3000}'
            | '）'
            | '》'
            | '】'
            | '」'
            | '』'
            | '，'
            | '。'
            | '、'
            | '；'
            | '：'
            | '！'
            | '？'
            | '…'
            | '—'
            | ')'
    )
}

/// A small map keeping the order keys came in, as a Python dict does.
type Ordered<V> = Vec<(isize, V)>;

fn get<V: Copy>(map: &Ordered<V>, key: isize) -> Option<V> {
    map.iter().find(|(k, _)| *k == key).map(|&(_, v)| v)
}

fn set<V>(map: &mut Ordered<V>, key: isize, value: V) {
    match map.iter_mut().find(|(k, _)| *k == key) {
        Some(entry) => entry.1 = value,
        None => map.push((key, value)),
    }
}

/// `quotes.assign`: for each quote position, whether it opens (the cheapest pairing, a beam
/// of `BEAM` states; ties resolved in Python's dict order).
fn assign(line: &[char], positions: &[usize]) -> Vec<bool> {
    let mut clauses = vec![0usize; positions.len()];
    for k in 1..positions.len() {
        let between = &line[positions[k - 1] + 1..positions[k]];
        clauses[k] = clauses[k - 1] + between.iter().filter(|&&c| is_clause(c)).count();
    }
    let after = |pos: usize| line.get(pos + 1).copied().unwrap_or(' ');
    let before = |pos: usize| pos.checked_sub(1).map_or(' ', |i| line[i]);
    let mut best: Ordered<f64> = vec![(-1, 0.0)];
    let mut spare: Ordered<f64> = Vec::with_capacity(BEAM + 2); // the states before `best`'s
    let mut steps: Vec<Ordered<(isize, bool)>> = Vec::with_capacity(positions.len());
    for (k, &pos) in positions.iter().enumerate() {
        let hint_open = if closing_after(after(pos)) { WRONG_SIDE } else { 0.0 };
        let hint_close = close_hint(before(pos));
        let lone_cost = UNPAIRED + if hint_open < hint_close { hint_open } else { hint_close };
        let lone_opens = hint_open <= hint_close;
        let mut costs = std::mem::take(&mut spare);
        costs.clear();
        let mut back: Ordered<(isize, bool)> = Vec::with_capacity(BEAM + 2);
        for &(state, cost) in &best {
            let total = cost + lone_cost;
            if get(&costs, state).is_none_or(|c| total < c) {
                set(&mut costs, state, total);
                set(&mut back, state, (state, lone_opens));
            }
            let (target, opens, total) = if state == -1 {
                (k as isize, true, cost + hint_open)
            } else {
                let length = pos - positions[state as usize] - 1;
                let span = if length > 0 {
                    0.05 * length as f64 + (clauses[k] - clauses[state as usize]) as f64
                } else {
                    WRONG_SIDE
                };
                let span = if span < MAX_SPAN_COST { span } else { MAX_SPAN_COST };
                (-1, false, cost + hint_close + span)
            };
            if get(&costs, target).is_none_or(|c| total < c) {
                set(&mut costs, target, total);
                set(&mut back, target, (state, opens));
            }
        }
        if costs.len() > 1 {
            // a stable sort, as Python's `sorted`: ties keep the dict's order
            costs.sort_by(|a, b| a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal));
            costs.truncate(BEAM);
        }
        spare = std::mem::replace(&mut best, costs);
        steps.push(back);
    }
    let mut state = best[0].0;
    let mut lowest = f64::INFINITY;
    for &(s, cost) in &best {
        let end = cost + if s != -1 { UNPAIRED } else { 0.0 };
        if end < lowest {
            (state, lowest) = (s, end);
        }
    }
    let mut choices: Vec<bool> = Vec::with_capacity(positions.len());
    for back in steps.iter().rev() {
        let (previous, opens) = get(back, state).expect("every state has a way back");
        state = previous;
        choices.push(opens);
    }
    choices.reverse();
    choices
}

impl Rule for Quotes {
    fn new(options: &Bound<'_, PyDict>) -> PyResult<Self> {
        Ok(Self { single: param(options, "single")? })
    }

    /// Mirrors `Quotes.apply`: line by line, the rows of a table (`table_spans`) aside.
    fn apply(&self, text: &str, edits: &mut Edits) -> Option<String> {
        STRAIGHT.find(text.as_bytes(), 0)?; // nearly every text of a later pass: no line to fix
        let tables = table_spans(text);
        let wants = |line: &str| {
            (self.single || line.contains('"')) && holds_chinese(line) // `_line`'s first test
        };
        by_line_outside(text, &tables, edits, &STRAIGHT, wants, |line, found| {
            self.line(line, found)
        })
    }
}
