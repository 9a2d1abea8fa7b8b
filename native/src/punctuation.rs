//! punctuation: half-width punctuation in Chinese context becomes full-width
//! (`cleantext/kinds/punctuation.py`, function by function).

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::code::code_spans;
use crate::edits::Edits;
use crate::lines::{by_line_outside, table_spans, ByteSet};
use crate::text::{
    char_before, chinese_after_chars, chinese_before_chars, holds_chinese_chars, is_cjk, is_han,
    is_hspace, is_other_script, is_regex_space, is_word, near_chinese, py_isdigit,
};
use crate::{param, Rule};

pub struct Punctuation {
    marks: Vec<char>,
}

/// `_FULL`: the full-width form of a mark.
fn full(mark: char) -> Option<char> {
    Some(match mark {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        '.' => '。',
        _ => return None,
    })
}

/// `[,;:?!()]`: the marks of `_RUN` and of `_MARK` but `.`.
#[inline]
fn is_run_mark(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '?' | '!' | '(' | ')')
}

/// `\.(?<=\p{Han}[ \t\u3000]*\.)`: a `.` at `i` after Han, white space between.
fn dot_after_han(line: &[char], i: usize) -> bool {
    let mut j = i;
    while j > 0 && is_hspace(line[j - 1]) {
        j -= 1;
    }
    j > 0 && is_han(line[j - 1])
}

/// `_CANDIDATE`: a mark that may turn full-width (of the half-width marks at `marks`).
fn has_candidate(line: &[char], marks: &[usize]) -> bool {
    marks.iter().any(|&i| is_run_mark(line[i]) || line[i] == '.' && dot_after_han(line, i))
}

/// `has_candidate` over the line as it is, before it is made characters: a mark of `_RUN`,
/// or a `.` after Han (white space between). `Punctuation._line` leaves a line without one
/// as it is.
fn may_turn(line: &str) -> bool {
    let bytes = line.as_bytes();
    let mut from = 0;
    while let Some(at) = ANY_MARK.find(bytes, from) {
        if bytes[at] != b'.' {
            return true;
        }
        let head = line[..at].trim_end_matches(is_hspace);
        if char_before(head, head.len()).is_some_and(is_han) {
            return true;
        }
        from = at + 1;
    }
    false
}

/// `_MARK`: a candidate, and a `.` only before the end, Han, quotes, brackets or `，。`.
fn is_mark(line: &[char], i: usize) -> bool {
    let c = line[i];
    if is_run_mark(c) {
        return true;
    }
    if c != '.' || !dot_after_han(line, i) {
        return false;
    }
    let mut j = i + 1;
    while j < line.len() && is_regex_space(line[j]) {
        j += 1;
    }
    line.get(j).is_none_or(|&c| {
        is_han(c)
            || matches!(
                c,
                '“' | '”' | '‘' | '’' | '（' | '）' | '《' | '》' | '，' | '。' | '"' | '\''
            )
    })
}

/// `_may_protect`: `line` may hold an address: it has an `@` (`mails`), or a `://` or
/// `www.`, looked for at its half-width marks (`marks`).
fn may_protect(line: &[char], marks: &[usize], mails: bool) -> bool {
    mails
        || marks.iter().any(|&i| match line[i] {
            ':' => line[i + 1..].starts_with(&['/', '/']),
            '.' => i >= 3 && line[i - 3..i] == ['w', 'w', 'w'],
            _ => false,
        })
}

/// `_URL_CHAR`: a character an address may hold.
#[rustfmt::skip] // one set: a line of marks reads better than a column
fn url_char(c: char) -> bool {
    !(is_regex_space(c)
        || matches!(
            c,
            '，' | '。' | '、' | '；' | '：' | '？' | '！' | '“' | '”' | '‘' | '’' | '（' | '）' | '《'
                | '》' | '【' | '】' | '"' | '\''
        )
        || is_han(c))
}

/// `_URL` matched at `p`: `(?:https?|ftp)://TAIL|www\.TAIL`, where the tail is a run of
/// `_URL_CHAR` that does not end on `.,;:!?`.
fn url_at(line: &[char], p: usize) -> Option<usize> {
    let starts =
        |prefix: &str| prefix.chars().enumerate().all(|(k, c)| line.get(p + k) == Some(&c));
    let from = match line[p] {
        'h' if starts("https://") => p + 8,
        'h' if starts("http://") => p + 7,
        'f' if starts("ftp://") => p + 6,
        'w' if starts("www.") => p + 4,
        _ => return None,
    };
    let mut end = None;
    for (i, &c) in line[from..].iter().enumerate() {
        if !url_char(c) {
            break;
        }
        if !".,;:!?".contains(c) {
            end = Some(from + i + 1);
        }
    }
    end
}

