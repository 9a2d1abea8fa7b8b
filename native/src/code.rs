//! Code tokens of technical prose, whose marks and quotes stay ASCII (`cleantext/text.py`:
//! `CODE_TOKEN`, `QUOTED_LITERAL`, `_CODE_HINT`, `code_spans`), over a line as characters.
//!
//! Each `*_at` function is one alternative of a pattern tried at one position, returning the
//! end of its match; the greedy runs of the patterns never need to give characters back
//! (the character after each run cannot be the one the pattern wants next), so a run is
//! taken whole. Lookbehinds see the whole line, lookaheads and runs stop at `hi`, as with
//! `regex`'s `finditer(line, pos, endpos)`.

use crate::text::{is_decimal, is_han};

/// `[A-Za-z0-9_.+-]`: a character of a name (`text._NAME`).
#[inline]
fn is_name(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '+' | '-')
}

#[inline]
fn is_hex(c: char) -> bool {
    c.is_ascii_hexdigit()
}

/// The end of the run from `at` (before `hi`) of characters that `keep` holds for.
#[inline]
fn run(line: &[char], at: usize, hi: usize, keep: impl Fn(char) -> bool) -> usize {
    line[at..hi].iter().position(|&c| !keep(c)).map_or(hi, |i| at + i)
}

/// `[^()\n]`, `[^{}\n]` and `[^()\p{Han}\n]`.
fn not_paren(c: char) -> bool {
    !matches!(c, '(' | ')' | '\n')
}
fn not_brace(c: char) -> bool {
    !matches!(c, '{' | '}' | '\n')
}
fn argument(c: char) -> bool {
    not_paren(c) && !is_han(c)
}

/// `_CODE_HINT` matched at `p`: its end.
fn hint_at(line: &[char], p: usize) -> Option<usize> {
    let c0 = line[p];
    if !c0.is_ascii() {
        return None; // the common case in Chinese text
    }
    let c1 = *line.get(p + 1)?;
    if c0 == '$' && matches!(c1, '(' | '{') || is_name(c0) && c1 == '(' || c0 == ':' && c1 == ':' {
        return Some(p + 2);
    }
    if is_hex(c0) && c1 == ':' {
        let mut q = p + 2;
        while q < line.len() && q < p + 6 && is_hex(line[q]) {
            q += 1;
        }
        if line.get(q) == Some(&':') {
            return Some(q + 1);
        }
    }
    let found = matches!(c0, '!' | '=' | '<' | '>') && c1 == '='
        || c0 == '&' && c1 == '&'
        || c0 == '|' && c1 == '|'
        || matches!(c0, '"' | '\'')
            && (c1.is_ascii_alphanumeric() || matches!(c1, ':' | '.' | '$' | '/' | '~' | '-'));
    found.then_some(p + 2)
}

/// How far before and after a hint a code token may reach (`text._BEFORE_HINT`, `_AFTER_HINT`).
const BEFORE_HINT: usize = 80;
const AFTER_HINT: usize = 200;

/// `text._SHELL_OPERATORS`: a shell line's redirections, pipes and lists.
const SHELL_OPERATORS: [&str; 9] = [">", ">>", "<", "|", "&&", "||", "2>", "2>>", "&>"];

/// `text._COMMAND.fullmatch(word)`: `[a-z_][a-z0-9_.+-]*`, a command's name.
fn command(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.+-".contains(c))
}

/// `text.shell_line`: a `$ ` prompt and a command's name, or a command's name, its arguments
/// and a redirection, a pipe or `&&` between words (apart by spaces, a word after it).
pub fn shell_line(line: &str) -> bool {
    let rest = line.trim_start_matches([' ', '\t']);
    if !rest.starts_with(|c: char| c.is_ascii_lowercase() || c == '_' || c == '$') {
        return false;
    }
    let words: Vec<&str> = rest.split(' ').filter(|word| !word.is_empty()).collect();
    if words[0] == "$" {
        return words.len() > 1 && command(words[1]);
    }
    command(words[0])
        && words.len() > 2
        && words[1..words.len() - 1].iter().any(|word| SHELL_OPERATORS.contains(word))
}

