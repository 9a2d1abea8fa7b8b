//! ocrmarks: marks OCR misreads or leaves beside Chinese put right
//! (`cleantext/kinds/ocrmarks.py`, the reference; each function names the pattern of
//! `_FIXES` it mirrors). Every branch is ported: it declines no text.

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::edits::Edits;
use crate::lines::{by_line_known, Known, LineChange};
#[cfg(target_arch = "x86_64")]
use crate::text::sse2::{self, Bytes16};
use crate::text::{char_after, char_before, is_cjk, is_decimal, is_han, is_hspace, is_py_space};
use crate::words::Words;
use crate::{param, Rule};

pub struct OcrMarks {
    separators: bool,
    stars: bool,
    specks: bool,
    brackets: bool,
    numbers: bool,
    dots: bool,
    corners: bool,
    words: &'static Words,
    /// `self.known`: the lines it left as they were.
    known: Known,
}

/// `_DOT_WORD_COUNT`.
const DOT_WORD_COUNT: u64 = 100;

/// `_DOT_CLAUSE`: the fewest characters since the last clause mark before a `·` inside a
/// line that ends a sentence.
const DOT_CLAUSE: usize = 4;
/// `_PARTICLES`: particles that end a clause (no name is spelt with them).
const PARTICLES: &str = "了的呢吗吧啊";

/// `_CORNERS`: the marks a corner bracket's pair looks back to.
fn is_corner(c: char) -> bool {
    matches!(c, '『' | '』' | '「' | '」' | '【' | '】')
}

/// `_SPELLING`: characters foreign names are spelt with.
const SPELLING: &str =
    "阿埃艾爱安奥巴邦保贝本比彼波伯布查达戴丹德迪蒂杜多厄恩菲费芬弗福盖格古哈汉豪赫亨\
    华霍基吉加杰捷卡凯坎柯科克肯库拉莱兰朗劳勒雷里理利丽莉廉林琳卢鲁路伦罗洛马玛迈麦\
    曼梅蒙米密莫姆穆纳娜内尼涅纽努诺欧帕佩彭皮普齐奇乔琼萨塞桑森沙尚什施史斯松苏索\
    塔泰坦汤唐特提图托瓦威韦维温沃乌西希夏肖谢辛休雅亚扬耶伊因英尤约詹兹茨卜欣贾沛";

/// `[，。；：？！]`: the marks around a `·` inside a sentence.
fn is_clause_mark(c: char) -> bool {
    matches!(c, '，' | '。' | '；' | '：' | '？' | '！')
}

/// `[ \t\u3000]*$` from `at`: only white space to the end of the line.
fn blank_from(line: &[char], at: usize) -> bool {
    line[at.min(line.len())..].iter().all(|&c| is_hspace(c))
}

/// The index after the run of `[ \t\u3000]` from `at`.
fn skip_space(line: &[char], mut at: usize) -> usize {
    while line.get(at).is_some_and(|&c| is_hspace(c)) {
        at += 1;
    }
    at
}

fn han_at(line: &[char], at: usize) -> bool {
    line.get(at).is_some_and(|&c| is_han(c))
}

fn cjk_at(line: &[char], at: usize) -> bool {
    line.get(at).is_some_and(|&c| is_cjk(c))
}

fn decimal_at(line: &[char], at: usize) -> bool {
    line.get(at).is_some_and(|&c| is_decimal(c))
}

/// A character a match of some fix may start at: white space, a mark of `_NEEDS` or a
/// digit (most of a Chinese line is none).
fn may_start(c: char) -> bool {
    if c.is_ascii() {
        return true; // ASCII is rare in Chinese lines: let the fixes look
    }
    !is_han(c)
        && (matches!(c, '\u{3000}' | '‖' | '＝' | '～' | '／' | '．' | '·' | '』' | '」' | '】')
            || is_decimal(c))
}

/// A match of one fix: its span and what it becomes (`None`: it stays as it is).
type Found = (usize, usize, Option<String>);

/// `separators`: `(?<=CJK)[ \t\u3000]*[|‖](?:[ \t\u3000]*(?=CJK)|[ \t\u3000]*$)`.
fn separators(line: &[char], at: usize) -> Option<usize> {
    if at == 0 || !is_cjk(line[at - 1]) {
        return None;
    }
    let bar = skip_space(line, at);
    if !matches!(line.get(bar), Some('|' | '‖')) {
        return None;
    }
    let end = skip_space(line, bar + 1);
    (end == line.len() || is_cjk(line[end])).then_some(end)
}

