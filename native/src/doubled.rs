//! doubled: punctuation doubled by fake-bold rendering becomes single
//! (`cleantext/kinds/doubled.py`).

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::edits::{CharIndex, Edits};
use crate::text::chars_into;
#[cfg(target_arch = "x86_64")]
use crate::text::sse2;
#[cfg(not(target_arch = "x86_64"))]
use crate::text::{bytes_equal, scan, word_at};
use crate::Rule;

pub struct Doubled;

/// A mark a match can start with: `_FIRST`'s class (`_DOUBLED`'s class and `。`).
fn is_mark(c: char) -> bool {
    is_bracket(c) || matches!(c, '：' | '，' | '、' | '；' | '。')
}

/// `_BRACKETS`: the marks of `_PAIRS`, opening and closing.
fn is_bracket(c: char) -> bool {
    matches!(
        c,
        '“' | '”'
            | '‘'
            | '’'
            | '（'
            | '）'
            | '《'
            | '》'
            | '【'
            | '】'
            | '「'
            | '」'
            | '『'
            | '』'
    )
}

/// `_FIRST.search(text, from)`: the byte position of the first mark followed by its twin.
/// Every mark is three bytes long and starts with 0xE2, 0xE3 or 0xEF (never a continuation
/// byte), so a byte scan finds them: a byte that leads a mark and equals the byte three on.
fn first(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    twin_leads(bytes, from, |i| {
        i + 6 <= bytes.len()
            && matches!(bytes[i], 0xE2 | 0xE3 | 0xEF)
            && bytes[i..i + 3] == bytes[i + 3..i + 6]
            && text[i..].chars().next().is_some_and(is_mark)
    })
}

/// The first position from `from` where `hit` holds, trying only the bytes 0xE2, 0xE3 and
/// 0xEF equal to the byte three on: sixteen bytes at a time (`text::sse2::scan`).
#[cfg(target_arch = "x86_64")]
fn twin_leads(bytes: &[u8], from: usize, hit: impl Fn(usize) -> bool) -> Option<usize> {
    let mask = |[v, _, _, later]: [sse2::Bytes16; 4]| {
        v.eq(0xE2).or(v.eq(0xE3)).or(v.eq(0xEF)).and(v.same(later)).bits()
    };
    sse2::scan::<3>(bytes, from, mask, hit)
}

/// The first position from `from` where `hit` holds, trying only the bytes 0xE2, 0xE3 and
/// 0xEF (equal to the byte three on, where a whole word lies before the end): eight bytes
/// at a time.
#[cfg(not(target_arch = "x86_64"))]
fn twin_leads(bytes: &[u8], from: usize, hit: impl Fn(usize) -> bool) -> Option<usize> {
    let mask = |at: usize| {
        let word = word_at(bytes, at);
        let leads = bytes_equal(word, 0xE2) | bytes_equal(word, 0xE3) | bytes_equal(word, 0xEF);
        match at + 11 <= bytes.len() {
            true => leads & bytes_equal(word ^ word_at(bytes, at + 3), 0),
            false => leads,
        }
    };
    scan(bytes, from, mask, hit)
}

/// The opening mark a bracket pairs as, if it opens (`_PAIRS`, `_ASCII`).
fn opening(c: char) -> Option<char> {
    match c {
        '(' => Some('（'),
        '“' | '‘' | '（' | '《' | '【' | '「' | '『' => Some(c),
        _ => None,
    }
}

/// The opening mark a closing bracket pairs with (`_CLOSING`, `_ASCII`).
fn closed_by(c: char) -> Option<char> {
    match c {
        ')' | '）' => Some('（'),
        '”' => Some('“'),
        '’' => Some('‘'),
        '》' => Some('《'),
        '】' => Some('【'),
        '」' => Some('「'),
        '』' => Some('『'),
        _ => None,
    }
}

const NONE: usize = usize::MAX;