/// `[\w.+-]`, of the local part of an e-mail address.
fn local_char(c: char) -> bool {
    is_word(c) || matches!(c, '.' | '+' | '-')
}

/// `[\w-]`, of a label of a domain.
fn label_char(c: char) -> bool {
    is_word(c) || c == '-'
}

/// The e-mail address of `_PROTECTED` at `p` (`[\w.+-]+@[\w-]+(?:\.[\w-]+)+`), its
/// lookbehind aside.
fn email_at(line: &[char], p: usize) -> Option<usize> {
    let n = line.len();
    let run = |from: usize, keep: fn(char) -> bool| {
        line[from..].iter().position(|&c| !keep(c)).map_or(n, |i| from + i)
    };
    let q = run(p, local_char);
    if q == p || line.get(q) != Some(&'@') {
        return None;
    }
    let mut end = run(q + 1, label_char);
    if end == q + 1 {
        return None;
    }
    let mut labels = 0;
    while line.get(end) == Some(&'.') && line.get(end + 1).is_some_and(|&c| label_char(c)) {
        end = run(end + 1, label_char);
        labels += 1;
    }
    (labels > 0).then_some(end)
}

/// `_english_before`: the text before the mark at `index`, back to the last CJK character
/// (or the line's start, at most `_CLAUSE_REACH` characters), is ASCII with three words or more
/// (apart by white space, each with a letter).
fn english_before(line: &[char], index: usize) -> bool {
    let mut start = index;
    while start > 0 && index - start < 200 && !is_cjk(line[start - 1]) {
        start -= 1;
    }
    let run = &line[start..index];
    if !(start == 0 || is_cjk(line[start - 1])) || !run.iter().all(char::is_ascii) {
        return false;
    }
    // words apart by white space (`str.split()`), each with a letter
    let words = run
        .split(|c| c.is_ascii_whitespace() || matches!(c, '\x0b' | '\x1c'..='\x1f'))
        .filter(|word| word.iter().any(char::is_ascii_alphabetic))
        .count();
    words >= 3
}