/// `stars`: `(?<=\p{Han})(?<!\*)\*(?!\*)(?=\p{Han}|[ \t\u3000]*$|(?P<mark>[，。、；：？！]))`
/// and its replacement: `。`, or nothing before a mark.
fn stars(line: &[char], at: usize) -> Option<&'static str> {
    if line[at] != '*' || at == 0 || !is_han(line[at - 1]) || line.get(at + 1) == Some(&'*') {
        return None;
    }
    if han_at(line, at + 1) || blank_from(line, at + 1) {
        return Some("。");
    }
    matches!(line.get(at + 1), Some('，' | '。' | '、' | '；' | '：' | '？' | '！')).then_some("")
}

/// `[=~＝～]`.
fn is_speck(c: char) -> bool {
    matches!(c, '=' | '~' | '＝' | '～')
}

/// `specks`: `(?<=\p{Han})[=~＝～](?=\p{Han})|(?<=\p{Han})[ \t\u3000]*[=~＝～][ \t\u3000]*$`.
fn specks(line: &[char], at: usize) -> Option<usize> {
    if at == 0 || !is_han(line[at - 1]) {
        return None;
    }
    if is_speck(line[at]) && han_at(line, at + 1) {
        return Some(at + 1);
    }
    let speck = skip_space(line, at);
    (line.get(speck).is_some_and(|&c| is_speck(c)) && blank_from(line, speck + 1))
        .then_some(line.len())
}

/// `brackets`: `(?<=CJK)\[[^\[\]\n]*\p{Han}[^\[\]\n]*\](?![(\[:])` or the same bracket
/// with `(?=CJK)` after it.
fn brackets(line: &[char], at: usize) -> Option<usize> {
    if line[at] != '[' {
        return None;
    }
    let close = at + 1 + line[at + 1..].iter().position(|&c| c == '[' || c == ']')?;
    if line[close] != ']' || !line[at + 1..close].iter().any(|&c| is_han(c)) {
        return None;
    }
    let after = line.get(close + 1).copied();
    let behind = at > 0 && is_cjk(line[at - 1]) && !matches!(after, Some('(' | '[' | ':'));
    (behind || after.is_some_and(is_cjk)).then_some(close + 1)
}

/// `numbers`: `(?<=\d)[／．](?=\d)`, `(?<=CJK[ \t]?)\d(?: \d){2,}(?!\d)` or
/// `(?<![\d ])\d(?: \d){2,}(?=[ \t]?CJK)`.
fn numbers(line: &[char], at: usize) -> Option<usize> {
    let c = line[at];
    if matches!(c, '／' | '．') {
        return (at > 0 && is_decimal(line[at - 1]) && decimal_at(line, at + 1)).then_some(at + 1);
    }
    if !is_decimal(c) {
        return None;
    }
    let mut end = at + 1;
    let mut pairs = 0;
    while line.get(end) == Some(&' ') && decimal_at(line, end + 1) {
        end += 2;
        pairs += 1;
    }
    if pairs < 2 {
        return None;
    }
    let behind = (at >= 1 && is_cjk(line[at - 1]))
        || (at >= 2 && matches!(line[at - 1], ' ' | '\t') && is_cjk(line[at - 2]));
    if behind {
        if !decimal_at(line, end) {
            return Some(end);
        }
        if pairs >= 3 {
            return Some(end - 2); // one pair fewer: a space follows
        }
    }
    let loose = at == 0 || !(is_decimal(line[at - 1]) || line[at - 1] == ' ');
    let ahead =
        cjk_at(line, end) || (matches!(line.get(end), Some(' ' | '\t')) && cjk_at(line, end + 1));
    (loose && ahead).then_some(end)
}

/// `_CORNER_SPAN`.
const CORNER_SPAN: usize = 40;

/// `corners`: `[」』】]` and its replacement (`_corner`): the closer the nearest bracket
/// before it on its line asks for (its opener's, when Han stands between, at most
/// `CORNER_SPAN` characters), nothing for a `」` `』` between Han that closes nothing,
/// else the match as it is (`None`).
fn corners(line: &[char], at: usize) -> Option<Option<&'static str>> {
    let found = line[at];
    if !matches!(found, '」' | '』' | '】') {
        return None;
    }
    let before = (0..at).rev().find(|&i| is_corner(line[i]));
    let Some(before) = before.filter(|&i| !matches!(line[i], '』' | '」' | '】')) else {
        let between_han = found != '】' && at > 0 && is_han(line[at - 1]) && han_at(line, at + 1);
        return Some(between_han.then_some(""));
    };
    if at - before - 1 > CORNER_SPAN || !line[before + 1..at].iter().any(|&c| is_han(c)) {
        return Some(None);
    }
    Some(match (line[before], found) {
        ('『', '」' | '】') => Some("』"),
        ('「', '』') => Some("」"),
        _ => None,
    })
}

