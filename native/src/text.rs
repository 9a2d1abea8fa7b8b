//! Character classes shared by the kinds, as `cleantext/text.py` defines them.

use std::hash::Hasher;

use crate::tables;

/// Whether `c` is in `table`, sorted ranges of code points.
pub fn in_table(table: &[(u32, u32)], c: char) -> bool {
    let code = c as u32;
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < code {
                std::cmp::Ordering::Less
            } else if lo > code {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// `\p{Han}` (`text.HAN`).
#[inline]
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}') || (c > '\u{2E7F}' && in_table(tables::HAN, c))
}

/// Full-width CJK punctuation that may sit next to Han text with no space (`text.CJK_PUNCT`:
/// `，。、；：？！“”‘’（）《》〈〉【】「」『』〔〕…—～·￥％`), by a match (a search of the
/// string for the character costs more).
#[inline]
#[rustfmt::skip] // one set: a line of marks reads better than a column
pub fn is_cjk_punct(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '、' | '；' | '：' | '？' | '！' | '“' | '”' | '‘' | '’' | '（' | '）' | '《' | '》'
            | '〈' | '〉' | '【' | '】' | '「' | '」' | '『' | '』' | '〔' | '〕' | '…' | '—' | '～' | '·'
            | '￥' | '％'
    )
}

/// A character that makes the context Chinese (`text.CJK_CONTEXT_CLASS`, `text.is_cjk`).
pub fn is_cjk(c: char) -> bool {
    if c.is_ascii() {
        return false;
    }
    is_han(c)
        || is_cjk_punct(c)
        || in_table(tables::HIRAGANA, c)
        || in_table(tables::KATAKANA, c)
        || in_table(tables::HANGUL, c)
}

/// Horizontal white space of justified type or OCR (`text.HSPACE_CLASS`).
#[inline]
pub fn is_hspace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}')
}

/// Kana or Hangul (`text.OTHER_SCRIPT`): a line with them is Japanese or Korean.
#[inline]
pub fn is_other_script(c: char) -> bool {
    let code = c as u32;
    if code < 0x1100 || (0x3190..0xAC00).contains(&code) || code > 0xD7A3 {
        return false; // ASCII, Latin, Han: nearly every character, at once
    }
    matches!(code,
        0x3041..=0x3096 | 0x30A1..=0x30FA | 0x1100..=0x11FF | 0x3131..=0x318E | 0xAC00..=0xD7A3)
}

/// `line.extend(text.chars())`, faster: `line` grows once, and each character is decoded
/// from its UTF-8 bytes by their count, with no check (`text` is a `str`, so valid).
pub fn chars_into(text: &str, line: &mut Vec<char>) {
    line.reserve(text.len()); // a character per byte at most
    let bytes = text.as_bytes();
    let mut length = line.len();
    let mut at = 0;
    // SAFETY: `text` is valid UTF-8, so a lead byte is followed by as many continuation
    // bytes as it says, and they give a scalar value; `line` has room for a character for
    // each byte of `text`, and `length` counts the characters written
    unsafe {
        let tail = |k: usize| (*bytes.get_unchecked(k) & 0x3F) as u32;
        let out = line.as_mut_ptr();
        while at < bytes.len() {
            let lead = *bytes.get_unchecked(at) as u32;
            let code = if lead < 0x80 {
                at += 1;
                lead
            } else if lead < 0xE0 {
                at += 2;
                (lead & 0x1F) << 6 | tail(at - 1)
            } else if lead < 0xF0 {
                at += 3;
                (lead & 0x0F) << 12 | tail(at - 2) << 6 | tail(at - 1)
            } else {
                at += 4;
                (lead & 0x07) << 18 | tail(at - 3) << 12 | tail(at - 2) << 6 | tail(at - 1)
            };
            out.add(length).write(char::from_u32_unchecked(code));
            length += 1;
        }
        line.set_len(length);
    }
}

/// The character that ends just before byte `at`.
#[inline]
pub fn char_before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

