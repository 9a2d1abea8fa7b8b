//! What a fake-bold heading looks like (`cleantext/headings.py`), function by function, over
//! texts as characters (the code points Python indexes): one notion for `fakebold.rs` and
//! `unwrap.rs`. Each function names its Python twin; keep them in step.

use crate::code::code_spans;
use crate::text::{
    ends_sentence, is_cjk, is_han, is_hspace, is_py_alpha, is_py_space, is_word, py_isalnum,
};

/// `NEVER_DOUBLED`: marks that Chinese never writes twice.
pub const NEVER_DOUBLED: &str = "“”‘’：，、；《》【】「」";
/// `OPENERS`: marks that open a quotation.
pub const OPENERS: &str = "“‘「『\"'";
/// `HEADING_LENGTH`: a heading-like copy this long is fake bold on its own.
#[allow(dead_code)] // unwrap's, as `doubled_heading`
pub const HEADING_LENGTH: usize = 6;
/// `MAX_LENGTH`: the longest paragraph (in characters) `undouble` looks at.
pub const MAX_LENGTH: usize = 400;

/// `text.CONTINUING`: marks on which a sentence goes on.
const CONTINUING: &str = "，、,";

/// `text` without Python's white space (`"".join(text.split())`).
pub fn bare(text: &[char]) -> Vec<char> {
    text.iter().copied().filter(|&c| !is_py_space(c)).collect()
}

/// `text.rstrip()`.
fn rstrip(text: &[char]) -> &[char] {
    let end = text.iter().rposition(|&c| !is_py_space(c)).map_or(0, |i| i + 1);
    &text[..end]
}

/// `text.split()`: the words between runs of Python's white space.
pub fn split_words(text: &[char]) -> Vec<&[char]> {
    text.split(|&c| is_py_space(c)).filter(|w| !w.is_empty()).collect()
}

/// `text.find(sub, start, end)`: the first index of `sub` wholly within `start..end`.
fn find(text: &[char], sub: &[char], start: usize, end: usize) -> Option<usize> {
    let end = end.min(text.len());
    if start + sub.len() > end {
        return None;
    }
    (start..=end - sub.len()).find(|&i| text[i..i + sub.len()] == *sub)
}

/// `text.find(c, start, end)` of one character.
fn find_char(text: &[char], c: char, start: usize, end: usize) -> Option<usize> {
    let end = end.min(text.len());
    (start < end).then(|| text[start..end].iter().position(|&x| x == c).map(|i| start + i))?
}

/// `text.rfind(c, start, end)` of one character.
fn rfind_char(text: &[char], c: char, start: usize, end: usize) -> Option<usize> {
    let end = end.min(text.len());
    (start < end).then(|| text[start..end].iter().rposition(|&x| x == c).map(|i| start + i))?
}

/// `text.startswith(prefix, at)`.
fn starts_with_at(text: &[char], prefix: &[char], at: usize) -> bool {
    text.get(at..at + prefix.len()).is_some_and(|s| s == prefix)
}

/// `SENTENCE_END.search(text)`: `[。！？!?]|(?<=\p{Han} ?)\.`.
fn has_sentence_end(text: &[char]) -> bool {
    text.iter().enumerate().any(|(i, &c)| match c {
        '。' | '！' | '？' | '!' | '?' => true,
        '.' => i >= 1 && is_han(text[i - 1]) || i >= 2 && text[i - 1] == ' ' && is_han(text[i - 2]),
        _ => false,
    })
}

/// `DOUBLED_MARK.search(text)`: `：：|，，|、、|；；`, or a pair of marks doubled on both
/// sides (`““…””`, `《《…》》`, `【【…】】`, `「「…」」`, `『『…』』`) with neither mark
/// nor a line break between.
fn has_doubled_mark(text: &str) -> bool {
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if chars.peek().map(|&(_, next)| next) != Some(c) {
            continue;
        }
        let close = match c {
            '：' | '，' | '、' | '；' => return true,
            '“' => '”',
            '《' => '》',
            '【' => '】',
            '「' => '」',
            '『' => '』',
            _ => continue,
        };
        let rest = &text[i + 2 * c.len_utf8()..];
        let end = rest.find([c, close, '\n']).unwrap_or(rest.len());
        let mut after = rest[end..].chars();
        if after.next() == Some(close) && after.next() == Some(close) {
            return true;
        }
    }
    false
}