impl OcrMarks {
    /// Mirrors `_sentence_dot`: the `·` at `at` ends a sentence.
    fn sentence_dot(&self, line: &[char], at: usize) -> bool {
        if blank_from(line, at + 1) {
            return true;
        }
        let before: String = line[at.saturating_sub(2)..at].iter().collect();
        let spelt = |c: Option<char>| c.is_some_and(|c| SPELLING.contains(c));
        let last = before.chars().next_back();
        // line.rfind("《", 0, at) <= line.rfind("》", 0, at): no title mark open
        let titled = line[..at].iter().rev().find(|&&c| c == '《' || c == '》') == Some(&'《');
        // at - 1 - (the last clause mark before `at`): the clause the `·` would end
        let clause = line[..at].iter().rev().take_while(|&&c| !"，。；：？！".contains(c)).count();
        clause >= DOT_CLAUSE
            && (self.words.count(&before) >= DOT_WORD_COUNT
                || last.is_some_and(|c| PARTICLES.contains(c)))
            && !spelt(last)
            && !spelt(line.get(at + 1).copied())
            && !titled
    }

    /// `dots`: `(?<=\p{Han})·{2,}(?=\p{Han}|[，。；：？！”’]|[ \t\u3000]*$)`,
    /// `(?<=\p{Han})·(?=[ \t\u3000]*$)` or
    /// `(?<=[，。；：？！][^·\n]*\p{Han}{2})·(?=\p{Han}{2}[^，。；：？！\n]*[，。；：？！])`.
    fn dots(&self, line: &[char], at: usize) -> Option<Found> {
        if line[at] != '·' || at == 0 || !is_han(line[at - 1]) {
            return None;
        }
        let run = line[at..].iter().take_while(|&&c| c == '·').count();
        if run >= 2 {
            let end = at + run;
            let next = line.get(end).copied();
            let ends = next
                .is_some_and(|c| is_han(c) || is_clause_mark(c) || matches!(c, '”' | '’'))
                || blank_from(line, end);
            return ends.then(|| (at, end, Some("……".to_string())));
        }
        let inside = || {
            at >= 3
                && is_han(line[at - 2])
                && line[..at - 2]
                    .iter()
                    .rev()
                    .take_while(|&&c| c != '·')
                    .any(|&c| is_clause_mark(c))
                && han_at(line, at + 1)
                && han_at(line, at + 2)
                && line[at + 3..].iter().any(|&c| is_clause_mark(c))
        };
        if !blank_from(line, at + 1) && !inside() {
            return None;
        }
        let new = self.sentence_dot(line, at).then(|| "。".to_string());
        Some((at, at + 1, new))
    }

    /// `self.pattern` tried at `at`: the first fix (in `_FIXES`' order) that matches there.
    fn match_at(&self, line: &[char], at: usize, table: bool) -> Option<Found> {
        if self.separators {
            if let Some(end) = separators(line, at) {
                return Some((at, end, (!table).then(String::new)));
            }
        }
        if self.stars {
            if let Some(new) = stars(line, at) {
                return Some((at, at + 1, Some(new.to_string())));
            }
        }
        if self.specks {
            if let Some(end) = specks(line, at) {
                return Some((at, end, Some(String::new())));
            }
        }
        if self.brackets {
            if let Some(end) = brackets(line, at) {
                let inner: String = line[at + 1..end - 1].iter().collect();
                return Some((at, end, Some(format!("［{inner}］"))));
            }
        }
        if self.numbers {
            if let Some(end) = numbers(line, at) {
                let new = match line[at] {
                    '／' => "/".to_string(),
                    '．' => ".".to_string(),
                    _ => line[at..end].iter().filter(|&&c| c != ' ').collect(),
                };
                return Some((at, end, Some(new)));
            }
        }
        if self.dots {
            if let Some(found) = self.dots(line, at) {
                return Some(found);
            }
        }
        if self.corners {
            if let Some(new) = corners(line, at) {
                return Some((at, at + 1, new.map(str::to_string)));
            }
        }
        None
    }

