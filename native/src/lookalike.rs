//! lookalike: a character OCR misread as a look-alike is put right when only that makes a
//! word (`cleantext/kinds/lookalike.py`, function by function).
//!
//! The word lists and look-alikes are read once per process from the same data as Python's
//! (`cleantext.data.lookalike_text()`), the tables built from them once per set of params.
//! OpenCC's conversion to Simplified (`_to_simplified`) is Python's own, called back: it
//! runs only on pairs and lines that passed every cheaper test.
//!
//! Like the Python kind, it remembers the text it last returned (`_made`) and the lines it
//! found no candidate in (`_quiet`), which it does not look at again: a line's candidates
//! are its own, so what it gives does not depend on what the kind met before. Beyond
//! Python, it remembers what it found in each line it judged (`Judged`): while the rules
//! settle a slice, the next pass meets most of those lines again, and gets the same
//! fixes there without judging them again as long as what the finding read outside the
//! line (`seen_beside`'s searches of the text) gives the same answers.

use std::cell::{Cell, OnceCell};
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::sync::{Arc, Mutex, OnceLock};

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

use crate::edits::Edits;
use crate::tables::PY_DECIMAL;
use crate::text::{chars_into, in_table, Mix};
use crate::{param, Rule};

/// `_WORD`, `_CANDIDATE`: the codes of a bigram (0 for neither).
const WORD: u8 = 1;
const CANDIDATE: u8 = 2;
/// In `Lookalike::codes`: a bigram that is no `CANDIDATE`, not yet looked up (`resolve`).
const UNKNOWN: u8 = 3;
/// Bits of `Tables::filter` per pair of `fixable` (a first character's block is this many
/// a pair, rounded up to a power of two): about one bit in 16 to 32 is set.
const FILTER_BITS_PER_PAIR: usize = 16;

/// The bit of `Tables::filter` for the second character of a pair, in the first one's
/// block (`Tables::blocks`: its start in words of 64 bits, shifted by 5, and its log size).
#[inline]
fn filter_bit(block: u64, second: u64) -> usize {
    let log = block & 31;
    ((block >> 5) as usize) * 64
        + (second.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - log)) as usize
}

/// `_TRADITIONAL_LIMIT`.
const TRADITIONAL_LIMIT: usize = 1;

/// `SURNAMES`.
const SURNAMES: &str = concat!(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程",
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛",
    "郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰",
    "焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁",
    "蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂",
    "全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝",
);

/// `SURNAMES`, a bit a code point of the BMP (all of them are in it).
static SURNAME_BITS: OnceLock<Vec<u64>> = OnceLock::new();

/// `c in SURNAMES`.
#[inline]
fn is_surname(c: char) -> bool {
    let bits = SURNAME_BITS.get_or_init(|| {
        let mut bits = vec![0u64; 0x1_0000 / 64];
        for surname in SURNAMES.chars() {
            set_bit(&mut bits, surname as usize);
        }
        bits
    });
    (c as usize) < 0x1_0000 && has_bit(bits, c as usize)
}

type Map<K, V> = HashMap<K, V, BuildHasherDefault<Mix>>;
type Set<K> = HashSet<K, BuildHasherDefault<Mix>>;

/// The code point of `c` if it is in the Basic Multilingual Plane (all the data's are).
#[inline]
fn bmp(c: char) -> Option<u64> {
    let code = c as u32;
    (code < 0x1_0000).then_some(u64::from(code))
}

/// The key of `chars` (at most four of the BMP), 16 bits a character; None for others.
fn key(chars: &[char]) -> Option<u64> {
    chars.iter().try_fold(0u64, |key, &c| Some((key << 16) | bmp(c)?))
}

/// `text.split('\n')`, found by `memchr` (faster on many short lines, as OCR output has).
pub(crate) fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len()));
    let mut start = 0;
    std::iter::from_fn(move || {
        let end = ends.next()?;
        let line = &text[start..end];
        start = end + 1;
        Some(line)
    })
}

/// `Lookalike._remember_quiet`: per line of `text`, whether it has two characters or more
/// and its bigram `codes` hold no `CANDIDATE`.
fn remember_quiet(text: &str, codes: &[u8], quiet: &mut Vec<bool>) {
    quiet.clear();
    let mut at = 0;
    for line in lines(text) {
        let length = line.chars().count();
        let end = (at + length).saturating_sub(1).min(codes.len());
        quiet.push(length > 1 && !codes[at.min(end)..end].contains(&CANDIDATE));
        at += length + 1;
    }
}

/// `[\u4e00-\u9fff]` (`_HAN_CHAR`, `_HAN_PAIR`).
#[inline]
fn is_unified(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}')
}

/// `lookalike_data()`: the word counts of one and two characters, the words of three and
/// four, and each character's look-alikes by the whole shape and by parts, in order. The
/// other OCR kinds look words up in it too (`crate::words`).
pub struct Data {
    single: Vec<u32>, // by code point; 0: no word
    pairs: Map<u64, u32>,
    longer: [Set<u64>; 2], // of three and of four characters
    near: Vec<(char, Vec<char>, Vec<char>)>,
}