/// `sentence_like`: `once` holds a sentence's end, or ends on a comma.
pub fn sentence_like(once: &[char]) -> bool {
    has_sentence_end(once) || rstrip(once).last().is_some_and(|&c| CONTINUING.contains(c))
}

/// `_CODE.search(text)`: `://|<[^<>\n]*>|(?<![A-Za-z0-9_-])--?[A-Za-z]|(?<![A-Za-z0-9_.])/[\w.-]+/`.
fn has_code_mark(text: &[char]) -> bool {
    let n = text.len();
    let before = |i: usize| i.checked_sub(1).map(|j| text[j]);
    (0..n).any(|i| match text[i] {
        ':' => text.get(i + 1) == Some(&'/') && text.get(i + 2) == Some(&'/'),
        '<' => {
            let end = text[i + 1..]
                .iter()
                .position(|&x| matches!(x, '<' | '>' | '\n'))
                .map_or(n, |j| i + 1 + j);
            text.get(end) == Some(&'>')
        }
        '-' => {
            let free =
                !before(i).is_some_and(|b| b.is_ascii_alphanumeric() || b == '_' || b == '-');
            let letter = if text.get(i + 1) == Some(&'-') { i + 2 } else { i + 1 };
            free && text.get(letter).is_some_and(char::is_ascii_alphabetic)
        }
        '/' => {
            let free =
                !before(i).is_some_and(|b| b.is_ascii_alphanumeric() || b == '_' || b == '.');
            let end = text[i + 1..]
                .iter()
                .position(|&x| !(is_word(x) || x == '.' || x == '-'))
                .map_or(n, |j| i + 1 + j);
            free && end > i + 1 && text.get(end) == Some(&'/')
        }
        _ => false,
    })
}

/// `chinese_heading_text`: `text` holds Han, is not one character over and over, and has no
/// code or address.
pub fn chinese_heading_text(text: &[char]) -> bool {
    let bare = bare(text);
    if !bare.iter().any(|&c| is_han(c)) || bare.iter().all(|&c| c == bare[0]) {
        return false;
    }
    !has_code_mark(text) && code_spans(text).is_empty()
}

/// `latin_heading`: `text` is a Latin heading: ASCII words in title or camel case, four
/// characters or more, starting with a capital, holding a small letter, only letters,
/// digits, single spaces, commas, hyphens and `&`, ending on a letter or digit, eight words
/// at most.
pub fn latin_heading(text: &[char]) -> bool {
    text.len() >= 4
        && text[0].is_ascii_uppercase()
        && text[text.len() - 1].is_ascii_alphanumeric()
        && text.iter().all(|&c| c.is_ascii_alphanumeric() || " ,&-".contains(c))
        && text.iter().any(char::is_ascii_lowercase)
        && !text.windows(2).any(|w| w == [' ', ' '])
        && text.split(|&c| c == ' ').filter(|w| !w.is_empty()).count() <= 8
}

/// `heading_like`: `chinese_heading_text`, and not a quotation (dialogue).
pub fn heading_like(text: &[char]) -> bool {
    let first = text.iter().find(|&&c| !is_py_space(c));
    first.is_some_and(|&c| !OPENERS.contains(c)) && chinese_heading_text(text)
}

/// `doubled_marks`: `text` holds a mark doubled as only fake bold doubles it.
pub fn doubled_marks(text: &str) -> bool {
    has_doubled_mark(text)
}