/// `_partners`: each bracket of `line` that closes or is closed, its partner's index (NONE
/// for the others).
fn partners(line: &[char]) -> Vec<usize> {
    let mut partner = vec![NONE; line.len()];
    let mut stacks: Vec<(char, Vec<usize>)> = Vec::new();
    for (index, &c) in line.iter().enumerate() {
        if let Some(open) = opening(c) {
            match stacks.iter_mut().find(|(k, _)| *k == open) {
                Some((_, stack)) => stack.push(index),
                None => stacks.push((open, vec![index])),
            }
        } else if let Some(open) = closed_by(c) {
            if let Some(opened) =
                stacks.iter_mut().find(|(k, _)| *k == open).and_then(|(_, s)| s.pop())
            {
                partner[opened] = index;
                partner[index] = opened;
            }
        }
    }
    partner
}

/// `_nested`: the doubled mark at `index` is balanced nesting, two pairs whose marks touch
/// on one side only.
fn nested(partner: &[usize], index: usize) -> bool {
    let (a, b) = (partner[index], partner.get(index + 1).copied().unwrap_or(NONE));
    a != NONE && b != NONE && a.abs_diff(b) != 1
}

/// `_one_sided`: `mark`, doubled, is a single quote whose partner is doubled nowhere on
/// `line`.
fn one_sided(line: &str, mark: char) -> bool {
    match mark {
        '‘' => !line.contains("’’"),
        '’' => !line.contains("‘‘"),
        _ => false,
    }
}

/// `Doubled._line` (`sub(_DOUBLED, single, line, edits, first=_FIRST)`): the fixed line
/// goes to `out`; whether it changed.
fn fix_line(line: &str, base: usize, out: &mut String, edits: &mut Edits) -> bool {
    let mut chars: Vec<char> = Vec::new();
    chars_into(line, &mut chars);
    let twin = |k: usize| k + 1 < chars.len() && chars[k] == chars[k + 1] && is_mark(chars[k]);
    let mut partner: Option<Vec<usize>> = None;
    let mut done = 0; // characters of `chars` copied to `out`
    let mut changed = false;
    let mut k = 0;
    while k < chars.len() {
        if !twin(k) {
            k += 1;
            continue;
        }
        let c = chars[k];
        // `_DOUBLED.match(line, k)`: `(mark)\1+` (greedy) or `(?<!。)。。(?!。)`
        let end = if c != '。' {
            let mut e = k + 1;
            while e < chars.len() && chars[e] == c {
                e += 1;
            }
            e
        } else if (k == 0 || chars[k - 1] != '。') && chars.get(k + 2) != Some(&'。') {
            k + 2
        } else {
            k += 1;
            continue;
        };
        let keep = is_bracket(c) && {
            let partner = partner.get_or_insert_with(|| partners(&chars));
            nested(partner, k) || one_sided(line, c)
        };
        if !keep {
            out.extend(&chars[done..k]);
            out.push(c);
            if edits.on() {
                let old: String = chars[k..end].iter().collect();
                edits.record(base + k, &old, &c.to_string());
            }
            done = end;
            changed = true;
        }
        k = end;
    }
    out.extend(&chars[done..]);
    changed
}

impl Rule for Doubled {
    fn new(_options: &Bound<'_, PyDict>) -> PyResult<Self> {
        Ok(Self)
    }

    /// `by_line(_FIRST, self._line, text, edits)`.
    fn apply(&self, text: &str, edits: &mut Edits) -> Option<String> {
        let mut at = first(text, 0)?;
        let mut out: Option<String> = None; // made at the first line that changes
        let mut fixed = String::new(); // the line at hand, fixed
        let mut index = CharIndex::new(text);
        let mut done = 0;
        loop {
            let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
            let base = if edits.on() { index.at(start) } else { 0 };
            fixed.clear();
            if fix_line(&text[start..end], base, &mut fixed, edits) {
                let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
                out.push_str(&text[done..start]);
                out.push_str(&fixed);
                done = end;
            }
            match first(text, end) {
                Some(next) => at = next,
                None => break,
            }
        }
        let mut out = out?;
        out.push_str(&text[done..]);
        Some(out)
    }
}