/// The character that starts at byte `at`.
#[inline]
pub fn char_after(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

/// Chinese just before byte `at`, as `(?<=text.CHINESE_BEFORE)` sees it: a CJK character
/// other than `…`, or `…` with a CJK character (`…` too) before it, white space between.
pub fn chinese_before(text: &str, at: usize) -> bool {
    match char_before(text, at) {
        None => false,
        Some('…') => {
            let head = text[..at - '…'.len_utf8()].trim_end_matches(is_hspace);
            char_before(head, head.len()).is_some_and(is_cjk)
        }
        Some(c) => is_cjk(c),
    }
}

/// Chinese from byte `at` on, as `(?=text.CHINESE_AFTER)` sees it: a CJK character other
/// than `…`, or `…` with a CJK character after it, white space between.
pub fn chinese_after(text: &str, at: usize) -> bool {
    match char_after(text, at) {
        None => false,
        Some('…') => {
            let rest = text[at + '…'.len_utf8()..].trim_start_matches(is_hspace);
            char_after(rest, 0).is_some_and(is_cjk)
        }
        Some(c) => is_cjk(c),
    }
}

/// Whether `text` holds Chinese (`text.HOLDS_CHINESE.search`): a lone `…` is Latin too.
pub fn holds_chinese(text: &str) -> bool {
    text.char_indices().any(|(i, c)| is_cjk(c) && (c != '…' || chinese_after(text, i)))
}

/// `regex`'s `\s` (its `[^\S\n]` in a line, which holds no line break).
#[inline]
pub fn is_regex_space(c: char) -> bool {
    in_table(tables::REGEX_SPACE, c)
}

/// Python's `str.isspace` (what `str.strip` removes) and `re`'s `\s`.
#[inline]
pub fn is_py_space(c: char) -> bool {
    match c {
        '\0'..='\u{84}' => matches!(c, '\t'..='\r' | '\x1c'..=' '),
        '\u{3001}'.. => false, // Han and the rest of Chinese text, at once
        _ => in_table(tables::PY_SPACE, c),
    }
}

/// The lines of `text` (split at `\n`) where `find(text, from)` finds a candidate, each with
/// its byte offset, as `base.by_line` visits them: `find` gives the byte position of the next
/// candidate at or after `from`.
pub fn candidate_lines<F>(text: &str, find: F) -> impl Iterator<Item = (usize, &str)>
where
    F: Fn(&str, usize) -> Option<usize>,
{
    let mut from = 0;
    std::iter::from_fn(move || {
        let at = find(text, from)?;
        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        from = end;
        Some((start, &text[start..end]))
    })
}

/// The byte position of the first of `bytes` at or after `from` for which `hit(bytes, at)`
/// holds, trying only positions whose byte is one of `first` (found by `memchr3`, SIMD).
pub fn find_bytes(
    bytes: &[u8],
    from: usize,
    first: [u8; 3],
    hit: impl Fn(&[u8], usize) -> bool,
) -> Option<usize> {
    let [a, b, c] = first;
    let mut at = from;
    while let Some(found) = memchr::memchr3(a, b, c, &bytes[at..]) {
        at += found;
        if hit(bytes, at) {
            return Some(at);
        }
        at += 1;
    }
    None
}

// Scans eight bytes at a time (SWAR): a mask has the high bit of each byte of a word that
// is of interest set, and no other bit.

const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// `byte` in every byte of a word.
#[inline]
const fn splat(byte: u8) -> u64 {
    byte as u64 * 0x0101_0101_0101_0101
}

/// The 8 bytes of `bytes` from `at`, the first in the lowest bits.
#[inline]
pub fn word_at(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"))
}

/// The mask of the bytes of `word` equal to `byte` (exact: no carry crosses bytes).
#[inline]
pub fn bytes_equal(word: u64, byte: u8) -> u64 {
    let x = word ^ splat(byte);
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// The mask of the bytes of `word` below `byte` (at most 0x80).
#[inline]
pub fn bytes_below(word: u64, byte: u8) -> u64 {
    !((word & LOW7) + splat(0x80 - byte)) & !word & HIGH
}

/// The first position at or after `from` where `hit` holds, trying only positions that
/// `mask(at)` (the mask of the word of 8 bytes from `at`) marks, then each of the last
/// bytes that make no whole word: `mask` must mark every position where `hit` may hold.
#[inline]
pub fn scan(
    bytes: &[u8],
    from: usize,
    mask: impl Fn(usize) -> u64,
    mut hit: impl FnMut(usize) -> bool,
) -> Option<usize> {
    let mut at = from;
    while at + 8 <= bytes.len() {
        let mut marked = mask(at);
        while marked != 0 {
            let i = at + (marked.trailing_zeros() / 8) as usize;
            if hit(i) {
                return Some(i);
            }
            marked &= marked - 1;
        }
        at += 8;
    }
    (at..bytes.len()).find(|&i| hit(i))
}

// Classes and helpers over a line as characters (the code-point indices the Python kinds use).

/// `\w` of the `regex` module.
#[inline]
pub fn is_word(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        in_table(tables::WORD, c)
    }
}

/// `\d` of the `regex` module (any decimal digit).
#[inline]
pub fn is_decimal(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        in_table(tables::DIGIT, c)
    }
}

/// `\p{L}` of the `regex` module.
#[inline]
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        in_table(tables::LETTER, c)
    }
}

/// `\p{N}` of the `regex` module (any number: digits, Roman numerals, `²`, `①`).
#[inline]
pub fn is_number(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        in_table(tables::NUMBER, c)
    }
}