/// `_CONFIG_KEY`: `[ \t]*(?:- )?[A-Za-z_][A-Za-z0-9_.-]*(:)(?= |$)` at the line's start,
/// where its colon is.
fn config_key(line: &[char]) -> Option<usize> {
    let mut p = line.iter().take_while(|&&c| c == ' ' || c == '\t').count();
    if line.get(p) == Some(&'-') && line.get(p + 1) == Some(&' ') {
        p += 2;
    }
    if !line.get(p).is_some_and(|&c| c.is_ascii_alphabetic() || c == '_') {
        return None;
    }
    let end = p + line[p..]
        .iter()
        .take_while(|&&c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        .count();
    (line.get(end) == Some(&':') && line.get(end + 1).is_none_or(|&c| c == ' ')).then_some(end)
}

/// `_protected`: spans of addresses and of `code` tokens, sorted, not overlapping.
fn protected(
    line: &[char],
    code: &[(usize, usize)],
    marks: &[usize],
    mails: bool,
) -> Vec<(usize, usize)> {
    let mut spans = code.to_vec();
    if may_protect(line, marks, mails) {
        // `_PROTECTED` (`_URLS` without "@"): the e-mail address starts a run of its
        // characters, or where the last match ended (`\G`)
        let (mut p, mut last) = (0, 0);
        while p < line.len() {
            let found = url_at(line, p).or_else(|| {
                let starts = p == 0 || p == last || !local_char(line[p - 1]);
                if mails && starts {
                    email_at(line, p)
                } else {
                    None
                }
            });
            match found {
                Some(end) => {
                    spans.push((p, end));
                    (p, last) = (end, end);
                }
                None => p += 1,
            }
        }
    }
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for (start, end) in spans {
        match merged.last_mut() {
            Some(last) if start < last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// `_inside`: `index` is in one of `spans` (sorted, not overlapping).
fn inside(spans: &[(usize, usize)], index: usize) -> bool {
    let at = spans.partition_point(|&(start, _)| start <= index);
    at > 0 && index < spans[at - 1].1
}

/// `_neighbour`: the nearest character from `index` (after it when `forward`) that is not
/// horizontal white space.
fn neighbour(line: &[char], index: usize, forward: bool) -> Option<char> {
    let mut i = index;
    loop {
        if forward {
            i += 1;
            if i >= line.len() {
                return None;
            }
        } else {
            i = i.checked_sub(1)?;
        }
        if !matches!(line[i], ' ' | '\t' | '\u{3000}') {
            return (line[i] != '\n').then_some(line[i]);
        }
    }
}

/// `_RUN`'s characters: half-width marks, horizontal white space, ellipses.
fn run_char(c: char) -> bool {
    is_run_mark(c) || is_hspace(c) || c == '…'
}

/// `_contexts`: whether each mark of a run of marks, spaces and ellipses is in Chinese
/// context, by position (sorted); the runs are found from the marks at `marks`.
fn contexts(line: &[char], marks: &[usize]) -> Vec<(usize, bool)> {
    let mut found = Vec::new();
    let mut holds: Option<bool> = None; // `_chinese_at`'s cache: the line holds Chinese
    let mut chinese_at =
        |index: Option<usize>| match index.and_then(|i| line.get(i).map(|&c| (i, c))) {
            None => false,
            Some((_, '"')) => *holds.get_or_insert_with(|| holds_chinese_chars(line)),
            Some((i, '\'')) => {
                *holds.get_or_insert_with(|| holds_chinese_chars(line)) && near_chinese(line, i)
            }
            Some((_, c)) => is_cjk(c),
        };
    let mut i = 0; // the end of the last run
    for &at in marks {
        if at < i || !is_run_mark(line[at]) {
            continue;
        }
        let mut start = at;
        while start > 0 && run_char(line[start - 1]) {
            start -= 1;
        }
        i = at + 1;
        while i < line.len() && run_char(line[i]) {
            i += 1;
        }
        let run = &line[start..i];
        let chinese =
            chinese_at(start.checked_sub(1)) || chinese_at(Some(i)) || double_ellipsis(run);
        found.extend(
            run.iter()
                .enumerate()
                .filter(|&(_, &c)| is_run_mark(c))
                .map(|(k, _)| (start + k, chinese)),
        );
    }
    found
}

/// `_DOUBLE_ELLIPSIS`: two ellipses with only white space between.
fn double_ellipsis(run: &[char]) -> bool {
    let mut after_ellipsis = false;
    for &c in run {
        if c == '…' {
            if after_ellipsis {
                return true;
            }
            after_ellipsis = true;
        } else if !is_hspace(c) {
            after_ellipsis = false;
        }
    }
    false
}

/// The contexts of one pass, worked out when first asked (`Punctuation._once.chinese`).
struct Contexts<'a> {
    line: &'a [char],
    marks: &'a [usize],
    found: Option<Vec<(usize, bool)>>,
}

impl Contexts<'_> {
    fn chinese(&mut self, index: usize) -> bool {
        let found = self.found.get_or_insert_with(|| contexts(self.line, self.marks));
        found.binary_search_by_key(&index, |&(i, _)| i).map_or(true, |k| found[k].1)
    }
}

impl Punctuation {
    /// `Punctuation._line`.
    fn line(&self, original: &[char], edits: &mut Edits) -> Vec<(usize, char)> {
        // the half-width marks, where every scan below starts: marks only ever turn
        // full-width, so these hold all the line will have
        let mut marks: Vec<usize> = Vec::with_capacity(16); // (room for a line's, most often)
        let mut mails = false;
        for (i, &c) in original.iter().enumerate() {
            if is_other_script(c) {
                return Vec::new();
            }
            if is_run_mark(c) || c == '.' {
                marks.push(i);
            }
            mails |= c == '@';
        }
        if !has_candidate(original, &marks) {
            return Vec::new(); // no mark may turn (`3.5`, `a.b`): nor does `_TOUCHING` find one
        }
        let mut code = code_spans(original);
        if let Some(colon) = config_key(original) {
            code.insert(0, (colon, colon + 1)); // `name: 测试服务`: the key keeps its colon
        }
        let mut line = original.to_vec();
        let mut found: Vec<(usize, char)> = Vec::with_capacity(marks.len());
        let address = may_protect(&line, &marks, mails);
        if code.is_empty() && !address {
            // `_TOUCHING`, mark by mark: a mark touching Chinese
            for &mark in &self.marks {
                let (',' | ';' | ':' | '?' | '!', Some(to)) = (mark, full(mark)) else {
                    continue;
                };
                let touching: Vec<usize> = marks
                    .iter()
                    .copied()
                    .filter(|&i| {
                        line[i] == mark
                            && (chinese_before_chars(&line, i) || chinese_after_chars(&line, i + 1))
                            && !english_before(&line, i)
                    })
                    .collect();
                for i in touching {
                    line[i] = to;
                    found.push((i, to));
                }
            }
        }
        for _ in 0..MAX_PASSES {
            marks.retain(|&i| line[i].is_ascii());
            if !has_candidate(&line, &marks) {
                break;
            }
            let turned = self.once(&line, &marks, &code, address.then_some(mails));
            if turned.is_empty() {
                break;
            }
            for (i, to) in turned {
                line[i] = to;
                found.push((i, to));
            }
        }
        found.sort_unstable();
        for &(i, to) in &found {
            edits.push(i, i + 1, to.to_string());
        }
        found
    }

    /// `Punctuation._once`: the marks one pass turns, in order.
    fn once(
        &self,
        line: &[char],
        marks: &[usize],
        code: &[(usize, usize)],
        mails: Option<bool>,
    ) -> Vec<(usize, char)> {
        // `mails`: whether the line has an `@`, if it may hold an address at all (none in
        // the line as it came, none in it now)
        let protected = match mails {
            Some(mails) => protected(line, code, marks, mails),
            None => code.to_vec(),
        };
        let mut contexts = Contexts { line, marks, found: None };
        let pairs = if self.marks.contains(&'(') {
            chinese_pairs(line, marks, &mut contexts)
        } else {
            Vec::new()
        };
        let mut turned = Vec::with_capacity(marks.len());
        for &i in marks {
            if !is_mark(line, i) {
                continue;
            }
            let mark = line[i];
            if !self.marks.contains(&mark) || inside(&protected, i) {
                continue;
            }
            if mark != '(' && mark != ')' && mark != '.' && english_before(line, i) {
                continue; // `他说 OK, no problem! 然后`: the English clause's own mark
            }
            let (left, right) = (neighbour(line, i, false), neighbour(line, i, true));
            let cjk = |c: Option<char>| c.is_some_and(|c| is_cjk(c) && c != '…');
            let turn = if cjk(left) || cjk(right) {
                true
            } else if matches!(mark, '(' | ')') {
                pairs.binary_search(&i).is_ok() || contexts.chinese(i)
            } else if matches!(mark, ',' | ':')
                && left.is_some_and(py_isdigit)
                && right.is_some_and(py_isdigit)
            {
                false
            } else {
                contexts.chinese(i)
            };
            if turn {
                turned.push((i, full(mark).unwrap_or(mark)));
            }
        }
        turned
    }
}

/// `Punctuation._chinese_pairs`: positions of both parentheses of each pair (`_PAIR`:
/// `\(([^()\n]{0,200})\)`) that belongs to Chinese text, sorted.
fn chinese_pairs(line: &[char], marks: &[usize], contexts: &mut Contexts<'_>) -> Vec<usize> {
    let mut positions = Vec::new();
    let mut next = 0; // where the scan goes on
    for &p in marks {
        if p < next || line[p] != '(' {
            continue;
        }
        let limit = line.len().min(p + 201);
        let end = line[p + 1..limit]
            .iter()
            .position(|&c| matches!(c, '(' | ')' | '\n'))
            .map_or(limit, |i| p + 1 + i);
        if line.get(end) != Some(&')') {
            continue;
        }
        if holds_chinese_chars(&line[p + 1..end]) || contexts.chinese(p) || contexts.chinese(end) {
            positions.extend([p, end]);
        }
        next = end + 1;
    }
    positions
}

/// `punctuation.full_width_line`: `line` with its marks as the rule with its default marks
/// sets them, judged alone (no table around it).
pub fn full_width_line(line: &str) -> String {
    let rule = Punctuation { marks: ",;:?!().".chars().collect() };
    let mut chars: Vec<char> = line.chars().collect();
    for (i, to) in rule.line(&chars.clone(), &mut Edits::new(false)) {
        chars[i] = to;
    }
    chars.into_iter().collect()
}

/// Most passes `Punctuation._line` makes over one line (`punctuation.MAX_PASSES`).
const MAX_PASSES: usize = 8;

/// `_ANY_MARK`: a line with one of these may need work.
const ANY_MARK: ByteSet = ByteSet::new(b'!', b'?', |b| {
    matches!(b, b',' | b';' | b':' | b'?' | b'!' | b'(' | b')' | b'.')
});

impl Rule for Punctuation {
    fn new(options: &Bound<'_, PyDict>) -> PyResult<Self> {
        let marks: String = param(options, "marks")?;
        Ok(Self { marks: marks.chars().collect() })
    }

    /// Mirrors `Punctuation.apply`: line by line, the rows of a table (`table_spans`) aside.
    fn apply(&self, text: &str, edits: &mut Edits) -> Option<String> {
        let tables = table_spans(text);
        by_line_outside(text, &tables, edits, &ANY_MARK, may_turn, |line, found| {
            self.line(line, found)
        })
    }
}
