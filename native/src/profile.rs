//! What kind of text each block is (`cleantext/profile.py`): the evidence unwrap acts on.

use crate::lines::table_rows;
use crate::text::{display_width, ends_sentence, is_py_space, py_isdecimal, py_isword};
use crate::text::{is_closer, is_terminal};

/// `profile.END_MARKS`: marks a line of verse, a list item or a line of dialogue ends on.
#[inline]
pub fn end_mark(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '…'
            | '—'
            | '”'
            | '’'
            | '」'
            | '』'
            | '）'
            | '》'
            | '〉'
            | '】'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
            | '"'
            | '\''
    )
}

/// What a block is (`profile.Block`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Block {
    Prose,
    Lines,
    Code,
}

/// `profile._CJK_CHAR`: Han (radicals and compatibility forms too), kana, Hangul.
#[inline]
pub fn is_cjk_char(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// `profile.holds_cjk`.
#[inline]
pub fn holds_cjk(text: &str) -> bool {
    // every CJK character is three bytes or more: an ASCII text has none
    text.bytes().any(|b| b >= 0xE2) && text.chars().any(is_cjk_char)
}

/// `profile._CODE.match(line)`: a comment or prompt mark first, a bare number, `key=value`
/// or `key: value`, a call, a line that ends a statement or opens a block, an arrow.
fn code_match(line: &str) -> bool {
    let chars: Vec<char> = line.chars().collect();
    let Some(&first) = chars.first() else { return false };
    // [#;%$>|<\[{}@]|//|/\*|\*/|--
    if matches!(first, '#' | ';' | '%' | '$' | '>' | '|' | '<' | '[' | '{' | '}' | '@')
        || line.starts_with("//")
        || line.starts_with("/*")
        || line.starts_with("*/")
        || line.starts_with("-- ")
    {
        return true;
    }
    // \d+$
    if chars.iter().all(|&c| py_isdecimal(c)) {
        return true;
    }
    // \S+\s*(?:[=!<>~:]=|=)
    if !is_py_space(first) {
        let run = chars.iter().position(|&c| is_py_space(c)).unwrap_or(chars.len());
        if chars[1..run].contains(&'=') {
            return true;
        }
        let mut at = run;
        while at < chars.len() && is_py_space(chars[at]) {
            at += 1;
        }
        if chars.get(at) == Some(&'=')
            || ("!<>~:".contains(chars.get(at).copied().unwrap_or('a'))
                && chars.get(at + 1) == Some(&'='))
        {
            return true;
        }
    }
    // [\w.-]+:(?:\s|$)
    let run =
        chars.iter().position(|&c| !(py_isword(c) || c == '.' || c == '-')).unwrap_or(chars.len());
    if run > 0 && chars.get(run) == Some(&':') && chars.get(run + 1).is_none_or(|&c| is_py_space(c))
    {
        return true;
    }
    // [\w.:-]+\(.*[)({,\\]$
    let run = chars
        .iter()
        .position(|&c| !(py_isword(c) || c == '.' || c == ':' || c == '-'))
        .unwrap_or(chars.len());
    let last = chars[chars.len() - 1];
    if run > 0
        && chars.get(run) == Some(&'(')
        && chars.len() > run + 1
        && matches!(last, ')' | '(' | '{' | ',' | '\\')
    {
        return true;
    }
    // .*(?:[{};\\]|-->)$
    matches!(last, '{' | '}' | ';' | '\\') || line.ends_with("-->")
}

/// `profile._TAG.match(line, at)`: a markup tag (`<p>`, `</li>`, `<br/>`, `<div class="x">`)
/// from byte `at`: where it ends.
fn tag_at(line: &str, at: usize) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut end = at + 1; // `<`
    if bytes.get(end) == Some(&b'/') {
        end += 1;
    }
    if !bytes.get(end).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    end += 1;
    // [\w:-]*
    let name = line[end..].find(|c: char| !(py_isword(c) || c == ':' || c == '-'));
    end = name.map_or(line.len(), |i| end + i);
    let rest = &line[end..];
    let next = rest.chars().next()?;
    if is_py_space(next) {
        // (?:\s[^<>\n]*)? then /?>: the first of `<`, `>`, a line break must be `>`
        let from = end + next.len_utf8();
        let stop = line[from..].find(['<', '>', '\n'])?;
        return (bytes[from + stop] == b'>').then_some(from + stop + 1);
    }
    if rest.starts_with("/>") {
        return Some(end + 2);
    }
    (next == '>').then_some(end + 1)
}