/// `_SENTENCE_MARK.search(text)`: `[。！？，；]`.
fn has_sentence_mark(text: &str) -> bool {
    text.contains(['。', '！', '？', '，', '；'])
}

/// `heading_place`: a heading may follow `before` (the text before it, "" at the top).
pub fn heading_place(before: &str) -> bool {
    before.is_empty() || ends_sentence(before)
}

/// `placed_as_heading`: `once` stands where a heading does, `before` the text before it
/// ("" at the top), `after` the paragraphs after it.
pub fn placed_as_heading(before: &str, after: &[&str], once: &[char]) -> bool {
    if once.len() < 4 || !heading_place(before) {
        return false;
    }
    let mut after = after;
    if let Some(first) = after.first() {
        if first.chars().count() <= 12 && !has_sentence_mark(first) {
            after = &after[1..]; // a byline: `本报评论员`
        }
    }
    after
        .first()
        .is_some_and(|first| first.chars().count() >= 2 * once.len() && has_sentence_mark(first))
}

/// `STRAY_SPACE` matched at `i`: a space between two Chinese characters.
pub fn is_stray_space(text: &[char], i: usize) -> bool {
    is_hspace(text[i])
        && i > 0
        && is_cjk(text[i - 1])
        && text.get(i + 1).is_some_and(|&c| is_cjk(c))
}

/// `STRAY_SPACE.sub("", text)`.
fn squeeze(text: &[char]) -> Vec<char> {
    (0..text.len()).filter(|&i| !is_stray_space(text, i)).map(|i| text[i]).collect()
}

/// `undouble`: the text with every doubled run written once, or `None` if `text` is not
/// wholly doubled. Python caches it (`_undouble_cached`); the answer is the same.
pub fn undouble(text: &[char], min_length: usize) -> Option<Vec<char>> {
    if text.len() > MAX_LENGTH {
        return None;
    }
    // `_undouble_cached`
    let once = undouble_plain(text, min_length);
    if once.is_none() && has_stray_space(text) && may_start_doubled(text) {
        let squeezed = squeeze(text);
        if squeezed != text {
            return undouble_plain(&squeezed, min_length);
        }
    }
    once
}

/// `doubled_heading`: `text` written once if it is wholly doubled and the copy reads as a
/// heading; `breaks`: where lines were joined into `text`, which no copy may cross.
#[allow(dead_code)] // unwrap's: its port calls it
pub fn doubled_heading(text: &[char], breaks: &[usize]) -> Option<Vec<char>> {
    let once = undouble(text, 2)?;
    if sentence_like(&once) || !heading_like(&once) {
        return None;
    }
    let runs = doubled_runs(text)?;
    let crossed = runs.iter().any(|&(start, length)| {
        breaks.iter().any(|&cut| {
            start < cut && cut < start + length || start + length < cut && cut < start + 2 * length
        })
    });
    (!crossed).then_some(once)
}

/// `_has_stray_space`: `text` has a character `STRAY_SPACE` may remove.
fn has_stray_space(text: &[char]) -> bool {
    text.iter().any(|&c| is_hspace(c))
}

/// `may_start_doubled`: without its white space, `text` passes `_undouble`'s first test.
pub fn may_start_doubled(text: &[char]) -> bool {
    // over the characters as they come, without a copy of the bare text
    let bare = || text.iter().copied().filter(|&c| !is_py_space(c));
    let length = bare().count();
    if length == text.len() || length <= 3 {
        return false;
    }
    let mut chars = bare();
    let (Some(first), Some(second)) = (chars.next(), chars.next()) else { return false };
    // `opens_doubled(bare)`: `bare[1] == bare[0]` or `bare[:2]` again at 2 or later, wholly
    // before `len(bare) // 2 + 3`; `c` is character `at` of the bare text
    let end = (length / 2 + 3).min(length);
    let mut previous = second;
    first == second
        || (2..end).zip(chars).any(|(at, c)| {
            let found = at >= 3 && previous == first && c == second;
            previous = c;
            found
        })
}