impl Data {
    fn parse(text: &str) -> PyResult<Self> {
        let mut data = Data {
            single: vec![0; 0x1_0000],
            pairs: Map::default(),
            longer: [Set::default(), Set::default()],
            near: Vec::new(),
        };
        let mut near: Map<u64, (char, Vec<char>, Vec<char>)> = Map::default();
        let bad = || pyo3::exceptions::PyValueError::new_err("lookalike data: a bad line");
        // a count of 0 would be no word in `single` (and Python's `math.log` fails on it)
        let count = |value: &str| value.parse::<u32>().ok().filter(|&count| count > 0);
        for line in text.split('\n').filter(|line| !line.is_empty() && !line.starts_with('#')) {
            let mut fields = line.split('\t');
            let (Some(kind), Some(word), Some(value), None) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                return Err(bad());
            };
            let chars: Vec<char> = word.chars().collect();
            let id = key(&chars).filter(|_| (1..=4).contains(&chars.len())).ok_or_else(bad)?;
            match (kind, chars.len()) {
                ("w", 1) => data.single[id as usize] = count(value).ok_or_else(bad)?,
                ("w", 2) => {
                    data.pairs.insert(id, count(value).ok_or_else(bad)?);
                }
                ("x", 3 | 4) => {
                    data.longer[chars.len() - 3].insert(id);
                }
                ("c" | "p", 1) => {
                    let entry = near.entry(id).or_insert_with(|| (chars[0], vec![], vec![]));
                    let others = value.chars().collect();
                    if kind == "c" {
                        entry.1 = others;
                    } else {
                        entry.2 = others;
                    }
                }
                _ => return Err(bad()),
            }
        }
        data.near = near.into_values().collect();
        Ok(data)
    }

    /// `words.get(char, 1)` for one character.
    fn count_of(&self, c: char) -> u32 {
        match bmp(c).map(|code| self.single[code as usize]) {
            Some(count) if count > 0 => count,
            _ => 1,
        }
    }

    /// `chars in words` (one or two characters; an empty slice is none).
    fn is_word(&self, chars: &[char]) -> bool {
        match (chars.len(), key(chars)) {
            (1, Some(code)) => self.single[code as usize] > 0,
            (2, Some(code)) => self.pairs.contains_key(&code),
            _ => false,
        }
    }

    /// `text in longer`.
    fn is_longer(&self, chars: &[char]) -> bool {
        matches!(chars.len(), 3 | 4)
            && key(chars).is_some_and(|k| self.longer[chars.len() - 3].contains(&k))
    }

    /// The data, read the first time (`data`).
    pub fn get(py: Python<'_>) -> PyResult<&'static Self> {
        data(py)
    }

    /// `words.get(word, 0)`: how common `word` (one or two characters) is, per 1e8 words.
    pub fn count(&self, word: &str) -> u64 {
        let chars: Vec<char> = word.chars().collect();
        let found = match (chars.len(), key(&chars)) {
            (1, Some(code)) => Some(self.single[code as usize]),
            (2, Some(code)) => self.pairs.get(&code).copied(),
            _ => None,
        };
        u64::from(found.unwrap_or(0))
    }

    /// `word in words`: the word list has `word` (one or two characters), however rare
    /// (every count in the data is above 0).
    pub fn has(&self, word: &str) -> bool {
        self.count(word) > 0
    }

    /// `word in longer`: a word of three or four characters.
    pub fn has_longer(&self, word: &str) -> bool {
        self.is_longer(&word.chars().collect::<Vec<char>>())
    }
}

/// The data, read once per process.
static DATA: PyOnceLock<Data> = PyOnceLock::new();
/// `_to_simplified()`: OpenCC's `t2s` conversion, Python's.
static SIMPLIFIED: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