/// `profile._tagged`: `line` is markup: it starts with a tag, and ends with one or holds no
/// CJK.
fn tagged(line: &str) -> bool {
    line.starts_with('<')
        && tag_at(line, 0).is_some()
        && (tag_at(line, line.rfind('<').expect("a tag")) == Some(line.len()) || !holds_cjk(line))
}

/// `profile._KEYED.match`: a key, a colon and a space (`name: 测试服务`, `- name: 值`).
fn keyed(line: &str) -> bool {
    let rest = line.strip_prefix("- ").unwrap_or(line);
    let bytes = rest.as_bytes();
    if !bytes.first().is_some_and(|&b| b.is_ascii_alphabetic() || b == b'_') {
        return false;
    }
    let run = bytes
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')))
        .unwrap_or(bytes.len());
    rest[run..].starts_with(": ")
}

/// `profile._LABELED.match`: a short Chinese label and a colon, and more after it.
fn labeled(line: &str) -> bool {
    let mut chars = line.chars();
    let mut count = 0;
    let mut next = chars.next();
    while let Some(c) = next {
        if !('\u{4e00}'..='\u{9fff}').contains(&c) {
            break;
        }
        count += 1;
        next = chars.next();
    }
    if !(1..=6).contains(&count) || !matches!(next, Some('：' | ':')) {
        return false;
    }
    // [ \u3000]* and then something more
    chars.any(|c| !matches!(c, ' ' | '\u{3000}'))
}

/// `len(set(lines)) == len(lines)`: no line comes twice.
pub fn all_different<'a>(lines: impl Iterator<Item = &'a str>) -> bool {
    let mut seen = std::collections::HashSet::new();
    lines.into_iter().all(|line| seen.insert(line))
}

/// `profile._MARK.search`: a mark of prose inside a line.
fn prose_mark(line: &str) -> bool {
    line.chars().any(|c| {
        matches!(
            c,
            '，' | '。' | '、' | '；' | '：' | '？' | '！' | ',' | '.' | ';' | ':' | '?' | '!'
        )
    })
}

/// `profile._bare_verse`: four lines or more of Han alone, each different, four to sixteen
/// characters, none starting with the last three or more of the one before.
fn bare_verse(lines: &[&str]) -> bool {
    // (the test of each line first: it rules out prose at its first line)
    if lines.len() < 4
        || !lines.iter().all(|line| {
            (4..=16).contains(&line.chars().count())
                && line.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        })
        || !all_different(lines.iter().copied())
    {
        return false;
    }
    !lines.windows(2).any(|pair| {
        let (line, after) = (pair[0], pair[1]);
        let starts: Vec<usize> = line.char_indices().map(|(i, _)| i).collect();
        // the last `size` characters, for size 3 up to the whole line
        starts.len() >= 3
            && starts[..=starts.len() - 3].iter().any(|&at| after.starts_with(&line[at..]))
    })
}

/// `profile.code_like`: `line` (stripped) has no CJK and looks like code or configuration.
pub fn code_like(line: &str) -> bool {
    !holds_cjk(line) && code_match(line)
}

fn first_char(line: &str) -> char {
    line.chars().next().unwrap_or('\0')
}

fn last_char(line: &str) -> char {
    line.chars().next_back().unwrap_or('\0')
}

/// `profile._BULLETS`: how a line of a list set with ASCII bullets starts.
fn bulleted(line: &str) -> bool {
    line.starts_with("* ") || line.starts_with("- ") || line.starts_with("+ ")
}

/// `profile._ENDERS` (a cheap test before `ends_sentence`).
fn ender(c: char) -> bool {
    is_terminal(c) || is_closer(c)
}