/// `_opens_doubled`: its first character repeats at once or its first two reappear in the
/// first half (`text` has two characters or more).
pub fn opens_doubled(text: &[char]) -> bool {
    text[1] == text[0] || find(text, &text[..2], 2, text.len() / 2 + 3).is_some()
}

/// `_undouble`: `undouble` without looking past stray spaces.
fn undouble_plain(text: &[char], min_length: usize) -> Option<Vec<char>> {
    let n = text.len();
    if n < 2 * min_length || n > MAX_LENGTH || !opens_doubled(text) {
        return None;
    }
    // `text.split()` is two halves alike (no list of the words: they are read as they come)
    let mut words = text.split(|&c| is_py_space(c)).filter(|w| !w.is_empty());
    if let (Some(half), Some(other), None) = (words.next(), words.next(), words.next()) {
        if half == other && half.len() >= min_length {
            return has_letters(half).then(|| half.to_vec());
        }
    }
    let (first, last) = (text[0], text[n - 1]);
    if is_py_space(first) || !starts_doubled(text) {
        return None;
    }
    if !is_py_space(last) && rfind_char(text, last, n - 1 - n / 2, n - 1).is_none() {
        return None;
    }
    let runs = doubled_runs(text)?;
    let once: Vec<char> = runs
        .iter()
        .flat_map(|&(start, length)| text[start..start + length].iter().copied())
        .collect();
    if once.iter().filter(|&&c| !is_py_space(c)).count() < min_length || !has_letters(&once) {
        return None;
    }
    Some(once)
}

/// `_has_letters`: `text` has a letter or ideograph (`str.isalpha`).
fn has_letters(text: &[char]) -> bool {
    text.iter().any(|&c| is_py_alpha(c))
}

/// `_starts_doubled`: some run at the start of `text` is written twice.
fn starts_doubled(text: &[char]) -> bool {
    let half = text.len() / 2;
    let mut copy = find_char(text, text[0], 1, half + 1);
    while let Some(at) = copy {
        if starts_with_at(text, &text[..at], at) {
            return true;
        }
        copy = find_char(text, text[0], at + 1, half + 1);
    }
    false
}

/// `doubled_runs`: split `text` into (start, length) pieces each written twice, or single
/// spaces; the longest run at each position that leads to a whole split.
pub fn doubled_runs(text: &[char]) -> Option<Vec<(usize, usize)>> {
    if let Some(runs) = greedy_runs(text) {
        return Some(runs);
    }
    let mut chars: Vec<char> = text.iter().copied().filter(|&c| !is_py_space(c)).collect();
    chars.sort_unstable();
    if chars.chunk_by(|a, b| a == b).any(|same| same.len() % 2 == 1) {
        return None; // a character an odd number of times cannot all be doubled
    }
    split_runs(text)
}

/// `LOSSY_LENGTH`: the longest paragraph `lossy_runs` reads as a heading whose copies lost a
/// head or a tail.
pub const LOSSY_LENGTH: usize = 80;
/// `LOSSY_HEAD`: most characters written once before the first run in such a heading.
pub const LOSSY_HEAD: usize = 6;

