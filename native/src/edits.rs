//! Edits in code points, as the Python kinds record them.

/// `(start, end, replacement)`: characters `start..end` of the input became `replacement`.
pub type Edit = (usize, usize, String);

/// The edits of one run, or nothing when the caller did not ask for them.
pub struct Edits {
    on: bool,
    declined: bool,
    items: Vec<Edit>,
}

impl Edits {
    pub fn new(on: bool) -> Self {
        Self { on, declined: false, items: Vec::new() }
    }

    /// Say this kind's native twin does not handle this text (a case it has not ported):
    /// the kind returns `None`, and the caller raises `NotImplementedError` so Python's
    /// reference kind cleans the text instead.
    pub fn decline(&mut self) {
        self.declined = true;
    }

    pub fn declined(&self) -> bool {
        self.declined
    }

    pub fn on(&self) -> bool {
        self.on
    }

    /// Record `old` at character `start` becoming `new`, as Python's `base._record` does: a
    /// replacement of the same length, longer than one character, one edit per changed
    /// character.
    pub fn record(&mut self, start: usize, old: &str, new: &str) {
        if !self.on {
            return;
        }
        let old_len = old.chars().count();
        let new_len = new.chars().count();
        if old_len == new_len && old_len > 1 {
            for (i, (a, b)) in old.chars().zip(new.chars()).enumerate() {
                if a != b {
                    self.items.push((start + i, start + i + 1, b.to_string()));
                }
            }
        } else {
            self.items.push((start, start + old_len, new.to_string()));
        }
    }

    /// Record `start..end` becoming `new` as it is.
    pub fn push(&mut self, start: usize, end: usize, new: String) {
        if self.on {
            self.items.push((start, end, new));
        }
    }

    /// Add the edits of `part`, whose text starts at character `offset` of this one.
    pub fn append_at(&mut self, offset: usize, part: Edits) {
        self.items.extend(part.items.into_iter().map(|(a, b, new)| (offset + a, offset + b, new)));
    }

    pub fn into_vec(self) -> Vec<Edit> {
        self.items
    }
}

/// Character index of byte positions, walked forward: positions asked must not go back.
pub struct CharIndex<'a> {
    bytes: &'a [u8],
    byte: usize,
    chars: usize,
}

impl<'a> CharIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        Self { bytes: text.as_bytes(), byte: 0, chars: 0 }
    }

    /// The character index of byte position `at` (at or after the last one asked).
    pub fn at(&mut self, at: usize) -> usize {
        debug_assert!(at >= self.byte);
        self.chars += count_starts(&self.bytes[self.byte..at]);
        self.byte = at;
        self.chars
    }
}

/// How many characters start in `bytes` (the bytes that are no continuation byte), by
/// blocks of 64 bytes, then words of 8: what walking them byte by byte counts, without the
/// walk.
pub fn count_starts(bytes: &[u8]) -> usize {
    let blocks = bytes.chunks_exact(BLOCK);
    let words = blocks.remainder().chunks_exact(8);
    let rest = words.remainder().iter().filter(|&&b| (b & 0xC0) != 0x80).count();
    blocks.map(block_starts).sum::<usize>()
        + words.map(|word| ones(start_bits(word_at(word, 0)))).sum::<usize>()
        + rest
}

/// The 8 bytes of `bytes` from `at` as one word, the first the lowest.
#[inline]
fn word_at(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"))
}

/// The bytes of `word` (8 bytes of UTF-8) that start a character (no continuation byte:
/// bit 7 clear, or bit 6 set), as their bit 7.
#[inline]
fn start_bits(word: u64) -> u64 {
    (!word | (word << 1)) & 0x8080_8080_8080_8080
}

/// How many bytes have bit 7 set in `bits` (nothing else set): summed by one multiply,
/// fewer instructions than `count_ones` without a popcount instruction (not in baseline
/// x86-64).
#[inline]
fn ones(bits: u64) -> usize {
    ((bits >> 7).wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize
}

/// The byte position `count` characters on from byte `at` (a character's start) of UTF-8
/// `bytes`, or its end if they are fewer, and how many characters that is: a word of 8
/// bytes at a time while the character sought starts after it, then its start picked out
/// of the word's start bits.
pub fn skip_chars(bytes: &[u8], mut at: usize, count: usize) -> (usize, usize) {
    // the character sought is the `count + 1`th to start from `at` on (`at` itself the first)
    let mut left = count + 1;
    // blocks of 64 bytes counted at once (a vector loop) while one may lie wholly before the
    // character sought: a block holds 16 characters or more (4 bytes at most each)
    while left > BLOCK / 4 && at + BLOCK <= bytes.len() {
        let here = block_starts(&bytes[at..at + BLOCK]);
        if here >= left {
            break;
        }
        left -= here;
        at += BLOCK;
    }
    while at + 8 <= bytes.len() {
        let mut starts = start_bits(word_at(bytes, at));
        let here = ones(starts);
        if here >= left {
            for _ in 1..left {
                starts &= starts - 1; // the starts before the one sought
            }
            return (at + starts.trailing_zeros() as usize / 8, count);
        }
        left -= here;
        at += 8;
    }
    while at < bytes.len() {
        if (bytes[at] & 0xC0) != 0x80 {
            left -= 1;
            if left == 0 {
                return (at, count);
            }
        }
        at += 1;
    }
    (at, count + 1 - left)
}

const BLOCK: usize = 64;

/// How many characters start in `block` (`BLOCK` bytes): summed in bytes, which the compiler
/// vectorises.
#[inline]
fn block_starts(block: &[u8]) -> usize {
    usize::from(block.iter().map(|&b| u8::from((b as i8) >= -64)).sum::<u8>())
}

/// A change a kind found: bytes `start..end` of its input become `new`.
pub type Change = (usize, usize, &'static str);

/// A kind's result, built as it finds its changes: nothing is copied before the first.
pub struct Spliced<'a> {
    text: &'a str,
    out: String,
    chars: CharIndex<'a>,
    done: usize,
    changed: bool,
}

impl<'a> Spliced<'a> {
    pub fn new(text: &'a str) -> Self {
        Self { text, out: String::new(), chars: CharIndex::new(text), done: 0, changed: false }
    }

    /// Bytes `start..end` of the text become `new` (changes in order, not overlapping),
    /// recorded in `edits`.
    pub fn put(&mut self, start: usize, end: usize, new: &str, edits: &mut Edits) {
        if !self.changed {
            self.out.reserve(self.text.len());
            self.changed = true;
        }
        self.out.push_str(&self.text[self.done..start]);
        self.out.push_str(new);
        if edits.on() {
            edits.record(self.chars.at(start), &self.text[start..end], new);
        }
        self.done = end;
    }

    /// The text with the changes made; `None` when there were none.
    pub fn finish(mut self) -> Option<String> {
        if !self.changed {
            return None;
        }
        self.out.push_str(&self.text[self.done..]);
        Some(self.out)
    }
}

/// `text` with `changes` (in order, not overlapping) made, each recorded in `edits`.
pub fn splice(text: &str, changes: Vec<Change>, edits: &mut Edits) -> String {
    let mut spliced = Spliced::new(text);
    for (start, end, new) in changes {
        spliced.put(start, end, new, edits);
    }
    spliced.finish().unwrap_or_else(|| text.to_string())
}
