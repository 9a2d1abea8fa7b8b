//! The word lists of `cleantext.data.lookalike_data`: words of one or two characters with
//! their counts per 1e8 words, and words of three or four characters. Read once per
//! process from the same text as Python's (`cleantext.data.lookalike_text()`), as
//! the native `lookalike` reads it too.

use std::collections::{HashMap, HashSet};

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

pub struct Words {
    counts: HashMap<Box<str>, u64>,
    longer: HashSet<Box<str>>,
}

static WORDS: PyOnceLock<Words> = PyOnceLock::new();

impl Words {
    /// Mirrors `lookalike_data`'s reading of `w` (word, count) and `x` (longer word) lines.
    fn parse(text: &str) -> Self {
        let mut counts = HashMap::new();
        let mut longer = HashSet::new();
        for line in text.lines() {
            let mut fields = line.splitn(3, '\t');
            match (fields.next(), fields.next(), fields.next()) {
                (Some("w"), Some(word), Some(count)) => {
                    counts.insert(word.into(), count.parse().unwrap_or(0));
                }
                (Some("x"), Some(word), _) => {
                    longer.insert(word.into());
                }
                _ => {}
            }
        }
        Self { counts, longer }
    }

    /// The word lists, read the first time.
    pub fn get(py: Python<'_>) -> PyResult<&'static Self> {
        WORDS.get_or_try_init(py, || {
            let text = py.import("cleantext.data")?.call_method0("lookalike_text")?;
            Ok(Self::parse(text.extract::<&str>()?))
        })
    }

    /// `words.get(word, 0)`: how common `word` (one or two characters) is, per 1e8 words.
    pub fn count(&self, word: &str) -> u64 {
        self.counts.get(word).copied().unwrap_or(0)
    }

    /// `word in words`: the word list has `word` (one or two characters), however rare.
    pub fn has(&self, word: &str) -> bool {
        self.counts.contains_key(word)
    }

    /// `word in longer`: a word of three or four characters.
    pub fn has_longer(&self, word: &str) -> bool {
        self.longer.contains(word)
    }
}