/// `lossy_runs`: (start, length) of each run written twice in `text`, the longest at each
/// place, when `text` is a fake-bold heading some of whose copies an extractor lost.
pub fn lossy_runs(text: &[char]) -> Option<Vec<(usize, usize)>> {
    if text.is_empty() || is_py_space(text[0]) {
        return None;
    }
    let n = text.len();
    let opens = longest_run(text, 0) >= 3; // the first way may hold
    if !opens && n > LOSSY_LENGTH {
        return None; // (the loop below would cost a scan of the text from each place)
    }
    let mut runs = Vec::new();
    // written once: in all, before the first run, after the last
    let (mut single, mut head, mut since) = (0, 0, 0);
    // letters written once between runs, and since the last run
    let (mut letters, mut pending) = (0, 0);
    let mut i = 0;
    while i < n {
        let mut length = if is_py_space(text[i]) { 0 } else { longest_run(text, i) };
        if length == 1 && text[i] == '—' && text.get(i + 2) != Some(&'—') {
            length = 0; // `——` is one mark: doubled only when a third dash follows
        }
        if length > 0 {
            runs.push((i, length));
            i += 2 * length;
            since = 0;
            letters += pending;
            pending = 0;
            if letters > 0 && !opens {
                return None; // neither way holds
            }
        } else {
            single += 1;
            head += usize::from(runs.is_empty());
            since += 1;
            pending += usize::from(!runs.is_empty() && py_isalnum(text[i]));
            i += 1;
            if head > LOSSY_HEAD {
                return None; // (neither way holds)
            }
        }
    }
    if single == 0 || runs.len() < 2 {
        return None;
    }
    let copied: usize = runs.iter().map(|&(_, length)| length).sum();
    if runs[0].0 == 0 && runs[0].1 >= 3 && 2 * copied >= 3 * single {
        return Some(runs);
    }
    let phrases = runs.iter().map(|&(_, length)| length).filter(|&length| length >= 2);
    let (count, longest, sum) =
        phrases.fold((0, 0, 0), |(c, m, s), length| (c + 1, m.max(length), s + length));
    if n > LOSSY_LENGTH || letters > 0 || count < 2 || longest < 3 || sum < 6 {
        return None;
    }
    (2 * copied >= 3 * (single - since)).then_some(runs)
}

/// `_run_lengths`: lengths of the runs written twice from `i`, longest first.
fn run_lengths(text: &[char], i: usize) -> impl Iterator<Item = usize> + '_ {
    let c = text[i];
    let mut copy = rfind_char(text, c, i + 1, i + (text.len() - i) / 2 + 1);
    std::iter::from_fn(move || {
        while let Some(at) = copy {
            copy = rfind_char(text, c, i + 1, at);
            if starts_with_at(text, &text[i..at], at) {
                return Some(at - i);
            }
        }
        None
    })
}

/// `next(_run_lengths(text, i), 0)`: the longest run written twice from `i`, 0 for none.
fn longest_run(text: &[char], i: usize) -> usize {
    run_lengths(text, i).next().unwrap_or(0)
}

/// `_greedy_runs`: `doubled_runs` taking the longest run at each position.
fn greedy_runs(text: &[char]) -> Option<Vec<(usize, usize)>> {
    let mut runs = Vec::new();
    let (mut i, n) = (0, text.len());
    while i < n {
        if is_py_space(text[i]) {
            if i == 0 {
                return None;
            }
            runs.push((i, 1));
            i += 1;
            continue;
        }
        let length = longest_run(text, i);
        if length == 0 {
            return None;
        }
        runs.push((i, length));
        i += 2 * length;
    }
    Some(runs)
}

/// `_split_runs`: `doubled_runs` by dynamic programming from the end.
fn split_runs(text: &[char]) -> Option<Vec<(usize, usize)>> {
    let n = text.len();
    // 0: impossible; -1 (here `SPACE`): a space; L>0: a run of length L
    const SPACE: usize = usize::MAX;
    let mut step = vec![0usize; n + 1];
    let mut ok = vec![false; n + 1];
    ok[n] = true;
    for i in (0..n).rev() {
        if is_py_space(text[i]) {
            if i > 0 && ok[i + 1] {
                ok[i] = true;
                step[i] = SPACE;
            }
            continue;
        }
        if let Some(length) = run_lengths(text, i).find(|&length| ok[i + 2 * length]) {
            ok[i] = true;
            step[i] = length;
        }
    }
    if !ok[0] {
        return None;
    }
    let mut runs = Vec::new();
    let mut i = 0;
    while i < n {
        if step[i] == SPACE {
            runs.push((i, 1));
            i += 1;
        } else {
            runs.push((i, step[i]));
            i += 2 * step[i];
        }
    }
    Some(runs)
}