    /// Mirrors `_line`: `sub(self.pattern, …)` over the line, a table row's separators kept.
    fn line(&self, line: &[char]) -> Vec<LineChange> {
        // _TABLE_ROW: ^\s*\|
        let table = line.iter().find(|&&c| !is_py_space(c)) == Some(&'|');
        let mut changes = Vec::new();
        let mut at = 0;
        while at < line.len() {
            if !may_start(line[at]) {
                at += 1;
                continue;
            }
            match self.match_at(line, at, table) {
                Some((start, end, new)) => {
                    // every replacement differs from its match (`sub` drops those that do not)
                    if let Some(new) = new {
                        changes.push((start, end, new));
                    }
                    at = end;
                }
                None => at += 1,
            }
        }
        changes
    }

    /// A place a line may need a fix: a mark of an enabled fix (`_NEEDS`), or for
    /// `numbers` a space between two digits (every line `_candidate` finds).
    /// The first byte at or after `from` that may start what `line` fixes (a line holding
    /// none is one it leaves): sixteen positions at a time by the bytes `trigger` looks at,
    /// so the Han characters between are passed over at once.
    #[cfg(target_arch = "x86_64")]
    fn find_candidate(&self, text: &str, from: usize) -> Option<usize> {
        let mask = |[v, v1, v2, _]: [Bytes16; 4]| {
            let ascii = v.eq(b'|').or(v.eq(b'*')).or(v.eq(b'=')).or(v.eq(b'~'));
            let ascii = ascii.or(v.eq(b'[')).or(v.eq(b' '));
            let dot = v.eq(0xC2).and(v1.eq(0xB7));
            let bar = v.eq(0xE2).and(v1.eq(0x80)).and(v2.eq(0x96));
            let corner =
                v.eq(0xE3).and(v1.eq(0x80)).and(v2.eq(0x8F).or(v2.eq(0x8D)).or(v2.eq(0x91)));
            let wide = v.eq(0xEF).and(v1.eq(0xBC).or(v1.eq(0xBD)));
            ascii.or(dot).or(bar).or(corner).or(wide).bits()
        };
        sse2::scan::<2>(text.as_bytes(), from, mask, |i| self.trigger(text, i))
    }

    /// `find_candidate` (as above), a byte at a time.
    #[cfg(not(target_arch = "x86_64"))]
    fn find_candidate(&self, text: &str, from: usize) -> Option<usize> {
        (from..text.len()).find(|&i| self.trigger(text, i))
    }

    /// Whether the byte at `i` starts what `line` may fix.
    #[inline]
    fn trigger(&self, text: &str, i: usize) -> bool {
        let bytes = text.as_bytes();
        let at = |i: usize| bytes.get(i).copied();
        match bytes[i] {
            b'|' => self.separators,
            b'*' => self.stars,
            b'=' | b'~' => self.specks,
            b'[' => self.brackets,
            b' ' => {
                self.numbers
                    && char_before(text, i).is_some_and(is_decimal)
                    && char_after(text, i + 1).is_some_and(is_decimal)
            }
            0xC2 => self.dots && at(i + 1) == Some(0xB7),
            0xE2 => self.separators && at(i + 1) == Some(0x80) && at(i + 2) == Some(0x96),
            // 』 」 (U+300F, U+300D), 】 (U+3011)
            0xE3 => {
                self.corners
                    && at(i + 1) == Some(0x80)
                    && matches!(at(i + 2), Some(0x8F | 0x8D | 0x91))
            }
            0xEF => match (at(i + 1), at(i + 2)) {
                (Some(0xBC), Some(0x9D)) | (Some(0xBD), Some(0x9E)) => self.specks,
                (Some(0xBC), Some(0x8F | 0x8E)) => self.numbers,
                _ => false,
            },
            _ => false,
        }
    }
}

impl Rule for OcrMarks {
    fn new(options: &Bound<'_, PyDict>) -> PyResult<Self> {
        Ok(Self {
            separators: param(options, "separators")?,
            stars: param(options, "stars")?,
            specks: param(options, "specks")?,
            brackets: param(options, "brackets")?,
            numbers: param(options, "numbers")?,
            dots: param(options, "dots")?,
            corners: param(options, "corners")?,
            words: Words::get(options.py())?,
            known: Known::default(),
        })
    }

    fn apply(&self, text: &str, edits: &mut Edits) -> Option<String> {
        if !(self.separators
            || self.stars
            || self.specks
            || self.brackets
            || self.numbers
            || self.dots
            || self.corners)
        {
            return None;
        }
        by_line_known(
            text,
            edits,
            &self.known,
            |text, from| self.find_candidate(text, from),
            |line| self.line(line),
        )
    }
}