fn data(py: Python<'_>) -> PyResult<&'static Data> {
    DATA.get_or_try_init(py, || {
        let text = py.import("cleantext.data")?.call_method0("lookalike_text")?;
        Data::parse(text.extract::<&str>()?)
    })
}

/// `_to_simplified()(text)`.
fn simplified(py: Python<'_>, text: &str) -> PyResult<String> {
    let convert = SIMPLIFIED.get_or_try_init(py, || {
        let module = py.import("cleantext.kinds.lookalike")?;
        Ok::<_, PyErr>(module.getattr("_to_simplified")?.call0()?.unbind())
    })?;
    convert.bind(py).call1((text,))?.extract()
}

/// The tables of one set of params: `close(rank, part_rank)`, and what `bigram_codes(...)`
/// tells, found without building it: a pair is `WORD` if it is a word seen `word_count`
/// times, `CANDIDATE` if it is in `fixable` (no word, and a look-alike of one of its
/// characters makes a word seen `min_count` times: looking alike goes both ways).
struct Tables {
    data: &'static Data,
    near: Map<u64, Vec<char>>,
    word_count: f64,
    /// Characters that start a common word or a pair of `fixable`, a bit a code point.
    starts: Vec<u64>,
    /// Per first character (by code point), its block of `filter` (`filter_bit`); 0: no
    /// pair of `fixable` starts with it.
    blocks: Vec<u64>,
    /// A bit per hash of the second character of each pair of `fixable`, in the block of its
    /// first: most pairs of a text are ruled out here, with no look-up, and the blocks of
    /// common characters stay in the cache.
    filter: Vec<u64>,
    /// `fixable`, by key (two characters of the BMP, 16 bits each).
    fixable: Set<u32>,
    /// `_to_simplified()(pair) in words`, by pair, and `_to_simplified()(char) != char`, by
    /// character (its key with bit 40 set), as found.
    converted: Mutex<Map<u64, bool>>,
}

/// The params that make the tables: word_count, min_count (as bits), rank, part_rank.
type TablesKey = (u64, u64, usize, usize);

/// Tables built so far in this process: each set of params once.
static BUILT: Mutex<Vec<(TablesKey, Arc<Tables>)>> = Mutex::new(Vec::new());

/// Set the bit of code point `code` in `bits`.
#[inline]
fn set_bit(bits: &mut [u64], code: usize) {
    bits[code / 64] |= 1 << (code % 64);
}

#[inline]
fn has_bit(bits: &[u64], code: usize) -> bool {
    bits[code / 64] & (1 << (code % 64)) != 0
}

impl Tables {
    fn get(
        py: Python<'_>,
        word_count: f64,
        min_count: f64,
        rank: usize,
        part_rank: usize,
    ) -> PyResult<Arc<Tables>> {
        let id = (word_count.to_bits(), min_count.to_bits(), rank, part_rank);
        if let Some((_, tables)) =
            BUILT.lock().ok().and_then(|built| built.iter().find(|(k, _)| *k == id).cloned())
        {
            return Ok(tables);
        }
        let data = data(py)?;
        let tables = Arc::new(Self::build(data, word_count, min_count, rank, part_rank));
        if let Ok(mut built) = BUILT.lock() {
            built.push((id, tables.clone()));
        }
        Ok(tables)
    }

    fn build(
        data: &'static Data,
        word_count: f64,
        min_count: f64,
        rank: usize,
        part_rank: usize,
    ) -> Tables {
        let near = close(data, rank, part_rank);
        let mut starts = vec![0u64; 0x1_0000 / 64];
        let mut fixable: Set<u32> = Set::with_capacity_and_hasher(1 << 21, Default::default());
        let mut mark = |pair: u64| {
            if !data.pairs.contains_key(&pair) {
                set_bit(&mut starts, (pair >> 16) as usize);
                fixable.insert(pair as u32);
            }
        };
        for (&pair, &count) in &data.pairs {
            if f64::from(count) < min_count {
                continue;
            }
            // `fixable`: the pairs a look-alike makes this word of
            let (first, second) = (pair >> 16, pair & 0xFFFF);
            for &other in near.get(&first).into_iter().flatten() {
                mark((u64::from(other as u32) << 16) | second);
            }
            for &other in near.get(&second).into_iter().flatten() {
                mark((first << 16) | u64::from(other as u32));
            }
        }
        let (blocks, filter) = filter(&fixable);
        for (&pair, &count) in &data.pairs {
            if f64::from(count) >= word_count {
                set_bit(&mut starts, (pair >> 16) as usize); // `common_words(word_count)`
            }
        }
        Tables {
            data,
            near,
            word_count,
            starts,
            blocks,
            filter,
            fixable,
            converted: Mutex::new(Map::default()),
        }
    }

    /// The code of the bigram `a b` (`bigram_codes(...).get(a + b, 0)`).
    fn code(&self, a: char, b: char) -> u8 {
        let (Some(first), Some(second)) = (bmp(a), bmp(b)) else {
            return 0;
        };
        // no pair of `fixable` is a word
        if self.fixable.contains(&(((first << 16) | second) as u32)) {
            CANDIDATE
        } else {
            self.word_code(first, second)
        }
    }

    /// The code of the bigram of code points `first second`, known to be no `CANDIDATE`.
    fn word_code(&self, first: u64, second: u64) -> u8 {
        match self.data.pairs.get(&((first << 16) | second)) {
            Some(&count) if f64::from(count) >= self.word_count => WORD,
            _ => 0,
        }
    }

    /// `CANDIDATE` if the bigram `a b` is one, else its code or `UNKNOWN` (no candidate:
    /// `WORD` or 0, looked up when asked, by `resolve`).
    #[inline]
    fn candidate(&self, a: char, b: char) -> u8 {
        let (Some(first), Some(second)) = (bmp(a), bmp(b)) else {
            return 0;
        };
        if !has_bit(&self.starts, first as usize) {
            return 0;
        }
        let block = self.blocks[first as usize];
        if block == 0 || !has_bit(&self.filter, filter_bit(block, second)) {
            return UNKNOWN;
        }
        self.code(a, b)
    }

    /// A conversion by `_to_simplified`, remembered: `test` of the converted `chars`.
    fn converted(
        &self,
        py: Python<'_>,
        id: u64,
        chars: &[char],
        test: impl Fn(&str) -> bool,
    ) -> PyResult<bool> {
        if let Some(known) = self.converted.lock().ok().and_then(|c| c.get(&id).copied()) {
            return Ok(known);
        }
        let text: String = chars.iter().collect();
        let found = test(&simplified(py, &text)?);
        if let Ok(mut converted) = self.converted.lock() {
            converted.insert(id, found);
        }
        Ok(found)
    }

    /// `_to_simplified()(pair) in words`.
    fn simplified_is_word(&self, py: Python<'_>, pair: &[char]) -> PyResult<bool> {
        let Some(id) = key(pair) else {
            let text: String = pair.iter().collect();
            let converted: Vec<char> = simplified(py, &text)?.chars().collect();
            return Ok(self.data.is_word(&converted));
        };
        self.converted(py, id, pair, |s| self.data.is_word(&s.chars().collect::<Vec<_>>()))
    }

    /// `_to_simplified()(char) != char`.
    fn is_traditional(&self, py: Python<'_>, c: char) -> PyResult<bool> {
        let id = (1u64 << 40) | u64::from(c as u32);
        let mut buffer = [0u8; 4];
        let own = c.encode_utf8(&mut buffer);
        self.converted(py, id, &[c], |s| s != own)
    }
}

/// `Tables::blocks` and `Tables::filter` of `fixable`.
fn filter(fixable: &Set<u32>) -> (Vec<u64>, Vec<u64>) {
    let mut counts = vec![0usize; 0x1_0000];
    for &pair in fixable {
        counts[(pair >> 16) as usize] += 1;
    }
    let mut blocks = vec![0u64; 0x1_0000];
    let mut words = 0usize;
    for (block, &count) in blocks.iter_mut().zip(&counts) {
        if count > 0 {
            let bits = (count * FILTER_BITS_PER_PAIR).next_power_of_two().max(64);
            *block = ((words as u64) << 5) | u64::from(bits.trailing_zeros());
            words += bits / 64;
        }
    }
    let mut filter = vec![0u64; words];
    for &pair in fixable {
        let block = blocks[(pair >> 16) as usize];
        set_bit(&mut filter, filter_bit(block, u64::from(pair & 0xFFFF)));
    }
    (blocks, filter)
}

/// `close(rank, part_rank)`: each character's look-alikes, both ways, sorted.
fn close(data: &Data, rank: usize, part_rank: usize) -> Map<u64, Vec<char>> {
    let mut pairs: Map<u64, Vec<char>> = Map::default();
    for (c, whole, parts) in &data.near {
        let Some(code) = bmp(*c) else { continue };
        for &other in whole.iter().take(rank).chain(parts.iter().take(part_rank)) {
            pairs.entry(code).or_default().push(other);
            if let Some(back) = bmp(other) {
                pairs.entry(back).or_default().push(*c);
            }
        }
    }
    for others in pairs.values_mut() {
        others.sort_unstable();
        others.dedup();
    }
    pairs
}

pub struct Lookalike {
    margin: f64,
    seen_margin: f64,
    min_count: f64,
    word_count: f64,
    rank: usize,
    part_rank: usize,
    orphans: f64,
    min_han: f64,
    span: f64,
    /// What the kind remembers of the last call.
    memory: Mutex<Memory>,
}

/// What a `Lookalike` remembers of the last call.
#[derive(Default)]
struct Memory {
    /// `Lookalike._made`: the text the last call returned.
    made: String,
    /// `Lookalike._quiet`: per line of `made`, whether the last call found no candidate in
    /// it (the kind changes no line break: its input's lines are `made`'s, in order).
    quiet: Vec<bool>,
    /// What the last call found in each line it judged (no Python twin: the same result,
    /// found once while the rules settle).
    judged: Judged,
}

/// What a call found in a line with a candidate pair: the fixes it chose there (before
/// `among_others`, which looks across lines), by place in the line, and what it asked of
/// the rest of the text (`seen_beside`'s searches, with their answers). Everything else the
/// choice reads is the line itself (no word, name or longer word holds a line break) and
/// whether the bigram codes mark the break before it as a word (`Lookalike::codes` fills
/// a short or settled line's codes up to the next line's first character): the key. So the
/// line gives the same fixes again wherever the searches give the same answers, but as
/// the text's last line (whose last pair is read past the text's end).
#[derive(Clone)]
struct Verdict {
    fixes: Vec<(usize, char)>,
    asked: Vec<([char; 3], bool)>,
}

/// `Verdict`s of the last call, by line, apart by whether the break before the line was
/// marked a word, and the text that call was given.
#[derive(Default)]
struct Judged {
    lines: [Map<Box<str>, Verdict>; 2],
    seen: String,
}

impl Judged {
    /// The verdict on `line` (after a break marked a word when `after_word`), if the
    /// searches it made give the same answers in the text `since` looks at.
    fn get(&self, line: &str, after_word: bool, since: &Since<'_>) -> Option<&Verdict> {
        self.lines[usize::from(after_word)].get(line).filter(|verdict| {
            verdict.asked.iter().all(|&(needle, found)| since.holds(needle, found) == found)
        })
    }
}

/// A text and the one the last call was given (`Judged::seen`): what `Text::holds` says
/// of the text, known what it said of that one.
struct Since<'a> {
    before: &'a str,
    text: &'a Text<'a>,
    /// The lines of the text that the text before did not have, found when first asked.
    fresh: OnceCell<Vec<&'a str>>,
}