/// Python's `str.isdigit` of one character.
#[inline]
pub fn py_isdigit(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        in_table(tables::PY_DIGIT, c)
    }
}

/// `holds_chinese` over characters (`text.HOLDS_CHINESE.search`).
pub fn holds_chinese_chars(line: &[char]) -> bool {
    line.iter().enumerate().any(|(i, &c)| is_cjk(c) && (c != '…' || chinese_after_chars(line, i)))
}

/// `chinese_before` over characters: `(?<=text.CHINESE_BEFORE)` at index `at`.
pub fn chinese_before_chars(line: &[char], at: usize) -> bool {
    match at.checked_sub(1).map(|i| line[i]) {
        None => false,
        Some('…') => {
            let mut i = at - 1;
            while i > 0 && is_hspace(line[i - 1]) {
                i -= 1;
            }
            i > 0 && is_cjk(line[i - 1])
        }
        Some(c) => is_cjk(c),
    }
}

/// `chinese_after` over characters: `(?=text.CHINESE_AFTER)` at index `at`.
pub fn chinese_after_chars(line: &[char], at: usize) -> bool {
    match line.get(at) {
        None => false,
        Some('…') => {
            let mut i = at + 1;
            while i < line.len() && is_hspace(line[i]) {
                i += 1;
            }
            line.get(i).is_some_and(|&c| is_cjk(c))
        }
        Some(&c) => is_cjk(c),
    }
}

/// `text.QUOTE_RUN_CHARS`: single quotes, white space and ellipses, curled together or not.
#[inline]
pub fn is_quote_run(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\'' | '…')
}

/// `text.near_chinese`: the run of `QUOTE_RUN_CHARS` around `index` touches Chinese.
pub fn near_chinese(line: &[char], index: usize) -> bool {
    let (mut start, mut end) = (index, index + 1);
    while start > 0 && is_quote_run(line[start - 1]) {
        start -= 1;
    }
    while end < line.len() && is_quote_run(line[end]) {
        end += 1;
    }
    touches_chinese(line, start, end)
}

/// `text.touches_chinese`: the run `start..end` holds two ellipses, or a character just
/// outside it is Chinese or a straight `"`.
pub fn touches_chinese(line: &[char], start: usize, end: usize) -> bool {
    let outside = [start.checked_sub(1).map(|i| line[i]), line.get(end).copied()];
    line[start..end].iter().filter(|&&c| c == '…').count() > 1
        || outside.into_iter().flatten().any(|c| c == '"' || is_cjk(c))
}

/// Python's `str.isalnum` of one character (and `re`'s `[^\W_]`).
#[inline]
pub fn py_isalnum(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        in_table(tables::PY_ALNUM, c)
    }
}

/// Python's `str.isalpha` of one character.
#[inline]
pub fn is_py_alpha(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        in_table(tables::PY_ALPHA, c)
    }
}

/// Python's `str.islower` of one character.
#[inline]
pub fn py_islower(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_lowercase()
    } else {
        in_table(tables::PY_LOWER, c)
    }
}

/// Python's `str.isdecimal` of one character (`re`'s `\d`).
#[inline]
pub fn py_isdecimal(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        in_table(tables::PY_DECIMAL, c)
    }
}

/// `re`'s `\w` (`str.isalnum` or `_`).
#[inline]
pub fn py_isword(c: char) -> bool {
    c == '_' || py_isalnum(c)
}

/// Punctuation after which a paragraph may end (`text.TERMINAL`).
pub const TERMINAL: &str = "。！？；…!?;.";
/// Punctuation after which a sentence certainly goes on (`text.CONTINUING`).
pub const CONTINUING: &str = "，、,";
/// Closing marks that may follow a terminal mark (`text.CLOSERS`).
pub const CLOSERS: &str = "”’）》」』】)\"'";

/// A character of `TERMINAL`.
#[inline]
pub fn is_terminal(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '…' | '!' | '?' | ';' | '.')
}

/// A character of `CLOSERS`.
#[inline]
pub fn is_closer(c: char) -> bool {
    matches!(c, '”' | '’' | '）' | '》' | '」' | '』' | '】' | ')' | '"' | '\'')
}

/// A character of `CONTINUING`.
#[inline]
pub fn is_continuing(c: char) -> bool {
    matches!(c, '，' | '、' | ',')
}

/// `text.ends_sentence`: `line` ends on terminal punctuation, perhaps followed by closers.
pub fn ends_sentence(line: &str) -> bool {
    line.trim_end_matches(|c: char| is_closer(c) || is_hspace(c))
        .chars()
        .next_back()
        .is_some_and(is_terminal)
}

/// `text.display_width`: 2 for each character beyond two UTF-8 bytes, else 1.
#[inline]
pub fn display_width(text: &str) -> usize {
    (text.chars().count() + text.len()) / 2
}