/// `text.code_spans`: spans of `CODE_TOKEN`s in `line`, looked for only in the windows
/// around what `_CODE_HINT` finds, as `text._code_spans` does; a `shell_line` is one span.
pub fn code_spans(line: &[char]) -> Vec<(usize, usize)> {
    let head = line.iter().find(|&&c| c != ' ' && c != '\t');
    if head.is_some_and(|&c| c.is_ascii_lowercase() || c == '_' || c == '$')
        && shell_line(&line.iter().collect::<String>())
    {
        return vec![(0, line.len())];
    }
    let mut spans = Vec::new();
    let mut done = 0;
    let mut p = 0;
    while p < line.len() {
        // `hint_at` finds none but at ASCII, and there only at a quote or before one of
        // `({:=&|`: the common case (Chinese text, prose), passed over inline
        let c0 = line[p];
        if !c0.is_ascii()
            || !matches!(c0, '"' | '\'')
                && !matches!(line.get(p + 1), Some('(' | '{' | ':' | '=' | '&' | '|'))
        {
            p += 1;
            continue;
        }
        let Some(end) = hint_at(line, p) else {
            p += 1;
            continue;
        };
        if p >= done {
            let start = done.max(p.saturating_sub(BEFORE_HINT));
            done = end + AFTER_HINT;
            let hi = done.min(line.len());
            let mut at = start;
            while at < hi {
                match token_at(line, at, hi) {
                    Some(token_end) => {
                        spans.push((at, token_end));
                        at = token_end;
                    }
                    None => at += 1,
                }
            }
        }
        p = end;
    }
    spans
}

/// `CODE_TOKEN` matched at `p`, before `hi`: its end (its alternatives in order).
fn token_at(line: &[char], p: usize, hi: usize) -> Option<usize> {
    let c0 = line[p];
    if !(c0.is_ascii_alphanumeric() || "$_:!=<>&|\"'".contains(c0)) {
        return None;
    }
    let s = &line[..hi];
    let at = |i: usize| s.get(i).copied();
    if c0 == '$' {
        // `\$\(\([^()\n]*\)\)|\$\([^()\n]*\)|\$\{[^{}\n]*\}`
        if at(p + 1) == Some('(') && at(p + 2) == Some('(') {
            let q = run(s, p + 3, hi, not_paren);
            if at(q) == Some(')') && at(q + 1) == Some(')') {
                return Some(q + 2);
            }
        }
        if at(p + 1) == Some('(') {
            let q = run(s, p + 2, hi, not_paren);
            if at(q) == Some(')') {
                return Some(q + 1);
            }
        }
        if at(p + 1) == Some('{') {
            let q = run(s, p + 2, hi, not_brace);
            if at(q) == Some('}') {
                return Some(q + 1);
            }
        }
    }
    let name_start = p == 0 || !is_name(line[p - 1]);
    if name_start && (c0.is_ascii_alphabetic() || c0 == '_') {
        if let Some(end) = call_at(s, p) {
            return Some(end);
        }
        if let Some(end) = lowercase_call_at(s, p) {
            return Some(end);
        }
    }
    if let Some(end) = ipv6_at(line, p, hi) {
        return Some(end);
    }
    let next = at(p + 1);
    if matches!(c0, '!' | '=' | '<' | '>') && next == Some('=')
        || c0 == '&' && next == Some('&')
        || c0 == '|' && next == Some('|')
    {
        return Some(p + 2);
    }
    quoted_literal_at(line, p, hi)
}

/// `{_NAME}\((?:\d[a-z]*|ARGS-WITH-A-CODE-MARK|\(ARGS\))\)`: a man reference or a call
/// (`s` ends at `hi`; the name's lookbehind is checked by the caller).
fn call_at(s: &[char], p: usize) -> Option<usize> {
    let hi = s.len();
    let q = run(s, p, hi, is_name);
    if s.get(q) != Some(&'(') {
        return None;
    }
    let r = q + 1;
    if s.get(r).is_some_and(|&c| is_decimal(c)) {
        let t = run(s, r + 1, hi, |c| c.is_ascii_lowercase());
        if s.get(t) == Some(&')') {
            return Some(t + 1);
        }
    }
    let e = run(s, r, hi, argument);
    let code_mark = |c: &char| "=+*/<>$,\"'.:_-".contains(*c);
    if s.get(e) == Some(&')') && s[r..e].iter().any(code_mark) {
        return Some(e + 1);
    }
    if s.get(r) == Some(&'(') {
        let e = run(s, r + 1, hi, argument);
        if s.get(e) == Some(&')') && s.get(e + 1) == Some(&')') {
            return Some(e + 2);
        }
    }
    None
}