impl Since<'_> {
    /// `text.holds(needle)`, given `found`, what it was before: a needle (three characters
    /// that are no line break) the text before did not hold can only be in a fresh line.
    fn holds(&self, needle: [char; 3], found: bool) -> bool {
        let fresh = self.fresh.get_or_init(|| {
            let before: Set<&str> = lines(self.before).collect();
            lines(self.text.source).filter(|line| !before.contains(line)).collect()
        });
        let mut buffer = [0u8; 12];
        let needle = utf8(needle, &mut buffer);
        if fresh.iter().any(|line| memchr::memmem::find(line.as_bytes(), needle).is_some()) {
            return true;
        }
        found && memchr::memmem::find(self.text.source.as_bytes(), needle).is_some()
    }
}

/// The UTF-8 of `chars`, in `buffer`.
fn utf8(chars: [char; 3], buffer: &mut [u8; 12]) -> &[u8] {
    let mut length = 0;
    for c in chars {
        length += c.encode_utf8(&mut buffer[length..]).len();
    }
    &buffer[..length]
}

/// `text[at]` and its neighbours as code points of the kind's input.
struct Text<'a> {
    source: &'a str,
    chars: Vec<char>,
    /// How many times `seen_beside` searched the whole text so far.
    searches: Cell<u32>,
    /// A bit per hash of each three characters of the BMP in a row with a Han character at
    /// one end (`trigram_bit`), built once `seen_beside` has searched the text
    /// `INDEX_AFTER` times: a needle whose bit is unset is in no place of the text.
    trigrams: OnceCell<(Vec<u64>, u32)>,
    /// `seen_beside`'s searches of this call: the candidate's place, the needle, the answer.
    asked: std::cell::RefCell<Vec<(usize, [char; 3], bool)>>,
}