/// Scans sixteen bytes at a time with SSE2 (part of every x86-64): a kind builds the mask
/// of the positions worth a look from the bytes at each position and the bytes one, two or
/// three on (`Bytes16`), and `scan` tries `hit` only there. Worth it where a first byte
/// alone stops too often (compat: 0xE2 and 0xEF lead most marks of Chinese text); a single
/// rare byte is found faster by `memchr`.
#[cfg(target_arch = "x86_64")]
pub mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8, _mm_min_epu8,
        _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };

    /// Sixteen bytes of a text, one a lane.
    #[derive(Clone, Copy)]
    pub struct Bytes16(__m128i);

    impl Bytes16 {
        /// The lanes equal to `byte`.
        #[inline]
        pub fn eq(self, byte: u8) -> Self {
            // SAFETY: SSE2 is part of every x86-64
            Self(unsafe { _mm_cmpeq_epi8(self.0, _mm_set1_epi8(byte as i8)) })
        }

        /// The lanes equal to the same lane of `other`.
        #[inline]
        pub fn same(self, other: Self) -> Self {
            // SAFETY: SSE2 is part of every x86-64
            Self(unsafe { _mm_cmpeq_epi8(self.0, other.0) })
        }

        /// The lanes from `lo` to `hi` (unsigned, both included).
        #[inline]
        pub fn within(self, lo: u8, hi: u8) -> Self {
            // SAFETY: SSE2 is part of every x86-64
            Self(unsafe {
                let clamped = _mm_min_epu8(
                    _mm_max_epu8(self.0, _mm_set1_epi8(lo as i8)),
                    _mm_set1_epi8(hi as i8),
                );
                _mm_cmpeq_epi8(clamped, self.0)
            })
        }

        /// Lanes set in both.
        #[inline]
        pub fn and(self, other: Self) -> Self {
            // SAFETY: SSE2 is part of every x86-64
            Self(unsafe { _mm_and_si128(self.0, other.0) })
        }

        /// Lanes set in either.
        #[inline]
        pub fn or(self, other: Self) -> Self {
            // SAFETY: SSE2 is part of every x86-64
            Self(unsafe { _mm_or_si128(self.0, other.0) })
        }

        /// A bit for each set lane, the first lane lowest.
        #[inline]
        pub fn bits(self) -> u32 {
            // SAFETY: SSE2 is part of every x86-64
            unsafe { _mm_movemask_epi8(self.0) as u32 }
        }
    }

    /// The first position from `from` where `hit` holds, trying only the positions that
    /// `mask` marks, sixteen at a time (`mask(at)` sees `[bytes from at, from at + 1, ...]`,
    /// `AHEAD + 1` loads), then each of the last positions: `mask` must mark every position
    /// where `hit` may hold.
    #[inline]
    pub fn scan<const AHEAD: usize>(
        bytes: &[u8],
        from: usize,
        mask: impl Fn([Bytes16; 4]) -> u32,
        mut hit: impl FnMut(usize) -> bool,
    ) -> Option<usize> {
        let mut at = from;
        while at + 16 + AHEAD <= bytes.len() {
            let load = |k: usize| {
                let lanes = &bytes[at + k..at + k + 16];
                // SAFETY: SSE2 is part of every x86-64; `lanes` holds 16 bytes (unaligned load)
                Bytes16(unsafe { _mm_loadu_si128(lanes.as_ptr().cast::<__m128i>()) })
            };
            // SAFETY: SSE2 is part of every x86-64
            let zero = Bytes16(unsafe { std::arch::x86_64::_mm_setzero_si128() });
            let loads = [
                load(0),
                if AHEAD >= 1 { load(1) } else { zero },
                if AHEAD >= 2 { load(2) } else { zero },
                if AHEAD >= 3 { load(3) } else { zero },
            ];
            let mut marked = mask(loads);
            while marked != 0 {
                let i = at + marked.trailing_zeros() as usize;
                if hit(i) {
                    return Some(i);
                }
                marked &= marked - 1;
            }
            at += 16;
        }
        (at..bytes.len()).find(|&i| hit(i))
    }
}

/// A multiplicative hash eight bytes at a time, for keys no input picks to collide (lines,
/// characters packed 16 bits each in an integer): a collision costs a comparison, never a
/// wrong answer.
#[derive(Default)]
pub struct Mix(u64);

impl Hasher for Mix {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            self.write_u64(u64::from_le_bytes(word.try_into().expect("8 bytes")));
        }
        let mut last = [0u8; 8];
        last[..words.remainder().len()].copy_from_slice(words.remainder());
        self.write_u64(u64::from_le_bytes(last));
    }

    fn write_u32(&mut self, value: u32) {
        self.write_u64(u64::from(value));
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = (self.0.rotate_left(5) ^ value).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}