/// `profile.classify`: what the block of `lines` (stripped, non-blank) is.
pub fn classify(lines: &[&str], widths: Option<&[i64]>) -> Block {
    let ascii_first = lines.iter().any(|line| first_char(line) < '\u{2e80}');
    if ascii_first
        && 2 * lines
            .iter()
            .filter(|line| {
                first_char(line) < '\u{2e80}' && (code_like(line) || tagged(line) || keyed(line))
            })
            .count()
            >= lines.len()
    {
        return Block::Code;
    }
    if lines.len() < 2 {
        return Block::Prose;
    }
    if table_rows(lines) {
        return Block::Code; // rows of a CSV or TSV table
    }
    if ascii_first && 2 * lines.iter().filter(|line| bulleted(line)).count() >= lines.len() {
        return Block::Lines;
    }
    if items(&lines[1..]) || bare_verse(lines) {
        return Block::Lines;
    }
    if 2 * lines.iter().filter(|line| labeled(line)).count() > lines.len()
        && all_different(lines.iter().copied())
    {
        return Block::Lines; // fields (`姓名：张三` / `年龄：25`), a script's speakers (`甲：`)
    }
    let inner = &lines[..lines.len() - 1];
    if inner.iter().filter(|line| end_mark(last_char(line))).count() < inner.len().min(2) {
        return Block::Prose;
    }
    let ending = inner.iter().filter(|line| ender(last_char(line)) && ends_sentence(line)).count();
    if ending >= 2 && 2 * ending > inner.len() {
        return Block::Lines;
    }
    let owned: Vec<i64>;
    let widths = match widths {
        Some(widths) => widths,
        None => {
            owned = lines.iter().map(|line| display_width(line) as i64).collect();
            &owned
        }
    };
    let mut ordered = widths.to_vec();
    ordered.sort_unstable();
    let middle = ordered[ordered.len() / 2];
    // a paragraph on a line of its own, far wider than the lines around it, sets no width
    let widest = widths.iter().copied().filter(|&w| w <= 3 * middle).max().expect("a line") as f64;
    let full: Vec<&str> = lines
        .iter()
        .zip(widths)
        .filter(|(_, &width)| width as f64 >= 0.6 * widest && width <= 3 * middle)
        .map(|(line, _)| *line)
        .collect();
    if full.len() >= 4 && full[..full.len() - 1].iter().all(|line| end_mark(last_char(line))) {
        return Block::Lines;
    }
    let heads = lines.iter().take(2).position(|line| prose_mark(line)).unwrap_or(2);
    if heads > 0
        && full.len() >= heads + 4
        && full[heads..full.len() - 1].iter().all(|line| end_mark(last_char(line)))
        && full[..heads] == lines[..heads]
    {
        return Block::Lines; // a title and an author line with no mark over a poem
    }
    if (2..=3).contains(&full.len())
        && lines.len() > full.len()
        && full.iter().all(|line| ends_sentence(line))
    {
        return Block::Lines;
    }
    let alike = (1..lines.len())
        .filter(|&i| {
            let (line, after) = (lines[i - 1], lines[i]);
            let (width, next_width) = (widths[i - 1], widths[i]);
            width == next_width
                && end_mark(last_char(line))
                && end_mark(last_char(after))
                && (marks_at(line) == marks_at(after) || (width <= 18 && lines.len() == 2))
        })
        .count();
    if alike > 0 && 4 * alike >= lines.len() {
        return Block::Lines;
    }
    Block::Prose
}

/// `profile._items`: two lines or more, each one to three Han characters and each different.
fn items(lines: &[&str]) -> bool {
    lines.len() >= 2
        && lines.iter().all(|line| {
            line.chars().count() <= 3
                && line.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        })
        && all_different(lines.iter().copied())
}

/// `profile._marks_at`: where the marks of `line` are.
fn marks_at(line: &str) -> Vec<usize> {
    line.chars().enumerate().filter(|&(_, c)| end_mark(c)).map(|(at, _)| at).collect()
}

/// `profile._REFRAIN_LINE`: longest line (in characters) of a refrain.
const REFRAIN_LINE: usize = 40;

/// `profile.sung_again`: a group of two or more short lines said again as a whole.
pub fn sung_again(lines: &[&str]) -> bool {
    let count = lines.len();
    if count < 4 || lines.iter().any(|line| line.chars().count() > REFRAIN_LINE) {
        return false;
    }
    (2..=count / 2).any(|period| {
        count.is_multiple_of(period) && (period..count).all(|i| lines[i] == lines[i % period])
    })
}

/// `profile.wrapped_latin`: the block is clearly column-wrapped Latin prose.
pub fn wrapped_latin(lines: &[&str]) -> bool {
    if lines.len() < 3 || lines.iter().any(|line| bulleted(line) || code_like(line)) {
        return false;
    }
    let inner = &lines[..lines.len() - 1];
    let widths: Vec<usize> = inner.iter().map(|line| display_width(line)).collect();
    let widest = *widths.iter().max().expect("a line") as f64;
    let least = *widths.iter().min().expect("a line") as f64;
    least >= 30.0
        && least >= 0.75 * widest
        && 3 * inner.iter().filter(|line| ends_sentence(line)).count() <= inner.len()
        && inner.iter().all(|line| line.contains(' '))
}