/// `(?<![A-Za-z0-9_.+-])[a-z_][a-z0-9_.+-]*\([A-Za-z0-9_]*\)`: a lowercase call `f(x)`.
fn lowercase_call_at(s: &[char], p: usize) -> Option<usize> {
    if !(s[p].is_ascii_lowercase() || s[p] == '_') {
        return None;
    }
    let hi = s.len();
    let q = run(s, p, hi, |c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.+-".contains(c));
    if s.get(q) != Some(&'(') {
        return None;
    }
    let t = run(s, q + 1, hi, |c| c.is_ascii_alphanumeric() || c == '_');
    (s.get(t) == Some(&')')).then_some(t + 1)
}

/// `(?<![A-Za-z0-9_:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{1,4}(?![A-Za-z0-9_:])`: IPv6.
fn ipv6_at(line: &[char], p: usize, hi: usize) -> Option<usize> {
    let c0 = line[p];
    let outside = |c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':');
    if !(is_hex(c0) || c0 == ':') || p > 0 && !outside(line[p - 1]) {
        return None;
    }
    let s = &line[..hi];
    let hex_end = |from: usize| run(s, from, hi.min(from + 4), is_hex);
    let (mut q, mut groups) = (p, 0);
    while groups < 7 {
        let t = hex_end(q);
        if s.get(t) != Some(&':') {
            break;
        }
        q = t + 1;
        groups += 1;
    }
    let t = hex_end(q);
    (groups >= 2 && t > q && s.get(t).is_none_or(|&c| outside(c))).then_some(t)
}

/// `text.QUOTED_LITERAL` matched at `p`, before `hi`: its end.
pub fn quoted_literal_at(line: &[char], p: usize, hi: usize) -> Option<usize> {
    let s = &line[..hi];
    let before = p.checked_sub(1).map(|i| line[i]);
    match line[p] {
        // `(?<![A-Za-z0-9])"(?=[^"\n]*[A-Za-z0-9])[\x20\x21\x23-\x7e]*?MARK[...]*?"(?![A-Za-z0-9])`
        '"' if !before.is_some_and(|c| c.is_ascii_alphanumeric()) => {
            let e = run(s, p + 1, hi, |c| matches!(c, ' '..='~') && c != '"');
            let body = &s[p + 1..e];
            let ok = s.get(e) == Some(&'"')
                && (body.iter().any(|c| "./:=_$\\~*{}<>|@#%+-".contains(*c))
                    || after_option(line, p))
                && body.iter().any(|c| c.is_ascii_alphanumeric())
                && !s.get(e + 1).is_some_and(|c| c.is_ascii_alphanumeric());
            ok.then_some(e + 1)
        }
        // `(?<![A-Za-z0-9'])'[\x21-\x26\x28-\x7e]{1,40}'(?![A-Za-z0-9'])`, or with spaces
        // and a mark of code (`'{print $1}'`)
        '\'' if !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '\'') => {
            let closes = |e: usize| {
                s.get(e) == Some(&'\'')
                    && !s.get(e + 1).is_some_and(|&c| c.is_ascii_alphanumeric() || c == '\'')
            };
            let e = run(s, p + 1, hi.min(p + 41), |c| matches!(c, '!'..='~') && c != '\'');
            if e > p + 1 && closes(e) {
                return Some(e + 1);
            }
            // `'{print $1}'`: ASCII with spaces, a letter or digit and a mark of code
            let e = run(s, p + 1, hi, |c| matches!(c, ' '..='~') && c != '\'');
            let body = &s[p + 1..e];
            let ok = closes(e)
                && body.iter().any(|c| "./:=_$\\~*{}<>|@#%+-".contains(*c))
                && body.iter().any(|c| c.is_ascii_alphanumeric());
            ok.then_some(e + 1)
        }
        _ => None,
    }
}

/// `(?<=(?:^|[ \t])--?[A-Za-z][A-Za-z0-9-]*[ =])` at `p`: a command's option before it.
fn after_option(line: &[char], p: usize) -> bool {
    if p < 3 || !matches!(line[p - 1], ' ' | '=') {
        return false;
    }
    let mut q = p - 1;
    while q > 0 && (line[q - 1].is_ascii_alphanumeric() || line[q - 1] == '-') {
        q -= 1;
    }
    // the word before: dashes, then a letter, then letters, digits and dashes
    let word = &line[q..p - 1];
    let dashes = word.iter().take_while(|&&c| c == '-').count();
    (1..=2).contains(&dashes)
        && word.get(dashes).is_some_and(|c| c.is_ascii_alphabetic())
        && (q == 0 || matches!(line[q - 1], ' ' | '\t'))
}

/// `QUOTED_LITERAL.finditer(line)`: the spans of quoted literals.
pub fn quoted_literals(line: &[char]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut p = 0;
    while p < line.len() {
        if !matches!(line[p], '"' | '\'') {
            p += 1; // no match starts here: skipped without the call
            continue;
        }
        match quoted_literal_at(line, p, line.len()) {
            Some(end) => {
                spans.push((p, end));
                p = end;
            }
            None => p += 1,
        }
    }
    spans
}