/// `seen_beside` searches the text this many times before it builds `Text::trigrams`,
/// which costs about as much as that many searches.
const INDEX_AFTER: u32 = 16;

/// The bit of `Text::trigrams` (of `2^log` bits) for the key of three characters.
#[inline]
fn trigram_bit(code: u64, log: u32) -> usize {
    (code.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - log)) as usize
}

impl<'a> Text<'a> {
    fn new(source: &'a str) -> Self {
        let mut chars = Vec::new();
        chars_into(source, &mut chars);
        Text {
            source,
            chars,
            searches: Cell::new(0),
            trigrams: OnceCell::new(),
            asked: std::cell::RefCell::new(Vec::new()),
        }
    }

    /// `needle in text`, for three characters with a Han one at an end.
    fn holds(&self, needle: [char; 3]) -> bool {
        let indexed = is_unified(needle[0]) || is_unified(needle[2]);
        if let Some(code) = key(&needle).filter(|_| indexed) {
            let searches = self.searches.get().saturating_add(1);
            self.searches.set(searches);
            if searches > INDEX_AFTER {
                let (bits, log) = self.trigrams.get_or_init(|| self.index());
                if !has_bit(bits, trigram_bit(code, *log)) {
                    return false;
                }
            }
        }
        let mut buffer = [0u8; 12];
        memchr::memmem::find(self.source.as_bytes(), utf8(needle, &mut buffer)).is_some()
    }

    /// `Text::trigrams`: about 16 bits a character, so that few bits are set.
    fn index(&self) -> (Vec<u64>, u32) {
        let log = (self.chars.len().max(256) * 16).next_power_of_two().trailing_zeros();
        let mut bits = vec![0u64; (1usize << log) / 64];
        let han = |code: u32| (0x4E00..=0x9FFF).contains(&code); // `is_unified`
        for window in self.chars.windows(3) {
            let [a, b, c] = [window[0] as u32, window[1] as u32, window[2] as u32];
            // `key(window)`, of three characters of the BMP
            if (a | b | c) < 0x1_0000 && (han(a) || han(c)) {
                let code = u64::from(a) << 32 | u64::from(b) << 16 | u64::from(c);
                set_bit(&mut bits, trigram_bit(code, log));
            }
        }
        (bits, log)
    }

    /// `text[start:end]`, clamped as Python slices are.
    fn slice(&self, start: usize, end: usize) -> &[char] {
        let end = end.min(self.chars.len());
        &self.chars[start.min(end)..end]
    }
}

impl Lookalike {
    /// `Lookalike._codes`: per place, the code of the bigram starting there; a line of
    /// fewer than two characters is all `WORD`, its line break too; one the last call
    /// found quiet when the rules settle (the text shares a line with it) is all `WORD`
    /// but its line break.
    ///
    /// Here a bigram that is no candidate may be `UNKNOWN`, until `resolve` looks it up; a
    /// bigram across a line break is 0 (no word holds one). A line `judged` holds a verdict
    /// on is all `WORD` but its line break (so no candidate is looked at there, and the next
    /// line sees the break as it would); the other lines are in `found`, with those.
    fn codes<'v>(
        &self,
        text: &Text<'v>,
        made: &str,
        quiet: &[bool],
        tables: &Tables,
        judged: &'v Judged,
        found: &mut Vec<Line<'v>>,
    ) -> Vec<u8> {
        let chars = &text.chars;
        let size = chars.len().saturating_sub(1);
        let mut codes = vec![0u8; size];
        let quiet: Set<&str> = lines(made)
            .zip(quiet)
            .filter(|&(line, &calm)| calm && line.chars().nth(1).is_some())
            .map(|(line, _)| line)
            .collect();
        let settle = !quiet.is_empty() && lines(text.source).any(|line| quiet.contains(line));
        let since = Since { before: &judged.seen, text, fresh: OnceCell::new() };
        let (mut at, mut after_word) = (0, false);
        for (index, line) in lines(text.source).enumerate() {
            let length = line.chars().count();
            let short = length < 2;
            if short || (settle && quiet.contains(line)) {
                // a quiet line's break stays as it is: the next line's pair sees none there
                let end = if short { at + length + 1 } else { at + length };
                codes[at.min(size)..end.min(size)].fill(WORD);
            } else {
                // the text's last line may go on in a later text (a slice cut there): no
                // verdict on it is kept or used
                let last = at + length == chars.len();
                let known = judged.get(line, after_word, &since).filter(|_| !last);
                if known.is_some() {
                    codes[at..(at + length).min(size)].fill(WORD);
                } else {
                    for i in at..at + length - 1 {
                        codes[i] = tables.candidate(chars[i], chars[i + 1]);
                    }
                }
                found.push(Line { index, start: at, length, text: line, after_word, last, known });
            }
            after_word = short;
            at += length + 1;
        }
        codes
    }

    /// `Lookalike._judge_line` (`_modern` of a line not judged yet): the line around `at`
    /// is modern Simplified prose.
    fn modern(
        &self,
        py: Python<'_>,
        text: &Text<'_>,
        at: usize,
        codes: &mut [u8],
        tables: &Tables,
    ) -> PyResult<bool> {
        let (start, end) = line_at(&text.chars, at);
        let line = &text.chars[start..end];
        let source: String = line.iter().collect();
        let converted = simplified(py, &source)?;
        let traditional = if converted == source {
            0
        } else {
            source.chars().zip(converted.chars()).filter(|(a, b)| a != b).count()
        };
        if traditional > TRADITIONAL_LIMIT {
            return Ok(false);
        }
        let han = line.iter().filter(|&&c| is_unified(c)).count();
        for place in start..start.max(end - 1) {
            resolve(codes, place, &text.chars, tables);
        }
        let mut flags = Vec::with_capacity(line.len() + 1);
        flags.push(0);
        flags.extend_from_slice(&codes[start..start.max(end - 1)]);
        flags.push(0);
        // `_UNCOVERED`: a character between two bigrams that are no common words
        let uncovered =
            (0..line.len()).filter(|&j| flags[j] != WORD && flags[j + 1] != WORD).count();
        let mut covered = line.len() as i64 - uncovered as i64;
        // `_COUNTED`: a Han character after a number (`696件`)
        let mut j = 0;
        while j + 1 < line.len() {
            if in_table(PY_DECIMAL, line[j]) && is_unified(line[j + 1]) {
                let unit = j + 1;
                covered += i64::from(flags[unit] != WORD && flags[unit + 1] != WORD);
                j += 2;
            } else {
                j += 1;
            }
        }
        let orphans = han as i64 - covered;
        Ok(han as f64 >= self.min_han && orphans as f64 <= han as f64 * self.orphans)
    }

    /// `Lookalike._fix`: (index in the pair at `at`, new character) of the best correction.
    fn fix(
        &self,
        py: Python<'_>,
        text: &Text<'_>,
        at: usize,
        tables: &Tables,
    ) -> PyResult<Option<(usize, char)>> {
        let data = tables.data;
        let pair = &text.chars[at..at + 2];
        if tables.simplified_is_word(py, pair)? {
            return Ok(None); // `進入` is Traditional for `进入`: a script, not a misread
        }
        // `_LOG_TOTAL`: the C library's log at run time, as Python's `math.log` (not folded
        // by the compiler, which might round the last bit otherwise)
        let alone = std::hint::black_box(1e8f64).ln()
            - f64::from(data.count_of(pair[0])).ln()
            - f64::from(data.count_of(pair[1])).ln();
        let mut best: Option<(f64, usize, char)> = None;
        let least = self.margin.min(self.seen_margin);
        for index in 0..2 {
            let Some(others) = bmp(pair[index]).and_then(|code| tables.near.get(&code)) else {
                continue;
            };
            for &other in others {
                let mut word = [pair[0], pair[1]];
                word[index] = other;
                let count = key(&word).and_then(|k| data.pairs.get(&k)).copied().unwrap_or(0);
                if f64::from(count) < self.min_count {
                    continue;
                }
                let gain = f64::from(count).ln() + alone;
                if gain < least || best.is_some_and(|(b, _, _)| gain <= b) {
                    continue;
                }
                if (gain >= self.margin && corroborated(py, text, at + index, other, tables)?)
                    || seen_beside(text, at, &word)
                {
                    best = Some((gain, index, other));
                }
            }
        }
        Ok(best.map(|(_, index, other)| (index, other)))
    }

    fn run(
        &self,
        py: Python<'_>,
        text: &Text<'_>,
        memory: &mut Memory,
        tables: &Tables,
        edits: &mut Edits,
    ) -> PyResult<Option<String>> {
        let Memory { made, quiet, judged } = memory;
        let data = tables.data;
        let chars = &text.chars;
        let mut found = Vec::new();
        let mut codes = self.codes(text, made, quiet, tables, judged, &mut found);
        remember_quiet(text.source, &codes, quiet);
        for line in found.iter().filter(|line| line.known.is_some()) {
            quiet[line.index] = false; // a verdict is kept of lines with a candidate only
        }
        let size = codes.len();
        let mut fixes: Vec<(usize, char)> = Vec::new();
        let mut modern: Option<(usize, bool)> = None; // the last line judged, by its start
        let mut line_start = LineStart::default();
        let mut next = 0;
        // the candidates, found by `memchr`: no code becomes `CANDIDATE` after `codes` (what
        // `resolve` looks up missed the filter)
        while let Some(found) = memchr::memchr(CANDIDATE, &codes[next..]) {
            let at = next + found;
            next = at + 1;
            // `_ORPHAN_PAIR`: a candidate between two bigrams that are no common words
            if (at > 0 && !matches!(resolve(&mut codes, at - 1, chars, tables), 0 | CANDIDATE))
                || (at + 1 < size
                    && !matches!(resolve(&mut codes, at + 1, chars, tables), 0 | CANDIDATE))
            {
                continue;
            }
            if fixes.last().is_some_and(|&(place, _)| place >= at)
                || is_surname(chars[at])
                || after_surname(text, at, data)
                || (at > 0 && data.is_word(&chars[at - 1..at + 1]))
                || (at + 3 <= chars.len() && data.is_word(text.slice(at + 1, at + 3)))
            {
                continue;
            }
            let Some((index, new)) = self.fix(py, text, at, tables)? else {
                continue;
            };
            if covered(text.slice(0, chars.len()), at, data)
                || covered(text.slice(0, chars.len()), at + 1, data)
            {
                continue;
            }
            // `_modern`: each line judged once (`known`, by where it starts; the lines come in
            // order, so the last one judged is the only one asked again)
            let start = line_start.at(chars, at);
            let verdict = match modern {
                Some((line, verdict)) if line == start => verdict,
                _ => self.modern(py, text, at, &mut codes, tables)?,
            };
            modern = Some((start, verdict));
            if verdict {
                fixes.push((at + index, new));
            }
        }
        let (fixes, mut verdicts) = gather(&found, fixes, &text.asked.borrow(), &codes);
        verdicts.seen = text.source.to_string();
        *judged = verdicts;
        let fixes = among_others(&fixes, chars, self.span);
        if fixes.is_empty() {
            return Ok(None);
        }
        // the source with the fixed characters put in (the fixes are in order of place)
        let mut out = String::with_capacity(text.source.len() + 4 * fixes.len());
        let mut places = text.source.char_indices();
        let (mut next, mut done) = (0, 0);
        for &(at, new) in &fixes {
            let (byte, old) = places.nth(at - next).expect("a fix is in the text");
            next = at + 1;
            out.push_str(&text.source[done..byte]);
            out.push(new);
            done = byte + old.len_utf8();
            edits.push(at, at + 1, new.to_string());
        }
        out.push_str(&text.source[done..]);
        Ok(Some(out))
    }
}

/// A line of the text that is not all `WORD` by `Lookalike::codes`' own rules: its index
/// among the lines, where it starts (a place of the text) and its length in characters,
/// whether the break before it is marked a word, and the verdict kept on it, if any.
struct Line<'v> {
    index: usize,
    start: usize,
    length: usize,
    text: &'v str,
    after_word: bool,
    /// Whether it is the text's last line (then no verdict on it is kept).
    last: bool,
    known: Option<&'v Verdict>,
}

/// The fixes of the whole text, in order of place (those `fresh` found in the lines it
/// looked at, and those kept for the other `lines`), and the verdicts on its lines with a
/// candidate, for the next call (`asked`: the searches of this one).
fn gather(
    lines: &[Line<'_>],
    fresh: Vec<(usize, char)>,
    asked: &[(usize, [char; 3], bool)],
    codes: &[u8],
) -> (Vec<(usize, char)>, Judged) {
    let mut judged = Judged::default();
    let mut fixes = Vec::with_capacity(fresh.len());
    let (mut new, mut ask) = (fresh.iter().peekable(), asked.iter().peekable());
    for line in lines {
        let end = line.start + line.length;
        let verdict = match line.known {
            Some(verdict) => {
                fixes.extend(verdict.fixes.iter().map(|&(at, c)| (line.start + at, c)));
                verdict.clone()
            }
            None => {
                let mut verdict = Verdict { fixes: Vec::new(), asked: Vec::new() };
                while let Some(&(at, c)) = new.next_if(|&&(at, _)| at < end) {
                    fixes.push((at, c));
                    verdict.fixes.push((at - line.start, c));
                }
                while let Some(&(_, needle, found)) = ask.next_if(|&&(at, _, _)| at < end) {
                    verdict.asked.push((needle, found));
                }
                // a line with no candidate is quiet (`_quiet`), kept that way; the text's
                // last line reads past the text's end
                let last = end.saturating_sub(1).min(codes.len());
                if line.last || !codes[line.start.min(last)..last].contains(&CANDIDATE) {
                    continue;
                }
                verdict
            }
        };
        judged.lines[usize::from(line.after_word)].insert(line.text.into(), verdict);
    }
    (fixes, judged)
}

/// `codes[at]`, looked up if it is `UNKNOWN` (then no `CANDIDATE`: it missed the filter;
/// `UNKNOWN` is only ever set for two characters of the BMP).
fn resolve(codes: &mut [u8], at: usize, chars: &[char], tables: &Tables) -> u8 {
    if codes[at] == UNKNOWN {
        codes[at] = tables.word_code(u64::from(chars[at] as u32), u64::from(chars[at + 1] as u32));
    }
    codes[at]
}

/// `_after_surname`: `text[at]` follows a common surname that may start a name.
fn after_surname(text: &Text<'_>, at: usize, data: &Data) -> bool {
    at > 0 && is_surname(text.chars[at - 1]) && (at < 2 || !data.is_word(&text.chars[at - 2..at]))
}

/// `_seen_beside`: the text writes `word` elsewhere beside a neighbour of the pair at `at`.
/// Each search is logged in `text.asked` (for `Verdict`).
fn seen_beside(text: &Text<'_>, at: usize, word: &[char; 2]) -> bool {
    let [first, second] = *word;
    let holds = |needle: [char; 3]| {
        let found = text.holds(needle);
        text.asked.borrow_mut().push((at, needle, found));
        found
    };
    (at > 0 && is_unified(text.chars[at - 1]) && holds([text.chars[at - 1], first, second]))
        || text.chars.get(at + 2).is_some_and(|&c| is_unified(c) && holds([first, second, c]))
}

/// `_among_others`: the fixes with another fix, of another character or to another, within
/// `span` characters.
/// The fixes are in order of place (each after the last), so the others within `span` are
/// those on either side up to the first one too far.
fn among_others(fixes: &[(usize, char)], chars: &[char], span: f64) -> Vec<(usize, char)> {
    let near = |at: usize, place: usize| (at.abs_diff(place) as f64) <= span;
    let other = |(at, new): (usize, char), (place, to): (usize, char)| {
        (chars[place], to) != (chars[at], new)
    };
    (0..fixes.len())
        .filter(|&i| {
            let fix = fixes[i];
            fixes[..i].iter().rev().take_while(|f| near(fix.0, f.0)).any(|&f| other(fix, f))
                || fixes[i + 1..].iter().take_while(|f| near(fix.0, f.0)).any(|&f| other(fix, f))
        })
        .map(|i| fixes[i])
        .collect()
}

/// Where the line holding a character starts, for characters asked in order (the scan of
/// `Lookalike::run`): each character is looked at once, even in a line of megabytes.
#[derive(Default)]
struct LineStart {
    start: usize,
    done: usize,
}

impl LineStart {
    fn at(&mut self, chars: &[char], at: usize) -> usize {
        if let Some(found) = chars[self.done..at].iter().rposition(|&c| c == '\n') {
            self.start = self.done + found + 1;
        }
        self.done = at;
        self.start
    }
}

/// `_line_at`: [start, end) of the line holding `chars[at]`.
fn line_at(chars: &[char], at: usize) -> (usize, usize) {
    let start = chars[..at].iter().rposition(|&c| c == '\n').map_or(0, |i| i + 1);
    let end = chars[at..].iter().position(|&c| c == '\n').map_or(chars.len(), |i| at + i);
    (start, end)
}

/// `_covered`: a word of three or four characters covers `chars[at]`.
fn covered(chars: &[char], at: usize, data: &Data) -> bool {
    [3, 4].iter().any(|&size| {
        (at.saturating_sub(size - 1)..=at).any(|start| {
            data.is_longer(&chars[start.min(chars.len())..(start + size).min(chars.len())])
        })
    })
}

/// `_corroborated`: the corrected text makes a longer word, or `text[at]` is
/// Traditional-only.
fn corroborated(
    py: Python<'_>,
    text: &Text<'_>,
    at: usize,
    new: char,
    tables: &Tables,
) -> PyResult<bool> {
    if tables.is_traditional(py, text.chars[at])? {
        return Ok(true);
    }
    let mut window: Vec<char> = text.slice(at.saturating_sub(3), at).to_vec();
    window.push(new);
    window.extend_from_slice(text.slice(at + 1, at + 4));
    Ok(covered(&window, at.min(3), tables.data))
}

/// `_HAN_PAIR.search(text)`.
fn has_han_pair(text: &str) -> bool {
    let mut last = false;
    text.chars().any(|c| {
        let han = is_unified(c);
        let pair = last && han;
        last = han;
        pair
    })
}

/// A non-negative whole number param (Python slices with it); an error sends the kind back
/// to Python, which then fails as it does.
fn count_param(options: &Bound<'_, PyDict>, key: &str) -> PyResult<usize> {
    usize::try_from(param::<i64>(options, key)?)
        .map_err(|_| pyo3::exceptions::PyValueError::new_err(key.to_string()))
}

impl Rule for Lookalike {
    fn new(options: &Bound<'_, PyDict>) -> PyResult<Self> {
        let min_count: f64 = param(options, "min_count")?;
        if min_count <= 0.0 {
            // a count of 0 would reach `math.log(0)`: Python's error, not ours to copy
            return Err(pyo3::exceptions::PyValueError::new_err("min_count"));
        }
        Ok(Self {
            margin: param(options, "margin")?,
            seen_margin: param(options, "seen_margin")?,
            min_count,
            word_count: param(options, "word_count")?,
            rank: count_param(options, "rank")?,
            part_rank: count_param(options, "part_rank")?,
            orphans: param(options, "orphans")?,
            min_han: param(options, "min_han")?,
            span: param(options, "span")?,
            memory: Mutex::new(Memory::default()),
        })
    }

    fn apply(&self, source: &str, edits: &mut Edits) -> Option<String> {
        let Ok(mut memory) = self.memory.lock() else {
            edits.decline();
            return None;
        };
        if source == memory.made || !has_han_pair(source) {
            return None;
        }
        let text = Text::new(source);
        let result = Python::attach(|py| {
            let tables =
                Tables::get(py, self.word_count, self.min_count, self.rank, self.part_rank)?;
            self.run(py, &text, &mut memory, &tables, edits)
        });
        match result {
            Ok(new) => {
                memory.made = new.clone().unwrap_or_else(|| source.to_string());
                new
            }
            Err(_) => {
                edits.decline(); // Python's kind runs, and fails as it does
                None
            }
        }
    }
}
